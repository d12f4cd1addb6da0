/**
 * RFM: recency, frequency and monetary value per customer as of an analysis date (computed in
 * SQL), and 1–5 scores by quantile bins with exactly pandas `qcut` semantics (recency reversed,
 * frequency on ranks with ties broken by customer id).
 *
 * - {@linkcode rfmTable}: the RFM rows of the clean lines (or of a prepared order table); the
 *   as-of date defaults by {@linkcode resolveAsOf} to midnight at the start of the second day
 *   after the last purchase.
 * - {@linkcode rfmScores}: the classic recipe, which refuses coinciding quantile edges;
 *   {@linkcode rfmScoring}: the same scores, with a reported per-metric fallback to ranks.
 * - The pandas/numpy building blocks (`qcut`, `quantileLinear`, `rankFirst`) are in lib/stats.
 * - {@linkcode orderTable}: one row per invoice, built once and shared by the order-level
 *   analyses of lib/rfm, lib/features, lib/cohort and lib/eda (`{ orders }`).
 *
 * @example Transactions to scores
 * ```ts
 * import { rfmScoring, rfmTable } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-12-09 12:50', 30.0), ('a', 'i2', timestamp '2011-11-01 10:00', 20.0),
 *   ('b', 'i3', timestamp '2011-06-01 09:00', 10.0)) t(customer_id, invoice, invoice_date, line_total)`);
 * const { asOf, rows } = await rfmTable(db);
 * deepStrictEqual(asOf, new Date("2011-12-11T00:00:00Z"));
 * deepStrictEqual(rows.map((r) => [r.customerId, r.recency, r.frequency, r.monetary]), [
 *   ["a", 1, 2, 50], ["b", 192, 1, 10], // b: 192 days 15 hours
 * ]);
 * const { rows: scored, fallbacks } = rfmScoring(rows);
 * deepStrictEqual([scored.map((r) => r.rfmScore), fallbacks], [["555", "111"], []]);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./as_of.ts";
export * from "./order_table.ts";
export * from "./rfm_table.ts";
export * from "./rfm_scores.ts";
export * from "./rfm_scoring.ts";
