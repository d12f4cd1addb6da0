/**
 * Histogram internals shared by {@linkcode histogram} and {@linkcode valueDistribution}: nice
 * equal-width bins, and the bars with their tooltips.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { Format } from "../format/mod.ts";
import { SERIES_COLORS } from "./theme.ts";

/** One bin: values in `[start, end)`. */
export interface Bin {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/**
 * A nice step for about `count` bins over `[start, stop]`: 1, 2 or 5 times a power of ten
 * (d3's `tickIncrement` rule).
 */
export function niceStep(start: number, stop: number, count: number): number {
  const raw = (stop - start) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50)
    ? 10
    : error >= Math.sqrt(10)
    ? 5
    : error >= Math.sqrt(2)
    ? 2
    : 1;
  return factor * 10 ** power;
}

/**
 * Counts sorted finite values into equal bins of a nice width, from the step below the smallest
 * value to the step above the largest (the largest value falls in the last bin).
 *
 * @example
 * ```ts
 * import { niceBins } from "./_bins.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(niceBins([1, 2, 3, 9.5], 4), [
 *   { start: 0, end: 2, count: 1 }, { start: 2, end: 4, count: 2 }, { start: 4, end: 6, count: 0 },
 *   { start: 6, end: 8, count: 0 }, { start: 8, end: 10, count: 1 },
 * ]);
 * deepEqual(niceBins([5, 5], 10), [{ start: 5, end: 6, count: 2 }]);
 * ```
 */
export function niceBins(sorted: readonly number[], count: number): Bin[] {
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const step = niceStep(min, max, count);
  const first = Math.floor(min / step);
  const n = Math.max(1, Math.ceil(max / step) - first);
  // Whole multiples of the step, rounded so 0.1 + 0.2 does not show.
  const edge = (i: number): number => Number(((first + i) * step).toPrecision(12));
  const counts = new Array<number>(n).fill(0);
  for (const v of sorted) {
    const i = Math.min(n - 1, Math.max(0, Math.floor(v / step) - first));
    counts[i]!++;
  }
  return counts.map((c, i) => ({ start: edge(i), end: edge(i + 1), count: c }));
}

/** What the bars of a histogram say in their tooltips. */
export interface BinWords {
  /** Name of the value (`"Unit price"`). */
  readonly label: string;
  /** Plural noun of what is counted (`"order lines"`). */
  readonly unit: string;
  /** Formats bin edges. */
  readonly formatValue: (value: number) => string;
  readonly format: Format;
  /** All counted values, for the share in the tooltip. */
  readonly total: number;
}

/** The bars of a histogram, each with a tooltip: its range, its count and its share. */
export function binBars(bins: readonly Bin[], words: BinWords): Plot.Markish {
  const { label, unit, formatValue, format: fmt, total } = words;
  const noun = unit.charAt(0).toUpperCase() + unit.slice(1);
  return Plot.rectY(bins, {
    x1: "start",
    x2: "end",
    y: "count",
    fill: SERIES_COLORS.kept,
    inset: 0.5,
    title: (b: Bin) =>
      `${label}: ${formatValue(b.start)} to ${formatValue(b.end)}\n${noun}: ${fmt.int(b.count)}${
        total > 0 ? ` (${fmt.percent(b.count / total)})` : ""
      }`,
  });
}

/** The median as a red rule, with its tooltip. */
export function medianRule(
  median: number,
  label: string,
  formatValue: (value: number) => string,
): Plot.Markish {
  return Plot.ruleX([median], {
    stroke: SERIES_COLORS.expected,
    strokeWidth: 2,
    title: () => `Median ${label.toLowerCase()}\n${formatValue(median)}`,
  });
}
