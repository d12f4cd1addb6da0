/**
 * True predictive intervals per customer: for the number of purchases over a horizon (from the
 * count model's distribution of future purchases) and for the spend over it (Gamma-Gamma,
 * analytically). They cover the customer's own randomness, which is what a manager sees when
 * the horizon has passed; the parameter-uncertainty intervals of `intervals.ts` cover only the
 * expected value and are much narrower.
 *
 * @module
 */
import { OptionError, ValidationError } from "../errors.ts";
import { compressedFor, toColumns } from "./_input.ts";
import { betaRegularizedFront, lnBeta } from "./_special.ts";
import { pointwise } from "./predict.ts";
import type { CountModel, GammaGammaParams, SummaryInput } from "./types.ts";

/** Options for {@linkcode predictiveIntervals}. */
export interface PredictiveIntervalOptions {
  /** Length of the horizon, in the summary's time unit. Required. */
  horizon: number;
  /** Probability the interval holds. @default {0.9} */
  level?: number;
  /**
   * Spend per purchase: Gamma-Gamma parameters (each customer's spend level from its posterior
   * given x repeat purchases of mean z̄, ν ~ Gamma(q + p·x, v + x·z̄), or the prior Gamma(q, v)
   * for customers without usable spend), or `null` for a fixed value per purchase
   * (`averageValue`, then the value interval is the purchase interval times that value).
   */
  spend: GammaGammaParams | null;
  /** Value per purchase for `spend: null` (e.g. `exp_avg_value`). */
  averageValue?: ArrayLike<number>;
}

/**
 * Per-customer predictive intervals over the horizon, aligned with the summary's rows.
 *
 * The interval of a quantity Q ≥ 0 with a probability P(Q = 0) of no purchase holds at least
 * `level` of Q's distribution: when P(Q = 0) < (1 − level)/2 it is the central interval
 * [q((1 − level)/2), q((1 + level)/2)]; otherwise it starts at 0 and ends at the `level`
 * quantile (so it is [0, 0] when P(Q = 0) ≥ level). Counts are discrete, so their intervals
 * hold at least `level` (more when a bound falls on a count with much probability); the spend
 * interval holds exactly `level` unless it is [0, 0].
 */
export interface PredictiveIntervals {
  /** P(no purchase over the horizon): the chance the customer is gone, or alive and not buying. */
  readonly p_no_purchase: Float64Array;
  /** Bounds of the number of purchases over the horizon (whole numbers). */
  readonly purchases_lower: Float64Array;
  readonly purchases_upper: Float64Array;
  /** Bounds of the customer's spend over the horizon (undiscounted, in the summary's money). */
  readonly value_lower: Float64Array;
  readonly value_upper: Float64Array;
}

/** Probabilities the bounds are placed at, for a variable with P(0) = `p0`. */
function boundProbabilities(p0: number, level: number): [number | null, number] {
  const a = (1 - level) / 2;
  return p0 >= a ? [null, level] : [a, 1 - a];
}

/** Smallest k with Σ_{j≤k} pmf(j) ≥ prob (the last count when the pmf's mass falls short). */
function countQuantile(pmf: Float64Array, prob: number): number {
  let cum = 0;
  for (let k = 0; k < pmf.length; k++) {
    cum += pmf[k]!;
    if (cum >= prob * (1 - 1e-12)) return k;
  }
  return pmf.length - 1;
}

/**
 * Quantile of W = V/v′ where V is the spend of Y purchases, Y ~ pmf and, given Y = k ≥ 1,
 * V/v′ ~ BetaPrime(k·p, q′): P(W ≤ ω) = P(0) + Σ_k P(k)·I_{ω/(1+ω)}(k·p, q′) (the sum of k
 * Gamma(p, ν) spends with ν ~ Gamma(q′, v′)). Halley's method on ln ω with the mixture's
 * density and its derivative (Newton's step when Halley's is not usable), kept inside a bracket
 * (bisection when a step leaves it), to 1e-12 in ln ω. `lnB[k]` = ln B(k·p, q′) for the counts
 * that matter (see {@linkcode spendTerms}).
 */
