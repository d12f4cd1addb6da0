/**
 * The embedded default dataset: a seeded generator of Online Retail II–shaped transaction
 * logs (`Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country`).
 * Customers arrive, buy repeatedly and drop out as in BG/NBD, with heterogeneous baskets
 * and spend, a November peak, no Saturdays, a dominant home country, a gift-ware catalogue
 * with category words, and the real file's dirt: cancellations, missing customer ids,
 * duplicates, non-product codes, zero prices, bad-debt rows and outliers.
 *
 * The core is pure and deterministic ({@linkcode generateTransactions}); writing a file
 * is the I/O edge ({@linkcode writeTransactionsCsv}, `cli.ts`).
 *
 * @example Generate, format and inspect
 * ```ts
 * import { generateTransactions, retailCsvChunks, RETAIL_CSV_HEADER } from "./mod.ts";
 * import { equal, ok } from "node:assert/strict";
 *
 * const rows = [...generateTransactions({ seed: 1, customers: 50 })];
 * const text = [...retailCsvChunks(rows)].join("");
 * equal(text.split("\n")[0], RETAIL_CSV_HEADER);
 * equal(text.split("\n").length, rows.length + 2); // header + rows + final LF
 * ok(rows.some((r) => r.customerId === null));
 * ```
 *
 * @module
 */
export * from "./catalogue.ts";
export * from "./countries.ts";
export * from "./csv.ts";
export * from "./date_time.ts";
export * from "./generate_transactions.ts";
export * from "./options.ts";
export * from "./sample.ts";
export * from "./seasonality.ts";
export * from "./write_transactions_csv.ts";
export { main as generateCli, parseCliArgs, USAGE as GENERATE_USAGE } from "./cli.ts";
export type { CliCommand } from "./cli.ts";
