/**
 * SQL expressions that turn source columns into canonical columns in one pass. A cell
 * that does not parse becomes NULL, so the checked columns that are NULL are the cells to
 * report; no flag column is stored. When there are bad rows (the rare path), the source is
 * read a second time with the same expressions to fetch their source values.
 *
 * Fields the source lacks are filled in here: the invoice from the customer and the
 * timestamp, the stock code from the description, one unit per line, the unit price from the
 * line amount.
 *
 * @module
 */
import { type CanonicalField, currencyCodeSql } from "../db/canonical.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import { EXACT_VALUE_LIMIT } from "../db/exact.ts";
import { type DateFormat, dateSql } from "./detect_date_format.ts";
import { type DecimalSeparator, withoutCurrencySql } from "./detect_dialect.ts";

/**
 * Customer ids that say "no customer" (compared in lower case): what spreadsheets, databases
 * and pandas write for a missing value. A line with one counts as a line without a customer.
 */
export const MISSING_ID_WORDS = ["null", "n/a", "na", "#n/a", "none", "nan", "-"] as const;

/**
 * The distinct customer ids of `table` that may stand for "no customer": a word (short, not
 * starting with a digit) or zeros only (`0`, `0000`: the id point-of-sale and shop exports give
 * walk-in and guest orders). Few, so the loader checks them in JavaScript
 * ({@linkcode isPlaceholderId}) and sets only those to NULL.
 */
export function placeholderIdsSql(table: string): string {
  return `SELECT DISTINCT customer_id AS id FROM ${table}
    WHERE ((customer_id < '0' OR customer_id >= ':') AND length(customer_id) <= 4)
       OR (customer_id >= '0' AND customer_id < '1' AND ltrim(customer_id, '0') = '')
    ORDER BY 1 LIMIT 1000`;
}

/**
 * A customer id that stands for "no customer": one of {@linkcode MISSING_ID_WORDS} (any case)
 * or zeros only.
 *
 * @example
 * ```ts
 * import { isPlaceholderId } from "./_sql.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(["N/A", "0", "000", "-", "0012", "Nina"].map(isPlaceholderId), [true, true, true, true, false, false]);
 * ```
 */
export function isPlaceholderId(id: string): boolean {
  return (MISSING_ID_WORDS as readonly string[]).includes(id.toLowerCase()) || /^0+$/.test(id);
}

/**
 * `value` is one of `texts`, as a scalar expression: DuckDB plans an `IN (…)` list of more than
 * a few values as a join, which loses the rows' order in a `CREATE TABLE AS` (the load numbers
 * rows by their order: a file's first line came out as row 1 only half of the time).
 *
 * @example
 * ```ts
 * import { oneOfSql } from "./_sql.ts";
 * import { equal } from "node:assert/strict";
 * equal(oneOfSql("x", ["a", "b"]), "list_contains(['a', 'b'], x)");
 * ```
 */
export function oneOfSql(value: string, texts: readonly string[]): string {
  return `list_contains([${texts.map(quoteLiteral).join(", ")}], ${value})`;
}

/** How the date column is parsed: a detected/given text format, or already typed. */
export type DateParse = DateFormat | { readonly native: true };

/**
 * Largest absolute quantity, price, amount or line total accepted (10¹⁵; larger values are
 * reported as invalid). It keeps every sum of a real ledger far inside the exact DECIMAL(38, 6)
 * sums of the analyses.
 */
export const VALUE_LIMIT = EXACT_VALUE_LIMIT;

/** What a failed check means. */
export type CheckKind = "text" | "number" | "date" | "flag" | "total" | "time";

/** A checked cell: the canonical column that is NULL when it fails, its bit, and the field reported. */
export interface Check {
  /** Canonical column tested for NULL. */
  readonly column: string;
  /** The field whose source column is reported. */
  readonly field: CanonicalField;
  readonly bit: number;
  readonly kind: CheckKind;
}

