import { erfc } from "./special.ts";

/**
 * The standard normal distribution function Φ(z) = ½ erfc(−z/√2), accurate in both tails.
 *
 * @example
 * ```ts
 * import { normalCdf } from "./normal.ts";
 * import { equal } from "node:assert/strict";
 * equal(normalCdf(0), 0.5);
 * equal(normalCdf(1.959963984540054).toFixed(12), "0.975000000000");
 * ```
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * The standard normal quantile Φ⁻¹(p), accurate to double precision: Acklam's rational
 * approximation (relative error below 1.2e-9) refined by one Halley step on
 * {@linkcode normalCdf}, computed in the lower tail (`Φ⁻¹(p) = −Φ⁻¹(1 − p)` above ½, where
 * 1 − p is exact). The z of a two-sided interval at level L is `normalQuantile(0.5 + L / 2)`.
 *
 * @param p A probability in [0, 1].
 * @returns z with Φ(z) = p (−∞ at 0, +∞ at 1, NaN outside [0, 1]).
 *
 * @example The 95% two-sided z
 * ```ts
 * import { normalQuantile } from "./normal.ts";
 * import { equal } from "node:assert/strict";
 * equal(normalQuantile(0.975).toFixed(12), "1.959963984540");
 * equal(normalQuantile(0.5), 0);
 * equal(normalQuantile(0.025).toFixed(12), "-1.959963984540");
 * ```
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerNormalQuantile(1 - p);
  return lowerNormalQuantile(p);
}

/** Φ⁻¹(p) for 0 < p ≤ ½. */
function lowerNormalQuantile(p: number): number {
  const x = acklam(p);
  if (x === 0) return 0;
  // Halley's step on Φ(x) − p (Acklam's own refinement): cubic convergence, so one step takes
  // the 1e-9 start to double precision.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

const A = [
  -3.969683028665376e+01,
  2.209460984245205e+02,
  -2.759285104469687e+02,
  1.383577518672690e+02,
  -3.066479806614716e+01,
  2.506628277459239e+00,
];
const B = [
  -5.447609879822406e+01,
  1.615858368580409e+02,
  -1.556989798598866e+02,
  6.680131188771972e+01,
  -1.328068155288572e+01,
];
const C = [
  -7.784894002430293e-03,
  -3.223964580411365e-01,
  -2.400758277161838e+00,
  -2.549732539343734e+00,
  4.374664141464968e+00,
  2.938163982698783e+00,
];
const D = [
  7.784695709041462e-03,
  3.224671290700398e-01,
  2.445134137142996e+00,
  3.754408661907416e+00,
];

/** Acklam's approximation of Φ⁻¹(p) for 0 < p ≤ ½ (central region and lower tail). */
function acklam(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}
