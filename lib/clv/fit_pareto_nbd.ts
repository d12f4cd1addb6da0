/**
 * Maximum-likelihood fit of the Pareto/NBD model.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import { fitModel } from "./_fit.ts";
import { compressedRows, toColumns, validateColumns } from "./_input.ts";
import { paretoLogLikelihood1 } from "./_pareto_core.ts";
import { formatParam as fmt, withNoDropoutCheck } from "./_nbd.ts";
import type { FitOptions, ParetoNbdFit, ParetoNbdParams, SummaryInput } from "./types.ts";

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
  const base = fitModel<ParetoNbdParams>({
    label: "Pareto/NBD",
    names: ["r", "alpha", "s", "beta"],
    timeParams: [1, 3],
    defaults: [1, 1, 1, 1],
    totalWeight: W,
    distinctRows: m,
    scale: maxT > 0 ? 1 / maxT : 1,
    hessianStep: 1e-4,
    logLik: (scale) => {
      const tx = c.recency.map((v) => v * scale);
      const T = c.T.map((v) => v * scale);
      const total = (p: ArrayLike<number>): number => {
        const params = { r: p[0]!, alpha: p[1]!, s: p[2]!, beta: p[3]! };
        let ll = 0;
        for (let i = 0; i < m; i++) {
          ll += c.weights[i]! * paretoLogLikelihood1(params, c.frequency[i]!, tx[i]!, T[i]!);
        }
        return ll;
      };
      return (p, grad) => {
        const value = total(p);
        const q = Float64Array.from(p);
        for (let j = 0; j < 4; j++) {
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
    },
    describeBoundary: (params, toZero, toInfinity) => {
      if (toInfinity.includes("s") && toInfinity.includes("beta")) {
        return `s and β grow without bound together (mean dropout rate s/β = ${
          (params.s! / params.beta!).toPrecision(4)
        } per time unit): every customer has the same dropout rate, with no heterogeneity across customers.`;
      }
      if (toZero.includes("s") || toInfinity.includes("beta")) {
        return `The optimum is on the no-dropout boundary (${
          toZero.includes("s") ? "s → 0" : "β → ∞"
        }): the data show no sign of customers leaving, so P(alive) is close to 1 for everyone.`;
      }
      const parts = [...toZero.map((n) => `${n} → 0`), ...toInfinity.map((n) => `${n} → ∞`)];
      return `The optimum lies on the boundary of the parameter space (${parts.join(", ")}).`;
    },
  }, options);
  const fit = Object.freeze({ model: "pareto_nbd" as const, ...base });
  if (options.noDropoutCheck === false) return fit;
  const { s, beta } = fit.params;
  return withNoDropoutCheck(
    fit,
    { frequency: c.frequency, T: c.T, weights: c.weights },
    "Pareto/NBD",
    `s ${fmt(s)}, β ${fmt(beta)}; mean dropout rate s/β = ${fmt(s / beta)} per time unit`,
  );
}
