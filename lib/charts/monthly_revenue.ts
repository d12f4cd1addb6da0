import * as Plot from "@observablehq/plot";
import { OptionError } from "../errors.ts";
import { type ChartOptions, frame, monthMiddle, monthStart } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One month of sales. `revenueChange` is the change versus the month before (0.12 = +12%). */
export interface MonthlyRow {
  readonly month: string;
  readonly revenue: number;
  readonly orders: number;
  readonly customers: number;
  readonly revenueChange?: number | null;
}

/** Options for {@linkcode monthlyRevenue}. */
export interface MonthlyRevenueOptions extends ChartOptions {
  /** Which measure the bars show. @default {"revenue"} */
  metric?: "revenue" | "orders" | "customers";
  /** Months in the moving average drawn as the trend line. @default {3} */
  trendMonths?: number;
}

const LABELS = { revenue: "Revenue", orders: "Orders", customers: "Customers" } as const;

/**
 * Monthly revenue (or orders, or customers) as bars, one per month, with a moving-average
 * trend line over them (**trendMonths** months, trailing). Look at the line for the trend,
 * and at single bars for seasonal peaks.
 *
 * @param rows One row per month, `month` like `"2011-01"`.
 * @param options **metric**, **trendMonths**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 * @throws {OptionError} If **metric** is unknown.
 *
 * @example
 * ```ts
 * import { monthlyRevenue } from "./monthly_revenue.ts";
 * import { equal } from "node:assert/strict";
 * const spec = monthlyRevenue([{ month: "2011-01", revenue: 10, orders: 2, customers: 1 }], { metric: "orders" });
 * equal(spec.title, "Orders per month, with trend");
 * ```
 */
export function monthlyRevenue(
  rows: readonly MonthlyRow[],
  options: MonthlyRevenueOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { metric = "revenue", trendMonths = 3 } = options;
  if (!(metric in LABELS)) {
    throw new OptionError(
      "metric",
      `Cannot draw chart: metric must be one of "revenue", "orders", "customers": current value is "${metric}"`,
    );
  }
  const data = [...rows]
    .sort((a, b) => a.month < b.month ? -1 : a.month > b.month ? 1 : 0)
    .map((r) => ({
      month: r.month,
      start: monthStart(r.month),
      middle: monthMiddle(r.month),
      value: r[metric],
    }));
  const last = rows.length > 0
    ? [...rows].sort((a, b) => (a.month < b.month ? 1 : -1))[0]
    : undefined;
  const change = last?.revenueChange;
  const subtitle = metric === "revenue" && last && typeof change === "number" &&
      Number.isFinite(change)
    ? `${last.month}: ${change >= 0 ? "+" : ""}${fmt.percent(change)} versus the month before`
    : `Bars are months; the line is the ${trendMonths}-month moving average`;
  return frame({
    title: `${LABELS[metric]} per month, with trend`,
    subtitle,
    caption: `The line averages the last ${trendMonths} months: it shows the trend under ` +
      "the monthly ups and downs.",
    height: 320,
    marginLeft: 56,
    x: { label: null, type: "utc" },
    y: { label: LABELS[metric], grid: true, tickFormat: fmt.compact },
    marks: [
      Plot.rectY(data, {
        x: "start",
        interval: "month",
        y: "value",
        fill: SERIES_COLORS.kept,
        fillOpacity: 0.75,
        inset: 1,
        title: (d: { month: string; value: number }) => `${d.month}: ${fmt.int(d.value)}`,
      }),
      Plot.lineY(
        data,
        Plot.windowY({ k: trendMonths, anchor: "end", strict: true }, {
          x: "middle",
          y: "value",
          stroke: SERIES_COLORS.expected,
          strokeWidth: 2.5,
        }),
      ),
      Plot.ruleY([0]),
    ],
  }, options);
}
