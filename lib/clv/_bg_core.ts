/**
 * Pointwise BG/NBD and MBG/NBD mathematics shared by both models (private). `modified`
 * selects MBG/NBD (Batislam, Denizel & Filiztekin 2007), which lets customers drop out at
 * time 0 as well: Beta factors shift x → x + 1 and the dropout term applies at x = 0.
 *
 * @module
 */
import {
  digamma,
  expectationBracket,
  expectationBracketDirect,
  GL_NODES,
  GL_WEIGHTS,
  lnBeta,
  lnGamma,
  logAddExp,
  logistic,
} from "./_special.ts";
import type { BgNbdParams } from "./types.ts";

/** ln L for one customer (FHL 2005 eq. 6 in the stable log form of Hardie note 027). */
export function bgLogLikelihood1(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  modified: boolean,
): number {
  const { r, alpha, a, b } = p;
  const k = modified ? 1 : 0;
  const d1 = lnGamma(r + x) - lnGamma(r) + lnGamma(a + b) + lnGamma(b + x + k) - lnGamma(b) -
    lnGamma(a + b + x + k) + r * Math.log(alpha);
  const A = -(r + x) * Math.log(alpha + T);
  if (!modified && x === 0) return d1 + A;
  const B = Math.log(a) - Math.log(b + x - 1 + k) - (r + x) * Math.log(alpha + tx);
  return d1 + logAddExp(A, B);
}

/** P(alive | x, t_x, T) as a logistic, exactly 0 without overflow for huge x (note 021). */
export function bgProbabilityAlive1(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  modified: boolean,
): number {
  if (!modified && x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logOdds = (r + x) * Math.log((alpha + T) / (alpha + tx)) + Math.log(a) -
    Math.log(b + x - 1 + (modified ? 1 : 0));
  return logistic(-logOdds);
}

/** Above this a, E[purchases | alive] uses the concentrated-Beta expansion below. */
const LARGE_A = 1e5;

/**
 * E_p[(1/p)·(1 − (s/(s + p·t))^k)] for p ~ Beta(A, B): expected purchases in the next t of a
 * customer alive now, with λ ~ Gamma(k, s) and dropout probability p after each purchase
 * (given p, (1/p)(1 − e^(−λpt)); averaged over λ). BG/NBD's conditional and unconditional
 * expectations are this integral (FHL 2005 eqs. 9–10); when A is huge (a, b → ∞ together,
 * every customer with nearly the same p) the Euler series needs ~A·z terms, while Beta(A, B)
 * is so concentrated that f(p̄) + ½f''(p̄)·Var(p) is exact to O(1/A²) (< 1e-10 here).
 */
export function aliveExpectationConcentrated(
  k: number,
  s: number,
  t: number,
  A: number,
  B: number,
): number {
  const f = (p: number): number => -Math.expm1(-k * Math.log1p((p * t) / s)) / p;
  const n = A + B;
  const mean = A / n;
  const variance = (A * B) / (n * n * (n + 1));
  const h = 1e-3 * Math.min(mean, 1 - mean);
  const second = (f(mean + h) - 2 * f(mean) + f(mean - h)) / (h * h);
  return f(mean) + 0.5 * second * variance;
}

/** NB means (purchases that would happen in t without dropout) above which the direct
 * series would need too many terms and the p-integral is used instead. */
const DIRECT_MAX_MEAN = 2e4;

/**
 * The same expectation as {@linkcode aliveExpectationConcentrated}, E_p[f(p)] for p ~ Beta(A, B),
 * by quadrature in u = −ln p: ∫₀^∞ f(e^−u)·e^(−Au)(1 − e^−u)^(B−1) du / B(A, B). The density
 * behaves like u^(B−1) at 0, so [0, 1] is split into geometrically graded panels
 * [2^(j−41), 2^(j−40)] (each smooth) after [0, 2^−40], which is integrated in closed form to
 * O(2^−40); beyond 1, panels of width ≤ 3/(A + 1) up to where f has saturated at k·t/s, then
 * the exponential tail in closed form. 16-point Gauss–Legendre throughout. Used only where the series would need more than 2·10⁴ terms
 * (purchases in t far into the thousands with r ≫ a + b) or c ≤ 0 with r ≫ a + b.
 */
export function aliveExpectationQuadrature(
  k: number,
  s: number,
  t: number,
  A: number,
  B: number,
): number {
  const lnNorm = -lnBeta(A, B);
  const integrand = (u: number): number => {
    const p = Math.exp(-u);
    // f(p) → k·t/s as p → 0 (no dropout within reach); p underflows to 0 beyond u ≈ 745.
    const f = p > 1e-300 ? -Math.expm1(-k * Math.log1p((p * t) / s)) / p : (k * t) / s;
    return f * Math.exp(lnNorm - A * u + (B - 1) * Math.log(-Math.expm1(-u)));
  };
  const panel = (lo: number, hi: number): number => {
    const mid = (lo + hi) / 2, half = (hi - lo) / 2;
    let sum = 0;
    for (let j = 0; j < GL_NODES.length; j++) {
      sum += GL_WEIGHTS[j]! * integrand(mid + half * GL_NODES[j]!);
    }
    return sum * half;
  };
  const eps = Math.pow(2, -40);
  // On [0, ε]: f ≈ f(p = 1) = 1 − (s/(s+t))^k, e^(−Au) ≈ 1, (1 − e^−u)^(B−1) ≈ u^(B−1).
  let sum = -Math.expm1(-k * Math.log1p(t / s)) * Math.exp(lnNorm + B * Math.log(eps)) / B;
  for (let j = 0; j < 40; j++) sum += panel(eps * 2 ** j, eps * 2 ** (j + 1));
  // Beyond 1: panels of width ≤ 3/(A + 1) (the log-integrand's slope is about −A there) up to
  // U, where f = k·t/s and (1 − e^−u)^(B−1) = 1 to 1e-12; the tail ∫_U^∞ (k·t/s)·e^(−Au) du
  // in closed form. Past f's growth the integrand decreases: stop once panels stop counting.
  const rise = Math.max(0, Math.log((k * t) / s));
  const U = 1 + rise + 28;
  const h = Math.min(1, 3 / (A + 1));
  for (let u = 1; u < U; u += h) {
    const part = panel(u, Math.min(U, u + h));
    sum += part;
    if (u > rise + 2 && part <= 1e-17 * sum) return sum;
  }
  return sum + ((k * t) / s) * Math.exp(lnNorm - A * U) / A;
}

/**
 * E[purchases in the next t | alive] from the best-conditioned form: Euler's series unless
 * its upper parameter A = c − k is negative with |A|·z > 1 (its alternating terms would
 * cancel); there the positive-term direct series, or the p-integral when that would need
 * more than 2·10⁴ terms or c ≤ 0 (a + b + x < 1, where its terms change sign). `(s, beta)`: the rate posterior's scale and the Beta's second shape.
 */
function bracketFor(
  c: number,
  k: number,
  a: number,
  z: number,
  L: number,
  s: number,
  t: number,
  beta: number,
): number {
  const A = c - k;
  if (!(A < -1 && -A * z > 1)) return expectationBracket(c, A, a, z, L);
  return c <= 0 || (k * z) / (1 - z) > DIRECT_MAX_MEAN
    ? aliveExpectationQuadrature(k, s, t, a, beta)
    : expectationBracketDirect(c, k, a, z, L);
}

/** E[Y(t) | x, t_x, T] (FHL 2005 eq. 10 with Euler's transformation, models.md §2.2). */
export function bgConditional1(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  modified: boolean,
): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const k = modified ? 1 : 0;
  const c = a + b + x - 1 + k;
  const z = t / (alpha + T + t);
  const L = -Math.log1p(t / (alpha + T));
  // Given alive after x purchases: λ ~ Gamma(r + x, α + T), p ~ Beta(a, b + x (+1 for MBG)).
  const bracket = a > LARGE_A
    ? aliveExpectationConcentrated(r + x, alpha + T, t, a, b + x + k)
    : bracketFor(c, r + x, a, z, L, alpha + T, t, b + x + k);
  return Math.max(0, bracket) * bgProbabilityAlive1(p, x, tx, T, modified);
}

