import { join } from "node:path";
import type { Db } from "../db/mod.ts";
import { quoteLiteral } from "../db/mod.ts";
import { snakeCaseRows, spreadsheetText, toCsv } from "../util/mod.ts";

/**
 * Writes a small table as `tables/<name>.csv` (snake_case columns, deterministic text) and,
 * when `parquet` is set, the same table as `tables/<name>.parquet` through DuckDB.
 * Returns the paths written.
 */
export async function writeTable(
  db: Db,
  dir: string,
  name: string,
  rows: readonly object[],
  options: { columns?: readonly string[]; parquet?: boolean } = {},
): Promise<string[]> {
  const snake = snakeCaseRows(rows);
  const columns = options.columns ?? (snake[0] ? Object.keys(snake[0]) : []);
  const csvPath = join(dir, `${name}.csv`);
  await Deno.writeTextFile(csvPath, toCsv(snake, columns));
  const written = [csvPath];
  if (options.parquet && columns.length > 0) {
    const parquetPath = join(dir, `${name}.parquet`);
    // The Parquet twin holds the values as they are (no spreadsheet apostrophes): read from the
    // CSV just written when no text needed an apostrophe, else from a plain copy.
    const guarded = snake.some((r) =>
      columns.some((c) => {
        const v = r[c];
        return typeof v === "string" && spreadsheetText(v) !== v;
      })
    );
    const plainPath = guarded ? join(dir, `.${name}.plain.csv`) : csvPath;
    if (guarded) {
      await Deno.writeTextFile(plainPath, toCsv(snake, columns, { spreadsheetSafe: false }));
    }
    const types = columns.map((c) =>
      `${quoteLiteral(c)}: ${quoteLiteral(sqlType(snake.map((r) => r[c])))}`
    );
    await db.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(plainPath)}, header = true, auto_detect = false,
         delim = ',', quote = '"', escape = '"', columns = {${types.join(", ")}})) TO ${
        quoteLiteral(parquetPath)
      } (FORMAT parquet)`,
    );
    if (guarded) await Deno.remove(plainPath);
    written.push(parquetPath);
  }
  return written;
}

/**
 * The DuckDB type of a column from its JavaScript values: text stays VARCHAR (customer ids
 * such as "12346" are never turned into numbers), whole numbers BIGINT, other numbers DOUBLE,
 * dates TIMESTAMP, booleans BOOLEAN; a column of only nulls is VARCHAR.
 */
export function sqlType(values: readonly unknown[]): string {
  let type = "";
  for (const v of values) {
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
