import type { Random } from "./random.ts";

/**
 * Draws from the standard normal distribution (Marsaglia's polar method; the second
 * value of each pair is discarded to keep the sampler stateless).
 *
 * @example
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { sampleNormal } from "./samplers.ts";
 * import { ok } from "node:assert/strict";
 * const r = createRandom(1);
 * const xs = Array.from({ length: 20000 }, () => sampleNormal(r));
 * const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
 * ok(Math.abs(mean) < 0.03);
 * ```
 */
export function sampleNormal(random: Random): number {
  for (;;) {
    const u = 2 * random.next() - 1;
    const v = 2 * random.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Draws from Gamma(shape, scale) (mean `shape * scale`) with Marsaglia & Tsang (2000),
 * "A simple method for generating gamma variables"; shapes below 1 use the boost
 * `Gamma(shape + 1) * U^(1/shape)` from the same paper.
 *
 * @param random Uniform source.
 * @param shape Shape k > 0.
 * @param scale Scale θ > 0. @default {1}
 *
 * @example Mean is shape × scale
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { sampleGamma } from "./samplers.ts";
 * import { ok } from "node:assert/strict";
 * const r = createRandom(3);
 * let sum = 0;
 * for (let i = 0; i < 20000; i++) sum += sampleGamma(r, 0.5, 4);
 * ok(Math.abs(sum / 20000 - 2) < 0.1);
 * ```
 */
export function sampleGamma(random: Random, shape: number, scale = 1): number {
  if (shape < 1) {
    const boost = Math.pow(1 - random.next(), 1 / shape);
    return sampleGamma(random, shape + 1, scale) * boost;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * Draws from Beta(a, b) as `X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)`.
 *
 * @example Mean is a / (a + b)
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { sampleBeta } from "./samplers.ts";
 * import { ok } from "node:assert/strict";
 * const r = createRandom(5);
 * let sum = 0;
 * for (let i = 0; i < 20000; i++) sum += sampleBeta(r, 1, 3);
 * ok(Math.abs(sum / 20000 - 0.25) < 0.01);
 * ```
 */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a);
  const y = sampleGamma(random, b);
  // Both gammas underflow to 0 for tiny shapes: the mean is the only sensible answer then.
  return x + y > 0 ? x / (x + y) : a / (a + b);
}

/**
 * Draws from Poisson(mean): Knuth's product method below 30, a rounded normal
 * approximation above (accurate enough for basket sizes, and O(1)).
 *
 * @example
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { samplePoisson } from "./samplers.ts";
 * import { ok } from "node:assert/strict";
 * const r = createRandom(9);
 * let sum = 0;
 * for (let i = 0; i < 20000; i++) sum += samplePoisson(r, 2.5);
 * ok(Math.abs(sum / 20000 - 2.5) < 0.05);
 * ```
 */
export function samplePoisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * sampleNormal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}

/**
 * Draws from the exponential distribution with the given mean.
 *
 * @example
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { sampleExponential } from "./samplers.ts";
 * import { ok } from "node:assert/strict";
 * const r = createRandom(11);
 * let sum = 0;
 * for (let i = 0; i < 20000; i++) sum += sampleExponential(r, 4);
 * ok(Math.abs(sum / 20000 - 4) < 0.15);
 * ```
 */
export function sampleExponential(random: Random, mean: number): number {
  return -Math.log(1 - random.next()) * mean;
}

/**
 * Picks an index from cumulative weights (`cumulative[i]` = sum of weights 0..i) by
 * binary search: O(log n) per draw.
 *
 * @example
 * ```ts
 * import { createRandom } from "./random.ts";
 * import { sampleIndex } from "./samplers.ts";
 * import { equal } from "node:assert/strict";
 * const r = createRandom(1);
 * const counts = [0, 0, 0];
 * for (let i = 0; i < 3000; i++) counts[sampleIndex(r, [0, 1, 1])]!++;
 * equal(counts[0], 0);
 * equal(counts[2], 0);
 * ```
 */
export function sampleIndex(random: Random, cumulative: ArrayLike<number>): number {
  return firstAbove(cumulative, random.next() * cumulative[cumulative.length - 1]!);
}

/**
 * The first index whose running sum is above `target` (binary search; the last index when
 * none is): where `target` falls in the intervals a {@linkcode cumulativeSum} marks out.
 *
 * @example
 * ```ts
 * import { firstAbove } from "./samplers.ts";
 * import { equal } from "node:assert/strict";
 * equal(firstAbove([1, 3, 6], 0.5), 0);
 * equal(firstAbove([1, 3, 6], 1), 1); // intervals are [0, 1), [1, 3), [3, 6)
 * equal(firstAbove([1, 3, 6], 5.9), 2);
 * ```
 */
export function firstAbove(cumulative: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Running sums of `weights`, the input of {@linkcode sampleIndex}. */
export function cumulativeSum(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}
