/**
 * One interface for the purchase-count models and the registry that replaces hard-wiring:
 * BG/NBD, MBG/NBD and Pareto/NBD each fit, predict (P(alive), E[X(t)], E[Y(t) | history] and
 * the distribution P(Y(t) = k | history)) and report as data. Choosing the main model is a key
 * of {@linkcode COUNT_MODELS}; comparing models is a loop over {@linkcode COUNT_MODEL_NAMES}.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { bgConditional1, bgExpected1, bgProbabilityAlive1 } from "./_bg_core.ts";
import { bgConditionalPmf, paretoConditionalPmf, type PmfOptions } from "./_distribution.ts";
import { paretoConditional1, paretoExpected1, paretoProbabilityAlive1 } from "./_pareto_core.ts";
import { fitBgNbd, fitMbgNbd } from "./fit_bg_nbd.ts";
import { fitParetoNbd } from "./fit_pareto_nbd.ts";
import type {
  BgNbdParams,
  CountModelFit,
  CountModelName,
  FitOptions,
  ParetoNbdParams,
  SummaryInput,
} from "./types.ts";

/** Options of {@linkcode CountPredictor.purchaseDistribution}. */
export type PurchaseDistributionOptions = PmfOptions;

/** A count model's predictions at one parameter point, for one customer at a time. */
export interface CountPredictor {
  /** P(alive | x, t_x, T). */
  probabilityAlive(x: number, tx: number, T: number): number;
  /** E[X(t)]: repeat purchases of a new customer in (0, t]. */
  expectedPurchases(t: number): number;
  /** E[Y(t) | x, t_x, T]: purchases in the next t periods. */
  conditionalExpectedPurchases(x: number, tx: number, T: number, t: number): number;
  /**
   * P(Y(t) = k | x, t_x, T) for k = 0, 1, … until the probability left is below `tail`: the
   * chance the customer is gone (Y = 0), mixed with the model's count distribution for a
   * customer alive at T with the posterior purchase rate. Its mean is
   * `conditionalExpectedPurchases`.
   */
  purchaseDistribution(
    x: number,
    tx: number,
    T: number,
    t: number,
    options?: PurchaseDistributionOptions,
  ): Float64Array;
}

/** What every count model provides. */
export interface CountModelDefinition {
  readonly name: CountModelName;
  /** Its name in the literature. */
  readonly label: string;
  /** Parameter names, in the order of the fit's covariance. */
  readonly parameters: readonly string[];
  /** The two parameters of the dropout process. */
  readonly dropoutParameters: readonly [string, string];
  /** Maximum-likelihood fit with its report as data (`fit.report`). */
  fit(summary: SummaryInput, options?: FitOptions): CountModelFit;
  /** Predictions at the given parameters (a fit's `params`, or any). */
  predictor(params: object): CountPredictor;
}

/** The count models, in their order of comparison. */
export const COUNT_MODEL_NAMES: readonly CountModelName[] = Object.freeze([
  "bg_nbd",
  "mbg_nbd",
  "pareto_nbd",
]);

function checked<P>(params: object, names: readonly string[], model: string): P {
  for (const name of names) {
    const v = (params as Record<string, unknown>)[name];
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) {
      throw new OptionError(
        "params",
        `Cannot predict with ${model}: parameter ${name} must be a finite number > 0: current value is "${v}"`,
      );
    }
  }
  return params as unknown as P;
}

function bgPredictor(p: BgNbdParams, modified: boolean): CountPredictor {
  return {
    probabilityAlive: (x, tx, T) => bgProbabilityAlive1(p, x, tx, T, modified),
    expectedPurchases: (t) => bgExpected1(p, t, modified),
    conditionalExpectedPurchases: (x, tx, T, t) => bgConditional1(p, x, tx, T, t, modified),
    purchaseDistribution: (x, tx, T, t, options) =>
      bgConditionalPmf(p, x, tx, T, t, modified, options),
  };
}

