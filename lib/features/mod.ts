/**
 * Behavioural features per customer (purchase rhythm, regularity, tenure, basket size, return
 * rate, preferred weekday and peak hour) and population views (inter-purchase gaps, weekday ×
 * hour heatmap, shopping peaks). Row-level work is SQL; pass `{ orders }` (lib/rfm `orderTable`)
 * to read a prepared order table instead of grouping the lines in every call.
 *
 * @example Peaks from heatmap cells
 * ```ts
 * import { shoppingPeaks } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const peaks = shoppingPeaks([
 *   { weekday: 1, weekdayName: "Monday", hour: 10, orders: 4, revenue: 40 },
 *   { weekday: 4, weekdayName: "Thursday", hour: 12, orders: 5, revenue: 20 },
 * ]);
 * equal(peaks.busiestHour, 12);
 * ```
 *
 * @module
 */
export * from "./customer_features.ts";
export * from "./population_views.ts";
export * from "./time_of_day.ts";
