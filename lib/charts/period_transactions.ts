import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** Customers with a given number of repeat purchases, observed and expected by the model. */
export interface PeriodTransactionsRow {
  /** Repeat purchases as a label: `"0"`, `"1"`, …, `"7+"` (kept in input order). */
  readonly frequency: string;
  readonly actual: number;
  readonly expected: number;
}

/** Options for {@linkcode periodTransactions}. */
export type PeriodTransactionsOptions = ChartOptions;

/**
 * Model check: how many customers made 0, 1, 2, … repeat purchases in the calibration
 * period, observed (dark) next to what the fitted model expects (red). Bars of a pair
 * should have about the same height.
 *
 * @param rows One row per frequency bucket, in display order.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { periodTransactions } from "./period_transactions.ts";
 * import { equal } from "node:assert/strict";
 * const spec = periodTransactions([{ frequency: "0", actual: 100, expected: 90 }, { frequency: "1+", actual: 50, expected: 60 }]);
 * equal(spec.title, "Repeat purchases: actual versus model");
 * ```
 */
export function periodTransactions(
  rows: readonly PeriodTransactionsRow[],
  options: PeriodTransactionsOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const series = ["Actual", "Model"];
  const tip = (r: PeriodTransactionsRow): string =>
    `${r.frequency} repeat purchase${r.frequency === "1" ? "" : "s"}\n` +
    `Actual: ${fmt.int(r.actual)} customers\nModel: ${fmt.decimal(r.expected, 1)} customers`;
  const long = rows.flatMap((r) => [
    { frequency: r.frequency, series: series[0], customers: r.actual, tip: tip(r) },
    { frequency: r.frequency, series: series[1], customers: r.expected, tip: tip(r) },
  ]);
  const gap = rows.reduce((s, r) => s + Math.abs(r.actual - r.expected), 0);
  const total = rows.reduce((s, r) => s + r.actual, 0);
  return frame({
    title: "Repeat purchases: actual versus model",
    subtitle: total > 0
      ? `The model misplaces ${
        Math.round((gap / 2 / total) * 100)
      }% of customers across the buckets`
      : "No customers",
    caption: "Customers by number of repeat purchases in the calibration period. " +
      "Close pairs of bars mean the model fits the purchase counts.",
    height: 320,
    marginLeft: 56,
    fx: { label: "Repeat purchases", domain: rows.map((r) => r.frequency) },
    x: { axis: null, domain: series },
    y: { label: "Customers", grid: true, tickFormat: fmt.compact },
    color: {
      domain: series,
      range: [SERIES_COLORS.actual!, SERIES_COLORS.expected!],
      legend: true,
    },
    marks: [
      Plot.barY(long, {
        fx: "frequency",
        x: "series",
        y: "customers",
        fill: "series",
        title: "tip",
      }),
      Plot.ruleY([0]),
    ],
  }, options);
}