/** E[X(t)] for a new customer (FHL 2005 eq. 9; MBG/NBD: Batislam et al. 2007). */
export function bgExpected1(p: BgNbdParams, t: number, modified: boolean): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const k = modified ? 1 : 0;
  const c = a + b - 1 + k;
  const z = t / (alpha + t);
  const L = -Math.log1p(t / alpha);
  const bracket = a > LARGE_A
    ? aliveExpectationConcentrated(r, alpha, t, a, b + k)
    : bracketFor(c, r, a, z, L, alpha, t, b + k);
  return Math.max(0, modified ? (bracket * b) / (a + b) : bracket);
}

/**
 * P(X(t) = n) for n = 0..maxN − 1 for a new customer (FHL 2005 eq. 8). The tail
 * 1 − Σ_{j<n} NB(j) is summed directly when it is small, to avoid cancellation.
 */
export function bgPmfVector(p: BgNbdParams, t: number, maxN: number): Float64Array {
  const out = new Float64Array(maxN);
  if (maxN === 0) return out;
  if (t <= 0) {
    out[0] = 1;
    return out;
  }
  const { r, alpha, a, b } = p;
  const lnP0 = r * Math.log(alpha / (alpha + t));
  const q = t / (alpha + t);
  const lnQ = Math.log(q);
  const lnBab = lnBeta(a, b);
  const lnGr = lnGamma(r);
  // nb[j] = NB(j) = Γ(r+j)/(Γ(r) j!) p0 qʲ, computed in log space (no underflow drift).
  const nbAt = (j: number): number =>
    Math.exp(lnGamma(r + j) - lnGr - lnGamma(j + 1) + lnP0 + j * lnQ);
  let head = 0; // Σ_{j<n} NB(j)
  let nbPrev = 0;
  for (let n = 0; n < maxN; n++) {
    const nb = n === 0 ? Math.exp(lnP0) : nbPrev * ((r + n - 1) / n) * q;
    const term1 = Math.exp(lnBeta(a, b + n) - lnBab) * nb;
    let term2 = 0;
    if (n > 0) {
      let tail: number;
      if (head < 0.5) {
        tail = 1 - head;
      } else {
        tail = 0;
        let term = nbAt(n);
        for (let j = n; j < n + 100_000; j++) {
          tail += term;
          if (term < 1e-17 * tail || term === 0) break;
          term *= ((r + j) / (j + 1)) * q;
        }
      }
      term2 = Math.exp(lnBeta(a + 1, b + n - 1) - lnBab) * tail;
    }
    out[n] = term1 + term2;
    head += nb;
    nbPrev = nb;
  }
  return out;
}

