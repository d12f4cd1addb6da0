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
  const table = rowColumns(rows, columns);
  return csvHeader(table.names) + csvLines(table, 0, table.length, options);
}

/**
 * A table as columns: the names in order and one array of values per name, all `length` long.
 * The table writers format it column by column (one kind of value per pass), which is several
 * times faster than row objects for the per-customer tables.
 */
export interface ColumnTable {
  readonly names: readonly string[];
  readonly values: readonly ArrayLike<unknown>[];
  readonly length: number;
}

/**
 * The columns `names` of row objects, each read from the key `keyOf(name)` of every row.
 *
 * @example
 * ```ts
 * import { rowColumns } from "./csv.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(rowColumns([{ a: 1, b: "x" }, { a: 2 }], ["b", "a"]).values, [["x", undefined], [1, 2]]);
 * ```
 */
export function rowColumns(
  rows: readonly object[],
  names: readonly string[],
  keyOf: (name: string) => string = (name) => name,
): ColumnTable {
  const values = names.map((name) => {
    const key = keyOf(name);
    const column: unknown[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = (rows[i] as Record<string, unknown>)[key];
    return column;
  });
  return { names, values, length: rows.length };
}

/**
 * The columns of row objects under their snake_case names (what the output tables are written
 * with): the names given, else the first row's keys in snake_case. A table's rows share their
 * keys; a name missing from the first row is looked up in the others.
 *
 * @example
 * ```ts
 * import { snakeCaseColumns } from "./csv.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const t = snakeCaseColumns([{ rowsIn: 3, step: "x" }]);
 * deepStrictEqual([t.names, t.values], [["rows_in", "step"], [[3], ["x"]]]);
 * ```
 */
export function snakeCaseColumns(
  rows: readonly object[],
  names?: readonly string[],
): ColumnTable {
  // A later key of the same snake_case name wins, as when the keys are renamed one by one.
  const keys = new Map<string, string>();
  for (const k of Object.keys(rows[0] ?? {})) keys.set(snakeCase(k), k);
  const wanted = names ?? [...keys.keys()];
  if (wanted.some((n) => !keys.has(n))) {
    for (const row of rows) {
      for (const k of Object.keys(row)) if (!keys.has(snakeCase(k))) keys.set(snakeCase(k), k);
    }
  }
  return rowColumns(rows, wanted, (name) => keys.get(name) ?? name);
}

/** The header line of a CSV table. */
export function csvHeader(names: readonly string[]): string {
  return names.map(csvField).join(",") + "\n";
}

/**
 * The CSV lines of rows `start` to `end` (exclusive) of a column table, each ending in a newline
 * (see {@linkcode toCsv} for the format). Formats one column at a time, then joins the rows.
 *
 * @example
 * ```ts
 * import { csvLines } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * const t = { names: ["a", "b"], values: [[1, 0.1 + 0.2], ["x,y", "=1"]], length: 2 };
 * equal(csvLines(t, 0, 2), '1,"x,y"\n0.3,\'=1\n');
 * ```
 */
export function csvLines(
  table: ColumnTable,
  start: number,
  end: number,
  options: { spreadsheetSafe?: boolean } = {},
): string {
  const safe = options.spreadsheetSafe ?? true;
  const n = end - start;
  const m = table.values.length;
  if (n <= 0 || m === 0) return n > 0 ? "\n".repeat(n) : "";
  // Cells and separators in row order, filled one column at a time (one kind of value per
  // pass), then joined once.
  const parts: string[] = new Array(2 * n * m);
  for (let j = 0; j < m; j++) {
    const values = table.values[j]!;
    const separator = j === m - 1 ? "\n" : ",";
    for (let i = 0, at = 2 * j; i < n; i++, at += 2 * m) {
      parts[at] = csvCell(values[start + i], safe);
      parts[at + 1] = separator;
    }
  }
  return parts.join("");
}

/** One value as a CSV field (see {@linkcode toCsv}). */
function csvCell(value: unknown, safe: boolean): string {
  if (typeof value === "number") return formatNumber(value); // never needs quotes
  if (typeof value === "string") return csvField(safe ? spreadsheetText(value) : value);
  return csvField(formatCell(value));
}

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
  return isFormulaStart(text.charCodeAt(0)) ? `'${text}` : text;
}

/**
 * Whether a text cell starts like a formula (see {@linkcode spreadsheetText}).
 *
 * @example
 * ```ts
 * import { startsLikeFormula } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(startsLikeFormula("@SUM(A1)"), true);
 * equal(startsLikeFormula("MUG"), false);
 * ```
 */
export function startsLikeFormula(text: string): boolean {
  return isFormulaStart(text.charCodeAt(0));
}

/** First characters a spreadsheet reads as the start of a formula: `=`, `+`, `-`, `@`, tab, CR. */
function isFormulaStart(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

/**
 * The SQL expression of a text column written the way {@linkcode spreadsheetText} writes it,
 * for CSV files the engine writes itself.
 *
 * @example
 * ```ts
 * import { spreadsheetSql } from "./csv.ts";
 * import { match } from "node:assert/strict";
 * match(spreadsheetSql("description"), /^CASE WHEN ascii\(description\) IN/);
 * ```
 */
export function spreadsheetSql(column: string): string {
  // the first character's code point (=, +, -, @, tab, CR): cheaper than a one-character string
  return `CASE WHEN ascii(${column}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${column} ELSE ${column} END`;
}

/** Formats one value for a CSV cell (see {@linkcode toCsv}). */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().replace("T", " ").slice(0, 19);
  if (typeof value === "number") return formatNumber(value);
  return String(value);
}

/**
 * A number to 12 significant digits in JavaScript's shortest form (`""` when not finite): drops
 * binary noise such as 236.16000000000005 from sums, keeps every digit that means something
 * (money, rates, model outputs).
 *
 * @example
 * ```ts
 * import { formatNumber } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatNumber(236.16000000000005), "236.16");
 * equal(formatNumber(1 / 3), "0.333333333333");
 * equal(formatNumber(1.5e-7), "1.5e-7");
 * ```
 */
export function formatNumber(value: number): string {
  // Whole numbers below 10^12 are already what 12 significant digits give (counts and ids).
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  if (!Number.isFinite(value)) return "";
  const fixed = value.toPrecision(12);
  // Exponent form (below 10^-6 or from 10^12): JavaScript's own shortest form of the rounded
  // value, whose exponent rules differ from toPrecision's.
  if (fixed.includes("e")) return String(Number(fixed));
  // Fixed form: a decimal of 12 digits is its own shortest form once its trailing zeros go
  // (every decimal of up to 15 digits survives the round trip through a double).
  if (!fixed.includes(".")) return fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (fixed.charCodeAt(end - 1) === 46 /* . */) end--;
  return fixed.slice(0, end);
}

/** A CSV field with RFC 4180 quoting (only when needed). */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NEEDS_QUOTES = /[",\n\r]/;

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
