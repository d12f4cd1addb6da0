import { ValidationError } from "../errors.ts";

function checked(values: ArrayLike<number>, action: string): Float64Array {
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new ValidationError(
        `Cannot compute ${action}: value at index ${i} must be a finite non-negative number: current value is "${v}"`,
        [{ rule: "non_negative", message: "negative or not finite", value: String(v) }],
        "pass per-customer spend after cleaning (no returns netted below zero)",
      );
    }
  }
  return sorted.sort();
}

/**
 * The Gini coefficient of non-negative values (0 = everyone equal, (n−1)/n = one holds
 * everything): `G = 2·Σᵢ i·x₍ᵢ₎ / (n·Σx) − (n+1)/n` over the ascending values, i = 1..n.
 *
 * @param values Non-negative numbers (e.g. spend per customer), any order.
 * @returns G, or 0 when the total is 0 or there are no values.
 * @throws {ValidationError} If a value is negative or not finite.
 *
 * @example
 * ```ts
 * import { gini } from "./concentration.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(gini([5, 5, 5, 5]), 0);
 * equal(gini([0, 0, 0, 8]), 0.75);
 * ```
 */
export function gini(values: ArrayLike<number>): number {
  const x = checked(values, "the Gini coefficient");
  const n = x.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += x[i]!;
    weighted += (i + 1) * x[i]!;
  }
  if (n === 0 || total === 0) return 0;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/**
 * Share of the total held by the largest `⌈fraction·n⌉` values ("revenue from the top 20% of
 * customers"; rounding up so the group is at least that fraction).
 *
 * @param values Non-negative numbers.
 * @param fraction Fraction of the population, in (0, 1]. @default {0.2}
 * @returns The share in [0, 1] (0 when the total is 0).
 * @throws {ValidationError} If a value is negative or `fraction` is outside (0, 1].
 *
 * @example Top 20% of ten customers = the top two
 * ```ts
 * import { topShare } from "./concentration.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(topShare([1, 1, 1, 1, 1, 1, 1, 1, 6, 6]), 0.6);
 * equal(topShare([1, 2, 3], 0.2), 0.5); // ⌈0.6⌉ = 1 customer
 * ```
 */
export function topShare(values: ArrayLike<number>, fraction = 0.2): number {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new ValidationError(
      `Cannot compute the top share: fraction must lie in (0, 1]: current value is "${fraction}"`,
      [],
    );
  }
  const x = checked(values, "the top share");
  const k = Math.ceil(fraction * x.length - 1e-9);
  let total = 0;
  let top = 0;
  for (let i = 0; i < x.length; i++) {
    total += x[i]!;
    if (i >= x.length - k) top += x[i]!;
  }
  return total === 0 ? 0 : top / total;
}

/** One point of a Lorenz curve. */
export interface LorenzPoint {
  /** Share of the population (smallest first), 0..1. */
  readonly population: number;
  /** Share of the total they hold, 0..1. */
  readonly share: number;
}

/**
 * The Lorenz curve: cumulative share of the total held by the smallest k values, at about
 * `points` evenly spaced population shares (k = round(j·n/(points−1))), always from (0, 0) to
 * (1, 1). With fewer values than points, every k appears once.
 *
 * @param values Non-negative numbers.
 * @param options Number of points. `points` @default {101}
 * @returns Points in increasing population order.
 *
 * @example
 * ```ts
 * import { lorenzCurve } from "./concentration.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(lorenzCurve([3, 1]), [
 *   { population: 0, share: 0 }, { population: 0.5, share: 0.25 }, { population: 1, share: 1 },
 * ]);
 * ```
 */
export function lorenzCurve(
  values: ArrayLike<number>,
  options: { points?: number } = {},
): LorenzPoint[] {
  const { points = 101 } = options;
  const x = checked(values, "the Lorenz curve");
  const n = x.length;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + x[i]!;
  const total = cum[n]!;
  const ks = new Set<number>();
  if (n + 1 <= points) { for (let k = 0; k <= n; k++) ks.add(k); }
  else for (let j = 0; j < points; j++) ks.add(Math.round((j * n) / (points - 1)));
  return [...ks].sort((a, b) => a - b).map((k) => ({
    population: n === 0 ? 0 : k / n,
    share: total === 0 ? (n === 0 ? 0 : k / n) : cum[k]! / total,
  }));
}
