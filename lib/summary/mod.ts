/**
 * Per-customer model summaries: from cleaned transactions (or a customer-level table such as
 * FLO) to `frequency`, `recency`, `T` and `monetaryValue` as of a date, in two documented
 * conventions: `repeat` (lifetimes and the literature: repeat purchase periods) and `classic`
 * (the bootcamp tutorials: distinct invoices, days / 7). Also the calibration/holdout split,
 * the actual counts for tracking plots, the CDNOW readers and the shared default analysis
 * date {@linkcode asOfDefault}. Row-level work runs as SQL in DuckDB; results are columns
 * (`Float64Array`s with `customerIds`) or rows.
 *
 * Which options reproduce which reference:
 * - lifetimes `summary_data_from_transaction_data(freq="W")`: `{ periodUnit: "week", timeUnit: "week" }`
 * - lifetimes default `freq="D"`: `{ periodUnit: "day" }`
 * - `cdnow_customers_summary.csv`: `CDNOW_sample.txt` with `{ periodUnit: "day", timeUnit: "week",
 *   asOf: new Date("1997-09-30") }`, rounded to 2 decimals
 * - the Online Retail II CLTV tutorials: `{ convention: "classic", asOf: new Date("2011-12-11") }`
 *
 * @example Summaries in both conventions
 * ```ts
 * import { asOfDefault, customerSummaries } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2024-01-01 10:00', 10.0), ('a', 'i2', timestamp '2024-01-01 15:00', 5.0),
 *   ('a', 'i3', timestamp '2024-01-15 09:00', 30.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * const asOf = asOfDefault(new Date("2024-01-15T09:00:00Z")); // 2024-01-17
 * deepStrictEqual(await customerSummaries(db, { asOf }), [
 *   { customerId: "a", frequency: 1, recency: 14, T: 16, monetaryValue: 30 },
 * ]);
 * deepStrictEqual(await customerSummaries(db, { asOf, convention: "classic", timeUnit: "day" }), [
 *   { customerId: "a", frequency: 3, recency: 13, T: 15, monetaryValue: 15 },
 * ]);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./as_of.ts";
export * from "./customer_summaries.ts";
export * from "./calibration_holdout.ts";
export * from "./customer_table.ts";
export * from "./tracking_actuals.ts";
export * from "./cdnow.ts";