function spendQuantile(
  pmf: Float64Array,
  p: number,
  q: number,
  prob: number,
  lnB: Float64Array,
): number {
  if (pmf[0]! >= prob) return 0;
  if (Math.min(p, q) > DEGENERATE_SPEND) {
    // Spend levels and transaction values without spread (p, q → ∞: a homogeneous-spend fit):
    // k purchases spend k·p/(q − 1) to better than 1e-3, and ln B(k·p, q) would lose all its
    // digits to cancellation.
    return (countQuantile(pmf, prob) * p) / (q - 1);
  }
  const K = lnB.length;
  // F(x) − prob, dF/dx and d²F/dx² at x = ln ω.
  let slope = 0;
  let curvature = 0;
  const excess = (x: number): number => {
    const y = 1 / (1 + Math.exp(-x)); // ω/(1 + ω)
    const ln1pOmega = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    let cdf = pmf[0]!;
    slope = 0;
    curvature = 0;
    for (let k = 1; k < K; k++) {
      const w = pmf[k]!;
      if (!(w >= 1e-12)) continue;
      const a = k * p;
      // ωᵃ(1 + ω)^−(a+q)/B(a, q): both the incomplete beta's front factor and dI/d ln ω, whose
      // derivative in ln ω is front·(a − (a + q)·y).
      const front = Math.exp(a * x - (a + q) * ln1pOmega - lnB[k]!);
      cdf += w * betaRegularizedFront(y, a, q, front);
      slope += w * front;
      curvature += w * front * (a - (a + q) * y);
    }
    return cdf - prob;
  };
  let lo = -Infinity, hi = Infinity;
  // Start at the count's quantile times the mean spend per purchase: close when spend per
  // purchase varies less than counts do.
  const start = Math.max(1, countQuantile(pmf, prob));
  let x = Math.log((start * p) / Math.max(q - 1, q / 2));
  const clamp = (v: number) => Math.min(700, Math.max(-700, v));
  for (let i = 0; i < 200; i++) {
    const f = excess(x);
    if (f === 0) break;
    if (f < 0) lo = x;
    else hi = x;
    const newton = slope > 0 ? x - f / slope : NaN;
    const halley = 2 * slope * slope - f * curvature;
    let next = slope > 0 && halley > 0 ? x - (2 * f * slope) / halley : newton;
    if (!(next > lo && next < hi)) next = newton;
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : f < 0 ? x + 4 : x - 4;
    }
    next = clamp(next);
    if (Math.abs(next - x) <= 1e-12 * Math.max(1, Math.abs(x))) {
      x = next;
      break;
    }
    x = next;
  }
  return Math.exp(x);
}

/**
 * ln B(k·p, q′) for the counts k ≥ 1 that matter to a spend quantile: up to where less than
 * 1e-9 of the probability is left (F changes by less than that beyond). Shared by the lower
 * and upper bound of a distribution.
 */
function spendTerms(pmf: Float64Array, p: number, q: number): Float64Array {
  let K = 1;
  for (let cum = pmf[0]!; K < pmf.length && 1 - cum > 1e-9; K++) cum += pmf[K]!;
  const lnB = new Float64Array(K);
  if (Math.min(p, q) > DEGENERATE_SPEND) return lnB; // not used (see spendQuantile)
  for (let k = 1; k < K; k++) lnB[k] = lnBeta(k * p, q);
  return lnB;
}

/** p and q above this: the spend model has no spread left (see `spendQuantile`). */
const DEGENERATE_SPEND = 1e7;

/**
 * Predictive intervals per customer for the number of purchases and the spend over the next
 * `horizon` periods, from the count model's distribution of future purchases (see
 * `purchaseDistribution`) and, for spend, the Gamma-Gamma model: given k purchases, the spend of a
 * customer with spend level ν is Gamma(k·p, ν), and ν's posterior is Gamma(q + p·x, v + x·z̄),
 * so spend/(v + x·z̄) is BetaPrime(k·p, q + p·x) and its distribution function is an incomplete
 * beta function (no simulation). The model's parameters are taken as known (their uncertainty
 * is small next to a customer's own randomness; see `jointPredictionInterval` for it).
 *
 * Computed once per distinct (frequency, recency, T) row and spend posterior shape.
 *
 * @param model The count model (a fit or `{ model, params }`).
 * @param summary Frequency, recency, T and (for Gamma-Gamma) monetaryValue per customer.
 * @param options Horizon, level and spend model.
 * @returns The columns of {@linkcode PredictiveIntervals}.
 * @throws {OptionError} For a horizon ≤ 0 or a level outside (0, 1).
 * @throws {ValidationError} If `averageValue` is missing or of the wrong length with `spend: null`.
 *
 * @example Most of a customer's 90% interval
 * ```ts
 * import { predictiveIntervals } from "./predictive_intervals.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const pi = predictiveIntervals(bg, {
 *   frequency: [0, 2, 26], recency: [0, 30.43, 30.86], T: [38.86, 38.86, 31], monetaryValue: [0, 22.35, 40],
 * }, { horizon: 26, spend: { p: 6.25, q: 3.74, v: 15.44 } });
 * ok(pi.p_no_purchase[0]! > 0.85 && pi.purchases_upper[0] === 1); // a one-time buyer: 0 or 1
 * ok(pi.purchases_lower[2]! > 0 && pi.value_lower[2]! > 0); // a frequent buyer buys for sure
 * ok(pi.value_upper[1]! > 22.35);
 * ```
 */
