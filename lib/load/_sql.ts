/**
 * SQL expressions that turn source columns into canonical columns in one pass. A cell
 * that does not parse becomes NULL, so the checked fields that are NULL are the cells to
 * report; no flag column is stored. When there are bad rows (the rare path), the source is
 * read a second time with the same expressions to fetch their source values.
 *
 * @module
 */
import type { CanonicalField } from "../db/canonical.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import type { DateFormat } from "./detect_date_format.ts";

/** How the date column is parsed: a detected/given text format, or already typed. */
export type DateParse = DateFormat | { readonly native: true };

/** Fields whose cells are checked, with their bit in the bad-cell mask and what a failure means. */
export const CHECKED_FIELDS: readonly {
  field: CanonicalField;
  bit: number;
  kind: "text" | "number" | "date";
}[] = [
  { field: "invoice", bit: 1, kind: "text" },
  { field: "stock_code", bit: 2, kind: "text" },
  { field: "quantity", bit: 4, kind: "number" },
  { field: "invoice_date", bit: 8, kind: "date" },
  { field: "price", bit: 16, kind: "number" },
];

const TEXT_TYPES = new Set(["VARCHAR"]);

/** What the SQL needs to know about the source. */
export interface SqlSource {
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
  readonly types: Readonly<Record<string, string>>;
  readonly header: readonly string[];
  readonly date: DateParse;
}

/** True when any checked field of the row is NULL (empty or unparseable in the source). */
export const BAD_ROW = CHECKED_FIELDS.map(({ field }) => `${field} IS NULL`).join(" OR ");

/** The bad-cell mask of a row: one bit per checked field that is NULL. */
export const BAD_MASK = `(${
  CHECKED_FIELDS.map(({ field, bit }) => `CASE WHEN ${field} IS NULL THEN ${bit} ELSE 0 END`)
    .join(" + ")
})::UTINYINT`;

/**
 * The statement that reads the source once into the stage table: the canonical columns,
 * with `row_number` left 0 (see {@linkcode numberRows}).
 */
export function stageSql(table: string, from: string, source: SqlSource): string {
  return `CREATE OR REPLACE TABLE ${table} AS
SELECT 0::BIGINT AS row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country,
  quantity * price AS line_total, coalesce(starts_with(invoice, 'C'), false) AS is_cancellation
FROM (${typedSelect(from, source, false)})`;
}

/**
 * The query that reads the source again and returns the first `limit` bad rows in file
 * order: `bad` (the mask) and `raw` (the source values as text, one per header column).
 * Filters and LIMIT keep the file order (no join, `preserve_insertion_order`), so the k-th
 * row here is the k-th bad row of the stage table.
 */
export function badRowsSql(from: string, source: SqlSource, limit: number): string {
  const raw = `[${source.header.map((_, i) => `__crm_r${i}`).join(", ")}]`;
  return `SELECT ${BAD_MASK} AS bad, ${raw} AS raw
FROM (${typedSelect(from, source, true)})
WHERE ${BAD_ROW} LIMIT ${limit}`;
}

/**
 * Typed values of the canonical fields, computed once per row so the checks refer to them by
 * name; with `withRaw`, also every source column as text (`__crm_r0`, `__crm_r1`, …).
 */
function typedSelect(from: string, source: SqlSource, withRaw: boolean): string {
  const { columnMap, types, header, date } = source;
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
  const number = (field: CanonicalField): string =>
    isText(field) ? `TRY_CAST(${ref(field)} AS DOUBLE)` : `CAST(${ref(field)} AS DOUBLE)`;
  const dateExpr = (): string => {
    const r = ref("invoice_date")!;
    if ("native" in date) return `CAST(${r} AS TIMESTAMP)`;
    return date.iso
      ? `TRY_CAST(${r} AS TIMESTAMP)`
      : `TRY_STRPTIME(${r}, ${quoteLiteral(date.format)})`;
  };
  const id = asText("customer_id");
  const typed = [
    `${asText("invoice")} AS invoice`,
    `${asText("stock_code")} AS stock_code`,
    `${asText("description")} AS description`,
    `${number("quantity")} AS quantity`,
    `${dateExpr()} AS invoice_date`,
    `${number("price")} AS price`,
    // '17850.0' (pandas float export) and '17850' are the same customer.
    `NULLIF(CASE WHEN contains(${id}, '.') THEN regexp_replace(${id}, '\\.0+$', '') ELSE ${id} END, '') AS customer_id`,
    `${asText("country")} AS country`,
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
