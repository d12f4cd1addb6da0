import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor, truncate } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";

/** One estimate with its interval: a channel's resolution rate, a region's win rate, an elasticity. */
export interface IntervalRow {
  readonly label: string;
  readonly estimate: number;
  /** Interval bounds (95% unless the caption says otherwise); `null` draws the dot alone. */
  readonly low: number | null;
  readonly high: number | null;
  /** Observations the estimate rests on, shown after the label (`n = 487`). */
  readonly n?: number;
  /** Draw the row in the highlight colour (the best channel, the lagging region). */
  readonly highlight?: boolean;
}

/** Options for {@linkcode intervalDots}. */
export interface IntervalDotsOptions extends ChartOptions {
  /** `percent` for rates (0–1), `number` for estimates such as elasticities. @default {"percent"} */
  scale?: "percent" | "number";
  /** A reference line (the overall rate, or 0 for an elasticity). @default {none} */
  reference?: number;
  /** What the reference line is, for the caption (`overall 72.8%`). */
  referenceLabel?: string;
  /** The x axis label. @default {"Estimate"} */
  xLabel?: string;
  /** Keep the rows in the given order (else by estimate, highest first). @default {false} */
  keepOrder?: boolean;
}

const DOT = "#1f2937";
const HIGHLIGHT = "#e0573a";

/**
 * Estimates with their intervals as dots on horizontal lines, one row per group, sorted by the
 * estimate (highest first) unless **keepOrder**; an optional dashed **reference** line (the
 * overall rate, or 0). Rows that rest on few observations have wide lines: the chart shows how
 * sure each estimate is, not only its size.
 *
 * @param rows One estimate per group.
 * @param options **scale**, **reference**, **xLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { intervalDots } from "./interval_dots.ts";
 * import { equal } from "node:assert/strict";
 * const spec = intervalDots([
 *   { label: "Phone", estimate: 0.87, low: 0.83, high: 0.89, n: 487 },
 *   { label: "Social", estimate: 0.51, low: 0.44, high: 0.58, n: 186 },
 * ], { title: "Resolution rate by channel", reference: 0.73, referenceLabel: "overall" });
 * equal(spec.subtitle, "Highest: Phone 87.0% (83.0% to 89.0%); lowest: Social 51.0% (44.0% to 58.0%)");
 * ```
 */
export function intervalDots(
  rows: readonly IntervalRow[],
  options: IntervalDotsOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { scale = "percent", xLabel = "Estimate", keepOrder = false } = options;
  const show = (v: number) => scale === "percent" ? fmt.percent(v) : fmt.number(v, 2);
  const sorted = keepOrder
    ? [...rows]
    : [...rows].sort((a, b) => b.estimate - a.estimate || (a.label < b.label ? -1 : 1));
  const data = sorted.map((r) => ({
    ...r,
    name: truncate(r.n === undefined ? r.label : `${r.label} (n = ${fmt.int(r.n)})`, 40),
    low: r.low ?? r.estimate,
    high: r.high ?? r.estimate,
    color: r.highlight ? HIGHLIGHT : DOT,
  }));
  const names = data.map((d) => d.name);
  const range = (r: IntervalRow) =>
    r.low === null || r.high === null ? "" : ` (${show(r.low)} to ${show(r.high)})`;
  const top = [...rows].sort((a, b) => b.estimate - a.estimate || (a.label < b.label ? -1 : 1));
  const first = top[0];
  const last = top[top.length - 1];
  const reference = options.reference;
  return frame({
    title: "Estimates with their 95% intervals",
    subtitle: first === undefined
      ? "No estimates"
      : top.length === 1
      ? `${first.label} ${show(first.estimate)}${range(first)}`
      : `Highest: ${first.label} ${show(first.estimate)}${range(first)}; lowest: ${last!.label} ${
        show(last!.estimate)
      }${range(last!)}`,
    caption: `Dots are estimates, lines their 95% intervals${
      reference === undefined
        ? ""
        : `; the dashed line is ${options.referenceLabel ?? "the reference"} (${show(reference)})`
    }. Intervals that overlap are not clearly different.`,
    height: Math.max(140, 60 + 28 * data.length),
    marginLeft: marginFor(names),
    marginRight: 30,
    x: {
      label: xLabel,
      grid: true,
      ...(scale === "percent"
        ? { tickFormat: (d: number) => fmt.percent(d, 0) }
        : { tickFormat: (d: number) => fmt.decimal(d, 1) }),
    },
    y: { label: null, domain: names },
    marks: [
      ...(reference === undefined ? [] : [Plot.ruleX([reference], { strokeDasharray: "4,3" })]),
      Plot.ruleY(data, { y: "name", x1: "low", x2: "high", stroke: "color", strokeWidth: 2 }),
      Plot.dot(data, {
        x: "estimate",
        y: "name",
        fill: "color",
        r: 4,
        title: (d: IntervalRow & { name: string }) => `${d.name}: ${show(d.estimate)}${range(d)}`,
      }),
    ],
  }, options);
}
