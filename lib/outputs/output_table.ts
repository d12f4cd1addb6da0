/**
 * Output tables declared once: file name, format, columns and meaning, and how to get the rows
 * from the pipeline's results. The writer, the report's links to `tables/` and the README's
 * output list all read these declarations.
 *
 * @module
 */
import { join } from "node:path";
import type { Db } from "../db/mod.ts";
import type { ColumnTable } from "../util/mod.ts";
import { snakeCaseColumns } from "../util/mod.ts";
import {
  copyQueryToCsv,
  writeColumnTable,
  writeCsvTable,
  writeJson,
  writeParquetTwin,
} from "./writers.ts";

/** One output file (or a CSV with its Parquet twin) of the main job. */
export interface OutputTable<R, C = unknown> {
  /** File name under `tables/` without extension (`"monthly"`). */
  readonly name: string;
  /** `csv` (rows or a query), or `json` (one object). */
  readonly format: "csv" | "json";
  /** Also write `<name>.parquet` with typed columns. @default {false} */
  readonly parquet?: boolean;
  /** What the file holds, for the README's output list. */
  readonly description: string;
  /** The results the file is made from. */
  readonly needs: readonly (keyof R & string)[];
  /** Column order of a CSV (snake_case). @default {the keys of the first row} */
  readonly columns?: (r: R, context: C) => readonly string[];
  /** The rows of a CSV, or `null` when the file does not apply to this run. */
  readonly rows?: (r: R, context: C) => readonly object[] | null;
  /**
   * The CSV as columns, or `null` (instead of `rows`: the large per-customer tables, formatted
   * column by column without a row object per customer).
   */
  readonly table?: (r: R, context: C) => ColumnTable | null;
  /** A query whose result is the CSV (large tables streamed by the engine), or `null`. */
  readonly query?: (r: R, context: C) => string | null;
  /** The object of a JSON file, or `null`. */
  readonly json?: (r: R, context: C) => unknown;
  /** Keys of a JSON object written in snake_case. @default {false} */
  readonly snakeCase?: boolean;
}

/** The file names an output table writes (`monthly.csv`, `monthly.parquet`). */
export function outputFiles<R, C>(table: OutputTable<R, C>): string[] {
  return table.format === "json"
    ? [`${table.name}.json`]
    : [`${table.name}.csv`, ...(table.parquet ? [`${table.name}.parquet`] : [])];
}

/** Outputs the engine writes (`query`), by table name, once started: the paths they write. */
export type StartedOutputs = Map<string, Promise<string[]>>;

/**
 * Starts every output the engine writes itself (`query`: the large tables such as the removed
 * rows) whose results are present and which has not started yet, each on a connection of its
 * own, and records it in `started`. The main job calls it as stages finish, so that the engine
 * writes the removed rows while the analyses run; {@linkcode writeOutputs} then waits for them.
 * Without a second connection (`db.fork`) nothing starts here (the writer runs them itself).
 * A failure is kept in the recorded promise, for whoever awaits it.
 */
export function startEngineOutputs<R, C>(
  db: Db,
  dir: string,
  tables: readonly OutputTable<R, C>[],
  results: Partial<R>,
  context: C,
  started: StartedOutputs,
): void {
  const fork = db.fork;
  if (fork === undefined) return;
  for (const t of tables) {
    if (t.query === undefined || started.has(t.name)) continue;
    if (!t.needs.every((n) => n in results)) continue;
    const sql = t.query(results as R, context);
    const task = sql === null ? Promise.resolve([]) : onOwnConnection(fork, async (engine) => [
      await copyQueryToCsv(engine, sql, join(dir, `${t.name}.csv`)),
    ]);
    task.catch(() => {}); // awaited by writeOutputs (or the run's cleanup); never unhandled
    started.set(t.name, task);
  }
}

/**
 * Writes every declared output whose results are present and which applies to this run.
 *
 * @param db The analysis database (Parquet copies and query outputs).
 * @param dir The `tables/` folder.
 * @param tables The declarations.
 * @param results The pipeline's results.
 * @param context What the declarations read besides the results (the run's options).
 * @returns The paths written, in declaration order.
 */
