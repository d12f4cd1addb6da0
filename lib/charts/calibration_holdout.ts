import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** Mean holdout purchases of customers with `frequencyCal` calibration purchases. */
export interface CalibrationHoldoutPoint {
  readonly frequencyCal: number;
  readonly actual: number;
  readonly predicted: number;
  readonly customers: number;
}

/** Options for {@linkcode calibrationHoldout}. */
export type CalibrationHoldoutOptions = ChartOptions;

/**
 * Calibration versus holdout: for customers grouped by their repeat purchases in the
 * calibration period (x), the average purchases they actually made in the holdout period
 * (dark) and what the model predicted (red, dashed). Lines close together mean the model
 * predicts the future well; small groups (few customers, printed under the axis) are noisy.
 *
 * @param points One point per calibration frequency.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { calibrationHoldout } from "./calibration_holdout.ts";
 * import { equal } from "node:assert/strict";
 * const spec = calibrationHoldout([{ frequencyCal: 0, actual: 0.1, predicted: 0.12, customers: 50 }]);
 * equal(spec.subtitle, "50 customers in 1 groups");
 * ```
 */
export function calibrationHoldout(
  points: readonly CalibrationHoldoutPoint[],
  options: CalibrationHoldoutOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const sorted = [...points].sort((a, b) => a.frequencyCal - b.frequencyCal);
  const series = ["Actual", "Model"];
  const tip = (p: CalibrationHoldoutPoint): string =>
    `${p.frequencyCal} repeat purchase${p.frequencyCal === 1 ? "" : "s"} in calibration\n` +
    `Customers: ${fmt.int(p.customers)}\nActual: ${fmt.decimal(p.actual)} holdout purchases\n` +
    `Model: ${fmt.decimal(p.predicted)} holdout purchases`;
  const long = sorted.flatMap((p) => [
    { x: p.frequencyCal, series: series[0], y: p.actual, tip: tip(p) },
    { x: p.frequencyCal, series: series[1], y: p.predicted, tip: tip(p) },
  ]);
  const counts = new Map(sorted.map((p) => [p.frequencyCal, p.customers]));
  const total = points.reduce((s, p) => s + p.customers, 0);
  return frame({
    title: "Calibration versus holdout purchases",
    subtitle: `${fmt.int(total)} customers in ${points.length} groups`,
    caption: "x: repeat purchases in the calibration period; y: average purchases in the " +
      "holdout period. The small numbers under the axis count the customers of each group: " +
      "small groups are noisy.",
    height: 360,
    marginLeft: 56,
    marginBottom: 62,
    x: {
      label: "Repeat purchases in calibration",
      ticks: sorted.map((p) => p.frequencyCal).filter((_, i) =>
        i % Math.max(1, Math.ceil(sorted.length / 15)) === 0
      ),
      tickFormat: (f: number) =>
        counts.has(f) ? `${fmt.int(f)}\nn=${fmt.int(counts.get(f)!)}` : fmt.int(f),
      labelOffset: 58,
    },
    y: { label: "Average holdout purchases", grid: true },
    color: {
      domain: series,
      range: [SERIES_COLORS.actual!, SERIES_COLORS.expected!],
      legend: true,
    },
    marks: [
      Plot.line(long.filter((d) => d.series === "Actual"), { x: "x", y: "y", stroke: "series" }),
      Plot.line(long.filter((d) => d.series === "Model"), {
        x: "x",
        y: "y",
        stroke: "series",
        strokeDasharray: "6,3",
      }),
      Plot.dot(long, { x: "x", y: "y", fill: "series", r: 3.5, title: "tip" }),
      Plot.ruleY([0]),
    ],
  }, options);
}