/** What the SQL needs to know about the source. */
export interface SqlSource {
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
  readonly types: Readonly<Record<string, string>>;
  readonly header: readonly string[];
  readonly date: DateParse;
  /** Decimal separator of text numbers. @default {"."} */
  readonly decimal?: DecimalSeparator;
  /**
   * With decimal points: read `1,020` as 1020 (a thousands separator), which only a proven
   * decimal point allows (in a file of decimal commas it is 1.02). `1,298.40` is read either way.
   * @default {false}
   */
  readonly groupedIntegers?: boolean;
  /** The currency mark the money cells carry (`"£"`), read without it (`detectCurrency`). */
  readonly currency?: string;
  /**
   * A report layout's lines read as lines of the order above (`--fill-down`): the stage keeps
   * whether each date cell was blank (`__crm_blank_date`), for {@linkcode fillDownSql}.
   */
  readonly fillDown?: boolean;
}

/** The stage's column that says a line's date cell was blank (with `fillDown`). */
export const BLANK_DATE = "__crm_blank_date";

/**
 * The statement that fills a report layout's lines in (`--fill-down`): a line without an
 * invoice belongs to the nearest line above that has one, its anchor; it takes the anchor's
 * invoice, and its date (when its own date cell is blank, not when it does not read), customer
 * id and country where its own are missing. Lines above the first invoice keep their gaps.
 *
 * With a time of day of its own (`invoice_time`), a line whose date is blank takes the anchor's
 * time too where its own is blank (the anchor's `invoice_date` holds it already).
 *
 * @param table The stage table, numbered in file order.
 * @param withTime Whether the stage has an `invoice_time` column.
 */
export function fillDownSql(table: string, withTime = false): string {
  const time = withTime
    ? `invoice_time = CASE WHEN ${table}.${BLANK_DATE} THEN coalesce(${table}.invoice_time, a.invoice_time) ELSE ${table}.invoice_time END,`
    : "";
  return `UPDATE ${table} SET invoice = a.invoice, ${time}
       invoice_date = CASE WHEN ${table}.${BLANK_DATE} THEN a.invoice_date ELSE ${table}.invoice_date END,
       customer_id = coalesce(${table}.customer_id, a.customer_id),
       country = coalesce(nullif(trim(${table}.country), ''), a.country)
     FROM (
       SELECT l.row_number, h.invoice, h.invoice_date, h.customer_id, h.country${
    withTime ? ", h.invoice_time" : ""
  }
       FROM (SELECT row_number, invoice IS NULL AS open,
               max(CASE WHEN invoice IS NOT NULL THEN row_number END)
                 OVER (ORDER BY row_number ROWS UNBOUNDED PRECEDING) AS anchor
             FROM ${table}) l
       JOIN ${table} h ON h.row_number = l.anchor
       WHERE l.open) a
     WHERE ${table}.row_number = a.row_number`;
}

/**
 * SQL for the number a text cell holds, NULL when it holds none: with decimal points, `12.50`,
 * `1e3` and, with thousands separators, `1,298.40` (and `1,020` with `groupedIntegers`); with
 * decimal commas, `12,50` and `1.234,50`; negatives also in parentheses, `(12.50)`, or with a
 * trailing minus, `12.50-`. The one reading of text numbers, for the transaction
 * log and the CRM tables.
 *
 * @example
 * ```ts
 * import { textNumberSql } from "./_sql.ts";
 * import { openDb } from "../db/db.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const db = await openDb();
 * const read = async (values: string[], decimal: "." | ",", groupedIntegers = false) =>
 *   (await db.one<{ n: (number | null)[] }>(
 *     `SELECT list_transform(${JSON.stringify(values).replaceAll('"', "'")},
 *        v -> ${textNumberSql("v", decimal, groupedIntegers)}) AS n`,
 *   )).n;
 * deepStrictEqual(await read(["12.50", " 1,298.40 ", "1,020", "1,2", "-3"], "."), [12.5, 1298.4, null, null, -3]);
 * deepStrictEqual(await read(["1,020", "12,345,678"], ".", true), [1020, 12345678]);
 * deepStrictEqual(await read(["12,50", "1.234,50", "1,020"], ","), [12.5, 1234.5, 1.02]);
 * // negatives in parentheses and with a trailing minus (accounting and SAP exports)
 * deepStrictEqual(await read(["(12.50)", "1,298.40-", "(3)", "(-3)", "12-3"], "."), [-12.5, -1298.4, -3, null, null]);
 * deepStrictEqual(await read(["(12,50)", "1.234,50-", "1 234,50", "1\u202f234,50"], ","), [-12.5, -1234.5, 1234.5, 1234.5]);
 * db.close();
 * ```
 */
