/**
 * The canonical transaction table every loader produces and every analysis reads.
 *
 * Tables in an analysis database, in file order (`row_number` ascending) unless said otherwise:
 * - `raw_transactions`: every data row of the input, canonical columns (plus the optional
 *   columns of {@linkcode OPTIONAL_COLUMNS} that the input maps).
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
    description:
      "invoice (order) number; without an invoice column, one customer's lines at one timestamp form one order",
  },
  {
    name: "stock_code",
    sqlType: "VARCHAR",
    required: true,
    description:
      "product code; the description when the input has no product code; NULL without both",
  },
  { name: "description", sqlType: "VARCHAR", required: false, description: "product description" },
  {
    name: "quantity",
    sqlType: "DOUBLE",
    required: true,
    description: "units on the line (negative for cancellations); 1 when the input has no quantity",
  },
  {
    name: "invoice_date",
    sqlType: "TIMESTAMP",
    required: true,
    description: "invoice timestamp (naive, as written in the data; midnight for date-only data)",
  },
  {
    name: "price",
    sqlType: "DOUBLE",
    required: true,
    description: "unit price; amount / quantity when the input gives line amounts",
  },
  {
    name: "customer_id",
    sqlType: "VARCHAR",
    required: false,
    description: "customer id as text ('17850', never '17850.0'); NULL when missing",
  },
  { name: "country", sqlType: "VARCHAR", required: false, description: "customer country" },
  {
    name: "line_total",
    sqlType: "DOUBLE",
    required: true,
    description: "quantity * price, or the line amount when the input gives one (revenue)",
  },
  {
    name: "is_cancellation",
    sqlType: "BOOLEAN",
    required: true,
    description:
      "the source marks the line as a cancellation: its returns flag column when mapped, else the invoice starts with 'C'",
  },
];

/**
 * Columns the canonical tables carry only when the input maps them. Cleaning passes them
 * through to `clean_transactions`.
 */
export const OPTIONAL_COLUMNS: readonly CanonicalColumn[] = [
  {
    name: "category",
    sqlType: "VARCHAR",
    required: false,
    description: "product category from the input (product segments use it instead of keywords)",
  },
  {
    name: "subcategory",
    sqlType: "VARCHAR",
    required: false,
    description: "product subcategory from the input",
  },
  {
    name: "status",
    sqlType: "VARCHAR",
    required: false,
    description:
      "the order's status from the input (lower-cased): lines of cancelled, refunded, voided or failed orders are not sales",
  },
  {
    name: "currency",
    sqlType: "VARCHAR",
    required: false,
    description:
      "the line's currency from the input (upper-cased): one currency per file, checked at load",
  },
  {
    name: "return_flag",
    sqlType: "BOOLEAN",
    required: false,
    description: "the input's returns / cancellation flag column, read as true or false",
  },
];

/**
 * Order statuses that say an order is not a sale, as exports write them (`cancelled`,
 * `Canceled`, `refunded`, `voided`, `failed`, `declined`, WooCommerce's `wc-cancelled`), as an
 * RE2 pattern for a whole, trimmed, lower-cased value. A partial refund (`partially_refunded`) or
 * a pending order stays a sale.
 *
 * @example
 * ```ts
 * import { NOT_A_SALE_STATUS } from "./canonical.ts";
 * import { equal } from "node:assert/strict";
 * const re = new RegExp(`^(?:${NOT_A_SALE_STATUS})$`);
 * equal(re.test("wc-cancelled") && re.test("refunded") && !re.test("partially_refunded"), true);
 * ```
 */
export const NOT_A_SALE_STATUS =
  "(wc-)?(cancell?ed|cancel|refunded|voided|void|failed|declined|returned|rejected|fraud)";

/**
 * SQL: the status in `column` says the order is not a sale ({@linkcode NOT_A_SALE_STATUS}, any
 * case, spaces around it aside). The order log's cleaning and the CRM tables' validation both
 * use it.
 *
 * @example
 * ```ts
 * import { notASaleSql } from "./canonical.ts";
 * import { equal } from "node:assert/strict";
 * equal(notASaleSql("status").startsWith("regexp_full_match(lower(trim(status)), "), true);
 * ```
 */
export function notASaleSql(column: string): string {
  return `regexp_full_match(lower(trim(${column})), '${NOT_A_SALE_STATUS}')`;
}

/**
 * SQL: the currency a cell names, as currencies are compared (upper-cased, spaces around it
 * aside, a blank cell naming none). The order log's load and the CRM tables' validation both
 * read currency columns with it.
 *
 * @example
 * ```ts
 * import { currencyCodeSql } from "./canonical.ts";
 * import { equal } from "node:assert/strict";
 * equal(currencyCodeSql("c"), "NULLIF(upper(trim(c)), '')");
 * ```
 */
export function currencyCodeSql(text: string): string {
  return `NULLIF(upper(trim(${text})), '')`;
}

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
  "amount",
  "category",
  "subcategory",
  "status",
  "currency",
  "returns",
  // a time of day in a column of its own, beside a date-only column (point-of-sale exports):
  // read into invoice_date
  "invoice_time",
] as const;

/** A canonical field a user can map. */
export type CanonicalField = typeof CANONICAL_FIELDS[number];

/** Fields that must be present after mapping (and one of {@linkcode MONEY_FIELDS}). */
export const REQUIRED_FIELDS: readonly CanonicalField[] = ["invoice_date", "customer_id"];

/** The money fields: at least one must be present; `amount` (a line total) wins for revenue. */
export const MONEY_FIELDS: readonly CanonicalField[] = ["price", "amount"];

/**
 * What the loader does when an optional field is absent (fields not listed are simply NULL).
 *
 * @example
 * ```ts
 * import { FIELD_DEFAULTS } from "./canonical.ts";
 * import { equal } from "node:assert/strict";
 * equal(FIELD_DEFAULTS.quantity, "one unit per line");
 * ```
 */
export const FIELD_DEFAULTS: Readonly<Partial<Record<CanonicalField, string>>> = {
  invoice: "one customer's lines at one timestamp form one order",
  stock_code: "products are named by their description",
  quantity: "one unit per line",
  price: "amount / quantity",
};

/** `CREATE TABLE` column list for the canonical table. */
export function canonicalTableDdl(table: string): string {
  return `CREATE OR REPLACE TABLE ${table} (${
    CANONICAL_COLUMNS.map((c) => `${c.name} ${c.sqlType}`).join(", ")
  })`;
}
