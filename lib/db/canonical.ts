/**
 * The canonical transaction table every loader produces and every analysis reads.
 *
 * Tables in an analysis database, in file order (`row_number` ascending) unless said otherwise:
 * - `raw_transactions`: every data row of the input, canonical columns.
 * - `clean_transactions`: the purchase lines that survive cleaning (same columns; capped values).
 * - `cleaning_removed`: every removed row as it was, with `step` and `rule` first.
 * - `cleaning_changed`: every capped value: `step, rule, row_number, column, old_value, new_value`
 *   (by step, then in file order).
 * - `returns`: cancellation lines kept for the returns view (recommended preset), same
 *   columns plus `matched_invoice` (the purchase they reverse, or NULL).
 */

/** One canonical column: name, DuckDB type and meaning. */
export interface CanonicalColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly required: boolean;
  readonly description: string;
}

/** The canonical columns, in table order. `row_number` is the 1-based data row of the source. */
export const CANONICAL_COLUMNS: readonly CanonicalColumn[] = [
  {
    name: "row_number",
    sqlType: "BIGINT",
    required: true,
    description: "1-based data row in the source file (header excluded)",
  },
  {
    name: "invoice",
    sqlType: "VARCHAR",
    required: true,
    description: "invoice number; a leading 'C' marks a cancellation",
  },
  { name: "stock_code", sqlType: "VARCHAR", required: true, description: "product code" },
  { name: "description", sqlType: "VARCHAR", required: false, description: "product description" },
  {
    name: "quantity",
    sqlType: "DOUBLE",
    required: true,
    description: "units on the line (negative for cancellations)",
  },
  {
    name: "invoice_date",
    sqlType: "TIMESTAMP",
    required: true,
    description: "invoice timestamp (naive, as written in the data)",
  },
  { name: "price", sqlType: "DOUBLE", required: true, description: "unit price" },
  {
    name: "customer_id",
    sqlType: "VARCHAR",
    required: false,
    description: "customer id as text ('17850', never '17850.0'); NULL when missing",
  },
  { name: "country", sqlType: "VARCHAR", required: false, description: "customer country" },
  { name: "line_total", sqlType: "DOUBLE", required: true, description: "quantity * price" },
  {
    name: "is_cancellation",
    sqlType: "BOOLEAN",
    required: true,
    description: "invoice starts with 'C'",
  },
];

/** Canonical field names a user maps source columns onto (derived fields excluded). */
export const CANONICAL_FIELDS = [
  "invoice",
  "stock_code",
  "description",
  "quantity",
  "invoice_date",
  "price",
  "customer_id",
  "country",
] as const;

/** A canonical field a user can map. */
export type CanonicalField = typeof CANONICAL_FIELDS[number];

/** Fields that must be present after mapping. */
export const REQUIRED_FIELDS: readonly CanonicalField[] = [
  "invoice",
  "stock_code",
  "quantity",
  "invoice_date",
  "price",
  "customer_id",
];

/** `CREATE TABLE` column list for the canonical table. */
export function canonicalTableDdl(table: string): string {
  return `CREATE OR REPLACE TABLE ${table} (${
    CANONICAL_COLUMNS.map((c) => `${c.name} ${c.sqlType}`).join(", ")
  })`;
}
