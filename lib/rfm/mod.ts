/**
 * RFM: recency, frequency and monetary value per customer as of an analysis date
 * (computed in SQL), and 1–5 scores by quantile bins with exactly pandas `qcut` semantics
 * (recency reversed, frequency on ranks with ties broken by customer id).
 *
 * @example Score a few customers
 * ```ts
 * import { qcut, rankFirst, rfmScores } from "./mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(qcut(rankFirst([1, 1, 2, 5]), 2), [0, 0, 1, 1]);
 * const [a] = rfmScores([
 *   { customerId: "a", recency: 3, frequency: 4, monetary: 90 },
 *   { customerId: "b", recency: 40, frequency: 1, monetary: 10 },
 * ], { bins: 2 });
 * deepStrictEqual(a!.rfmScore, "222");
 * ```
 *
 * @module
 */
export * from "./quantile.ts";
export * from "./qcut.ts";
export * from "./rank_first.ts";
export * from "./as_of.ts";
export * from "./order_table.ts";
export * from "./rfm_table.ts";
export * from "./rfm_scores.ts";
export * from "./rfm_scoring.ts";
