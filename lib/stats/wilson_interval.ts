import { normalQuantile } from "./normal.ts";

/** A proportion with its confidence interval. */
export interface ProportionInterval {
  /** Successes divided by trials (`NaN` when there are no trials). */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** Options for {@linkcode wilsonInterval}. */
export interface WilsonIntervalOptions {
  /** Two-sided confidence level, in (0, 1). @default {0.95} */
  confidence?: number;
}

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927; Agresti & Coull 1998,
 * eq. 2; Newcombe 1998, method 3): with `p̂ = x / n` and `z` the normal quantile of
 * `1 - (1 - confidence) / 2`,
 * `(p̂ + z²/2n ± z·sqrt(p̂(1 - p̂)/n + z²/4n²)) / (1 + z²/n)`.
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1 and
 * for small `n`, which is why resolution rates of small channels use it.
 *
 * @param successes Number of successes `x` (0 ≤ x ≤ n, whole).
 * @param trials Number of trials `n` (whole, ≥ 0).
 * @param options Confidence level.
 * @returns Estimate and interval; all three `NaN` when `trials` is 0.
 * @throws {RangeError} If the counts are not whole numbers with 0 ≤ successes ≤ trials.
 *
 * @example Newcombe (1998), table I: 81 of 263 gives 0.2553 to 0.3662
 * ```ts
 * import { wilsonInterval } from "./wilson_interval.ts";
 * import { equal } from "node:assert/strict";
 * const { low, high } = wilsonInterval(81, 263);
 * equal(low.toFixed(4), "0.2553");
 * equal(high.toFixed(4), "0.3662");
 * ```
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  options: WilsonIntervalOptions = {},
): ProportionInterval {
  const { confidence = 0.95 } = options;
  if (
    !Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 ||
    successes > trials
  ) {
    throw new RangeError(
      `Cannot compute a Wilson interval: expected whole counts with 0 <= successes <= trials: current values are ${successes} of ${trials}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Cannot compute a Wilson interval: confidence must be in (0, 1): current value is ${confidence}`,
    );
  }
  if (trials === 0) return { estimate: NaN, low: NaN, high: NaN };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // Exact bounds at the edges: the formula gives them up to rounding only.
  const low = successes === 0 ? 0 : (centre - spread) / denominator;
  const high = successes === n ? 1 : (centre + spread) / denominator;
  return { estimate: p, low, high };
}