export function predictiveIntervals(
  model: CountModel,
  summary: SummaryInput,
  options: PredictiveIntervalOptions,
): PredictiveIntervals {
  const { horizon, level = 0.9, spend } = options;
  if (!(horizon > 0 && Number.isFinite(horizon))) {
    throw new OptionError(
      "horizon",
      `Cannot compute predictive intervals: horizon must be a finite number > 0: current value is "${horizon}"`,
    );
  }
  if (!(level > 0 && level < 1)) {
    throw new OptionError(
      "level",
      `Cannot compute predictive intervals: level must be in (0, 1): current value is "${level}"`,
    );
  }
  const cols = toColumns(summary);
  const n = cols.length;
  const fixed = spend === null ? options.averageValue : undefined;
  if (spend === null && (fixed === undefined || fixed.length !== n)) {
    throw new ValidationError(
      `Cannot compute predictive intervals: averageValue must have one value per customer (${n}) when spend is null`,
      [],
    );
  }
  const m = cols.monetaryValue ?? new Float64Array(n);
  const predictor = pointwise(model);
  const c = compressedFor(cols);
  const out = {
    p_no_purchase: new Float64Array(n),
    purchases_lower: new Float64Array(n),
    purchases_upper: new Float64Array(n),
    value_lower: new Float64Array(n),
    value_upper: new Float64Array(n),
  };
  // Which spend posteriors each distinct row needs: bit 1 the prior (no usable spend), bit 2
  // the customer's own (a repeat customer with positive spend; its shape depends on x only).
  const rows = c.weights.length;
  const usable = (i: number): boolean => {
    const x = cols.frequency[i]!, z = m[i]!;
    return x > 0 && z > 0 && Number.isFinite(z);
  };
  const needs = new Uint8Array(rows);
  if (spend !== null) { for (let i = 0; i < n; i++) needs[c.index[i]!]! |= usable(i) ? 2 : 1; }
  // One pass over the distinct rows: the count distribution (not kept), its bounds, and the
  // spend bounds in units of the posterior scale v + x·z̄ (ω) for each posterior needed.
  const p0 = new Float64Array(rows);
  const countLo = new Float64Array(rows);
  const countHi = new Float64Array(rows);
  const omega = new Float64Array(4 * rows); // [lo, hi] for the prior, then for the own posterior
  for (let u = 0; u < rows; u++) {
    const x = c.frequency[u]!;
    const pmf = predictor.purchaseDistribution(x, c.recency[u]!, c.T[u]!, horizon);
    const [lo, hi] = boundProbabilities(pmf[0]!, level);
    p0[u] = pmf[0]!;
    countLo[u] = lo === null ? 0 : countQuantile(pmf, lo);
    countHi[u] = countQuantile(pmf, hi);
    if (spend === null) continue;
    for (const own of [false, true]) {
      if (!(needs[u]! & (own ? 2 : 1))) continue;
      const shape = spend.q + (own ? spend.p * x : 0);
      const lnB = spendTerms(pmf, spend.p, shape);
      omega[4 * u + (own ? 2 : 0)] = lo === null ? 0 : spendQuantile(pmf, spend.p, shape, lo, lnB);
      omega[4 * u + (own ? 3 : 1)] = spendQuantile(pmf, spend.p, shape, hi, lnB);
    }
  }
  for (let i = 0; i < n; i++) {
    const u = c.index[i]!;
    out.p_no_purchase[i] = p0[u]!;
    out.purchases_lower[i] = countLo[u]!;
    out.purchases_upper[i] = countHi[u]!;
    if (spend === null) {
      const value = fixed![i]!;
      out.value_lower[i] = countLo[u]! * value;
      out.value_upper[i] = countHi[u]! * value;
      continue;
    }
    const own = usable(i);
    const scale = spend.v + (own ? cols.frequency[i]! * m[i]! : 0);
    out.value_lower[i] = scale * omega[4 * u + (own ? 2 : 0)]!;
    out.value_upper[i] = scale * omega[4 * u + (own ? 3 : 1)]!;
  }
  return out;
}
