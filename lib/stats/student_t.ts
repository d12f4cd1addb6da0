import { normalQuantile } from "./normal.ts";
import { betaRegularized, lnGamma } from "./special.ts";

/**
 * The distribution function of Student's t with ν > 0 degrees of freedom, from the regularized
 * incomplete beta function (Abramowitz & Stegun 26.5.27 and 26.7.1): for t ≤ 0,
 * F(t) = ½ I_{ν/(ν+t²)}(ν/2, ½) in the tail and ½ − ½ I_{t²/(ν+t²)}(½, ν/2) near the centre
 * (each where it is computed without cancellation); F(−t) = 1 − F(t).
 *
 * @example ν = 1 is the Cauchy distribution: F(t) = ½ + atan(t)/π
 * ```ts
 * import { tCdf } from "./student_t.ts";
 * import { ok } from "node:assert/strict";
 * ok(Math.abs(tCdf(-3, 1) - (0.5 + Math.atan(-3) / Math.PI)) < 1e-15);
 * ```
 */
export function tCdf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  if (t > 0) return 1 - tCdf(-t, nu);
  if (t === -Infinity) return 0;
  const t2 = t * t;
  const x = nu / (nu + t2);
  // I_x(ν/2, ½) directly while x is below the point where the incomplete beta function would
  // switch to 1 − I_{1−x}(½, ν/2); beyond it (F not small) from 1 − x = t²/(ν + t²), exact.
  return x < (nu / 2 + 1) / (nu / 2 + 2.5)
    ? 0.5 * betaRegularized(x, nu / 2, 0.5)
    : 0.5 - 0.5 * betaRegularized(t2 / (nu + t2), 0.5, nu / 2);
}

/**
 * The quantile of Student's t with ν > 0 degrees of freedom: the closed forms for ν = 1 and
 * ν = 2, else Newton's method on {@linkcode tCdf} in the lower tail (where F is convex, so the
 * iterates approach the root from the right without overshooting), started from the
 * Cornish–Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5) and never
 * right of 0; `t(p) = −t(1 − p)` above ½.
 *
 * @param p A probability in [0, 1].
 * @param nu Degrees of freedom (> 0, not necessarily whole).
 * @returns t with F(t) = p (∓∞ at 0 and 1, NaN outside).
 *
 * @example The 97.5% quantile with 10 degrees of freedom (every t table: 2.228)
 * ```ts
 * import { tQuantile } from "./student_t.ts";
 * import { equal } from "node:assert/strict";
 * equal(tQuantile(0.975, 10).toFixed(9), "2.228138852");
 * ```
 */
export function tQuantile(p: number, nu: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(nu > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerTQuantile(1 - p, nu);
  return lowerTQuantile(p, nu);
}

/** The t quantile for 0 < p < ½ (a negative number). */
function lowerTQuantile(p: number, nu: number): number {
  if (nu === 1) return -1 / Math.tan(Math.PI * p); // tan(π(p − ½)), exact in the tail
  if (nu === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const lnDensityConstant = lnGamma((nu + 1) / 2) - lnGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  const density = (t: number) =>
    Math.exp(lnDensityConstant - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
  let t = Math.min(0, cornishFisher(normalQuantile(p), nu));
  if (!Number.isFinite(t)) t = 0;
  for (let i = 0; i < 200; i++) {
    const step = (tCdf(t, nu) - p) / density(t);
    const next = Math.min(0, t - step);
    if (!Number.isFinite(next)) break;
    const done = Math.abs(next - t) <= 4e-16 * Math.abs(next);
    t = next;
    if (done) break;
  }
  return t;
}

/** The Cornish–Fisher expansion of the t quantile in powers of 1/ν (A&S 26.7.5). */
function cornishFisher(z: number, nu: number): number {
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
}
