import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { type Db, openDb } from "@crm/db/mod.ts";
import {
  type OutputTable,
  type StartedOutputs,
  startOutputs,
  startReadyOutputs,
  writeOutputs,
  writeTable,
} from "@crm/outputs/mod.ts";

Deno.test("writeTable(): the CSV guards formula-like text, its Parquet twin keeps every value as it is", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  try {
    const cases = {
      plain: [{ customerId: "12346", total: 310.44, orders: 2 }],
      formula: [
        { customerId: "=HYPERLINK(1)", total: 1.5, orders: 1 },
        { customerId: "-7", total: 2, orders: 3 },
      ],
    };
    for (const [name, rows] of Object.entries(cases)) {
      deepStrictEqual(await writeTable(db, dir, name, rows, { parquet: true }), [
        join(dir, `${name}.csv`),
        join(dir, `${name}.parquet`),
      ]);
      const back = await db.all<{ customer_id: string; total: number; orders: bigint | number }>(
        `SELECT customer_id, total, orders FROM '${join(dir, `${name}.parquet`)}'`,
      );
      deepStrictEqual(
        back.map((r) => [r.customer_id, r.total, Number(r.orders)]),
        rows.map((r) => [r.customerId, r.total, r.orders]),
      );
    }
    equal(
      await Deno.readTextFile(join(dir, "formula.csv")),
      "customer_id,total,orders\n'=HYPERLINK(1),1.5,1\n'-7,2,3\n",
    );
    // No helper file is left beside the tables.
    deepStrictEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["formula.csv", "formula.parquet", "plain.csv", "plain.parquet"],
    );
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startReadyOutputs(): a query output starts once its results are there, and writeOutputs() waits for it instead of writing it again", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  try {
    await db.run("CREATE TABLE removed AS SELECT range AS row_number FROM range(3)");
    type R = { clean: true; summary: { n: number } };
    const tables: OutputTable<R, null>[] = [
      {
        name: "summary",
        format: "csv",
        description: "one row",
        needs: ["summary"],
        rows: (r) => [r.summary],
      },
      {
        name: "removed",
        format: "csv",
        description: "every removed row",
        needs: ["clean"],
        query: () => "SELECT row_number FROM removed ORDER BY row_number",
      },
    ];
    const started: StartedOutputs = new Map();
    startReadyOutputs(db, dir, tables, {}, null, started);
    equal(started.size, 0, "nothing is ready yet");
    startReadyOutputs(db, dir, tables, { clean: true }, null, started);
    deepStrictEqual([...started.keys()], ["removed"]);
    deepStrictEqual(await started.get("removed"), [join(dir, "removed.csv")]);
    equal(await Deno.readTextFile(join(dir, "removed.csv")), "row_number\n0\n1\n2\n");
    // written once: the writer waits for the started copy (a removed file stays removed)
    await Deno.remove(join(dir, "removed.csv"));
    const paths = await writeOutputs(
      db,
      dir,
      tables,
      { clean: true, summary: { n: 1 } },
      null,
      started,
    );
    deepStrictEqual(paths, [join(dir, "summary.csv"), join(dir, "removed.csv")]);
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["summary.csv"]);
    // without anything started, the writer writes it itself
    const fresh = await writeOutputs(db, dir, tables, { clean: true, summary: { n: 1 } }, null);
    deepStrictEqual(fresh, paths);
    equal(await Deno.readTextFile(join(dir, "removed.csv")), "row_number\n0\n1\n2\n");
  } finally {
    db.close();
  }
});

Deno.test("startReadyOutputs(): a CSV or JSON output is written as soon as its results are there, from those results only", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  try {
    type R = { a: { n: number }; b: { m: number } };
    const seen: string[][] = [];
    const tables: OutputTable<R, null>[] = [
      {
        name: "a",
        format: "csv",
        description: "a",
        needs: ["a"],
        rows: (r) => {
          seen.push(Object.keys(r));
          return [{ n: r.a.n }];
        },
      },
      { name: "ab", format: "json", description: "a and b", needs: ["a", "b"], json: (r) => r },
      {
        // reads a result it does not declare: it sees none, whenever it is written
        name: "sneaky",
        format: "json",
        description: "b without declaring it",
        needs: ["a"],
        json: (r) => ({ b: (r as Partial<R>).b ?? null }),
      },
    ];
    const started: StartedOutputs = new Map();
    startReadyOutputs(db, dir, tables, { a: { n: 1 } }, null, started);
    deepStrictEqual([...started.keys()], ["a", "sneaky"]);
    deepStrictEqual(await started.get("a"), [join(dir, "a.csv")]);
    equal(await Deno.readTextFile(join(dir, "a.csv")), "n\n1\n");
    const all = { a: { n: 1 }, b: { m: 2 } };
    const paths = await writeOutputs(db, dir, tables, all, null, started);
    deepStrictEqual(paths, ["a.csv", "ab.json", "sneaky.json"].map((f) => join(dir, f)));
    deepStrictEqual(seen, [["a"]], "formatted once, from its declared results only");
    deepStrictEqual(JSON.parse(await Deno.readTextFile(join(dir, "ab.json"))), all);
    deepStrictEqual(JSON.parse(await Deno.readTextFile(join(dir, "sneaky.json"))), { b: null });
    // written at the end instead, it sees the same
    const late = await Deno.makeTempDir();
    await writeOutputs(db, late, tables, all, null);
    deepStrictEqual(JSON.parse(await Deno.readTextFile(join(late, "sneaky.json"))), { b: null });
    await Deno.remove(late, { recursive: true });
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startOutputs(): returns once the CSVs are written, while the engine still writes the Parquet twins; files waits for them", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  // Every connection forked for a twin waits for `open` before it runs anything.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => open = resolve);
  const gated: Db = {
    ...db,
    fork: async () => {
      const engine = await db.fork!();
      return { ...engine, run: async (sql, params) => (await gate, engine.run(sql, params)) };
    },
  };
  try {
    type R = { summary: { n: number } };
    const tables: OutputTable<R, null>[] = [{
      name: "summary",
      format: "csv",
      parquet: true,
      description: "one row",
      needs: ["summary"],
      rows: (r) => [r.summary],
    }];
    const { files } = await startOutputs(gated, dir, tables, { summary: { n: 1 } }, null);
    equal(await Deno.readTextFile(join(dir, "summary.csv")), "n\n1\n");
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["summary.csv"]);
    open();
    deepStrictEqual(await files, [join(dir, "summary.csv"), join(dir, "summary.parquet")]);
    deepStrictEqual(await db.all(`SELECT n FROM '${join(dir, "summary.parquet")}'`), [{ n: 1 }]);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startOutputs(): a twin that fails makes files reject, once every other file is written", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  let slowDone = false;
  const failing: Db = {
    ...db,
    fork: async () => {
      const engine = await db.fork!();
      return {
        ...engine,
        run: async (sql, params) => {
          if (sql.includes("bad.parquet")) throw new Error("disk full");
          await new Promise((r) => setTimeout(r, 50));
          await engine.run(sql, params);
          slowDone = true;
        },
      };
    },
  };
  try {
    type R = { t: { n: number } };
    const table = (name: string): OutputTable<R, null> => ({
      name,
      format: "csv",
      parquet: true,
      description: "",
      needs: ["t"],
      rows: (r) => [r.t],
    });
    const { files } = await startOutputs(failing, dir, [table("good"), table("bad")], {
      t: { n: 2 },
    }, null);
    await rejects(files, /disk full/);
    ok(slowDone, "the other twin was written before the failure was reported");
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
