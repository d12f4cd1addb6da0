/**
 * The data of a report table as the page embeds it: every row of the table (not only the rows
 * shown), on the table's columns, as JSON that the page script filters, sorts, pages and
 * downloads as CSV. Values are plain JSON: numbers to 12 significant digits (as the output
 * tables under `tables/` write them), dates as `YYYY-MM-DD`, text as text, `null` for nothing.
 *
 * Pure and browser-safe: the page script imports {@linkcode tableCsv} to build the download, so
 * the file a reader downloads is the one this module defines.
 *
 * @module
 */
import { csvField, spreadsheetText } from "../util/csv.ts";
import type { TableBlock, TableColumn } from "./report.ts";

/** One embedded cell value. */
export type DataValue = string | number | null;

/** A table's embedded data. */
export interface TableData {
  /** The block's id. */
  readonly id: string;
  readonly title: string;
  /** File name of the CSV download. */
  readonly download: string;
  /** Rows per page in the page (the block's limit). */
  readonly limit: number;
  /** Currency symbol of money columns. */
  readonly currency: string;
  readonly columns: readonly TableColumn[];
  /** Every row (up to the embedding limit), one value per column, in the table's order. */
  readonly rows: readonly (readonly DataValue[])[];
  /** Rows of the table, embedded or not (more than `rows.length` past the limit). */
  readonly total: number;
}

/**
 * Most rows a table embeds: past this the page carries the first rows and says where the
 * complete table is, so the page stays a size one can e-mail.
 */
export const MAX_EMBEDDED_ROWS = 20_000;

/**
 * A cell value as embedded data: numbers to 12 significant digits (binary noise such as
 * `236.16000000000005` dropped, as in the output tables), non-finite numbers as `null`, big
 * integers as numbers, dates as `YYYY-MM-DD` (UTC), anything else as its text.
 *
 * @example
 * ```ts
 * import { dataValue } from "./table_data.ts";
 * import { equal } from "node:assert/strict";
 * equal(dataValue(236.16000000000005), 236.16);
 * equal(dataValue(NaN), null);
 * equal(dataValue(12n), 12);
 * equal(dataValue(new Date("2011-05-01T10:00:00Z")), "2011-05-01");
 * equal(dataValue(undefined), null);
 * equal(dataValue("=1+1"), "=1+1");
 * ```
 */
export function dataValue(value: unknown): DataValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    const rounded = Number(value.toPrecision(12));
    return rounded === 0 ? 0 : rounded;
  }
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  }
  return String(value);
}

/**
 * The file name a table downloads as: its output file when that is a CSV, else its id.
 *
 * @example
 * ```ts
 * import { downloadName } from "./table_data.ts";
 * import { equal } from "node:assert/strict";
 * equal(downloadName({ id: "sales.monthly", file: "monthly.csv" }), "monthly.csv");
 * equal(downloadName({ id: "clv.fits", file: "clv_params.json" }), "clv-fits.csv");
 * equal(downloadName({ id: "quality.columns" }), "quality-columns.csv");
 * ```
 */
export function downloadName(block: { readonly id: string; readonly file?: string }): string {
  if (block.file !== undefined && /^[\w.-]+\.csv$/.test(block.file)) return block.file;
  return `${block.id.replace(/[^A-Za-z0-9_-]+/g, "-")}.csv`;
}

/** Options for {@linkcode tableData}. */
export interface TableDataOptions {
  /** Currency symbol of money columns. @default {""} */
  currency?: string;
  /** Rows per page. @default {the block's limit, else 25} */
  limit?: number;
  /** Most rows embedded. @default {MAX_EMBEDDED_ROWS} */
  maxRows?: number;
}

/**
 * The embedded data of a table block: all its rows on its columns.
 *
 * @example
 * ```ts
 * import { tableData } from "./table_data.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const data = tableData({ kind: "table", id: "t", title: "T", file: "t.csv",
 *   columns: [{ key: "name", format: "text" }, { key: "revenue", format: "money" }],
 *   rows: [{ name: "a", revenue: 1.5, extra: 1 }, { name: "b" }], limit: 1 }, { currency: "£" });
 * deepStrictEqual(data.rows, [["a", 1.5], ["b", null]]);
 * equal(data.limit, 1);
 * equal(data.download, "t.csv");
 * ```
 */
export function tableData(block: TableBlock, options: TableDataOptions = {}): TableData {
  return {
    id: block.id,
    title: block.title,
    download: downloadName(block),
    limit: options.limit ?? block.limit ?? 25,
    currency: options.currency ?? "",
    columns: block.columns.map((c) => ({ ...c })),
    rows: block.rows.slice(0, options.maxRows ?? MAX_EMBEDDED_ROWS).map((row) =>
      block.columns.map((c) => dataValue(row[c.key]))
    ),
    total: block.rows.length,
  };
}

/**
 * A table's data as the page embeds it: small tables as plain JSON rows; the rows of large ones
 * as gzip-compressed JSON in base64 (`{ gzip }`), which the page script inflates with the
 * browser's `DecompressionStream` (a third of the size: a customer table of 4,334 rows takes
 * 111 KB instead of 255 KB).
 */
export type EmbeddedTableData = Omit<TableData, "rows"> & {
  readonly rows: TableData["rows"] | { readonly gzip: string };
};

/**
 * A table's data as CSV text (RFC 4180 quoting, `\n` line ends): a header of the column labels
 * as the page shows them, then every row; numbers in JavaScript's shortest form, empty fields
 * for nothing, text cells spreadsheet-safe (`spreadsheetText` of lib/util, the rule of the output tables).
 *
 * @example
 * ```ts
 * import { tableCsv } from "./table_data.ts";
 * import { equal } from "node:assert/strict";
 * const csv = tableCsv({ id: "t", title: "T", download: "t.csv", limit: 25, currency: "", total: 2,
 *   columns: [{ key: "name", label: "product" }, { key: "revenue", format: "money" }],
 *   rows: [["MUG, RED", 1.5], ["=SUM(A1)", null]] });
 * equal(csv, 'product,revenue\n"MUG, RED",1.5\n\'=SUM(A1),\n');
 * ```
 */
export function tableCsv(data: TableData): string {
  const lines = [data.columns.map((c) => csvField(c.label ?? c.key)).join(",")];
  for (const row of data.rows) {
    lines.push(
      row.map((v) =>
        v === null ? "" : typeof v === "number" ? String(v) : csvField(spreadsheetText(v))
      ).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * JSON text that is safe inside an HTML `<script type="application/json">` element: `<`, `>`
 * and `&` and the two JavaScript line separators are written as `\u` escapes, so no text of
 * the data can end the element or start markup. `JSON.parse` gives the value back unchanged.
 *
 * @example
 * ```ts
 * import { scriptJson } from "./table_data.ts";
 * import { deepStrictEqual, doesNotMatch } from "node:assert/strict";
 * const text = scriptJson({ name: "</script><img src=x onerror=alert(1)>" });
 * doesNotMatch(text, /</);
 * deepStrictEqual(JSON.parse(text), { name: "</script><img src=x onerror=alert(1)>" });
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
