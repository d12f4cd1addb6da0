import type * as Plot from "@observablehq/plot";
import { type DistributionOptions, valueDistribution } from "./distribution.ts";
import { createFormat } from "../format/mod.ts";

/**
 * Days between a customer's consecutive purchases, as a histogram with the median marked:
 * the typical gap tells how long "no purchase yet" is still normal.
 *
 * @param days Gaps in days, one per pair of consecutive purchases.
 * @param options Same as {@linkcode valueDistribution}.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { interPurchaseDays } from "./inter_purchase_days.ts";
 * import { equal } from "node:assert/strict";
 * const spec = interPurchaseDays([7, 14, 30]);
 * equal(spec.title, "Days between purchases");
 * equal(spec.subtitle, "3 gaps, median 14 days");
 * ```
 */
export function interPurchaseDays(
  days: ArrayLike<number | null | undefined>,
  options: DistributionOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const spec = valueDistribution(days, {
    label: "Days between purchases",
    formatValue: (d) => `${fmt.int(d)} days`,
    ...options,
  });
  return {
    ...spec,
    title: options.title ?? "Days between purchases",
    subtitle: options.subtitle ??
      String(spec.subtitle).replace(/^([\d,]+) values,/, "$1 gaps,"),
  };
}
