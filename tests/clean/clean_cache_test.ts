/**
 * The clean cache (lib/clean/clean_cache.ts): a restored cleaning equals a fresh one (every
 * table, row for row in order, and the result), on the embedded sample with cancellations kept
 * as returns and with the classic recipe; the key follows the load's key and each cleaning
 * option; a damaged entry is cleaned again; a background write keeps the tables as they were
 * when the cleaning returned, whatever the caller changes afterwards.
 */
import { deepStrictEqual, equal, notEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import {
  CLEAN_TABLES,
  type CleanOptions,
  cleanTransactions,
  cleanTransactionsCached,
  restoreCleanedTables,
} from "@crm/clean/mod.ts";
import { type Db, openDb } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";

const SAMPLE = fromFileUrl(new URL("../../data/sample_online_retail.csv.gz", import.meta.url));
const quiet = createProgress({ write: () => {} });

/** A database holding the sample as `raw_transactions` (read from the file, no cache). */
async function sampleDb(): Promise<Db> {
  const db = await openDb();
  await loadTransactions(db, { path: SAMPLE, progress: quiet });
  return db;
}

/** Every cleaned table's rows in table order (`null` for a table that is not there). */
async function cleanedTables(db: Db): Promise<Record<string, unknown[] | null>> {
  const present = new Set(
    (await db.all<{ n: string }>(`SELECT table_name AS n FROM duckdb_tables()`)).map((r) => r.n),
  );
  const out: Record<string, unknown[] | null> = {};
  for (const t of CLEAN_TABLES) out[t] = present.has(t) ? await db.all(`SELECT * FROM ${t}`) : null;
  return out;
}

async function withCache<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const root = await Deno.makeTempDir({ prefix: "crm-clean-cache-" });
  try {
    return await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

for (const options of [{ preset: "recommended" }, { preset: "classic" }] as CleanOptions[]) {
  Deno.test(`a restored cleaning equals a fresh one (${options.preset}: tables, row order, result)`, () =>
    withCache(async (root) => {
      const fresh = await sampleDb();
      const expected = await cleanTransactions(fresh, options);
      const tables = await cleanedTables(fresh);
      fresh.close();
      if (options.preset === "recommended") {
        ok((tables.returns?.length ?? 0) > 0);
      } else equal(tables.returns, null);
      ok(tables.cleaning_changed!.length > 0 && tables.cleaning_removed!.length > 0);

      const lines: string[] = [];
      const progress = createProgress({ write: (l) => lines.push(l) });
      const cache = { root, loadKey: "the sample", progress };
      const first = await sampleDb();
      const filled = await cleanTransactionsCached(first, options, cache);
      equal(filled.restoredFrom, undefined);
      deepStrictEqual(filled.result, expected);
      first.close();
      ok(lines.some((l) => l.includes("clean: cached for re-runs in")), lines.join("\n"));

      // the restore never reads raw_transactions: a database without it gets the same tables
      const again = await openDb();
      await again.run("CREATE TABLE returns AS SELECT 1 AS stale"); // replaced or dropped
      const restored = await cleanTransactionsCached(again, options, cache);
      ok(restored.restoredFrom !== undefined, "restored from the entry");
      deepStrictEqual(restored.result, expected);
      deepStrictEqual(await cleanedTables(again), tables);
      deepStrictEqual(
        await again.all(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'clean_transactions' ORDER BY ordinal_position",
        ),
        await (async () => {
          const db = await sampleDb();
          await cleanTransactions(db, options);
          const cols = await db.all(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'clean_transactions' ORDER BY ordinal_position",
          );
          db.close();
          return cols;
        })(),
      );
      again.close();
    }));
}

Deno.test("the clean key follows the load's key and each cleaning option", () =>
  withCache(async (root) => {
    const db = await sampleDb();
    const entries = async () => {
      const names: string[] = [];
      for await (const e of Deno.readDir(join(root, "clean"))) names.push(e.name);
      return names.length;
    };
    const run = (options: CleanOptions, loadKey = "load A") =>
      cleanTransactionsCached(db, options, { root, loadKey });
    equal((await run({ preset: "classic" })).restoredFrom, undefined);
    ok((await run({ preset: "classic" })).restoredFrom);
    equal((await run({ preset: "classic" }, "load B")).restoredFrom, undefined);
    equal((await run({ preset: "classic", outliers: "keep" })).restoredFrom, undefined);
    equal((await run({ preset: "classic", file: "other.csv" })).restoredFrom, undefined);
    equal((await run({ preset: "recommended" })).restoredFrom, undefined);
    equal(await entries(), 5);
    // the lookup alone finds the entries and cleans nothing when there is none
    ok(
      await restoreCleanedTables(db, { preset: "classic", outliers: "keep" }, {
        root,
        loadKey: "load A",
      }),
    );
    equal(
      await restoreCleanedTables(db, { preset: "classic" }, { root, loadKey: "load C" }),
      undefined,
    );
    db.close();
  }));

Deno.test("a damaged clean entry is cleaned again, with a progress line, and rebuilt", () =>
  withCache(async (root) => {
    const db = await sampleDb();
    const cache = { root, loadKey: "the sample" };
    const first = await cleanTransactionsCached(db, { preset: "classic" }, cache);
    const tables = await cleanedTables(db);
    let dir = "";
    for await (const e of Deno.readDir(join(root, "clean"))) dir = join(root, "clean", e.name);
    // one byte changed in the middle of the cleaned table's Parquet file: same size
    const parquet = join(dir, "clean_transactions.parquet");
    const bytes = await Deno.readFile(parquet);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x5a;
    await Deno.writeFile(parquet, bytes);
    const lines: string[] = [];
    const progress = createProgress({ write: (l) => lines.push(l) });
    const again = await cleanTransactionsCached(db, { preset: "classic" }, { ...cache, progress });
    equal(again.restoredFrom, undefined);
    ok(
      lines.some((l) => /clean: cache entry .* unreadable \(.*\); cleaning again/.test(l)),
      lines.join("\n"),
    );
    deepStrictEqual(again.result, first.result);
    deepStrictEqual(await cleanedTables(db), tables);
    ok((await cleanTransactionsCached(db, { preset: "classic" }, cache)).restoredFrom);
    deepStrictEqual(await cleanedTables(db), tables);
    db.close();
  }));

Deno.test("a background write keeps the cleaned tables as they were when the cleaning returned", () =>
  withCache(async (root) => {
    const db = await sampleDb();
    const cache = { root, loadKey: "the sample", background: true };
    const filled = await cleanTransactionsCached(db, { preset: "recommended" }, cache);
    ok(filled.written !== undefined);
    const tables = await cleanedTables(db);
    // what an --as-of window does, at once, while the entry is being written
    await db.run("DELETE FROM clean_transactions WHERE invoice_date >= TIMESTAMP '2011-06-01'");
    await db.run("DELETE FROM returns WHERE invoice_date >= TIMESTAMP '2011-06-01'");
    await db.run("INSERT INTO cleaning_removed SELECT * FROM cleaning_removed LIMIT 3");
    await filled.written;
    const other = await openDb();
    const restored = await restoreCleanedTables(other, { preset: "recommended" }, cache);
    ok(restored !== undefined);
    deepStrictEqual(await cleanedTables(other), tables);
    notEqual(
      (await cleanedTables(db)).clean_transactions!.length,
      tables.clean_transactions!.length,
    );
    other.close();
    db.close();
  }));