export function textNumberSql(
  text: string,
  decimal: DecimalSeparator,
  groupedIntegers = false,
): string {
  // negatives as accounts and SAP write them, (12.50) and 12.50-: the last branch, tried only on
  // the cells the others leave empty
  const inner =
    `regexp_replace(trim(${text}), '^\\((\\d[\\d.,''\u2019]*)\\)$|^(\\d[\\d.,''\u2019]*)-$', '\\1\\2')`;
  const branches = (t: string): string => {
    if (decimal === ",") {
      // decimal comma: 12,50, 1.234,50 or 1 234,50 (dots and spaces, also the no-break spaces
      // French Excel writes, only as thousands separators)
      return `WHEN regexp_full_match(trim(${t}), '[+-]?(\\d+|\\d{1,3}([. \u00a0\u202f]\\d{3})+)(,\\d+)?') ` +
        `THEN TRY_CAST(replace(${
          [".", " ", "\u00a0", "\u202f"].reduce((e, c) => `replace(${e}, '${c}', '')`, `trim(${t})`)
        }, ',', '.') AS DOUBLE)`;
    }
    const grouped = `[+-]?\\d{1,3}(,\\d{3})+${groupedIntegers ? "(\\.\\d+)?" : "\\.\\d+"}`;
    // the plain cast first: the pattern is tried only on the cells it cannot read (a CASE, as
    // DuckDB's coalesce computes every argument: twice the time on a million prices)
    const plain = `TRY_CAST(${t} AS DOUBLE)`;
    // apostrophes group thousands only (Swiss exports: 1'234.50, also the typographic ’)
    const apostrophes = `[+-]?\\d{1,3}([''\u2019]\\d{3})+(\\.\\d+)?`;
    return `WHEN ${plain} IS NOT NULL THEN ${plain} WHEN regexp_full_match(trim(${t}), '${grouped}') ` +
      `THEN TRY_CAST(replace(trim(${t}), ',', '') AS DOUBLE) ` +
      `WHEN regexp_full_match(trim(${t}), '${apostrophes}') ` +
      `THEN TRY_CAST(replace(replace(trim(${t}), '''', ''), '\u2019', '') AS DOUBLE)`;
  };
  return `CASE ${branches(text)} WHEN regexp_matches(${text}, '[)-]\\s*$') ` +
    `THEN -(CASE ${branches(inner)} END) END`;
}

const TEXT_TYPES = new Set(["VARCHAR"]);

/** The cells checked for a column mapping: only fields read from a column are checked. */
export function checksFor(columnMap: Readonly<Record<CanonicalField, string | null>>): Check[] {
  const has = (f: CanonicalField) => columnMap[f] !== null;
  const checks: Check[] = [];
  if (has("invoice")) checks.push({ column: "invoice", field: "invoice", bit: 1, kind: "text" });
  if (has("stock_code")) {
    checks.push({ column: "stock_code", field: "stock_code", bit: 2, kind: "text" });
  }
  if (has("quantity")) {
    checks.push({ column: "quantity", field: "quantity", bit: 4, kind: "number" });
  }
  checks.push({ column: "invoice_date", field: "invoice_date", bit: 8, kind: "date" });
  if (has("price")) checks.push({ column: "price", field: "price", bit: 16, kind: "number" });
  if (has("amount")) {
    checks.push({ column: "line_total", field: "amount", bit: 32, kind: "number" });
  } else {
    // quantity × price beyond the limit: line_total is NULL while both parsed
    checks.push({ column: "line_total", field: "price", bit: 128, kind: "total" });
  }
  if (has("returns")) {
    checks.push({ column: "return_flag", field: "returns", bit: 64, kind: "flag" });
  }
  if (has("invoice_time")) {
    checks.push({ column: "invoice_time", field: "invoice_time", bit: 256, kind: "time" });
  }
  return checks;
}

function failed(check: Check): string {
  return check.kind === "total"
    ? `(line_total IS NULL AND quantity IS NOT NULL AND price IS NOT NULL)`
    : `${check.column} IS NULL`;
}

/** True when any checked cell of the row failed. */
export function badRow(checks: readonly Check[]): string {
  return checks.map(failed).join(" OR ");
}

