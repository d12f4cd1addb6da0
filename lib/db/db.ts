import { DuckDBInstance } from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OptionError } from "../errors.ts";
import { resultColumns, resultRows } from "./_convert.ts";

/** A parameter value for a prepared query. */
export type SqlParam = string | number | boolean | null | Date;

/**
 * A DuckDB database opened for one analysis run. Rows come back as plain JS
 * objects: BIGINT/HUGEINT become `number` (they are counts and ids well under
 * 2^53), TIMESTAMP/DATE become UTC `Date`s, DECIMAL becomes `number`.
 */
export interface Db {
  /** Runs a statement (DDL, INSERT, COPY …) and returns nothing. */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /** Runs a query and returns every row as a plain object. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a query and returns its columns as arrays (fast path for large results). */
  columns<T extends Record<string, unknown[]> = Record<string, unknown[]>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<T>;
  /** Runs a query expected to return one row; throws when it returns none. */
  one<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T>;
  /** The underlying connection, for APIs this wrapper does not cover (appenders). */
  readonly connection: DuckDBConnection;
  /** Closes the connection and the instance (for a {@linkcode Db.fork}, only its connection). */
  close(): void;
  /**
   * A second connection to the same database, for running independent statements at the same
   * time (each connection runs one statement at a time). Temporary tables are per connection.
   * Absent on wrappers that cannot provide one; callers then run their statements in turn.
   */
  fork?(): Promise<Db>;
  /**
   * Stores the tables created from now on, on this connection and on every {@linkcode Db.fork}
   * opened after, in a compressed in-memory catalog; tables created before stay where they are
   * and are still found by their names. Call {@linkcode Db.compact} once they are written. For
   * inputs whose tables take gigabytes: what is created there is compressed only by `compact`,
   * and a whole-column `UPDATE` there is many times slower than in the default catalog. A
   * database file is compressed already: there this does nothing. Absent on wrappers.
   */
  storeCompressed?(): Promise<void>;
  /**
   * Compresses the tables of the compressed catalog ({@linkcode Db.storeCompressed}; DuckDB's
   * `CHECKPOINT`): about 2 s of two threads for ten million lines, which then take a tenth of
   * their memory or less; queries read them as before, and their values are the same. Does
   * nothing before `storeCompressed`. Fails while another connection is writing a table.
   */
  compact?(): Promise<void>;
}

/** Options for {@linkcode openDb}. */
export interface OpenDbOptions {
  /** Database file, or `":memory:"`. @default {":memory:"} */
  path?: string;
  /**
   * DuckDB threads. Results do not depend on it (every aggregate whose result reaches a table,
   * chart or model is exact and every result read has a total order), only the speed does.
   * @default {the `CRM_THREADS` environment variable when set, else {@linkcode DEFAULT_THREADS}}
   */
  threads?: number;
  /**
   * Where DuckDB writes what does not fit in its memory limit (80% of the machine's memory):
   * large sorts, aggregates and joins go on out of core there. DuckDB creates the folder only
   * when it needs it and removes it when the database closes.
   * @default {a new folder name under the system's temporary folder (`$TMPDIR`, else `/tmp`),
   *   never the working folder (DuckDB's own default for an in-memory database is `.tmp` there)}
   */
  spillDir?: string;
}

/** The environment variable that sets the DuckDB thread count of {@linkcode openDb}. */
export const THREADS_ENV = "CRM_THREADS";

/** The environment variable that sets {@linkcode compressRows}. */
export const COMPRESS_ROWS_ENV = "CRM_COMPRESS_ROWS";

/**
 * Input rows from which the main job keeps its tables compressed in memory when
 * `CRM_COMPRESS_ROWS` does not say otherwise ({@linkcode Db.storeCompressed}). At ten million
 * lines, loading and cleaning into compressed tables takes the peak from 3.9 to 3.0 GiB on the
 * workspace's generated file and from 3.0 to 1.9 GiB on the reference's, for 0-2.5 s more; at one
 * million the tables are a fifth of the peak, which the load's buffers and the analyses' working
 * memory set, and compressing costs 0.4 s for nothing measurable.
 */
export const DEFAULT_COMPRESS_ROWS = 2_000_000;

/**
 * The input rows from which the main job keeps its tables compressed in memory:
 * `CRM_COMPRESS_ROWS` when set (0: always), else {@linkcode DEFAULT_COMPRESS_ROWS}. Results do not
 * depend on it; only memory and speed do.
 *
 * @param value The variable's value, e.g. `Deno.env.get("CRM_COMPRESS_ROWS")`.
 * @throws {OptionError} If the value is not a whole number.
 *
 * @example
 * ```ts
 * import { compressRows } from "./db.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(compressRows("0"), 0);
 * equal(compressRows(undefined), 2_000_000);
 * throws(() => compressRows("lots"), /CRM_COMPRESS_ROWS must be a whole number/);
 * ```
 */
