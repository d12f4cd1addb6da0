/**
 * The dropout verdict shared by the count models (private). BG/NBD (a → 0 or b → ∞), MBG/NBD
 * (likewise) and Pareto/NBD (s → 0 or β → ∞) all reduce to the NBD model (Ehrenberg 1959) when
 * nobody drops out: ln L = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T). Fitting that
 * two-parameter model and comparing log-likelihoods tells whether the optimum sits on (or near)
 * the no-dropout boundary, which parameter values alone do not: the optimiser may stop at
 * a = 0.004 with a huge standard error of b, an interior point in name only. When no dropout is
 * not rejected, a second test against heavy dropout tells "no dropout" from "the data cannot
 * tell" (for example when nobody made a repeat purchase, the likelihood does not depend on a
 * and b at all).
 *
 * @module
 */
import { fitModel, type LogLikSum } from "./_fit.ts";
import { distinctValues } from "./_input.ts";
import { digamma, lnGamma } from "./_special.ts";
import { erfc } from "../stats/special.ts";
import { compressSummaries } from "./compress.ts";
import type { DropoutVerdict, FitOptions, LikelihoodRatioTest, ParameterLimit } from "./types.ts";

/** Below this 2ΔLL the dropout process adds nothing measurable: the optimum is on the boundary. */
export const BOUNDARY_STATISTIC = 0.01;
/** Significance level of both tests. */
const LEVEL = 0.05;

/** Weighted (x, T) rows of the data the count model was fitted on. */
export interface NbdData {
  readonly frequency: Float64Array;
  readonly T: Float64Array;
  readonly weights: Float64Array;
}

/** A restricted fit: its maximum log-likelihood and estimates in the data's units. */
export interface RestrictedFit {
  readonly logLikelihood: number;
  readonly params: Readonly<Record<string, number>>;
}

/**
 * The likelihood-ratio test of the fitted count model against the NBD model (no dropout),
 * fitted to the same rows with the same penalizer and time rescaling. The null sits on the
 * boundary of the parameter space, so the statistic is referred to ½χ²₀ + ½χ²₁.
 */
export function noDropoutTest(
  data: NbdData,
  modelLogLikelihood: number,
  penalizer: number,
): LikelihoodRatioTest {
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
    scaledParams: [1],
    defaults: [1, 1],
    totalWeight: W,
    distinctRows: c.weights.length,
    scale: maxT > 0 ? 1 / maxT : 1,
    logLik: (scale) => {
      const TValues = Ts.values.map((T) => T * scale);
      return (p, grad) => nbdLogLikelihoodSum(p[0]!, p[1]!, xs, TValues, Ts.index, c, grad);
    },
  }, { penalizer, standardErrors: false });
  const statistic = Math.max(0, 2 * (modelLogLikelihood - nbd.logLikelihood));
  return {
    statistic,
    df: 1,
    p: statistic === 0 ? 1 : 0.5 * erfc(Math.sqrt(statistic / 2)),
    logLikelihood: nbd.logLikelihood,
    params: { ...nbd.params },
  };
}

/** The likelihood-ratio test against a restricted fit with `df` parameters fixed at interior
 * values (χ²_df reference; df = 2: p = e^(−statistic/2)). */
export function restrictedTest(
  restricted: RestrictedFit,
  modelLogLikelihood: number,
  df: 2,
): LikelihoodRatioTest {
  const statistic = Math.max(0, 2 * (modelLogLikelihood - restricted.logLikelihood));
  return {
    statistic,
    df,
    p: Math.exp(-statistic / 2),
    logLikelihood: restricted.logLikelihood,
    params: { ...restricted.params },
  };
}

/**
 * Fits r and α with the dropout parameters held fixed (a profile fit), for the heavy-dropout
 * reference. `logLik(scale)` gives the model's total log-likelihood and its (r, α) gradient on
 * data whose times were multiplied by `scale`.
 */
export function profileRateFit(
  logLik: (scale: number) => LogLikSum,
  fixed: Readonly<Record<string, number>>,
  rows: { totalWeight: number; distinctRows: number; scale: number },
  options: Pick<FitOptions, "penalizer">,
): RestrictedFit {
  const fit = fitModel<{ r: number; alpha: number }>({
    label: "profile",
    names: ["r", "alpha"],
    scaledParams: [1],
    defaults: [1, 1],
    totalWeight: rows.totalWeight,
    distinctRows: rows.distinctRows,
    scale: rows.scale,
    logLik,
  }, { penalizer: options.penalizer ?? 0, standardErrors: false });
  return { logLikelihood: fit.logLikelihood, params: { ...fit.params, ...fixed } };
}

/** What the verdict needs from a count-model fit. */
export interface VerdictInput {
  readonly logLikelihood: number;
  readonly penalizer: number;
  readonly limits: readonly ParameterLimit[];
  /** The two dropout parameters (a, b or s, beta). */
  readonly dropoutParameters: readonly [string, string];
  /** a/(a+b) per purchase, or s/β per time unit, at the estimates. */
  readonly meanDropout: number;
}

/**
 * The dropout verdict (see `DropoutVerdict`) from the two tests: `heavyDropout` is evaluated
 * only when no dropout is not rejected.
 */
export function dropoutVerdict(
  fit: VerdictInput,
  data: NbdData,
  heavyDropout: () => RestrictedFit,
): DropoutVerdict {
  const noDropout = noDropoutTest(data, fit.logLikelihood, fit.penalizer);
  if (noDropout.p <= LEVEL) {
    const atLimit = fit.limits.some((l) => fit.dropoutParameters.includes(l.parameter));
    return atLimit
      ? { kind: "homogeneous-dropout", noDropout, meanDropout: fit.meanDropout }
      : { kind: "interior", noDropout };
  }
  const heavy = restrictedTest(heavyDropout(), fit.logLikelihood, 2);
  const kind = heavy.p > LEVEL
    ? "undetermined"
    : noDropout.statistic < BOUNDARY_STATISTIC
    ? "no-dropout-boundary"
    : "weak-dropout";
  return { kind, noDropout, heavyDropout: heavy };
}

/**
 * Whether a count-model fit has no usable parameter uncertainty for prediction intervals: a
 * parameter at a limit, or the NBD model fitting as well (the optimum on the no-dropout
 * boundary, where the dropout parameters are not identified).
 */
export function onBoundary(report: {
  readonly limits: readonly ParameterLimit[];
  readonly verdict: DropoutVerdict;
}): boolean {
  const v = report.verdict;
  return report.limits.length > 0 ||
    (v.kind !== "not-checked" && v.noDropout.statistic < BOUNDARY_STATISTIC);
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

/** Customers (sum of weights) with at least one repeat purchase. */
export function repeatWeight(data: NbdData): number {
  let w = 0;
  for (let i = 0; i < data.frequency.length; i++) if (data.frequency[i]! > 0) w += data.weights[i]!;
  return w;
}