/** The bad-cell mask of a row: one bit per failed check. */
export function badMask(checks: readonly Check[]): string {
  return `(${
    checks.map((c) => `CASE WHEN ${failed(c)} THEN ${c.bit} ELSE 0 END`).join(" + ")
  })::USMALLINT`;
}

/**
 * The optional canonical columns a mapping produces (`category`, `subcategory`, `status`,
 * `currency`, `return_flag`), and the stage's `invoice_time` (checked, then dropped: the time
 * of day is in `invoice_date`).
 */
export function optionalColumns(
  columnMap: Readonly<Record<CanonicalField, string | null>>,
): string[] {
  return [
    ...(columnMap.category !== null ? ["category"] : []),
    ...(columnMap.subcategory !== null ? ["subcategory"] : []),
    ...(columnMap.status !== null ? ["status"] : []),
    ...(columnMap.currency !== null ? ["currency"] : []),
    ...(columnMap.returns !== null ? ["return_flag"] : []),
    ...(columnMap.invoice_time !== null ? ["invoice_time"] : []),
  ];
}

/**
 * The strptime formats a time of day in a column of its own is read with (any one per cell,
 * upper-cased first): `14:05`, `14:05:09`, `14:05:09.250`, `2:05 PM`, `2:05:09 PM`, and the
 * time of a date-time (`1899-12-30 14:05:00`: a workbook's time cell, read as text).
 */
export const TIME_OF_DAY_FORMATS: readonly string[] = [
  "%H:%M:%S",
  "%H:%M",
  "%H:%M:%S.%f",
  "%I:%M:%S %p",
  "%I:%M %p",
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M:%S.%f",
  "%Y-%m-%d %H:%M",
];

/**
 * The statement that reads the source once into the stage table: the canonical columns,
 * with `row_number` left 0 (see {@linkcode numberRows}).
 */
export function stageSql(table: string, from: string, source: SqlSource): string {
  const optional = [
    ...optionalColumns(source.columnMap),
    ...fillDownColumns(source),
  ].map((c) => `, ${c}`).join("");
  const cancellation = source.columnMap.returns !== null
    ? "coalesce(return_flag, false)"
    : "coalesce(starts_with(invoice, 'C'), false)";
  return `CREATE OR REPLACE TABLE ${table} AS
SELECT 0::BIGINT AS row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country,
  line_total, ${cancellation} AS is_cancellation${optional}
FROM (${canonicalSelect(from, source, source.fillDown === true)})`;
}

/**
 * The stage's columns for `--fill-down`, dropped before the table is handed on: whether each
 * date cell was blank, and every source cell as text (the lines it fills in are bad in a
 * second read of the file, so the bad rows' cells are read from the stage instead).
 */
export function fillDownColumns(source: SqlSource): string[] {
  return source.fillDown ? [BLANK_DATE, ...source.header.map((_, i) => `__crm_r${i}`)] : [];
}

/** With `fillDown`: the first `limit` bad rows of the stage, with their source cells. */
export function stagedBadRowsSql(table: string, source: SqlSource, limit: number): string {
  const checks = checksFor(source.columnMap);
  const raw = `[${source.header.map((_, i) => `__crm_r${i}`).join(", ")}]`;
  return `SELECT row_number AS row, ${badMask(checks)} AS bad, ${raw} AS raw FROM ${table}
WHERE ${badRow(checks)} ORDER BY row_number LIMIT ${limit}`;
}

/**
 * The query that reads the source again and returns the first `limit` bad rows in file
 * order: `bad` (the mask) and `raw` (the source values as text, one per header column).
 * Filters and LIMIT keep the file order (no join, `preserve_insertion_order`), so the k-th
 * row here is the k-th bad row of the stage table.
 */
export function badRowsSql(from: string, source: SqlSource, limit: number): string {
  const checks = checksFor(source.columnMap);
  const raw = `[${source.header.map((_, i) => `__crm_r${i}`).join(", ")}]`;
  return `SELECT ${badMask(checks)} AS bad, ${raw} AS raw
FROM (${canonicalSelect(from, source, true)})
WHERE ${badRow(checks)} LIMIT ${limit}`;
}

/** Truthy and falsy spellings of a returns / cancellation flag (compared lower-cased, trimmed). */
const FLAG_TRUE = [
  "1",
  "1.0",
  "true",
  "t",
  "yes",
  "y",
  "x",
  "returned",
  "return",
  "cancelled",
  "canceled",
  "cancel",
];
const FLAG_FALSE = ["0", "0.0", "false", "f", "no", "n", "-"];

