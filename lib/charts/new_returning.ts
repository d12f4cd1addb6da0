import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, monthStart } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** Revenue of one month split by first-time and returning customers. */
export interface NewReturningRow {
  readonly month: string;
  readonly newRevenue: number;
  readonly returningRevenue: number;
}

/** Options for {@linkcode newReturningRevenue}. */
export interface NewReturningOptions extends ChartOptions {
  /** Show shares of each month (bars of equal height) instead of amounts. @default {false} */
  normalize?: boolean;
}

/**
 * New versus returning revenue per month: stacked bars, returning customers at the bottom
 * (green), first purchases on top (blue). With **normalize** the bars show shares.
 *
 * @param rows One row per month, `month` like `"2011-01"`.
 * @param options **normalize**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { newReturningRevenue } from "./new_returning.ts";
 * import { match } from "node:assert/strict";
 * const spec = newReturningRevenue([{ month: "2011-01", newRevenue: 25, returningRevenue: 75 }]);
 * match(String(spec.subtitle), /75\.0% of revenue came from returning/);
 * ```
 */
export function newReturningRevenue(
  rows: readonly NewReturningRow[],
  options: NewReturningOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { normalize = false } = options;
  const tip = (r: NewReturningRow, group: string): string => {
    const month = r.newRevenue + r.returningRevenue;
    const part = group === "New customers" ? r.newRevenue : r.returningRevenue;
    return [
      `${fmt.month(r.month)} · ${group}`,
      `Revenue: ${fmt.money(part)}`,
      ...(month > 0 ? [`Share of the month: ${fmt.percent(part / month)}`] : []),
    ].join("\n");
  };
  const long = rows.flatMap((r) => [
    {
      month: r.month,
      start: monthStart(r.month),
      group: "Returning customers",
      revenue: r.returningRevenue,
      tip: tip(r, "Returning customers"),
    },
    {
      month: r.month,
      start: monthStart(r.month),
      group: "New customers",
      revenue: r.newRevenue,
      tip: tip(r, "New customers"),
    },
  ]);
  const total = rows.reduce((s, r) => s + r.newRevenue + r.returningRevenue, 0);
  const returning = rows.reduce((s, r) => s + r.returningRevenue, 0);
  return frame({
    title: "Revenue from new versus returning customers",
    subtitle: total > 0
      ? `${fmt.percent(returning / total)} of revenue came from returning customers`
      : "No revenue in the period",
    caption: "A customer is new in the month of their first purchase and returning after it.",
    height: 320,
    marginLeft: 56,
    x: { label: null, type: "utc" },
    y: {
      label: normalize ? "Share of revenue" : "Revenue",
      grid: true,
      tickFormat: normalize ? (d: number) => fmt.percent(d, 0) : fmt.compact,
    },
    color: {
      domain: ["Returning customers", "New customers"],
      range: [SERIES_COLORS.returning!, SERIES_COLORS.newCustomers!],
      legend: true,
    },
    marks: [
      Plot.rectY(
        long,
        Plot.stackY({ offset: normalize ? "normalize" : null, order: null }, {
          x: "start",
          interval: "month",
          y: "revenue",
          fill: "group",
          inset: 1,
          title: "tip",
        }),
      ),
      Plot.ruleY([0]),
    ],
  }, options);
}
