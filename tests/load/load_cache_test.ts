/**
 * The load cache (`loadTransactions(db, { cache })`): a cached load gives the same table, load
 * facts and quarantined rows as reading the file; it is keyed by the file's bytes, the load
 * options and the cache version; a damaged entry is rebuilt and a cache that cannot be written
 * is only reported; without `cache` nothing is written. Every test has its own cache folder.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import type { Db } from "../../lib/db/db.ts";
import { type LoadOptions, type LoadResult, loadTransactions } from "../../lib/load/mod.ts";
import { fixture, recordingProgress, withDb } from "./_helpers.ts";

/** The load entries of a cache folder. */
async function entries(root: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const e of Deno.readDir(join(root, "load"))) found.push(e.name);
  } catch {
    // no entry yet
  }
  return found.sort();
}

/** One load: its result, its progress lines and the table it left, row by row, with types. */
async function load(db: Db, options: Omit<LoadOptions, "progress">) {
  const { progress, lines } = recordingProgress();
  const result = await loadTransactions(db, { ...options, progress });
  const rows = await db.all("SELECT * FROM raw_transactions ORDER BY row_number");
  const types = await db.all("DESCRIBE raw_transactions");
  const hit = lines.some((l) => / load: from cache \(/.test(l));
  return { result, lines, rows, types, hit };
}

/** The load facts without this run's rejects path (and whether this run restored the entry). */
function facts(r: LoadResult): Omit<LoadResult, "rejectsFile"> {
  const { rejectsFile: _, cacheEntry, ...rest } = r;
  return {
    ...rest,
    ...(cacheEntry !== undefined ? { cacheEntry: { ...cacheEntry, restored: false } } : {}),
  };
}

Deno.test("a cached load gives the same table, load facts and quarantined rows as reading the file", async () => {
  const root = await Deno.makeTempDir();
  const out = await Deno.makeTempDir();
  const path = fixture("many_bad.csv");
  await withDb(async (db) => {
    const base = { path, onInvalid: "quarantine" as const, cache: { dir: root } };
    const a = await load(db, { ...base, rejectsPath: join(out, "a.csv") });
    equal(a.hit, false);
    ok(a.lines.some((l) => l.includes(`load: cached for re-runs in ${join(root, "load")}`)));
    deepStrictEqual((await entries(root)).length, 1);
    const b = await load(db, { ...base, rejectsPath: join(out, "b.csv") });
    ok(b.hit, b.lines.join("\n"));
    deepStrictEqual([a.result.cacheEntry?.restored, b.result.cacheEntry?.restored], [false, true]);
    equal(b.result.cacheEntry?.key, a.result.cacheEntry?.key);
    deepStrictEqual(b.rows, a.rows);
    deepStrictEqual(b.types, a.types);
    deepStrictEqual(facts(b.result), facts(a.result));
    equal(b.result.rejectsFile, join(out, "b.csv"));
    deepStrictEqual(
      await Deno.readFile(join(out, "b.csv")),
      await Deno.readFile(join(out, "a.csv")),
    );
    deepStrictEqual([b.result.rowsRead, b.result.rowsLoaded, b.result.rowsRejected], [10, 3, 7]);
    // the same progress lines apart from the cache's own and the times
    const plain = (lines: string[]) =>
      lines.filter((l) => !/load: (from cache|cached for re-runs)/.test(l)).map((l) =>
        l.replace(/^\[\s*[\d.]+s\] /, "").replace(/ \([\d.]+ s\)$/, "").replace(/[ab]\.csv$/, "")
      );
    deepStrictEqual(plain(b.lines), plain(a.lines));
    // the same bytes under another name and folder: the same entry, this file's name in the issues
    const copy = join(out, "copy of many_bad.csv");
    await Deno.copyFile(path, copy);
    const c = await load(db, { ...base, path: copy, rejectsPath: join(out, "c.csv") });
    ok(c.hit);
    equal(c.result.file, copy);
    ok(c.result.issues.length > 0);
    for (const issue of c.result.issues) {
      equal(issue.file, copy);
      ok(
        issue.message.includes(`"${copy}"`) && !issue.message.includes(`"${path}"`),
        issue.message,
      );
    }
    deepStrictEqual(
      c.result.issues.map((i) => i.message.replace(copy, path)),
      a.result.issues.map((i) => i.message),
    );
    // entries are written whole: no temporary folder is left
    deepStrictEqual((await entries(root)).filter((e) => e.startsWith(".")), []);
  });
});

Deno.test("the load cache is keyed by the file's bytes, each load option and the cache version", async () => {
  const root = await Deno.makeTempDir();
  const dir = await Deno.makeTempDir();
  const path = join(dir, "orders.csv");
  const header = "Order,Day,Client,Amount\n";
  const rows = "A1,03/04/2023,c1,10.5\nA2,05/04/2023,c2,7.25\nA3,05/04/2023,c1,1.5\n";
  await Deno.writeTextFile(path, header + rows);
  const map = { invoice: "Order", invoice_date: "Day", customer_id: "Client", amount: "Amount" };
  const base = { path, map, dateFormat: "%d/%m/%Y", cache: { dir: root } };
  await withDb(async (db) => {
    const first = await load(db, base);
    equal(first.hit, false);
    equal((await load(db, base)).hit, true);
    equal(first.rows[0]!.invoice_date instanceof Date, true);
    equal((first.rows[0]!.invoice_date as Date).toISOString(), "2023-04-03T00:00:00.000Z");

    // another date format reads other dates: not the cached table
    const monthFirst = await load(db, { ...base, dateFormat: "%m/%d/%Y" });
    equal(monthFirst.hit, false);
    equal((monthFirst.rows[0]!.invoice_date as Date).toISOString(), "2023-03-04T00:00:00.000Z");
    // another mapping, decimal separator, delimiter or invalid-row policy
    for (
      const other of [
        { ...base, map: { ...map, description: "Client" } },
        { ...base, decimal: "." as const },
        { ...base, delimiter: "," as const },
        { ...base, onInvalid: "quarantine" as const },
      ]
    ) {
      const r = await load(db, other);
      equal(r.hit, false, JSON.stringify(other));
      equal((await load(db, other)).hit, true, JSON.stringify(other));
    }
    // another cache version
    const v2 = { ...base, cache: { dir: root, version: 1_000_000 } };
    equal((await load(db, v2)).hit, false);
    equal((await load(db, v2)).hit, true);
    equal((await load(db, base)).hit, true);
    const before = await entries(root);
    equal(before.length, 7);

    // the file's content changes (same size, same name): the file is read again
    await Deno.writeTextFile(path, header + rows.replace("10.5", "90.5"));
    const changed = await load(db, base);
    equal(changed.hit, false);
    deepStrictEqual(changed.rows.map((r) => r.line_total), [90.5, 7.25, 1.5]);
    notEqual((await entries(root)).length, before.length);
    equal((await load(db, base)).hit, true);
  });
});

Deno.test("a damaged cache entry is rebuilt with a progress line, never an error", async () => {
  const root = await Deno.makeTempDir();
  const path = fixture("many_bad.csv");
  const base = {
    path,
    onInvalid: "quarantine" as const,
    rejectsPath: join(await Deno.makeTempDir(), "rejects.csv"),
    cache: { dir: root },
  };
  await withDb(async (db) => {
    const good = await load(db, base);
    const [key] = await entries(root);
    const entry = join(root, "load", key!);
    const parquet = join(entry, "table.parquet");
    const damages: [string, () => Promise<void>, RegExp][] = [
      [
        "a truncated Parquet file",
        async () => await Deno.truncate(parquet, 100),
        /table\.parquet has 100 bytes/,
      ],
      [
        "a Parquet file overwritten with other bytes of its size",
        async () => {
          const size = (await Deno.stat(parquet)).size;
          await Deno.writeFile(parquet, new Uint8Array(size).fill(7));
        },
        /unreadable/,
      ],
      ["a missing Parquet file", async () => await Deno.remove(parquet), /unreadable/],
      // Parquet keeps no checksums: most single-bit changes read back as other values
      ...[0.25, 0.5, 0.75, 0.95].map((share): [string, () => Promise<void>, RegExp] => [
        `a Parquet file with one bit changed ${share * 100}% into it`,
        async () => {
          const bytes = await Deno.readFile(parquet);
          const at = Math.floor(bytes.length * share);
          bytes[at] = bytes[at]! ^ 1;
          await Deno.writeFile(parquet, bytes);
        },
        /unreadable/,
      ]),
      [
        "a damaged meta.json",
        async () => await Deno.writeTextFile(join(entry, "meta.json"), '{"key": '),
        /meta\.json/,
      ],
      [
        "a missing rejects file",
        async () => await Deno.remove(join(entry, "rejected_rows.csv")),
        /rejected_rows\.csv/,
      ],
    ];
    for (const [what, damage, reason] of damages) {
      await damage();
      const r = await load(db, base);
      equal(r.hit, false, what);
      const line = r.lines.find((l) => l.includes(`load: cache entry ${entry} unreadable`));
      ok(line !== undefined, `${what}: ${r.lines.join("\n")}`);
      match(line!, reason, what);
      deepStrictEqual(r.rows, good.rows, what);
      deepStrictEqual(facts(r.result), facts(good.result), what);
      // rebuilt: the next load reads it
      const again = await load(db, base);
      ok(again.hit, what);
      deepStrictEqual(again.rows, good.rows, what);
    }
  });
});

Deno.test("a cache folder that cannot be written is reported, and the load goes on", async () => {
  const file = await Deno.makeTempFile(); // a file where the cache folder should be
  await withDb(async (db) => {
    const r = await load(db, { path: fixture("retail_ii.csv"), cache: { dir: file } });
    equal(r.hit, false);
    ok(r.lines.some((l) => /load: cache not written \(/.test(l)), r.lines.join("\n"));
    ok(r.result.rowsLoaded > 0);
  });
});

Deno.test("without the cache option the load writes nothing to the cache folder", async () => {
  const root = join(await Deno.makeTempDir(), "cache");
  const before = Deno.env.get("CRM_CACHE_DIR");
  Deno.env.set("CRM_CACHE_DIR", root);
  try {
    await withDb(async (db) => {
      for (const cache of [undefined, false]) {
        const r = await load(db, {
          path: fixture("many_bad.csv"),
          onInvalid: "quarantine",
          ...(cache === undefined ? {} : { cache }),
        });
        equal(r.hit, false);
        ok(!r.lines.some((l) => l.includes("cache")), r.lines.join("\n"));
        // the rejected rows go to a temporary file, not beside the data or into the cache
        ok(!r.result.rejectsFile!.startsWith(root));
        ok(!r.result.rejectsFile!.includes(".crm-cache"));
      }
      let exists = true;
      await Deno.stat(root).catch(() => (exists = false));
      equal(exists, false, "the cache folder was created");
      // with `cache: true` the folder comes from CRM_CACHE_DIR
      await load(db, { path: fixture("many_bad.csv"), onInvalid: "quarantine", cache: true });
      equal((await entries(root)).length, 1);
    });
  } finally {
    if (before === undefined) Deno.env.delete("CRM_CACHE_DIR");
    else Deno.env.set("CRM_CACHE_DIR", before);
  }
});

Deno.test("onRead is called when the engine starts reading, from the file and from a cache entry", async () => {
  const root = await Deno.makeTempDir();
  const path = fixture("many_bad.csv");
  await withDb(async (db) => {
    for (const expectHit of [false, true]) {
      const events: string[] = [];
      const { progress, lines } = recordingProgress();
      const loading = loadTransactions(db, {
        path,
        onInvalid: "quarantine",
        rejectsPath: join(await Deno.makeTempDir(), "rejects.csv"),
        cache: { dir: root },
        progress,
        onRead: () => events.push("read"),
      }).then(() => events.push("loaded"));
      await loading;
      equal(lines.some((l) => / load: from cache \(/.test(l)), expectHit);
      deepStrictEqual(events, ["read", "loaded"], `cache hit: ${expectHit}`);
    }
  });
});

Deno.test("a deferred hit restores the table only when materialized, once; a damaged entry then reads the file", async () => {
  const root = await Deno.makeTempDir();
  const path = fixture("many_bad.csv");
  const base = {
    path,
    onInvalid: "quarantine" as const,
    rejectsPath: join(await Deno.makeTempDir(), "rejects.csv"),
  };
  await withDb(async (db) => {
    const read = await load(db, { ...base, cache: { dir: root } });
    equal(read.result.materialize, undefined); // read from the file: the table is there
    await db.run("DROP TABLE raw_transactions");
    const { progress, lines } = recordingProgress();
    const deferred = await loadTransactions(db, {
      ...base,
      cache: { dir: root, defer: true },
      progress,
    });
    ok(lines.some((l) => / load: from cache \(/.test(l)), lines.join("\n"));
    const tables = async () =>
      (await db.all<{ n: string }>("SELECT table_name AS n FROM duckdb_tables()")).map((r) => r.n);
    deepStrictEqual(await tables(), []);
    deepStrictEqual(
      facts({ ...deferred, materialize: undefined }),
      facts({ ...read.result, materialize: undefined }),
    );
    ok(deferred.materialize !== undefined);
    await Promise.all([deferred.materialize(), deferred.materialize()]);
    deepStrictEqual(await db.all("SELECT * FROM raw_transactions ORDER BY row_number"), read.rows);
    // a Parquet file damaged after the hit: materialize reads the file instead
    await db.run("DROP TABLE raw_transactions");
    const again = await loadTransactions(db, {
      ...base,
      cache: { dir: root, defer: true },
      progress,
    });
    const [key] = await entries(root);
    await Deno.writeFile(
      join(root, "load", key!, "table.parquet"),
      new Uint8Array((await Deno.stat(join(root, "load", key!, "table.parquet"))).size).fill(7),
    );
    await again.materialize!();
    ok(
      lines.some((l) => /load: cache not used \(.*\); reading the file again/.test(l)),
      lines.join("\n"),
    );
    deepStrictEqual(await db.all("SELECT * FROM raw_transactions ORDER BY row_number"), read.rows);
    deepStrictEqual(await entries(root), []);
  });
});