/**
 * Canonical values of every row: the typed source fields (parsed once, bounded by
 * {@linkcode VALUE_LIMIT}), then the fields filled in for absent columns, then `line_total`.
 * With `withRaw`, also every source column as text (`__crm_r0`, `__crm_r1`, …).
 */
function canonicalSelect(from: string, source: SqlSource, withRaw: boolean): string {
  const { columnMap } = source;
  const has = (f: CanonicalField) => columnMap[f] !== null;
  const bounded = (name: string) =>
    `CASE WHEN abs(${name}) <= ${VALUE_LIMIT} THEN ${name} END AS ${name}`;
  const invoice = has("invoice")
    ? "invoice"
    // one customer's lines at one timestamp form one order
    : `strftime(invoice_date, '%Y-%m-%d %H:%M:%S') || ' ' || coalesce(customer_id, '') AS invoice`;
  const stock = has("stock_code")
    ? "stock_code"
    : has("description")
    ? "description AS stock_code"
    : "NULL::VARCHAR AS stock_code";
  const quantity = has("quantity") ? bounded("quantity") : "1.0::DOUBLE AS quantity";
  const amount = has("amount") ? [bounded("amount")] : [];
  const price = has("price") ? bounded("price") : "NULL::DOUBLE AS price";
  const extra = [...optionalColumns(columnMap), ...(source.fillDown ? [BLANK_DATE] : [])];
  const level2 = [
    invoice,
    stock,
    "description",
    quantity,
    "invoice_date",
    price,
    ...amount,
    "customer_id",
    "country",
    ...extra,
    ...(withRaw ? source.header.map((_, i) => `__crm_r${i}`) : []),
  ];
  // A line amount is the revenue and gives the unit price; else the line total is
  // quantity × price, NULL (a reported cell) beyond the limit.
  const lineTotal = has("amount")
    ? "amount AS line_total"
    : `CASE WHEN abs(quantity * price) <= ${VALUE_LIMIT} THEN quantity * price END AS line_total`;
  const unitPrice = has("price")
    ? "price"
    : "CASE WHEN quantity <> 0 THEN amount / quantity END AS price";
  const level3 = [
    "invoice",
    "stock_code",
    "description",
    "quantity",
    "invoice_date",
    unitPrice,
    "customer_id",
    "country",
    lineTotal,
    ...extra,
    ...(withRaw ? source.header.map((_, i) => `__crm_r${i}`) : []),
  ];
  return `SELECT ${level3.join(", ")} FROM (
SELECT ${level2.join(", ")} FROM (${typedSelect(from, source, withRaw)}))`;
}

/**
 * Typed values of the mapped fields, computed once per row so the checks refer to them by
 * name; with `withRaw`, also every source column as text.
 */
