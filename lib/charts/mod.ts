/**
 * Charts for every analysis of the workspace. A chart is a pure function from a small,
 * already computed table to Observable Plot options (title, subtitle and caption in plain
 * words included); {@linkcode renderChart} turns options into SVG/HTML markup on a
 * server-side DOM. The theme fixes the width, the font, number formats and one colour per
 * RFM segment everywhere.
 *
 * Input shapes are structural interfaces with camelCase fields, defined next to each chart
 * (for example {@linkcode MonthlyRow} or {@linkcode RfmGridCell}).
 *
 * @example Render a chart
 * ```ts
 * import { monthlyRevenue, renderChart, SEGMENT_COLORS } from "./mod.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const markup = renderChart(monthlyRevenue([
 *   { month: "2011-01", revenue: 1200, orders: 10, customers: 8 },
 *   { month: "2011-02", revenue: 1500, orders: 12, customers: 9 },
 * ]));
 * match(markup, /^<figure/);
 * match(markup, /Revenue per month, with trend/);
 * equal(SEGMENT_COLORS.at_Risk, "#e0573a");
 * ```
 *
 * @module
 */
export * from "./theme.ts";
export { renderChart } from "./render.ts";
export type { ChartOptions } from "./_frame.ts";
export type { MatrixCell } from "./_matrix.ts";
export * from "./cleaning_funnel.ts";
export * from "./monthly_revenue.ts";
export * from "./new_returning.ts";
export * from "./top_items.ts";
export * from "./weekday_hour.ts";
export * from "./distribution.ts";
export * from "./histogram.ts";
export * from "./inter_purchase_days.ts";
export * from "./lorenz_curve.ts";
export * from "./rfm_grid.ts";
export * from "./segment_sizes.ts";
export * from "./product_segment_mix.ts";
export * from "./cohort_retention.ts";
export * from "./period_transactions.ts";
export * from "./calibration_holdout.ts";
export * from "./purchase_tracking.ts";
export * from "./frequency_recency_matrix.ts";
export * from "./probability_alive_matrix.ts";
export * from "./probability_alive_history.ts";
export * from "./clv_distribution.ts";
export * from "./clv_segments.ts";
export * from "./data_checks.ts";
export * from "./interval_dots.ts";
export * from "./channel_mix.ts";
export * from "./target_attainment.ts";
export * from "./win_trend.ts";
