import { ValidationError } from "../errors.ts";

/**
 * The `p`-quantile of ascending `sorted` values by linear interpolation between the two
 * nearest order statistics: numpy's default `method="linear"` (Hyndman & Fan type 7), which
 * pandas `Series.quantile` and `qcut` use. With `h = (n − 1)·p`, `lo = ⌊h⌋` and `t = h − lo`,
 * the result is `x[lo] + (x[lo+1] − x[lo])·t`, written as numpy's `_lerp` writes it (from the
 * upper end when `t ≥ 0.5`) so edges match numpy to the last bit.
 *
 * @param sorted Finite values in ascending order (not checked for order, for speed).
 * @param p Probability in [0, 1].
 * @returns The interpolated quantile.
 * @throws {ValidationError} If `sorted` is empty or `p` is outside [0, 1].
 *
 * @example Quartiles of 1..5 and a between-values quantile
 * ```ts
 * import { quantileLinear } from "./quantile.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(quantileLinear([1, 2, 3, 4, 5], 0.25), 2);
 * equal(quantileLinear([1, 2, 3, 4], 0.5), 2.5); // h = 1.5
 * equal(quantileLinear([10, 20], 0.1), 11);
 * ```
 */
export function quantileLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) {
    throw new ValidationError(
      "Cannot compute a quantile: there are no values",
      [],
      "pass at least one value",
    );
  }
  if (!(p >= 0 && p <= 1)) {
    throw new ValidationError(
      `Cannot compute a quantile: p must lie in [0, 1]: current value is "${p}"`,
      [],
      "pass a probability such as 0.25",
    );
  }
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const t = h - lo;
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * `q + 1` evenly spaced probabilities from 0 to 1, computed as numpy `linspace(0, 1, q + 1)`
 * computes them (`i · (1/q)`, last set to exactly 1), so `0.6000000000000001` appears for
 * `q = 5` just as it does in pandas.
 *
 * @param q Number of bins (a positive integer).
 * @returns The probabilities.
 *
 * @example
 * ```ts
 * import { linspaceProbabilities } from "./quantile.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(linspaceProbabilities(4), [0, 0.25, 0.5, 0.75, 1]);
 * ```
 */
export function linspaceProbabilities(q: number): number[] {
  const step = 1 / q;
  const out: number[] = [];
  for (let i = 0; i < q; i++) out.push(i * step);
  out.push(1);
  return out;
}

/**
 * The median of the finite numbers among `values` (null, undefined and NaN are skipped, as
 * d3's `median` does), by {@linkcode quantileLinear}; `NaN` when there are none.
 *
 * @example
 * ```ts
 * import { median } from "./quantile.ts";
 * import { equal } from "node:assert/strict";
 * equal(median([3, null, 1, NaN, 2, 10]), 2.5);
 * equal(Number.isNaN(median([])), true);
 * ```
 */
export function median(values: Iterable<number | null | undefined>): number {
  const xs = sortedFinite(values);
  return xs.length === 0 ? NaN : quantileLinear(xs, 0.5);
}

/** The finite numbers among `values`, sorted ascending (a typed array: sorted natively). */
function sortedFinite(values: Iterable<number | null | undefined>): Float64Array {
  const xs: number[] = [];
  for (const v of values) if (typeof v === "number" && Number.isFinite(v)) xs.push(v);
  return Float64Array.from(xs).sort();
}

/**
 * The low median of the finite numbers among `values`: the middle value of an odd count, the
 * lower of the two middle values of an even count (Python's `statistics.median_low`), so the
 * result is always one of the values; `NaN` when there are none.
 *
 * @example
 * ```ts
 * import { medianLow } from "./quantile.ts";
 * import { equal } from "node:assert/strict";
 * equal(medianLow([3, 1, 2]), 2);
 * equal(medianLow([4, 1, 3, 2]), 2);
 * equal(Number.isNaN(medianLow([])), true);
 * ```
 */
export function medianLow(values: Iterable<number | null | undefined>): number {
  const xs = sortedFinite(values);
  return xs.length === 0 ? NaN : xs[Math.floor((xs.length - 1) / 2)]!;
}
