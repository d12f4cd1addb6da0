/**
 * SQL expressions that turn source columns into canonical columns in one pass, and
 * flag the cells that do not parse (a bit per checked field in `__crm_bad`).
 *
 * @module
 */
import type { CanonicalField } from "../db/canonical.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import type { DateFormat } from "./detect_date_format.ts";

/** How the date column is parsed: a detected/given text format, or already typed. */
export type DateParse = DateFormat | { readonly native: true };

/** Fields whose cells are checked, with their bit in `__crm_bad` and what a failure means. */
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

/** The SQL columns of the stage query: canonical values, `__crm_bad`, and `__crm_raw` (source values of bad rows). */
export function stageSelect(
  columnMap: Readonly<Record<CanonicalField, string | null>>,
  types: Readonly<Record<string, string>>,
  header: readonly string[],
  date: DateParse,
): string {
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
  const values = [
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
  // Parse expressions are repeated rather than referenced by alias: a source column with
  // the same name as an alias would win the name lookup. DuckDB evaluates them once.
  const checks = CHECKED_FIELDS.map(({ field, bit, kind }) => {
    const parsed = kind === "text" ? ref(field)! : kind === "date" ? dateExpr() : number(field);
    return `CASE WHEN ${parsed} IS NULL THEN ${bit} ELSE 0 END`;
  });
  const raw = `[${
    header.map((h) =>
      TEXT_TYPES.has(types[h] ?? "VARCHAR") ? quoteIdent(h) : `CAST(${quoteIdent(h)} AS VARCHAR)`
    ).join(", ")
  }]`;
  return [
    ...values,
    `(${checks.join(" + ")})::UTINYINT AS __crm_bad`,
    `CASE WHEN __crm_bad <> 0 THEN ${raw} END AS __crm_raw`,
  ].join(",\n  ");
}

/** Canonical columns computed from the stage table, in table order. */
export const FINAL_SELECT = [
  "(rowid + 1)::BIGINT AS row_number",
  "invoice",
  "stock_code",
  "description",
  "quantity",
  "invoice_date",
  "price",
  "customer_id",
  "country",
  "quantity * price AS line_total",
  "coalesce(starts_with(invoice, 'C'), false) AS is_cancellation",
].join(", ");
