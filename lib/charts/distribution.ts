import * as Plot from "@observablehq/plot";
import { quantileLinear } from "../stats/mod.ts";
import { type ChartOptions, finiteValues, frame } from "./_frame.ts";
import { binBars, medianRule, niceBins } from "./_bins.ts";
import { createFormat } from "../format/mod.ts";

/** Options for {@linkcode valueDistribution}. */
export interface DistributionOptions extends ChartOptions {
  /** Name of the value, for the title and x axis. @default {"Value"} */
  label?: string;
  /** Values above this quantile are left out so the bulk is readable (1 keeps all). @default {0.99} */
  clipQuantile?: number;
  /** Approximate number of bins. @default {40} */
  bins?: number;
  /** Formats values in the subtitle and caption. @default {format.decimal} */
  formatValue?: (value: number) => string;
}

/**
 * A histogram of one numeric column: how often each range of values occurs, with the
 * median marked in red. Long right tails (prices, quantities, CLV) are cut at the
 * **clipQuantile** and the caption says how many values were left out.
 *
 * Non-finite values (null, NaN) are skipped and counted in the caption.
 *
 * @param values The values (array or typed array).
 * @param options **label**, **clipQuantile**, **bins**, **formatValue**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { valueDistribution } from "./distribution.ts";
 * import { equal } from "node:assert/strict";
 * const spec = valueDistribution([1, 2, 3, 4, 100], { label: "Price", clipQuantile: 0.75 });
 * equal(spec.subtitle, "5 values, median 3");
 * equal(spec.caption, "Red line: median. 1 value above the 75th percentile (4) not shown.");
 * ```
 */
export function valueDistribution(
  values: ArrayLike<number | null | undefined>,
  options: DistributionOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { label = "Value", clipQuantile = 0.99, bins = 40, formatValue = fmt.decimal } = options;
  const all = finiteValues(values).sort((a, b) => a - b);
  const skipped = values.length - all.length;
  const cut = clipQuantile >= 1 || all.length === 0 ? Infinity : quantileLinear(all, clipQuantile);
  const shown = all.filter((v) => v <= cut);
  const hidden = all.length - shown.length;
  const median = all.length === 0 ? NaN : quantileLinear(all, 0.5);
  const notes = ["Red line: median."];
  if (hidden > 0) {
    const pct = Math.round(clipQuantile * 100);
    notes.push(
      `${fmt.int(hidden)} value${hidden === 1 ? "" : "s"} above the ${pct}th percentile ` +
        `(${formatValue(cut)}) not shown.`,
    );
  }
  if (skipped > 0) {
    notes.push(`${fmt.int(skipped)} missing value${skipped === 1 ? "" : "s"} skipped.`);
  }
  return frame({
    title: `Distribution of ${label.toLowerCase()}`,
    subtitle: all.length > 0
      ? `${fmt.int(all.length)} values, median ${formatValue(median)}`
      : "No values",
    caption: notes.join(" "),
    height: 300,
    marginLeft: 56,
    x: { label, tickFormat: fmt.compact },
    y: { label: "Count", grid: true, tickFormat: fmt.compact },
    marks: [
      binBars(niceBins(shown, bins), {
        label,
        unit: "values",
        formatValue,
        format: fmt,
        total: all.length,
      }),
      ...(all.length > 0 ? [medianRule(median, label, formatValue)] : []),
      Plot.ruleY([0]),
    ],
  }, options);
}

/**
 * Unit prices: {@linkcode valueDistribution} with money labels.
 *
 * @example
 * ```ts
 * import { priceDistribution } from "./distribution.ts";
 * import { equal } from "node:assert/strict";
 * equal(priceDistribution([1.25, 2.5]).title, "Distribution of unit price");
 * ```
 */
export function priceDistribution(
  values: ArrayLike<number | null | undefined>,
  options: DistributionOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  return valueDistribution(values, { label: "Unit price", formatValue: fmt.decimal, ...options });
}

/**
 * Quantities per order line: {@linkcode valueDistribution} with a quantity label.
 *
 * @example
 * ```ts
 * import { quantityDistribution } from "./distribution.ts";
 * import { equal } from "node:assert/strict";
 * equal(quantityDistribution([1, 2, 12]).title, "Distribution of quantity per line");
 * ```
 */
export function quantityDistribution(
  values: ArrayLike<number | null | undefined>,
  options: DistributionOptions = {},
): Plot.PlotOptions {
  return valueDistribution(values, { label: "Quantity per line", ...options });
}
