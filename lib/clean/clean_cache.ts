/**
 * The cleaned tables of a load, cached: `clean_transactions`, `cleaning_removed`,
 * `cleaning_changed` and (when kept) `returns`, with the {@linkcode CleanResult}, kept in the
 * workspace's cache (lib/cache) under a key made of the load's own cache key (which names the
 * file's bytes and every load option), the cleaning options, the cache version, the DuckDB
 * version and a digest of the cleaner's source files. A re-run that cleans the same load the
 * same way restores the tables instead of cleaning again; a run with other cleaning options
 * (another preset, `--outliers keep`, …) cleans and keeps its own entry beside.
 *
 * Entry `<root>/clean/<key>/`: one Parquet file per table (rows in table order) and a
 * `meta.json` with each table's columns, types, rows, size and SHA-256 (all checked on restore)
 * and the result. A damaged entry is removed and the load is cleaned again; a cache that cannot
 * be written is only reported: the cache never makes a run fail, and never changes a result.
 *
 * @module
 */
import { join } from "node:path";
import {
  CACHE_VERSION,
  cacheKey,
  discardEntry,
  engineVersion,
  firstLine,
  pruneCache,
  readEntry,
  restoreTable,
  saveTable,
  sourceFingerprint,
  type TableFile,
  writeEntry,
} from "../cache/mod.ts";
import type { Db } from "../db/mod.ts";
import { quoteIdent } from "../db/mod.ts";
import { isUserError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";
import { type CleanOptions, type CleanResult, cleanTransactions } from "./clean_transactions.ts";

/** The tables {@linkcode cleanTransactions} writes (`returns` only when cancellations are kept). */
export const CLEAN_TABLES = [
  "clean_transactions",
  "cleaning_removed",
  "cleaning_changed",
  "returns",
] as const;

/** Where {@linkcode cleanTransactionsCached} keeps its entries, and how. */
export interface CleanCacheOptions {
  /** The cache folder (the load's: `LoadResult.cacheEntry.root`). */
  readonly root: string;
  /**
   * The cache key of the load that wrote the source table (`LoadResult.cacheEntry.key`). The
   * source must be that load's table as it was loaded: nothing changed in between.
   */
  readonly loadKey: string;
  /**
   * Write a new entry on a connection of its own ({@linkcode Db.fork}) while the caller goes on:
   * {@linkcode CachedClean.written} settles when it is written. The tables are read in one
   * transaction that starts before this function returns, so later changes to them (an
   * `--as-of` window) never reach the entry. @default {false: written before returning}
   */
  readonly background?: boolean;
  /**
   * With `background`: called after cleaning, before the write's snapshot is taken (the main job
   * drops the loaded table there: a table dropped after the snapshot is kept for it until the
   * entry is written, ten million rows held in memory meanwhile).
   */
  readonly beforeSnapshot?: () => Promise<void>;
  /** Progress lines (`clean: from cache (…)`, `clean: cached for re-runs in …`). */
  readonly progress?: Progress;
  /**
   * Called before cleaning when there is no entry to restore (a deferred load's
   * `materialize`: the source table is needed then only).
   */
  readonly prepare?: () => Promise<void>;
}

/** What {@linkcode cleanTransactionsCached} did. */
export interface CachedClean {
  /** The cleaning's result: the same whether restored or computed. */
  readonly result: CleanResult;
  /** The entry's folder when the tables were restored from it. */
  readonly restoredFrom?: string;
  /**
   * With `background`, the new entry's writing (it never rejects: a failure is a progress
   * line). The cleaned tables must stay as they are until it settles, or be changed only by
   * this connection after this function returned.
   */
  readonly written?: Promise<void>;
}

/** `meta.json` of a clean entry. */
interface CleanMeta {
  readonly created: string;
  /** The tables kept, by name (the Parquet file is `<name>.parquet`). */
  readonly tables: Readonly<Record<string, TableFile>>;
  readonly result: CleanResult;
}

/**
 * The key of a cleaning: the load's key, the cleaning options (the source table's name
 * included), the cache version, the DuckDB version and the cleaner's source digest.
 */
export async function cleanCacheKey(
  db: Db,
  loadKey: string,
  options: CleanOptions,
): Promise<string> {
  return cacheKey({
    area: "clean",
    version: CACHE_VERSION,
    engine: await engineVersion(db),
    cleaner: await sourceFingerprint(["clean/", "db/", "cache/", "errors.ts", "types.ts"]),
    load: loadKey,
    options: { ...options, source: options.source ?? "raw_transactions" },
  });
}

/**
 * {@linkcode cleanTransactions} through the cache: the tables and result of an earlier run that
 * cleaned the same load with the same options, else a cleaning whose tables are then kept. The
 * tables, their rows' order and the result are the same either way; a cleaning that stops (a
 * `CleaningStopError`) is never kept.
 *
 * @param options The cleaning's options, as for {@linkcode cleanTransactions}.
 * @param cache The cache folder, the load's key, and whether to write in the background.
 *
 * @example A second cleaning of the same load is restored
 * ```ts
 * import { openDb } from "../db/mod.ts";
 * import { cleanTransactionsCached } from "./clean_cache.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table raw_transactions as select * from (values
 *   (1, '1', 'A', 'a', 1.0, timestamp '2011-01-01', 2.0, '10', 'UK', 2.0, false),
 *   (2, 'C2', 'A', 'a', -1.0, timestamp '2011-01-02', 2.0, '10', 'UK', -2.0, true),
 *   (3, '3', 'A', 'a', 2.0, timestamp '2011-01-03', 2.0, '11', 'UK', 4.0, false)
 * ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, line_total, is_cancellation)`);
 * const cache = { root: await Deno.makeTempDir(), loadKey: "a load" };
 * const first = await cleanTransactionsCached(db, { preset: "classic" }, cache);
 * const rows = await db.all("select * from clean_transactions");
 * const again = await cleanTransactionsCached(db, { preset: "classic" }, cache);
 * equal(first.restoredFrom, undefined);
 * equal(typeof again.restoredFrom, "string");
 * deepStrictEqual(again.result, first.result);
 * deepStrictEqual(await db.all("select * from clean_transactions"), rows);
 * db.close();
 * ```
 */
export async function cleanTransactionsCached(
  db: Db,
  options: CleanOptions,
  cache: CleanCacheOptions,
): Promise<CachedClean> {
  const { root, progress } = cache;
  const restored = await restoreCleanedTables(db, options, cache);
  if (restored !== undefined) return restored;
  await cache.prepare?.();
  const result = await cleanTransactions(db, options);
  let entry: string;
  try {
    entry = await cleanCacheKey(db, cache.loadKey, options);
  } catch (error) {
    progress?.info(`clean: cache not written (${firstLine(error)})`);
    return { result };
  }
  const tables = await existingTables(db);
  const save = async (connection: Db, transaction: boolean) => {
    const t0 = performance.now();
    try {
      const dir = await writeEntry<CleanMeta>(root, "clean", entry, async (folder) => {
        const kept: Record<string, TableFile> = {};
        for (const t of tables) {
          kept[t] = await saveTable(connection, t, join(folder, `${t}.parquet`));
        }
        return { created: new Date().toISOString(), tables: kept, result };
      });
      progress?.info(
        `clean: cached for re-runs in ${dir} (${((performance.now() - t0) / 1000).toFixed(2)} s)`,
      );
      await pruneCache(root, { keep: dir });
    } catch (error) {
      progress?.info(`clean: cache not written (${firstLine(error)})`);
    } finally {
      if (transaction) await connection.run("COMMIT").catch(() => {});
    }
  };
  if (cache.background && db.fork) {
    await cache.beforeSnapshot?.();
    const connection = await db.fork();
    try {
      // The transaction's snapshot is taken when it first reads the tables: before returning.
      await connection.run("BEGIN TRANSACTION");
      for (const t of tables) await connection.run(`SELECT count(*) FROM ${quoteIdent(t)}`);
    } catch (error) {
      connection.close();
      progress?.info(`clean: cache not written (${firstLine(error)})`);
      return { result };
    }
    const written = save(connection, true).finally(() => connection.close());
    return { result, written };
  }
  await save(db, false);
  return { result };
}

/**
 * The restoring half of {@linkcode cleanTransactionsCached}: the tables and result of an entry
 * for this load and these options, or `undefined` when there is none (nothing is cleaned then).
 * The main job calls it as soon as its load is known, while it imports the analyses.
 */
export async function restoreCleanedTables(
  db: Db,
  options: CleanOptions,
  cache: Pick<CleanCacheOptions, "root" | "loadKey" | "progress">,
): Promise<CachedClean | undefined> {
  try {
    return await restoreClean(
      db,
      cache.root,
      await cleanCacheKey(db, cache.loadKey, options),
      cache.progress,
    );
  } catch (error) {
    if (isUserError(error)) throw error;
    cache.progress?.info(`clean: cache not used (${firstLine(error)})`);
    return undefined;
  }
}

/** The tables of {@linkcode CLEAN_TABLES} the database holds (in the main schema). */
async function existingTables(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`,
  );
  const names = new Set(rows.map((r) => r.name));
  return CLEAN_TABLES.filter((t) => names.has(t));
}

/**
 * Restores the entry `key`'s tables under their names (each replaced only when every table read
 * back; `returns` dropped when the entry has none, as a cleaning without it does).
 *
 * @returns The result and the entry's folder, or `undefined` when there is no usable entry (a
 *   damaged one is removed, with a progress line saying why).
 */
async function restoreClean(
  db: Db,
  root: string,
  key: string,
  progress: Progress | undefined,
): Promise<CachedClean | undefined> {
  const entry = await readEntry<CleanMeta>(root, "clean", key);
  if (entry === undefined) return undefined;
  let problem: string;
  if ("meta" in entry) {
    const names = Object.keys(entry.meta.tables ?? {});
    const temp = (t: string) => `__crm_clean_cached_${t}`;
    try {
      if (!names.includes("clean_transactions") || names.some((t) => !isCleanTable(t))) {
        throw new Error(`meta.json lists the tables ${names.join(", ")}`);
      }
      for (const t of names) {
        await restoreTable(db, join(entry.dir, `${t}.parquet`), entry.meta.tables[t]!, temp(t));
      }
      for (const t of CLEAN_TABLES) {
        await db.run(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
        if (names.includes(t)) {
          await db.run(`ALTER TABLE ${quoteIdent(temp(t))} RENAME TO ${quoteIdent(t)}`);
        }
      }
      progress?.info(`clean: from cache (${entry.dir})`);
      return { result: entry.meta.result, restoredFrom: entry.dir };
    } catch (error) {
      for (const t of names) {
        if (isCleanTable(t)) await db.run(`DROP TABLE IF EXISTS ${quoteIdent(temp(t))}`);
      }
      problem = firstLine(error);
    }
  } else problem = entry.problem;
  progress?.info(`clean: cache entry ${entry.dir} unreadable (${problem}); cleaning again`);
  await discardEntry(entry.dir);
  return undefined;
}

function isCleanTable(name: string): name is (typeof CLEAN_TABLES)[number] {
  return (CLEAN_TABLES as readonly string[]).includes(name);
}