/** Caches and per-row loop of the fit objective (mean NLL and its gradient in natural params). */
export interface BgObjectiveData {
  readonly xValues: Float64Array;
  readonly xIndex: Int32Array;
  readonly TValues: Float64Array;
  readonly TIndex: Int32Array;
  readonly txValues: Float64Array;
  readonly txIndex: Int32Array;
  readonly weights: Float64Array;
  readonly totalWeight: number;
}

/**
 * Weighted Σ ln L and its gradient with respect to (r, α, a, b), reusing ln Γ, ψ and the
 * logarithms per distinct x, T and t_x (models.md §2.2 gradient).
 */
export function bgLogLikelihoodSum(
  p: BgNbdParams,
  data: BgObjectiveData,
  modified: boolean,
  grad: Float64Array,
): number {
  const { r, alpha, a, b } = p;
  const k = modified ? 1 : 0;
  const { xValues, TValues, txValues } = data;
  const nx = xValues.length;
  const d1 = new Float64Array(nx);
  const dr = new Float64Array(nx);
  const da = new Float64Array(nx);
  const db = new Float64Array(nx);
  const lnC4 = new Float64Array(nx);
  const invB = new Float64Array(nx);
  const lgr = lnGamma(r), lgab = lnGamma(a + b), lgb = lnGamma(b);
  const psr = digamma(r), psab = digamma(a + b), psb = digamma(b);
  for (let u = 0; u < nx; u++) {
    const x = xValues[u]!;
    const lgabx = lnGamma(a + b + x + k);
    d1[u] = lnGamma(r + x) - lgr + lgab + lnGamma(b + x + k) - lgb - lgabx;
    const psabx = digamma(a + b + x + k);
    dr[u] = digamma(r + x) - psr;
    da[u] = psab - psabx;
    db[u] = psab + digamma(b + x + k) - psb - psabx;
    if (modified || x > 0) {
      lnC4[u] = Math.log(a) - Math.log(b + x - 1 + k);
      invB[u] = 1 / (b + x - 1 + k);
    } else {
      lnC4[u] = -Infinity;
    }
  }
  const lnAT = TValues.map((T) => Math.log(alpha + T));
  const invAT = TValues.map((T) => 1 / (alpha + T));
  const lnAtx = txValues.map((t) => Math.log(alpha + t));
  const invAtx = txValues.map((t) => 1 / (alpha + t));
  const { xIndex, TIndex, txIndex, weights } = data;
  let ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
  const n = weights.length;
  for (let i = 0; i < n; i++) {
    const u = xIndex[i]!, iT = TIndex[i]!, it = txIndex[i]!;
    const w = weights[i]!;
    const x = xValues[u]!;
    const rx = r + x;
    const A = -rx * lnAT[iT]!;
    const c4 = lnC4[u]!;
    let lse = A, omegaB = 0;
    if (c4 !== -Infinity) {
      const B = c4 - rx * lnAtx[it]!;
      if (A >= B) {
        const e = Math.exp(B - A);
        lse = A + Math.log1p(e);
        omegaB = e / (1 + e);
      } else {
        const e = Math.exp(A - B);
        lse = B + Math.log1p(e);
        omegaB = 1 / (1 + e);
      }
    }
    const omegaA = 1 - omegaB;
    ll += w * (d1[u]! + lse);
    gr += w * (dr[u]! - omegaA * lnAT[iT]! - omegaB * lnAtx[it]!);
    gal -= w * rx * (omegaA * invAT[iT]! + omegaB * invAtx[it]!);
    ga += w * (da[u]! + omegaB / a);
    gb += w * (db[u]! - omegaB * invB[u]!);
  }
  const W = data.totalWeight;
  ll += W * r * Math.log(alpha);
  grad[0] = gr + W * Math.log(alpha);
  grad[1] = gal + (W * r) / alpha;
  grad[2] = ga;
  grad[3] = gb;
  return ll;
}