export function compressRows(value: string | undefined = readEnv(COMPRESS_ROWS_ENV)): number {
  return wholeNumberFromEnv(
    COMPRESS_ROWS_ENV,
    value,
    0,
    "input rows from which tables are kept compressed in memory",
    `Set ${COMPRESS_ROWS_ENV}=0 to always compress (or unset it for the default, ${DEFAULT_COMPRESS_ROWS})`,
  ) ?? DEFAULT_COMPRESS_ROWS;
}

/**
 * DuckDB threads when neither `threads` nor `CRM_THREADS` says otherwise: one. On the project's
 * 2-core machines the whole job was faster on one thread than on two (README, Speed): the stage
 * graph already runs independent stages side by side, and more threads per query only add
 * coordination there. The main job raises it to every core while it loads and cleans, which
 * run alone ({@linkcode soloThreads}). On a machine with more cores, try `CRM_THREADS` set to
 * their number.
 */
export const DEFAULT_THREADS = 1;

/**
 * The DuckDB thread count asked for by a `CRM_THREADS` value: an integer of at least 1, or
 * `undefined` (the default) when the variable is unset or empty.
 *
 * @param value The variable's value, e.g. `Deno.env.get("CRM_THREADS")`.
 * @returns The thread count, or `undefined` for the default.
 * @throws {OptionError} If the value is not a whole number of at least 1.
 *
 * @example
 * ```ts
 * import { threadsFromEnv } from "./db.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(threadsFromEnv("4"), 4);
 * equal(threadsFromEnv(undefined), undefined);
 * throws(() => threadsFromEnv("0"), /CRM_THREADS must be a whole number of at least 1/);
 * ```
 */
export function threadsFromEnv(value: string | undefined): number | undefined {
  return wholeNumberFromEnv(
    THREADS_ENV,
    value,
    1,
    "DuckDB threads",
    `Set ${THREADS_ENV}=2 (or unset it for the default, ${DEFAULT_THREADS})`,
  );
}

/**
 * An environment variable's whole number of at least `min`, or `undefined` when it is unset or
 * empty; anything else stops the run with an {@linkcode OptionError} naming the variable, what
 * it sets and `hint`.
 */
function wholeNumberFromEnv(
  name: string,
  value: string | undefined,
  min: number,
  what: string,
  hint: string,
): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    const least = min > 0 ? ` of at least ${min}` : "";
    throw new OptionError(
      name,
      `Cannot open the database: ${name} must be a whole number${least} (${what}): current value is "${value}"`,
      hint,
    );
  }
  return n;
}

/**
 * DuckDB threads for work that runs alone, such as the main job's load and cleaning (no other
 * stage runs then): `CRM_THREADS` when set, else every core of the machine. Results do not
 * depend on it; only the speed does.
 *
 * @throws {OptionError} If `CRM_THREADS` is set to anything but a whole number of at least 1.
 */
export function soloThreads(): number {
  return threadsFromEnv(readThreadsEnv()) ?? Math.max(1, navigator.hardwareConcurrency ?? 1);
}

/**
 * DuckDB threads for stages that run side by side: `CRM_THREADS` when set, else
 * {@linkcode DEFAULT_THREADS} (what {@linkcode openDb} opens with).
 *
 * @throws {OptionError} If `CRM_THREADS` is set to anything but a whole number of at least 1.
 */
export function sideBySideThreads(): number {
  return threadsFromEnv(readThreadsEnv()) ?? DEFAULT_THREADS;
}

/**
 * Sets the DuckDB thread count of the whole database (every connection: DuckDB has one pool).
 *
 * @example
 * ```ts
 * import { openDb, setThreads } from "./db.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb({ threads: 1 });
 * const other = await db.fork!();
 * await setThreads(db, 2);
 * equal((await other.one<{ t: number }>("select current_setting('threads') as t")).t, 2);
 * other.close();
 * db.close();
 * ```
 */
export async function setThreads(db: Db, threads: number): Promise<void> {
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new Error(`Cannot set DuckDB threads: not a whole number of at least 1: ${threads}`);
  }
  await db.run(`SET threads = ${threads}`);
}

function readThreadsEnv(): string | undefined {
  return readEnv(THREADS_ENV);
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: the default
  }
}

