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
  /**
   * Months the data covers only in part (`"2011-12"`): drawn paler, marked in the tooltip and
   * left out of the trend line, whose averages would otherwise dip for the missing days.
   * @default {[]}
   */
  partialMonths?: readonly string[];
}

const LABELS = { revenue: "Revenue", orders: "Orders", customers: "Customers" } as const;

/**
 * Monthly revenue (or orders, or customers) as bars, one per month, with a moving-average
 * trend line over them (**trendMonths** months, trailing). Look at the line for the trend,
 * and at single bars for seasonal peaks. **partialMonths** are drawn paler and kept out of the
 * trend.
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
 * const months = ["2011-01", "2011-02", "2011-03", "2011-04"].map((month) => ({ month, revenue: 9, orders: 3, customers: 2 }));
 * const partial = monthlyRevenue(months, { partialMonths: ["2011-04"], trendMonths: 2 });
 * // the trend has points for February and March only: April is partial
 * equal((partial.marks![1] as unknown as { data: unknown[] }).data.length, 2);
 * ```
 */
export function monthlyRevenue(
  rows: readonly MonthlyRow[],
  options: MonthlyRevenueOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { metric = "revenue", trendMonths = 3, partialMonths = [] } = options;
  if (!(metric in LABELS)) {
    throw new OptionError(
      "metric",
      `Cannot draw chart: metric must be one of "revenue", "orders", "customers": current value is "${metric}"`,
    );
  }
  const value = (v: number): string => metric === "revenue" ? fmt.money(v) : fmt.int(v);
  const sorted = [...rows].sort((a, b) => a.month < b.month ? -1 : a.month > b.month ? 1 : 0);
  const isPartial = (month: string) => partialMonths.includes(month);
  const trend = movingAverage(
    sorted.map((r) => isPartial(r.month) ? null : r[metric]),
    trendMonths,
  );
  const data = sorted.map((r, i) => ({
    month: r.month,
    start: monthStart(r.month),
    middle: monthMiddle(r.month),
    value: r[metric],
    trend: trend[i] ?? null,
    opacity: isPartial(r.month) ? 0.35 : 0.75,
    tip: [
      isPartial(r.month) ? `${fmt.month(r.month)} (partial month)` : fmt.month(r.month),
      `${LABELS[metric]}: ${value(r[metric])}`,
      ...(trend[i] !== null && trend[i] !== undefined
        ? [`${trendMonths}-month average: ${value(trend[i]!)}`]
        : []),
    ].join("\n"),
  }));
  const trendPoints = data.filter((d) => d.trend !== null);
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
      "the monthly ups and downs." +
      (partialMonths.some((m) => sorted.some((r) => r.month === m))
        ? " Pale bars are months the data covers only in part; the line leaves them out."
        : ""),
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
        fillOpacity: "opacity",
        inset: 1,
        title: "tip",
      }),
      Plot.lineY(trendPoints, {
        x: "middle",
        y: "trend",
        stroke: SERIES_COLORS.expected,
        strokeWidth: 2.5,
      }),
      Plot.dot(trendPoints, {
        x: "middle",
        y: "trend",
        r: 3.5,
        fill: SERIES_COLORS.expected,
        title: "tip",
      }),
      Plot.ruleY([0]),
    ],
  }, options);
}

/**
 * Trailing moving average over `k` values: `null` until `k` values are there (Plot's
 * `windowY({ k, anchor: "end", strict: true })`, computed here so its tooltip can say it), and
 * `null` for every window that holds a missing value (`null`: a month left out).
 *
 * @example
 * ```ts
 * import { movingAverage } from "./monthly_revenue.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(movingAverage([3, 6, 9, 12], 3), [null, null, 6, 9]);
 * deepEqual(movingAverage([3, 6, 9, null], 2), [null, 4.5, 7.5, null]);
 * ```
 */
export function movingAverage(values: readonly (number | null)[], k: number): (number | null)[] {
  return values.map((_, i) => {
    if (i + 1 < k) return null;
    let sum = 0;
    for (let j = i + 1 - k; j <= i; j++) {
      const v = values[j];
      if (v === null || v === undefined) return null;
      sum += v;
    }
    return sum / k;
  });
}
