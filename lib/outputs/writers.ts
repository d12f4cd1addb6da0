import { join } from "node:path";
import type { Db } from "../db/mod.ts";
import { quoteLiteral } from "../db/mod.ts";
import type { ColumnTable } from "../util/mod.ts";
import {
  csvHeader,
  csvLines,
  snakeCaseColumns,
  snakeCaseRows,
  startsLikeFormula,
} from "../util/mod.ts";

/**
 * Writes a table of row objects as `tables/<name>.csv` (snake_case columns, deterministic text)
 * and, when `parquet` is set, the same table as `tables/<name>.parquet` through DuckDB.
 * Returns the paths written.
 */
export function writeTable(
  db: Db,
  dir: string,
  name: string,
  rows: readonly object[],
  options: { columns?: readonly string[]; parquet?: boolean } = {},
): Promise<string[]> {
  return writeColumnTable(db, dir, name, snakeCaseColumns(rows, options.columns), options);
}

/** Rows formatted and written at a time: bounds the text held for a large table. */
const CSV_CHUNK_ROWS = 16_384;

/**
 * Writes a column table as `tables/<name>.csv` and, when `parquet` is set, its Parquet twin
 * (typed columns: text stays text, so ids such as "00123" keep their zeros). The CSV is written
 * in chunks of rows, so a table of a million customers never exists as one string.
 * Returns the paths written.
 */
export async function writeColumnTable(
  db: Db,
  dir: string,
  name: string,
  table: ColumnTable,
  options: { parquet?: boolean } = {},
): Promise<string[]> {
  const csvPath = await writeCsvTable(dir, name, table);
  if (!options.parquet || table.names.length === 0) return [csvPath];
  return [csvPath, await writeParquetTwin(db, dir, name, table)];
}

/** Writes a column table as `<dir>/<name>.csv`; returns its path. */
export async function writeCsvTable(
  dir: string,
  name: string,
  table: ColumnTable,
): Promise<string> {
  const csvPath = join(dir, `${name}.csv`);
  await writeCsvFile(csvPath, table);
  return csvPath;
}

/**
 * Writes the Parquet twin `<dir>/<name>.parquet` of a table whose CSV {@linkcode writeCsvTable}
 * wrote: the values as they are (no spreadsheet apostrophes), read by DuckDB from that CSV when
 * no text needed an apostrophe, else from a plain copy. Returns its path.
 */
export async function writeParquetTwin(
  db: Db,
  dir: string,
  name: string,
  table: ColumnTable,
): Promise<string> {
  const csvPath = join(dir, `${name}.csv`);
  const parquetPath = join(dir, `${name}.parquet`);
  const guarded = table.values.some((values) => {
    for (let i = 0; i < table.length; i++) {
      const v = values[i];
      if (typeof v === "string" && startsLikeFormula(v)) return true;
    }
    return false;
  });
  const plainPath = guarded ? join(dir, `.${name}.plain.csv`) : csvPath;
  if (guarded) await writeCsvFile(plainPath, table, { spreadsheetSafe: false });
  const types = table.names.map((c, j) =>
    `${quoteLiteral(c)}: ${quoteLiteral(sqlType(table.values[j]!))}`
  );
  await db.run(
    `COPY (SELECT * FROM read_csv(${quoteLiteral(plainPath)}, header = true, auto_detect = false,
       delim = ',', quote = '"', escape = '"', columns = {${types.join(", ")}})) TO ${
      quoteLiteral(parquetPath)
    } (FORMAT parquet)`,
  );
  if (guarded) await Deno.remove(plainPath);
  return parquetPath;
}

/** Writes a column table as CSV, {@linkcode CSV_CHUNK_ROWS} rows at a time. */
async function writeCsvFile(
  path: string,
  table: ColumnTable,
  options: { spreadsheetSafe?: boolean } = {},
): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    const encoder = new TextEncoder();
    await writeAll(file, encoder.encode(csvHeader(table.names)));
    for (let start = 0; start < table.length; start += CSV_CHUNK_ROWS) {
      const end = Math.min(table.length, start + CSV_CHUNK_ROWS);
      await writeAll(file, encoder.encode(csvLines(table, start, end, options)));
    }
  } finally {
    file.close();
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) offset += await file.write(bytes.subarray(offset));
}

/**
 * The DuckDB type of a column from its JavaScript values: text stays VARCHAR (customer ids
 * such as "12346" are never turned into numbers), whole numbers BIGINT, other numbers DOUBLE,
 * dates TIMESTAMP, booleans BOOLEAN; a column of only nulls is VARCHAR.
 */
export function sqlType(values: ArrayLike<unknown>): string {
  let type = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const t = typeof v === "string"
      ? "VARCHAR"
      : typeof v === "boolean"
      ? "BOOLEAN"
      : v instanceof Date
      ? "TIMESTAMP"
      : typeof v === "number"
      ? (Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? "BIGINT" : "DOUBLE")
      : "VARCHAR";
    if (type === "" || type === t) type = t;
    else if ((type === "BIGINT" && t === "DOUBLE") || (type === "DOUBLE" && t === "BIGINT")) {
      type = "DOUBLE";
    } else return "VARCHAR";
  }
  return type || "VARCHAR";
}

/** Writes a DuckDB query result as CSV (for large tables such as removed rows). */
export async function copyQueryToCsv(db: Db, sql: string, path: string): Promise<string> {
  await db.run(`COPY (${sql}) TO ${quoteLiteral(path)} (HEADER, DELIMITER ',')`);
  return path;
}

/**
 * Writes JSON with a fixed key order (the object's own order) and a final newline, numbers to
 * 12 significant digits like the CSV tables; with `snakeCase`, the top-level keys are written
 * in snake_case like the CSV columns.
 */
export async function writeJson(
  path: string,
  value: unknown,
  options: { snakeCase?: boolean } = {},
): Promise<string> {
  const out =
    options.snakeCase && value !== null && typeof value === "object" && !Array.isArray(value)
      ? snakeCaseRows([value as object])[0]
      : value;
  const replacer = (_key: string, v: unknown) =>
    typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(12)) : v;
  await Deno.writeTextFile(path, JSON.stringify(out, replacer, 2) + "\n");
  return path;
}

/** The current git commit of the workspace, or "unknown" outside a checkout. */
export async function gitCommit(cwd: string): Promise<string> {
  try {
    const out = await new Deno.Command("git", {
      args: ["rev-parse", "--short", "HEAD"],
      cwd,
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : "unknown";
  } catch {
    return "unknown";
  }
}
