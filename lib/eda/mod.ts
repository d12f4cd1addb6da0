/**
 * Exploratory analysis and KPIs of the cleaned transactions: headline KPIs, monthly trends
 * with month-over-month change and new versus returning revenue, top products and countries,
 * revenue concentration (top-20% share, Lorenz curve, Gini) and price/quantity distributions.
 * Aggregation is SQL (order-level functions accept `{ orders }` from lib/rfm `orderTable`, and
 * sums are exact decimals); the concentration measures are pure functions.
 *
 * @example Concentration of five customers' spend
 * ```ts
 * import { gini, lorenzCurve, topShare } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const spend = [10, 10, 10, 10, 60];
 * equal(topShare(spend), 0.6);
 * equal(gini(spend).toFixed(12), "0.400000000000"); // 2·400/(5·100) − 6/5
 * equal(lorenzCurve(spend).at(-2)!.share, 0.4);
 * ```
 *
 * @module
 */
export * from "./concentration.ts";
export * from "./kpis.ts";
export * from "./monthly.ts";
export * from "./top.ts";
export * from "./distribution.ts";
export * from "./dataset_summary.ts";
export * from "./partial_periods.ts";
