/**
 * Writes small tables (arrays of records) as CSV text, deterministically: columns in the given
 * order, numbers to 12 significant digits in JavaScript's shortest form, `null`/`undefined` as
 * empty fields, dates as ISO `YYYY-MM-DD HH:MM:SS` (UTC), RFC 4180 quoting.
 *
 * @example
 * ```ts
 * import { toCsv } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(toCsv([{ a: 1, b: "x,y" }, { a: null, b: 'say "hi"' }], ["a", "b"]), 'a,b\n1,"x,y"\n,"say ""hi"""\n');
 * ```
 */
export function toCsv<T extends object>(
  rows: readonly T[],
  columns: readonly (keyof T & string)[],
  options: { spreadsheetSafe?: boolean } = {},
): string {
  const safe = options.spreadsheetSafe ?? true;
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) {
    lines.push(
      columns.map((c) => {
        const value = (row as Record<string, unknown>)[c];
        const text = formatCell(value);
        return csvField(safe && typeof value === "string" ? spreadsheetText(text) : text);
      }).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** First characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet shows it as text: one starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return gets a leading apostrophe (the usual guard against formula injection: a
 * product named `=HYPERLINK(...)` must not run when the CSV is opened).
 *
 * @example
 * ```ts
 * import { spreadsheetText } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(spreadsheetText('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
 * equal(spreadsheetText("-OUT OF STOCK"), "'-OUT OF STOCK");
 * equal(spreadsheetText("RED MUG"), "RED MUG");
 * ```
 */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The SQL expression of a text column written the way {@linkcode spreadsheetText} writes it,
 * for CSV files the engine writes itself.
 *
 * @example
 * ```ts
 * import { spreadsheetSql } from "./csv.ts";
 * import { match } from "node:assert/strict";
 * match(spreadsheetSql("description"), /^CASE WHEN left\(description, 1\) IN/);
 * ```
 */
export function spreadsheetSql(column: string): string {
  return `CASE WHEN left(${column}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${column} ELSE ${column} END`;
}

/** Formats one value for a CSV cell (see {@linkcode toCsv}). */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().replace("T", " ").slice(0, 19);
  if (typeof value === "number") {
    // Whole numbers below 10^12 are already what 12 significant digits give (the fast path of
    // counts and ids).
    if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
    // 12 significant digits: drops binary noise such as 236.16000000000005 from sums, keeps
    // every digit that means something (money, rates, model outputs).
    return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : "";
  }
  return String(value);
}

/** A CSV field with RFC 4180 quoting (only when needed). */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Converts camelCase keys to the snake_case column names used in the output tables.
 *
 * @example
 * ```ts
 * import { snakeCase } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(snakeCase("rowsRemoved"), "rows_removed");
 * equal(snakeCase("T"), "T");
 * ```
 */
export function snakeCase(name: string): string {
  if (name.length <= 1) return name;
  let snake = SNAKE_CASE.get(name);
  if (snake === undefined) {
    snake = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    SNAKE_CASE.set(name, snake);
  }
  return snake;
}

/** Names already converted (a table has few names and many rows). */
const SNAKE_CASE = new Map<string, string>();

/** Renames every key of each row to snake_case (for writing tables). */
export function snakeCaseRows(rows: readonly object[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[snakeCase(k)] = v;
    return out;
  });
}
