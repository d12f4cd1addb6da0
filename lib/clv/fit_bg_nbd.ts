/**
 * Maximum-likelihood fit of the BG/NBD model.
 *
 * @module
 */
import { bgLogLikelihoodSum, type BgObjectiveData } from "./_bg_core.ts";
import { ValidationError } from "../errors.ts";
import { fitModel, freezeFit, type ModelSpec, reportBase } from "./_fit.ts";
import { compressedRows, distinctValues, toColumns, validateColumns } from "./_input.ts";
import { dropoutVerdict, type NbdData, profileRateFit, repeatWeight } from "./_nbd.ts";
import type {
  BgNbdFit,
  BgNbdParams,
  CountFitReport,
  FitOptions,
  MbgNbdFit,
  SummaryInput,
} from "./types.ts";

/** Options for {@linkcode fitBgNbd}. */
export type BgNbdFitOptions = FitOptions;

/** Builds the model spec shared by BG/NBD and MBG/NBD (private to the area). */
export function bgModelSpec(summary: SummaryInput, modified: boolean): ModelSpec {
  return bgModelParts(summary, modified).spec;
}

function bgModelParts(
  summary: SummaryInput,
  modified: boolean,
): {
  spec: ModelSpec;
  data: NbdData;
  heavyDropout: (penalizer: number) => ReturnType<typeof profileRateFit>;
} {
  const label = modified ? "MBG/NBD" : "BG/NBD";
  const cols = toColumns(summary);
  validateColumns(cols, `fit ${label} model`);
  if (cols.length === 0) {
    throw new ValidationError(`Cannot fit ${label} model: the summary has no rows`, []);
  }
  const c = compressedRows(cols);
  const xs = distinctValues(c.frequency);
  const Ts = distinctValues(c.T);
  const txs = distinctValues(c.recency);
  let maxT = 0;
  for (const T of Ts.values) maxT = Math.max(maxT, T);
  let W = 0;
  for (const w of c.weights) W += w;
  const build = (scale: number): BgObjectiveData => ({
    xValues: xs.values,
    xIndex: xs.index,
    TValues: Ts.values.map((T) => T * scale),
    TIndex: Ts.index,
    txValues: txs.values.map((t) => t * scale),
    txIndex: txs.index,
    weights: c.weights,
    totalWeight: W,
  });
  const scale = maxT > 0 ? 1 / maxT : 1;
  const logLikAt = (fixed: { a: number; b: number } | null) => (sc: number) => {
    const data = build(sc);
    const full = new Float64Array(4);
    return (p: Float64Array, grad: Float64Array): number => {
      if (fixed === null) {
        return bgLogLikelihoodSum(
          { r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]! },
          data,
          modified,
          grad,
        );
      }
      const ll = bgLogLikelihoodSum({ r: p[0]!, alpha: p[1]!, ...fixed }, data, modified, full);
      grad[0] = full[0]!;
      grad[1] = full[1]!;
      return ll;
    };
  };
  const spec: ModelSpec = {
    label,
    names: ["r", "alpha", "a", "b"],
    scaledParams: [1],
    defaults: [1, 1, 1, 1],
    totalWeight: W,
    distinctRows: c.weights.length,
    scale,
    logLik: logLikAt(null),
  };
  const heavyDropout = (penalizer: number) =>
    profileRateFit(logLikAt(HEAVY_DROPOUT), HEAVY_DROPOUT, {
      totalWeight: W,
      distinctRows: c.weights.length,
      scale,
    }, { penalizer });
  return {
    spec,
    data: { frequency: c.frequency, T: c.T, weights: c.weights },
    heavyDropout,
  };
}

/** The heavy-dropout reference of the verdict: p ~ Beta(1, 1), a mean dropout of ½ per purchase. */
const HEAVY_DROPOUT = { a: 1, b: 1 } as const;

function fitBg<F extends BgNbdFit | MbgNbdFit>(
  summary: SummaryInput,
  options: BgNbdFitOptions,
  model: F["model"],
): F {
  const modified = model === "mbg_nbd";
  const { spec, data, heavyDropout } = bgModelParts(summary, modified);
  const core = fitModel<BgNbdParams>(spec, options);
  const { a, b } = core.params;
  const report: CountFitReport = {
    ...reportBase(model, core),
    model,
    repeatCustomers: repeatWeight(data),
    verdict: options.noDropoutCheck === false ? { kind: "not-checked" } : dropoutVerdict(
      {
        logLikelihood: core.logLikelihood,
        penalizer: core.penalizer,
        limits: core.limits,
        dropoutParameters: ["a", "b"],
        meanDropout: a / (a + b),
      },
      data,
      () => heavyDropout(core.penalizer),
    ),
  };
  return freezeFit<F>(model, core, report);
}

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood on
 * log-parameters with the analytic gradient and BFGS. Identical rows are compressed and
 * ln Γ, ψ and logarithms are computed once per distinct frequency, recency and T, so a
 * million day-rounded customers fit in well under a second.
 *
 * The objective is lifetimes': the weighted mean negative log-likelihood plus
 * `penalizer × (r² + α² + a² + b²)` with recency and T rescaled by 1/max(T) during the fit
 * (α is reported in the data's time unit). With `penalizer` 0 the rescaling does not
 * change the optimum.
 *
 * The fit's `report` (data, no words) holds convergence, estimates with standard errors and
 * intervals, parameters that ran to a limit and the dropout verdict from likelihood-ratio
 * tests against no dropout (the NBD model) and heavy dropout (a = b = 1): see
 * `DropoutVerdict`.
 *
 * @param summary One row per customer: `frequency` (repeat purchases), `recency`, `T`
 *   (and optional `weights`), as columns or `CustomerSummary` rows.
 * @param options Penalizer, initial values, iteration cap, tolerance.
 * @returns An immutable {@linkcode BgNbdFit}.
 * @throws {ValidationError} If a row has recency > T, recency > 0 with frequency 0, a
 *   negative or non-finite value, or a non-whole frequency (the message names the rows).
 * @see Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2).
 *
 * @example Recovering parameters from simulated customers
 * ```ts
 * import { fitBgNbd } from "./fit_bg_nbd.ts";
 * import { simulateBgNbd } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const T = new Float64Array(4000).fill(52);
 * const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, T, { seed: 7 });
 * const fit = fitBgNbd(data);
 * ok(fit.converged);
 * ok(Math.abs(fit.params.r - 0.5) < 0.1);
 * ```
 */
export function fitBgNbd(summary: SummaryInput, options: BgNbdFitOptions = {}): BgNbdFit {
  return fitBg<BgNbdFit>(summary, options, "bg_nbd");
}

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer
 * may also drop out right after the first purchase. Same objective, options and report
 * as {@linkcode fitBgNbd}.
 *
 * @param summary One row per customer (frequency, recency, T).
 * @param options Penalizer, initial values, iteration cap, tolerance.
 * @returns An immutable {@linkcode MbgNbdFit}.
 * @throws {ValidationError} As {@linkcode fitBgNbd}.
 *
 * @example
 * ```ts
 * import { fitMbgNbd } from "./fit_bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const fit = fitMbgNbd({ frequency: [0, 1, 4, 0, 2], recency: [0, 3, 20, 0, 9], T: [30, 30, 30, 25, 25] });
 * ok(Number.isFinite(fit.logLikelihood));
 * ```
 */
export function fitMbgNbd(summary: SummaryInput, options: BgNbdFitOptions = {}): MbgNbdFit {
  return fitBg<MbgNbdFit>(summary, options, "mbg_nbd");
}
