import type * as Plot from "@observablehq/plot";
import { type DistributionOptions, valueDistribution } from "./distribution.ts";
import { createFormat } from "../format/mod.ts";

/**
 * Distribution of predicted customer lifetime value: a histogram with the median marked.
 * Expect a long right tail: few customers hold much of the value.
 *
 * @param values One CLV per customer.
 * @param options Same as {@linkcode valueDistribution}.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { clvDistribution } from "./clv_distribution.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(clvDistribution([10, 20, 30], { format: createFormat({ currency: "£" }) }).subtitle, "3 values, median £20.00");
 * ```
 */
export function clvDistribution(
  values: ArrayLike<number | null | undefined>,
  options: DistributionOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const spec = valueDistribution(values, {
    label: "Customer lifetime value",
    formatValue: (v) => fmt.money(v),
    ...options,
  });
  return { ...spec, title: options.title ?? "Predicted customer lifetime value" };
}
