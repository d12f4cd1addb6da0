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

/** Outputs started before the end of the run, by table name: the paths they write. */
export type StartedOutputs = Map<string, Promise<string[]>>;

/**
 * Starts every output whose results are present and which has not started yet, and records it
 * in `started`. The main job calls it as stages finish, so that each table is formatted and
 * written while the stages that remain run (the engine writes its own, such as the removed rows,
 * on connections of its own); {@linkcode writeOutputs} then waits for them instead of writing
 * them again. A failure is kept in the recorded promise, for whoever awaits it.
 *
 * @param db The analysis database (Parquet twins and query outputs, on connections of their own).
 * @param dir The `tables/` folder.
 * @param tables The declarations.
 * @param results The results so far.
 * @param context What the declarations read besides the results (the run's options).
 * @param started The outputs started so far (updated).
 */
export function startReadyOutputs<R, C>(
  db: Db,
  dir: string,
  tables: readonly OutputTable<R, C>[],
  results: Partial<R>,
  context: C,
  started: StartedOutputs,
): void {
  for (const t of tables) {
    if (started.has(t.name) || !t.needs.every((n) => n in results)) continue;
    const task = writeOutput(db, dir, t, results, context).then((w) => w.files);
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
 * and CSV file not started before written here), to `files`, which resolves to the paths once
 * the engine has written the rest too (Parquet twins, query outputs) and the outputs in
 * `started` are done. The main job renders the report in between. Await `files` (it never
 * rejects unawaited).
 */
export async function startOutputs<R, C>(
  db: Db,
  dir: string,
  tables: readonly OutputTable<R, C>[],
  results: Partial<R>,
  context: C,
  started: StartedOutputs = new Map(),
): Promise<{ readonly files: Promise<string[]> }> {
  const slots: Promise<string[]>[] = [];
  try {
    for (const t of tables) {
      if (!t.needs.every((n) => n in results)) continue;
      slots.push(started.get(t.name) ?? (await writeOutput(db, dir, t, results, context)).files);
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
 * Writes one output from the results it declares (only those: a declaration that reads another
 * result sees none, whenever it is written). Resolves once this thread's share is done (the JSON
 * or CSV formatted and written), to the promise of all its paths (none when it does not apply to
 * this run), wrapped so that awaiting the call does not wait for the engine (a query output,
 * which runs on a connection of its own when there is one, or a Parquet twin).
 */
async function writeOutput<R, C>(
  db: Db,
  dir: string,
  t: OutputTable<R, C>,
  results: Partial<R>,
  context: C,
): Promise<{ readonly files: Promise<string[]> }> {
  const r = Object.fromEntries(t.needs.map((n) => [n, results[n]])) as unknown as R;
  if (t.format === "json") {
    const value = t.json?.(r, context);
    if (value === null || value === undefined) return { files: Promise.resolve([]) };
    const path = join(dir, `${t.name}.json`);
    return {
      files: Promise.resolve([await writeJson(path, value, { snakeCase: t.snakeCase ?? false })]),
    };
  }
  if (t.query) {
    const sql = t.query(r, context);
    if (sql === null) return { files: Promise.resolve([]) };
    const csv = join(dir, `${t.name}.csv`);
    const files = db.fork === undefined
      ? Promise.resolve([await copyQueryToCsv(db, sql, csv)])
      : onOwnConnection(db.fork, async (engine) => [await copyQueryToCsv(engine, sql, csv)]);
    files.catch(() => {}); // awaited by the caller; never unhandled
    return { files };
  }
  const rows = t.table ? undefined : t.rows?.(r, context);
  const table = t.table
    ? t.table(r, context)
    : rows === null || rows === undefined
    ? null
    : snakeCaseColumns(rows, t.columns?.(r, context));
  if (table === null) return { files: Promise.resolve([]) };
  return await writeTableFiles(db, dir, t.name, table, t.parquet ?? false);
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
