/**
 * Pointwise Pareto/NBD mathematics (private), in log space with the transformed
 * hypergeometric series of models.md §2.3–2.4.
 *
 * @module
 */
import {
  expm1OverX,
  GL_NODES,
  GL_WEIGHTS,
  lnGamma,
  lnHyp2f1APlus1,
  log1mExp,
  logAddExp,
  logistic,
} from "./_special.ts";
import type { ParetoNbdParams } from "./types.ts";

/** Above this hypergeometric argument a slowly decaying series switches to quadrature. */
const SERIES_MAX_Z = 0.9;
/** Series whose terms fall at least like k^(−SERIES_FAST_DECAY) stay fast for any z… */
const SERIES_FAST_DECAY = 30;
/** …unless r + s + x is so large that the decay starts late: beyond this many terms the
 * integral form is used (it bounds the cost of one likelihood term). */
export const SERIES_MAX_TERMS = 20_000;

/**
 * ln A₀ (Hardie note 009, eqs. 19–20); −∞ when t_x = T.
 *
 * The two ₂F₁ series converge like k^(−e)·zᵏ with e = r + x (α < β) or s + 1 (α ≥ β). When
 * z → 1 (one of α, β far larger than the other and than T, as near the no-dropout boundary
 * s → 0, β → ∞) and e is small they need millions of terms, so there A₀ is computed from
 * its integral form instead ({@linkcode paretoLnA0Integral}).
 */
export function paretoLnA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const rsf = r + s + x;
  const big = Math.max(alpha, beta);
  const second = alpha >= beta ? s + 1 : r + x;
  const diff = Math.abs(alpha - beta);
  const decay = alpha >= beta ? s + 1 : r + x;
  if (diff / (big + tx) > SERIES_MAX_Z && decay < SERIES_FAST_DECAY) {
    return paretoLnA0Integral(p, x, tx, T);
  }
  const l1 = lnHyp2f1APlus1(rsf, second, diff / (big + tx), SERIES_MAX_TERMS) -
    rsf * Math.log(big + tx);
  const l2 = lnHyp2f1APlus1(rsf, second, diff / (big + T), SERIES_MAX_TERMS) -
    rsf * Math.log(big + T);
  // A series that would need more than SERIES_MAX_TERMS terms (z → 1 with r + s + x huge, far
  // from any data) returns NaN: the integral form is exact there too.
  if (Number.isNaN(l1) || Number.isNaN(l2)) return paretoLnA0Integral(p, x, tx, T);
  if (!(l2 < l1)) return T > tx ? paretoLnA0Integral(p, x, tx, T) : -Infinity;
  // Close t_x and T: the difference of the two terms cancels; the integral does not.
  if (l1 - l2 < 1e-2) return paretoLnA0Integral(p, x, tx, T);
  return l1 + log1mExp(l2 - l1);
}

/**
 * ln A₀ from its integral form: the dropout term of the likelihood is
 * s·∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (dying at τ after the last purchase), so
 * A₀ = (r+s+x)·∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. With u = ln(m + τ), m = min(α, β),
 * the log-integrand g(u) = u − (r+x)·ln(α−m+eᵘ) − (s+1)·ln(β−m+eᵘ) is concave, so its mode
 * and the interval where it is within 50 of the maximum are found by bisection, and that
 * interval is covered by 16-point Gauss–Legendre panels of width ≤ 3/(1 + |g′|) at their ends
 * (|g′| is largest at an end of a panel, g′ being monotone): double precision whatever the
 * parameters. Summed in log space: no overflow, no cancellation at t_x ≈ T.
 */
export function paretoLnA0Integral(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(T > tx)) return -Infinity;
  const { r, alpha, s, beta } = p;
  const m = Math.min(alpha, beta);
  const da = alpha - m, db = beta - m;
  const ka = r + x, kb = s + 1;
  const u0 = Math.log(m + tx), u1 = Math.log(m + T);
  const head = Math.log(r + s + x);
  if (!(u1 - u0 > 1e-9)) {
    // A sliver: the midpoint rule in τ is exact to O(width²) relative.
    const mid = tx + (T - tx) / 2;
    return head + Math.log(T - tx) - ka * Math.log(alpha + mid) - kb * Math.log(beta + mid);
  }
  const g = (u: number): number => {
    const e = Math.exp(u);
    return u - ka * Math.log(da + e) - kb * Math.log(db + e);
  };
  const slope = (u: number): number => {
    const e = Math.exp(u);
    return 1 - (ka * e) / (da + e) - (kb * e) / (db + e);
  };
  // Bisection for a monotone predicate on [lo, hi] (true at lo, false at hi).
  const bisect = (lo: number, hi: number, test: (u: number) => boolean): number => {
    for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); i++) {
      const mid = (lo + hi) / 2;
      if (test(mid)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const mode = slope(u0) <= 0 ? u0 : slope(u1) >= 0 ? u1 : bisect(u0, u1, (u) => slope(u) > 0);
  const top = g(mode);
  const floor = top - 50;
  const left = g(u0) >= floor ? u0 : bisect(u0, mode, (u) => g(u) < floor);
  const right = g(u1) >= floor ? u1 : bisect(mode, u1, (u) => g(u) >= floor);
  let sum = 0; // Σ w·exp(g − top)
  let u = left;
  while (u < right) {
    let h = Math.min(1, right - u);
    for (let i = 0; i < 60; i++) {
      const steep = Math.max(Math.abs(slope(u)), Math.abs(slope(u + h)));
      if (h * (1 + steep) <= 3) break;
      h = 3 / (1 + steep);
    }
    const mid = u + h / 2;
    for (let k = 0; k < GL_NODES.length; k++) {
      sum += 0.5 * h * GL_WEIGHTS[k]! * Math.exp(g(mid + 0.5 * h * GL_NODES[k]!) - top);
    }
    u += h;
  }
  return head + top + Math.log(sum);
}

/** ln L for one customer (note 009 eq. 18). */
export function paretoLogLikelihood1(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const head = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const second = Math.log(s) - Math.log(r + s + x) + paretoLnA0(p, x, tx, T);
  return head + logAddExp(first, second);
}

/** P(alive | x, t_x, T) as a logistic of the log-odds. */
export function paretoProbabilityAlive1(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  const lnA0 = paretoLnA0(p, x, tx, T);
  if (lnA0 === -Infinity) return 1;
  const logOdds = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) + lnA0;
  return logistic(-logOdds);
}

/** E[Y(t) | x, t_x, T]; the (s − 1) singularity is removed with expm1(u)/u. */
export function paretoConditional1(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const L = -Math.log1p(t / (beta + T));
  const bracket = -L * expm1OverX((s - 1) * L);
  return ((r + x) * (beta + T)) / (alpha + T) * bracket * paretoProbabilityAlive1(p, x, tx, T);
}

/** E[X(t)] for a new customer. */
export function paretoExpected1(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const L = -Math.log1p(t / beta);
  return ((r * beta) / alpha) * -L * expm1OverX((s - 1) * L);
}