export async function writeOutputs<R, C>(
  db: Db,
  dir: string,
  tables: readonly OutputTable<R, C>[],
  results: Partial<R>,
  context: C,
  started: StartedOutputs = new Map(),
): Promise<string[]> {
  return await (await startOutputs(db, dir, tables, results, context, started)).files;
}

/**
 * {@linkcode writeOutputs} in two steps: resolves once this thread's share is done (every JSON
 * and CSV file written here), to `files`, which resolves to the paths once the engine has
 * written the rest too (Parquet twins, query outputs). The main job renders the report in
 * between. Await `files` (it never rejects unawaited).
 */
export async function startOutputs<R, C>(
  db: Db,
  dir: string,
  tables: readonly OutputTable<R, C>[],
  results: Partial<R>,
  context: C,
  started: StartedOutputs = new Map(),
): Promise<{ readonly files: Promise<string[]> }> {
  // Outputs the engine writes itself (large tables such as the removed rows) run on
  // connections of their own (or have been running since their results were ready) while the
  // others are formatted here; files keep declaration order.
  startEngineOutputs(db, dir, tables, results, context, started);
  const slots: (string[] | Promise<string[]>)[] = [];
  try {
    for (const t of tables) {
      if (!t.needs.every((n) => n in results)) continue;
      const r = results as R;
      if (t.format === "json") {
        const value = t.json?.(r, context);
        if (value === null || value === undefined) continue;
        const path = join(dir, `${t.name}.json`);
        slots.push([await writeJson(path, value, { snakeCase: t.snakeCase ?? false })]);
      } else if (t.query) {
        slots.push(started.get(t.name) ?? copyQuery(db, t, r, context, dir));
      } else if (t.table) {
        const table = t.table(r, context);
        if (table === null) continue;
        slots.push((await writeTableFiles(db, dir, t.name, table, t.parquet ?? false)).files);
      } else {
        const rows = t.rows?.(r, context);
        if (rows === null || rows === undefined) continue;
        const table = snakeCaseColumns(rows, t.columns ? t.columns(r, context) : undefined);
        slots.push((await writeTableFiles(db, dir, t.name, table, t.parquet ?? false)).files);
      }
    }
  } catch (error) {
    await Promise.allSettled(slots);
    throw error;
  }
  // Settled all before it settles: a failure is reported once nothing is being written.
  const files = Promise.allSettled(slots).then((settled) =>
    settled.flatMap((s) => {
      if (s.status === "rejected") throw s.reason;
      return s.value;
    })
  );
  files.catch(() => {}); // awaited by the caller; never unhandled
  return { files };
}

/**
 * Writes a table's CSV (formatted here, on the JavaScript thread) and, when asked for, starts its
 * Parquet twin on a connection of its own: DuckDB converts it while the next table is formatted.
 * Resolves once the CSV is written, to the promise of all its paths (the CSV's first), wrapped so
 * that awaiting the call does not wait for the twin.
 */
async function writeTableFiles(
  db: Db,
  dir: string,
  name: string,
  table: ColumnTable,
  parquet: boolean,
): Promise<{ readonly files: Promise<string[]> }> {
  const fork = db.fork;
  if (fork === undefined || !parquet || table.names.length === 0) {
    return { files: Promise.resolve(await writeColumnTable(db, dir, name, table, { parquet })) };
  }
  const csv = await writeCsvTable(dir, name, table);
  const files = onOwnConnection(fork, async (engine) => [
    csv,
    await writeParquetTwin(engine, dir, name, table),
  ]);
  files.catch(() => {}); // awaited by startOutputs' caller; never unhandled
  return { files };
}

/** Runs `f` on a connection of its own from `fork`, closed when `f` settles. */
async function onOwnConnection<T>(
  fork: () => Promise<Db>,
  f: (engine: Db) => Promise<T>,
): Promise<T> {
  const engine = await fork();
  try {
    return await f(engine);
  } finally {
    engine.close();
  }
}

/** A query output written on the database's own connection (when it has no second one). */
async function copyQuery<R, C>(
  db: Db,
  t: OutputTable<R, C>,
  r: R,
  context: C,
  dir: string,
): Promise<string[]> {
  const sql = t.query!(r, context);
  return sql === null ? [] : [await copyQueryToCsv(db, sql, join(dir, `${t.name}.csv`))];
}
