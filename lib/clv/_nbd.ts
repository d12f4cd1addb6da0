/**
 * The no-dropout check shared by the count models (private). BG/NBD (a → 0 or b → ∞),
 * MBG/NBD (likewise) and Pareto/NBD (s → 0 or β → ∞) all reduce to the NBD model
 * (Ehrenberg 1959) when nobody drops out: ln L = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T).
 * Fitting that two-parameter model and comparing log-likelihoods tells, in words, whether
 * the optimum sits on (or near) the no-dropout boundary, which parameter values alone do not:
 * the optimiser may stop at a = 0.004 with a huge standard error of b, an interior point in
 * name only.
 *
 * @module
 */
import { fitModel } from "./_fit.ts";
import { distinctValues } from "./_input.ts";
import { digamma, lnGamma } from "./_special.ts";
import { compressSummaries } from "./compress.ts";
import type { FitResultBase, NoDropoutCheck } from "./types.ts";

/** Below this 2ΔLL the dropout process adds nothing measurable: the optimum is on the boundary. */
const BOUNDARY_STATISTIC = 0.01;

/** Weighted (x, T) rows of the data the count model was fitted on. */
export interface NbdData {
  readonly frequency: Float64Array;
  readonly T: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Fits the NBD model to the same rows (same penalizer, same time rescaling) and compares it
 * with the fitted count model.
 */
export function noDropoutCheck(
  data: NbdData,
  modelLogLikelihood: number,
  penalizer: number,
): NoDropoutCheck {
  const c = compressSummaries({
    frequency: data.frequency,
    recency: new Float64Array(data.frequency.length),
    T: data.T,
    weights: data.weights,
  });
  const xs = distinctValues(c.frequency);
  const Ts = distinctValues(c.T);
  let maxT = 0;
  let W = 0;
  for (const T of Ts.values) maxT = Math.max(maxT, T);
  for (const w of c.weights) W += w;
  const nbd = fitModel<{ r: number; alpha: number }>({
    label: "NBD",
    names: ["r", "alpha"],
    timeParams: [1],
    defaults: [1, 1],
    totalWeight: W,
    distinctRows: c.weights.length,
    scale: maxT > 0 ? 1 / maxT : 1,
    logLik: (scale) => {
      const TValues = Ts.values.map((T) => T * scale);
      return (p, grad) => nbdLogLikelihoodSum(p[0]!, p[1]!, xs, TValues, Ts.index, c, grad);
    },
    describeBoundary: () => null,
  }, { penalizer, standardErrors: false });
  const statistic = Math.max(0, 2 * (modelLogLikelihood - nbd.logLikelihood));
  const pValue = statistic === 0 ? 1 : 0.5 * erfc(Math.sqrt(statistic / 2));
  const verdict = statistic < BOUNDARY_STATISTIC
    ? "boundary"
    : pValue > 0.05
    ? "near-boundary"
    : "interior";
  return {
    logLikelihood: nbd.logLikelihood,
    params: nbd.params,
    statistic,
    pValue,
    verdict,
  };
}

function nbdLogLikelihoodSum(
  r: number,
  alpha: number,
  xs: { values: Float64Array; index: Int32Array },
  TValues: Float64Array,
  TIndex: Int32Array,
  c: { weights: Float64Array },
  grad: Float64Array,
): number {
  const nx = xs.values.length;
  const lg = new Float64Array(nx);
  const ps = new Float64Array(nx);
  const lgr = lnGamma(r), psr = digamma(r);
  for (let u = 0; u < nx; u++) {
    lg[u] = lnGamma(r + xs.values[u]!) - lgr;
    ps[u] = digamma(r + xs.values[u]!) - psr;
  }
  const lnAT = TValues.map((T) => Math.log(alpha + T));
  const invAT = TValues.map((T) => 1 / (alpha + T));
  let ll = 0, gr = 0, ga = 0, W = 0;
  for (let i = 0; i < c.weights.length; i++) {
    const w = c.weights[i]!, u = xs.index[i]!, k = TIndex[i]!;
    const rx = r + xs.values[u]!;
    ll += w * (lg[u]! - rx * lnAT[k]!);
    gr += w * (ps[u]! - lnAT[k]!);
    ga -= w * rx * invAT[k]!;
    W += w;
  }
  ll += W * r * Math.log(alpha);
  grad[0] = gr + W * Math.log(alpha);
  grad[1] = ga + (W * r) / alpha;
  return ll;
}

/** A parameter value in a report sentence: 3 significant digits, exponent form when extreme. */
export function formatParam(v: number): string {
  return v >= 1e5 || v < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
}

/** Complementary error function (Numerical Recipes `erfcc`, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const y = t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 +
            t * (0.37409196 +
                t * (0.09678418 +
                    t * (-0.18628288 +
                        t * (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/**
 * Adds the no-dropout check to a count-model fit: the `noDropout` field, one sentence in
 * the report and, when the NBD model fits as well, the `boundary` words.
 */
export function withNoDropoutCheck<F extends FitResultBase<object>>(
  fit: F,
  data: NbdData,
  label: string,
  dropoutWords: string,
): F & { readonly noDropout: NoDropoutCheck } {
  const check = noDropoutCheck(data, fit.logLikelihood, fit.penalizer);
  const stat = check.statistic < 1e-3
    ? check.statistic.toExponential(1)
    : check.statistic.toFixed(3);
  const p = check.pValue < 0.001 ? "p < 0.001" : `p ≈ ${check.pValue.toFixed(3)}`;
  const nbdLl = check.logLikelihood.toFixed(4);
  let sentence: string;
  let boundary = fit.boundary;
  if (check.verdict === "interior") {
    sentence =
      `No-dropout check: ${label} fits clearly better than the NBD model without dropout (log-likelihood ${nbdLl}; 2ΔLL = ${stat}, ${p}), so customers do drop out.`;
  } else if (check.verdict === "near-boundary") {
    sentence =
      `No-dropout check: the NBD model without dropout fits almost as well (log-likelihood ${nbdLl}; 2ΔLL = ${stat}, ${p}): the optimum is near the no-dropout boundary (${dropoutWords}), the dropout parameters are poorly determined, and P(alive) stays close to 1 for most customers.`;
  } else {
    sentence =
      `No-dropout check: the NBD model without dropout fits as well (log-likelihood ${nbdLl}; 2ΔLL = ${stat}).`;
    if (boundary === null) {
      boundary =
        `The optimum is on the no-dropout boundary (${dropoutWords}): the data show no sign of customers leaving, so ${label} reduces to the NBD model and P(alive) is close to 1 for everyone.`;
    }
  }
  const report = fit.report.filter((line) => line !== fit.boundary);
  if (boundary !== null) report.push(boundary);
  report.push(sentence);
  return Object.freeze({
    ...fit,
    boundary,
    noDropout: Object.freeze(check),
    report: Object.freeze(report),
  });
}