function typedSelect(from: string, source: SqlSource, withRaw: boolean): string {
  const { columnMap, types, header, date, decimal = "." } = source;
  const ref = (field: CanonicalField): string | null => {
    const column = columnMap[field];
    return column === null ? null : quoteIdent(column);
  };
  const isText = (field: CanonicalField) =>
    TEXT_TYPES.has(types[columnMap[field] ?? ""] ?? "VARCHAR");
  const asText = (field: CanonicalField): string => {
    const r = ref(field);
    if (r === null) return "NULL::VARCHAR";
    return isText(field) ? r : `CAST(${r} AS VARCHAR)`;
  };
  const number = (field: CanonicalField): string => {
    const r = ref(field)!;
    // a single-precision column (Parquet FLOAT) holds 0.85 as 0.8500000238…: through its
    // shortest text ("0.85") it becomes the double an analyst typed, so money sums are not off
    // in the eighth digit
    if (/^(FLOAT|REAL|FLOAT4)$/.test(types[columnMap[field] ?? ""] ?? "")) {
      return `CAST(CAST(${r} AS VARCHAR) AS DOUBLE)`;
    }
    if (!isText(field)) return `CAST(${r} AS DOUBLE)`;
    const money = source.currency !== undefined && field !== "quantity";
    return textNumberSql(
      money ? withoutCurrencySql(r, source.currency!) : r,
      decimal,
      source.groupedIntegers,
    );
  };
  const dateOnly = (): string => {
    if ("native" in date) return `CAST(${ref("invoice_date")!} AS TIMESTAMP)`;
    return dateSql(asText("invoice_date"), date);
  };
  // a time of day in a column of its own: NULL when it does not read (checked on its own)
  const timeExpr = (): string => {
    if (!isText("invoice_time")) return `TRY_CAST(${ref("invoice_time")!} AS TIME)`;
    return `CAST(TRY_STRPTIME(regexp_replace(upper(trim(${
      asText("invoice_time")
    })), '\\s+', ' ', 'g'), [${TIME_OF_DAY_FORMATS.map(quoteLiteral).join(", ")}]) AS TIME)`;
  };
  // the date with that time (a time that does not read leaves the date's own midnight)
  const dateExpr = (): string =>
    columnMap.invoice_time === null
      ? dateOnly()
      : `CAST(CAST(${dateOnly()} AS DATE) + coalesce(${timeExpr()}, TIME '00:00:00') AS TIMESTAMP)`;
  const flag = (): string => {
    const v = `lower(trim(${asText("returns")}))`;
    return `CASE WHEN ${v} IS NULL OR ${v} = '' THEN false WHEN ${
      oneOfSql(v, FLAG_TRUE)
    } THEN true WHEN ${oneOfSql(v, FLAG_FALSE)} THEN false END`;
  };
  // identifiers without the spaces around them ("12345 " and "12345" are one customer)
  const id = asText("customer_id");
  const has = (f: CanonicalField) => columnMap[f] !== null;
  const typed = [
    ...(has("invoice") ? [`trim(${asText("invoice")}) AS invoice`] : []),
    ...(has("stock_code") ? [`trim(${asText("stock_code")}) AS stock_code`] : []),
    `${asText("description")} AS description`,
    ...(has("quantity") ? [`${number("quantity")} AS quantity`] : []),
    `${dateExpr()} AS invoice_date`,
    ...(has("price") ? [`${number("price")} AS price`] : []),
    ...(has("amount") ? [`${number("amount")} AS amount`] : []),
    // '17850.0' (pandas float export), ' 17850 ' and '17850' are the same customer (the raw text
    // trimmed once, at the end: DuckDB computes a repeated subexpression again for each use).
    // The words exports write for "no customer" are set to NULL after the read
    // (placeholderIdsSql), on the few distinct values that can be one: a CASE here costs
    // 0.1 s a million rows.
    `NULLIF(trim(CASE WHEN contains(${id}, '.') THEN regexp_replace(${id}, '\\.0+\\s*$', '') ` +
    `ELSE ${id} END), '') AS customer_id`,
    `${asText("country")} AS country`,
    ...(has("category") ? [`NULLIF(trim(${asText("category")}), '') AS category`] : []),
    ...(has("subcategory") ? [`NULLIF(trim(${asText("subcategory")}), '') AS subcategory`] : []),
    ...(has("status") ? [`NULLIF(lower(trim(${asText("status")})), '') AS status`] : []),
    ...(has("currency") ? [`${currencyCodeSql(asText("currency"))} AS currency`] : []),
    ...(has("returns") ? [`${flag()} AS return_flag`] : []),
    ...(has("invoice_time") ? [`${timeExpr()} AS invoice_time`] : []),
    ...(source.fillDown
      ? [`coalesce(trim(${asText("invoice_date")}), '') = '' AS ${BLANK_DATE}`]
      : []),
  ];
  if (withRaw) {
    typed.push(
      ...header.map((h, i) =>
        `${
          TEXT_TYPES.has(types[h] ?? "VARCHAR")
            ? quoteIdent(h)
            : `CAST(${quoteIdent(h)} AS VARCHAR)`
        } AS __crm_r${i}`
      ),
    );
  }
  return `SELECT
  ${typed.join(",\n  ")}
FROM ${from}`;
}

/**
 * Numbers the stage rows in file order. A table filled by one `CREATE TABLE AS` keeps
 * insertion order (DuckDB's `preserve_insertion_order`), so `rowid` is the file order;
 * this is cheaper than `row_number() OVER ()` in the read.
 */
export function numberRows(table: string): string {
  return `UPDATE ${table} SET row_number = rowid + 1`;
}
