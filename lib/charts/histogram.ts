import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { type Bin, binBars, medianRule } from "./_bins.ts";
import { createFormat } from "../format/mod.ts";

/** One pre-computed bin: values in `[start, end)`; `end: null` is an open last bin (≥ start). */
export interface HistogramBin {
  readonly start: number;
  readonly end: number | null;
  readonly count: number;
}

/** Options for {@linkcode histogram}. */
export interface HistogramOptions extends ChartOptions {
  /** Name of the value, for the title and x axis. @default {"Value"} */
  label?: string;
  /** Median to mark with a red line. @default {undefined (no line)} */
  median?: number;
  /**
   * Bins starting at or above this value are left out of the drawing (they are counted in the
   * caption): the long tail of prices or gaps would squash the bulk. @default {Infinity}
   */
  clipAt?: number;
  /** Formats values in the subtitle and caption. @default {format.decimal} */
  formatValue?: (value: number) => string;
  /** Plural noun of what is counted, for the subtitle. @default {"values"} */
  unit?: string;
}

/**
 * A histogram of bins computed elsewhere (in SQL over a million rows, say), so the chart
 * does not need the raw values: one bar per bin, the median in red. Open last bins
 * (`end: null`) and bins from `clipAt` on are not drawn; the caption says how many values
 * they hold, so nothing disappears silently.
 *
 * @param bins Bins in ascending order.
 * @param options **label**, **median**, **clipAt**, **formatValue**, **unit**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { histogram } from "./histogram.ts";
 * import { equal } from "node:assert/strict";
 * const spec = histogram([{ start: 0, end: 7, count: 30 }, { start: 7, end: 14, count: 10 }, { start: 14, end: null, count: 2 }],
 *   { label: "Days between purchases", median: 5, unit: "gaps" });
 * equal(spec.subtitle, "42 gaps, median 5");
 * equal(spec.caption, "Red line: median. 2 values at or above 14 not shown.");
 * ```
 */
export function histogram(
  bins: readonly HistogramBin[],
  options: HistogramOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { label = "Value", median, clipAt = Infinity, formatValue = fmt.decimal, unit = "values" } =
    options;
  const shown = bins.filter((b) => b.end !== null && b.start < clipAt);
  const hidden = bins.filter((b) => !shown.includes(b));
  const total = bins.reduce((s, b) => s + b.count, 0);
  const hiddenCount = hidden.reduce((s, b) => s + b.count, 0);
  const notes: string[] = [];
  if (median !== undefined && Number.isFinite(median)) notes.push("Red line: median.");
  if (hiddenCount > 0) {
    const from = Math.min(...hidden.map((b) => b.start));
    notes.push(
      `${fmt.int(hiddenCount)} value${hiddenCount === 1 ? "" : "s"} at or above ${
        formatValue(from)
      } not shown.`,
    );
  }
  return frame({
    title: `Distribution of ${label.toLowerCase()}`,
    subtitle: total > 0
      ? `${fmt.int(total)} ${unit}${
        median !== undefined && Number.isFinite(median) ? `, median ${formatValue(median)}` : ""
      }`
      : "No values",
    caption: notes.join(" "),
    height: 300,
    marginLeft: 56,
    x: { label, tickFormat: fmt.compact },
    y: { label: "Count", grid: true, tickFormat: fmt.compact },
    marks: [
      binBars(shown as readonly Bin[], {
        label,
        unit,
        formatValue,
        format: fmt,
        total,
      }),
      ...(median !== undefined && Number.isFinite(median) && total > 0
        ? [medianRule(median, label, formatValue)]
        : []),
      Plot.ruleY([0]),
    ],
  }, options);
}
