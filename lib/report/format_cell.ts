/**
 * How a table cell reads: the one cell formatter of the report, used by the server-side table
 * renderer and by the page script that draws filtered, sorted and paged rows in the browser (it
 * imports nothing but the formatter, so the bundle stays small and both draw the same text).
 *
 * @module
 */
import type { Format } from "../format/mod.ts";
import type { TableColumn } from "./report.ts";

/**
 * True for columns whose values are numbers (right-aligned, kept on one line, sorted as
 * numbers).
 *
 * @example
 * ```ts
 * import { isNumericColumn } from "./format_cell.ts";
 * import { equal } from "node:assert/strict";
 * equal(isNumericColumn({ key: "revenue", format: "money" }), true);
 * equal(isNumericColumn({ key: "segment", format: "text" }), false);
 * equal(isNumericColumn({ key: "note" }), false);
 * ```
 */
export function isNumericColumn(column: TableColumn): boolean {
  return column.format !== undefined && column.format !== "text";
}

/**
 * A table cell as text: numbers by the column's format, dates as `YYYY-MM-DD`, nothing for
 * null and undefined.
 *
 * @example
 * ```ts
 * import { formatCell } from "./format_cell.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal } from "node:assert/strict";
 * const fmt = createFormat({ currency: "€" });
 * equal(formatCell(1234.5, { key: "x", format: "money" }, fmt), "€1,235");
 * equal(formatCell(0.25, { key: "x", format: "percent" }, fmt), "25.0%");
 * equal(formatCell(0.000578, { key: "x", format: "decimal" }, fmt), "0.000578");
 * equal(formatCell(null, { key: "x", format: "int" }, fmt), "");
 * ```
 */
export function formatCell(cell: unknown, column: TableColumn, fmt: Format): string {
  let value = cell;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : fmt.date(value);
  if (typeof value === "bigint") value = Number(value);
  if (typeof value !== "number") return String(value);
  switch (column.format) {
    case "int":
      return fmt.int(value);
    case "money":
      return fmt.money(value);
    case "percent":
      return fmt.percent(value);
    case "number":
      return fmt.number(value);
    case "decimal":
      return value !== 0 && Math.abs(value) < 0.1 ? fmt.significant(value) : fmt.number(value);
    default:
      return String(value);
  }
}
