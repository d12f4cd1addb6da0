import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** Purchases in (or up to) one period, observed and expected by the model. */
export interface TrackingPoint {
  /** Period number since the start (e.g. week 0, 1, 2, …). */
  readonly period: number;
  readonly actual: number;
  readonly expected: number;
}

/** Options for {@linkcode purchaseTracking}. */
export interface PurchaseTrackingOptions extends ChartOptions {
  /** Whether the points are running totals or per-period counts. @default {"cumulative"} */
  mode?: "cumulative" | "incremental";
  /** Period where calibration ends and the holdout starts (a vertical line). @default {undefined} */
  calibrationEnd?: number;
  /** Name of the period unit for the x axis. @default {"Week"} */
  periodLabel?: string;
}

/**
 * Tracking plot: purchases over time, observed (dark) against the model's expectation
 * (red, dashed), as running totals (**mode** `"cumulative"`) or per period
 * (`"incremental"`). Left of the **calibrationEnd** line the model saw the data; right of
 * it the lines test its forecast.
 *
 * @param points One point per period.
 * @param options **mode**, **calibrationEnd**, **periodLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { purchaseTracking } from "./purchase_tracking.ts";
 * import { equal } from "node:assert/strict";
 * const spec = purchaseTracking([{ period: 1, actual: 10, expected: 12 }], { mode: "incremental" });
 * equal(spec.title, "Purchases per week: actual versus model");
 * ```
 */
export function purchaseTracking(
  points: readonly TrackingPoint[],
  options: PurchaseTrackingOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { mode = "cumulative", calibrationEnd, periodLabel = "Week" } = options;
  const sorted = [...points].sort((a, b) => a.period - b.period);
  const series = ["Actual", "Model"];
  const tip = (p: TrackingPoint): string =>
    `${periodLabel} ${p.period}${
      calibrationEnd !== undefined && p.period > calibrationEnd ? " (forecast)" : ""
    }\nActual: ${fmt.int(p.actual)}\nModel: ${fmt.decimal(p.expected, 1)}`;
  const long = sorted.flatMap((p) => [
    { period: p.period, series: series[0], y: p.actual, tip: tip(p) },
    { period: p.period, series: series[1], y: p.expected, tip: tip(p) },
  ]);
  const last = sorted[sorted.length - 1];
  const cumulative = mode === "cumulative";
  return frame({
    title: cumulative
      ? "Cumulative purchases: actual versus model"
      : `Purchases per ${periodLabel.toLowerCase()}: actual versus model`,
    subtitle: last
      ? `${cumulative ? "By" : "In"} ${periodLabel.toLowerCase()} ${last.period}: ` +
        `${fmt.int(last.actual)} actual, ${fmt.int(last.expected)} expected`
      : "No periods",
    caption: (calibrationEnd !== undefined
      ? "Left of the grey line the model was fitted; right of it, it forecasts. "
      : "") + "The closer the dashed model line follows the actual line, the better.",
    height: 320,
    marginLeft: 56,
    marginTop: 34,
    x: { label: periodLabel },
    y: {
      label: cumulative ? "Purchases so far" : "Purchases",
      grid: true,
      tickFormat: fmt.compact,
    },
    color: {
      domain: series,
      range: [SERIES_COLORS.actual!, SERIES_COLORS.expected!],
      legend: true,
    },
    marks: [
      ...(calibrationEnd !== undefined
        ? [
          Plot.ruleX([calibrationEnd], {
            stroke: "#9ca3af",
            strokeWidth: 2,
            title: () =>
              `End of calibration: ${periodLabel.toLowerCase()} ${calibrationEnd}\n` +
              "The model saw the purchases up to here",
          }),
          Plot.text([calibrationEnd], {
            x: (d: number) =>
              d,
            frameAnchor: "top",
            text: () => "end of calibration",
            dy: -14,
            fill: "#6b7280",
          }),
        ]
        : []),
      Plot.line(
        long.filter((d) => d.series === "Actual"),
        { x: "period", y: "y", stroke: "series", strokeWidth: 2 },
      ),
      Plot.line(
        long.filter((d) => d.series === "Model"),
        {
          x: "period",
          y: "y",
          stroke: "series",
          strokeWidth: 2,
          strokeDasharray: "6,3",
        },
      ),
      // Hover targets on both lines, one per period.
      Plot.dot(long, { x: "period", y: "y", r: 4, fill: "series", fillOpacity: 0, title: "tip" }),
      Plot.ruleY([0]),
    ],
  }, options);
}
