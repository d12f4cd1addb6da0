/** One line of an Online Retail II–shaped transaction log. */
export interface RetailRow {
  /** Invoice number; `C…` cancellation, `A…` bad-debt adjustment. */
  readonly invoice: string;
  readonly stockCode: string;
  /** Description; empty for some stock adjustments. */
  readonly description: string;
  /** Units; negative on cancellations, discounts and some adjustments. */
  readonly quantity: number;
  /** `YYYY-MM-DD HH:MM:00`. */
  readonly invoiceDate: string;
  /** Unit price in pounds. */
  readonly price: number;
  /** Customer id as text, or `null` when the invoice has none. */
  readonly customerId: string | null;
  readonly country: string;
}

/** The Online Retail II CSV header. */
export const RETAIL_CSV_HEADER =
  "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country";

/**
 * Quotes a CSV field per RFC 4180 when it contains a comma, a double quote or a line
 * break (quotes are doubled); other text is written as is.
 *
 * @example
 * ```ts
 * import { csvField } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(csvField("MUG"), "MUG");
 * equal(csvField("TUMBLER, NEW ENGLAND"), '"TUMBLER, NEW ENGLAND"');
 * equal(csvField('6" FRAME'), '"6"" FRAME"');
 * ```
 */
export function csvField(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/**
 * Formats one row as a CSV line (without the line end); a missing customer id is an
 * empty field.
 *
 * @example
 * ```ts
 * import { formatRetailRow } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * equal(
 *   formatRetailRow({ invoice: "C1", stockCode: "22", description: "BAG, RED", quantity: -2,
 *     invoiceDate: "2011-01-04 10:00:00", price: 1.25, customerId: null, country: "EIRE" }),
 *   'C1,22,"BAG, RED",-2,2011-01-04 10:00:00,1.25,,EIRE',
 * );
 * ```
 */
export function formatRetailRow(row: RetailRow): string {
  return `${row.invoice},${csvField(row.stockCode)},${
    csvField(row.description)
  },${row.quantity},${row.invoiceDate},${row.price},${row.customerId ?? ""},${
    csvField(row.country)
  }`;
}

/** Options for {@linkcode retailCsvChunks}. */
export interface RetailCsvChunksOptions {
  /** Approximate characters per chunk. @default {1048576} */
  chunkChars?: number;
}

/**
 * Formats rows as CSV text in large chunks: the header first, one LF-terminated line per
 * row. Concatenating the chunks gives the whole file; writing big chunks keeps output fast.
 *
 * @example
 * ```ts
 * import { retailCsvChunks } from "./csv.ts";
 * import { equal } from "node:assert/strict";
 * const row = { invoice: "1", stockCode: "22", description: "MUG", quantity: 2,
 *   invoiceDate: "2011-01-04 10:00:00", price: 1.25, customerId: "12346", country: "EIRE" };
 * equal(
 *   [...retailCsvChunks([row, row], { chunkChars: 10 })].join(""),
 *   "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
 *     "1,22,MUG,2,2011-01-04 10:00:00,1.25,12346,EIRE\n".repeat(2),
 * );
 * ```
 */
export function* retailCsvChunks(
  rows: Iterable<RetailRow>,
  options: RetailCsvChunksOptions = {},
): Generator<string> {
  const { chunkChars = 1 << 20 } = options;
  let chunk = RETAIL_CSV_HEADER + "\n";
  for (const row of rows) {
    chunk += formatRetailRow(row) + "\n";
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
}