function paretoPredictor(p: ParetoNbdParams): CountPredictor {
  return {
    probabilityAlive: (x, tx, T) => paretoProbabilityAlive1(p, x, tx, T),
    expectedPurchases: (t) => paretoExpected1(p, t),
    conditionalExpectedPurchases: (x, tx, T, t) => paretoConditional1(p, x, tx, T, t),
    purchaseDistribution: (x, tx, T, t, options) => paretoConditionalPmf(p, x, tx, T, t, options),
  };
}

const BG_PARAMETERS = Object.freeze(["r", "alpha", "a", "b"]);
const PARETO_PARAMETERS = Object.freeze(["r", "alpha", "s", "beta"]);

/**
 * The registry of count models, keyed `bg_nbd | mbg_nbd | pareto_nbd`.
 *
 * @example Fit every model and compare log-likelihoods
 * ```ts
 * import { COUNT_MODEL_NAMES, COUNT_MODELS } from "./count_models.ts";
 * import { simulateBgNbd } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(500).fill(40), { seed: 1 });
 * const fits = COUNT_MODEL_NAMES.map((name) => COUNT_MODELS[name].fit(data));
 * ok(fits.every((f) => Number.isFinite(f.report.logLikelihood)));
 * const alive = COUNT_MODELS.pareto_nbd.predictor(fits[2]!.params).probabilityAlive(2, 10, 40);
 * ok(alive > 0 && alive < 1);
 * ```
 */
export const COUNT_MODELS: Readonly<Record<CountModelName, CountModelDefinition>> = Object.freeze({
  bg_nbd: Object.freeze({
    name: "bg_nbd",
    label: "BG/NBD",
    parameters: BG_PARAMETERS,
    dropoutParameters: ["a", "b"] as const,
    fit: (summary: SummaryInput, options?: FitOptions) => fitBgNbd(summary, options),
    predictor: (params: object) =>
      bgPredictor(checked<BgNbdParams>(params, BG_PARAMETERS, "BG/NBD"), false),
  }),
  mbg_nbd: Object.freeze({
    name: "mbg_nbd",
    label: "MBG/NBD",
    parameters: BG_PARAMETERS,
    dropoutParameters: ["a", "b"] as const,
    fit: (summary: SummaryInput, options?: FitOptions) => fitMbgNbd(summary, options),
    predictor: (params: object) =>
      bgPredictor(checked<BgNbdParams>(params, BG_PARAMETERS, "MBG/NBD"), true),
  }),
  pareto_nbd: Object.freeze({
    name: "pareto_nbd",
    label: "Pareto/NBD",
    parameters: PARETO_PARAMETERS,
    dropoutParameters: ["s", "beta"] as const,
    fit: (summary: SummaryInput, options?: FitOptions) => fitParetoNbd(summary, options),
    predictor: (params: object) =>
      paretoPredictor(checked<ParetoNbdParams>(params, PARETO_PARAMETERS, "Pareto/NBD")),
  }),
});

/**
 * The registry entry of a model name, or an {@linkcode OptionError} naming the choices (the
 * option is `--clv-model` on the command line).
 *
 * @param name A model name from options.
 * @returns The count model.
 * @throws {OptionError} For an unknown name.
 *
 * @example
 * ```ts
 * import { countModel } from "./count_models.ts";
 * import { equal, throws } from "node:assert/strict";
 *
 * equal(countModel("pareto_nbd").label, "Pareto/NBD");
 * throws(() => countModel("beta_geo"), /--clv-model must be one of/);
 * ```
 */
export function countModel(name: string): CountModelDefinition {
  if (!Object.hasOwn(COUNT_MODELS, name)) {
    throw new OptionError(
      "clv-model",
      `Cannot read options: --clv-model must be one of ${
        COUNT_MODEL_NAMES.map((n) => `"${n}"`).join(", ")
      }: current value is "${name}"`,
      "pass --clv-model bg_nbd, mbg_nbd or pareto_nbd",
    );
  }
  return COUNT_MODELS[name as CountModelName];
}