/**
 * Opens a DuckDB database. Every analysis in the workspace runs as SQL inside it. The thread
 * count is `options.threads`, else the `CRM_THREADS` environment variable, else
 * {@linkcode DEFAULT_THREADS} (1). Results are the same on any number of threads.
 *
 * @throws {OptionError} If `CRM_THREADS` is set to anything but a whole number of at least 1.
 *
 * @example Query a value
 * ```ts
 * import { openDb } from "./db.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * deepStrictEqual(await db.all("select 1 + 1 as two, count(*) as n from range(3)"), [{ two: 2, n: 3 }]);
 * db.close();
 * ```
 */
export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const { path = ":memory:", threads = sideBySideThreads() } = options;
  // DuckDB allocates through its own jemalloc, which keeps freed pages for reuse and returns
  // them to the system only as the allocator is next used; its background threads return them
  // within about a second instead. Without them a dropped table (the loaded lines once cleaned,
  // the analyses' tables before writing) stayed in the process's memory under the JavaScript
  // heap that grows next: at ten million rows the peak was 0.5 GB higher.
  const config: Record<string, string> = {
    threads: String(threads),
    allocator_background_threads: "true",
  };
  if (path === ":memory:") {
    config.temp_directory = options.spillDir ??
      join(tmpdir(), `crm-duckdb-spill-${crypto.randomUUID().slice(0, 8)}`);
  }
  const instance = await DuckDBInstance.create(path, config);
  const connection = await instance.connect();
  // Dates with a UTC offset (typed Parquet columns, `%z` formats) become UTC times whatever the
  // machine's time zone: the same data gives the same tables on every machine. (Without the ICU
  // extension, DuckDB's only time zone is UTC already.)
  await connection.run("SET GLOBAL TimeZone = 'UTC'").catch(() => {});
  const storage: Storage = { compressed: false, inMemory: path === ":memory:" };
  const fork = async (): Promise<Db> => {
    const other = await instance.connect();
    if (storage.compressed) await useCompressed(other);
    return connectionDb(other, () => other.closeSync(), fork, storage);
  };
  return connectionDb(
    connection,
    () => {
      connection.closeSync();
      instance.closeSync();
    },
    fork,
    storage,
  );
}

/** The catalog of {@linkcode Db.storeCompressed}. */
const COMPRESSED_CATALOG = "crm_compressed";

/** Where a database's new tables go, shared by its connections. */
interface Storage {
  compressed: boolean;
  readonly inMemory: boolean;
}

/** New tables of `connection` in the compressed catalog; names found there, then in the default. */
async function useCompressed(connection: DuckDBConnection): Promise<void> {
  await connection.run(`USE ${COMPRESSED_CATALOG}`);
  await connection.run(`SET search_path = '${COMPRESSED_CATALOG}.main,memory.main'`);
}

/** The {@linkcode Db} methods over one connection. */
function connectionDb(
  connection: DuckDBConnection,
  close: () => void,
  fork: () => Promise<Db>,
  storage: Storage,
): Db {
  const toValues = (params?: readonly SqlParam[]): DuckDBValue[] | undefined =>
    params === undefined
      ? undefined
      : (params.map((p) => p instanceof Date ? p.toISOString() : p) as DuckDBValue[]);
  const db: Db = {
    connection,
    async run(sql, params) {
      await connection.run(sql, toValues(params));
    },
    async all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
      return resultRows<T>(await connection.run(sql, toValues(params)));
    },
    async columns<T>(sql: string, params?: readonly SqlParam[]): Promise<T> {
      return resultColumns(await connection.run(sql, toValues(params))) as T;
    },
    async one<T>(sql: string, params?: readonly SqlParam[]): Promise<T> {
      const rows = await db.all<T>(sql, params);
      if (rows.length === 0) throw new Error(`Cannot read one row: query returned none: ${sql}`);
      return rows[0] as T;
    },
    close,
    fork,
    async storeCompressed() {
      if (!storage.inMemory) return;
      if (!storage.compressed) {
        await connection.run(`ATTACH ':memory:' AS ${COMPRESSED_CATALOG} (COMPRESS)`);
        storage.compressed = true;
      }
      await useCompressed(connection);
    },
    async compact() {
      if (storage.compressed) await connection.run(`CHECKPOINT ${COMPRESSED_CATALOG}`);
    },
  };
  return db;
}

/**
 * Quotes an SQL identifier for DuckDB (`Customer ID` → `"Customer ID"`).
 *
 * @example
 * ```ts
 * import { quoteIdent } from "./db.ts";
 * import { equal } from "node:assert/strict";
 * equal(quoteIdent('a "b"'), '"a ""b"""');
 * ```
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for DuckDB (used for file paths in `read_csv(...)`).
 *
 * @example
 * ```ts
 * import { quoteLiteral } from "./db.ts";
 * import { equal } from "node:assert/strict";
 * equal(quoteLiteral("it's"), "'it''s'");
 * ```
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
