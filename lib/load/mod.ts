/**
 * Loads transaction logs (`.csv`, `.tsv`, `.txt`, each optionally gzipped, `.parquet`,
 * `.xlsx` with all its matching sheets) into the canonical DuckDB table `raw_transactions`.
 * Columns of both UCI Online Retail schemas are recognised; other schemas are mapped with
 * `--map field="Column"` pairs (a line `amount` may replace the unit price; quantity, invoice
 * and product columns are optional). Delimiters, decimal commas and date formats are detected,
 * and dates that cannot tell day from month stop the load. Every bad input is a typed error
 * naming file, line, column and value. With `cache`, a load (and a workbook's conversion) is
 * kept as Parquet in {@linkcode loadCacheDir} and restored for the same bytes and load options.
 *
 * @example Map a custom schema and check the columns before loading
 * ```ts
 * import { detectFormat, parseMapping, resolveColumns } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(detectFormat("orders.csv.gz"), "csv.gz");
 * const header = ["Order ID", "SKU", "Product", "Units", "Order Date", "Unit Price", "Customer Name", "Market"];
 * const map = parseMapping('invoice="Order ID",stock_code=SKU,quantity=Units,invoice_date="Order Date",price="Unit Price",customer_id="Customer Name"');
 * const { schema, columnMap } = resolveColumns(header, { map });
 * equal(schema, "mapped");
 * equal(columnMap.invoice_date, "Order Date");
 * ```
 *
 * @module
 */
export * from "./detect_format.ts";
export * from "./detect_date_format.ts";
export * from "./detect_dialect.ts";
export * from "./parse_mapping.ts";
export * from "./resolve_columns.ts";
export * from "./read_header.ts";
export * from "./load_transactions.ts";
export * from "./read_table.ts";
export * from "./estimate_rows.ts";
export { textNumberSql } from "./_sql.ts";
