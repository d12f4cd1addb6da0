/**
 * Maximum-likelihood fit of the Pareto/NBD model.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import { fitModel, freezeFit, type LogLikSum, reportBase } from "./_fit.ts";
import { compressedRows, toColumns, validateColumns } from "./_input.ts";
import { paretoLogLikelihood1 } from "./_pareto_core.ts";
import { dropoutVerdict, profileRateFit, repeatWeight } from "./_nbd.ts";
import type {
  CountFitReport,
  FitOptions,
  ParetoNbdFit,
  ParetoNbdParams,
  SummaryInput,
} from "./types.ts";

/** Options for {@linkcode fitParetoNbd}. */
export type ParetoNbdFitOptions = FitOptions;

/**
 * Fits the Pareto/NBD model by maximum likelihood on log-parameters with BFGS. The
 * likelihood uses the stable log form of note 009 (A₀ by Euler-transformed ₂F₁ series
 * with positive terms, combined with log1mexp), so it is finite for frequencies in the
 * thousands and at t_x = T. The gradient is by central differences (the ₂F₁ parameter
 * derivatives have no closed form); identical rows are compressed first.
 *
 * lifetimes-compatible objective: weighted mean NLL + `penalizer`·(r² + α² + s² + β²) with
 * times rescaled by 1/max(T) during the fit (α and β reported in the data's unit).
 *
 * @param summary One row per customer: frequency, recency, T (optional weights).
 * @param options Penalizer, initial values, iteration cap, tolerance.
 * @returns An immutable {@linkcode ParetoNbdFit}.
 * @throws {ValidationError} For invalid rows (named in the message).
 * @see Schmittlein, Morrison & Colombo (1987), Management Science 33(1); Fader & Hardie (2005) note 009.
 *
 * @example
 * ```ts
 * import { fitParetoNbd } from "./fit_pareto_nbd.ts";
 * import { simulateParetoNbd } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const data = simulateParetoNbd({ r: 0.6, alpha: 8, s: 0.8, beta: 10 }, new Float64Array(1500).fill(40), { seed: 2 });
 * const fit = fitParetoNbd(data);
 * ok(fit.converged && Math.abs(fit.params.r - 0.6) < 0.2);
 * ```
 */
export function fitParetoNbd(
  summary: SummaryInput,
  options: ParetoNbdFitOptions = {},
): ParetoNbdFit {
  const cols = toColumns(summary);
  validateColumns(cols, "fit Pareto/NBD model");
  if (cols.length === 0) {
    throw new ValidationError("Cannot fit Pareto/NBD model: the summary has no rows", []);
  }
  const c = compressedRows(cols);
  let maxT = 0;
  let W = 0;
  for (let i = 0; i < c.weights.length; i++) {
    maxT = Math.max(maxT, c.T[i]!);
    W += c.weights[i]!;
  }
  const m = c.weights.length;
  const scale = maxT > 0 ? 1 / maxT : 1;
  /** Total log-likelihood with a central-difference gradient over the free parameters
   * (r, α, s, β, or r and α with s and β fixed). */
  const logLikAt = (fixed: { s: number; beta: number } | null) => (sc: number): LogLikSum => {
    const tx = c.recency.map((v) => v * sc);
    const T = c.T.map((v) => v * sc);
    const total = (p: ArrayLike<number>): number => {
      const params = fixed === null
        ? { r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! }
        : { r: p[0]!, alpha: p[1]!, s: fixed.s, beta: fixed.beta * sc };
      let ll = 0;
      for (let i = 0; i < m; i++) {
        ll += c.weights[i]! * paretoLogLikelihood1(params, c.frequency[i]!, tx[i]!, T[i]!);
      }
      return ll;
    };
    return (p, grad) => {
      const value = total(p);
      const q = Float64Array.from(p);
      for (let j = 0; j < p.length; j++) {
        const h = 1e-5 * p[j]!;
        q[j] = p[j]! + h;
        const up = total(q);
        q[j] = p[j]! - h;
        const down = total(q);
        q[j] = p[j]!;
        grad[j] = (up - down) / (2 * h);
      }
      return value;
    };
  };
  const core = fitModel<ParetoNbdParams>({
    label: "Pareto/NBD",
    names: ["r", "alpha", "s", "beta"],
    scaledParams: [1, 3],
    defaults: [1, 1, 1, 1],
    totalWeight: W,
    distinctRows: m,
    scale,
    hessianStep: 1e-4,
    logLik: logLikAt(null),
  }, options);
  const data = { frequency: c.frequency, T: c.T, weights: c.weights };
  // Heavy-dropout reference: s = 1 and β = the median customer age, so half the customers of
  // that age would have left (lifetime ~ Lomax(1, β)).
  const heavy = { s: 1, beta: weightedMedian(c.T, c.weights) || 1 };
  const { s, beta } = core.params;
  const report: CountFitReport = {
    ...reportBase("pareto_nbd", core),
    model: "pareto_nbd",
    repeatCustomers: repeatWeight(data),
    verdict: options.noDropoutCheck === false ? { kind: "not-checked" } : dropoutVerdict(
      {
        logLikelihood: core.logLikelihood,
        penalizer: core.penalizer,
        limits: core.limits,
        dropoutParameters: ["s", "beta"],
        meanDropout: s / beta,
      },
      data,
      () =>
        profileRateFit(logLikAt(heavy), heavy, { totalWeight: W, distinctRows: m, scale }, {
          penalizer: core.penalizer,
        }),
    ),
  };
  return freezeFit<ParetoNbdFit>("pareto_nbd", core, report);
}

/** Median of weighted values (the lower middle value). */
function weightedMedian(values: Float64Array, weights: Float64Array): number {
  const order = Array.from(values.keys()).sort((i, j) => values[i]! - values[j]!);
  let total = 0;
  for (const w of weights) total += w;
  let seen = 0;
  for (const i of order) {
    seen += weights[i]!;
    if (seen >= total / 2) return values[i]!;
  }
  return 0;
}
