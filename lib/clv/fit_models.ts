/**
 * The fitting stages of the CLV analysis: the count models (the main one and those compared
 * with it, a loop over the registry) and the spend model with its explicit fallbacks.
 *
 * @module
 */
import { pearson } from "./_analysis_parts.ts";
import { compressedFor, toColumns } from "./_input.ts";
import type { ResolvedClvOptions } from "./clv_options.ts";
import { COUNT_MODEL_NAMES, COUNT_MODELS } from "./count_models.ts";
import { fitGammaGamma } from "./fit_gamma_gamma.ts";
import { gammaGammaPopulationMean } from "./gamma_gamma.ts";
import type { CountModelFit, CountModelName, GammaGammaFit, GammaGammaParams } from "./types.ts";
import type { CustomerSummary } from "../types.ts";

/** Summary columns as the stages read them (Float64Array, one value per customer). */
export interface ClvColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array;
}

/** Why a count model was or was not fitted. */
export type ModelChoice =
  | {
    readonly model: CountModelName;
    readonly role: "main" | "comparison";
    readonly fitted: true;
  }
  | {
    readonly model: CountModelName;
    readonly role: "comparison";
    readonly fitted: false;
    /** `"option"`: switched off; `"too-many-rows"`: `"auto"` and more distinct summary rows
     * than `limit` (the model's numerical gradient makes it slow there). */
    readonly reason: "option" | "too-many-rows";
    readonly distinctRows: number;
    readonly limit: number;
  };

/** Result of {@linkcode fitCountModels}. */
export interface CountModelFits {
  /** The model behind every prediction. */
  readonly main: CountModelFit;
  /** Every count model's fit, `null` when not fitted. */
  readonly fits: { readonly [K in CountModelName]: CountModelFit | null };
  readonly choices: readonly ModelChoice[];
}

/** Distinct summary rows up to which `"auto"` fits Pareto/NBD for comparison. */
export const PARETO_AUTO_MAX_ROWS = 2500;

/**
 * Fits the main count model and the models compared with it (a loop over the registry, in the
 * order BG/NBD, MBG/NBD, Pareto/NBD). The main model is fitted to `rows` when given (so that
 * invalid rows are named by customer id), every other model to the columns.
 *
 * @param columns Frequency, recency and T per customer.
 * @param options The resolved analysis options (`model`, `compare`, `penalizer`).
 * @param rows The same customers as rows with ids, for error messages.
 * @returns The fits and why each model was or was not fitted.
 * @throws {ValidationError} For invalid rows (named in the message).
 *
 * @example
 * ```ts
 * import { fitCountModels } from "./fit_models.ts";
 * import { resolveClvOptions } from "./clv_options.ts";
 * import { equal } from "node:assert/strict";
 *
 * const columns = { frequency: Float64Array.of(0, 1, 3, 0, 2), recency: Float64Array.of(0, 4, 20, 0, 11),
 *   T: Float64Array.of(30, 31, 32, 20, 25), monetaryValue: new Float64Array(5) };
 * const fits = fitCountModels(columns, resolveClvOptions({}, { compare: { mbg_nbd: false, pareto_nbd: false } }));
 * equal(fits.main.model, "bg_nbd");
 * equal(fits.fits.mbg_nbd, null);
 * ```
 */
export function fitCountModels(
  columns: ClvColumns,
  options: Pick<ResolvedClvOptions, "model" | "compare" | "penalizer">,
  rows?: readonly CustomerSummary[],
): CountModelFits {
  const fitOptions = { penalizer: options.penalizer.countModels };
  const main = COUNT_MODELS[options.model].fit(rows ?? columns, fitOptions);
  const fits: Record<CountModelName, CountModelFit | null> = {
    bg_nbd: null,
    mbg_nbd: null,
    pareto_nbd: null,
  };
  const choices: ModelChoice[] = [];
  let distinct: number | null = null;
  for (const name of COUNT_MODEL_NAMES) {
    if (name === options.model) {
      fits[name] = main;
      choices.push({ model: name, role: "main", fitted: true });
      continue;
    }
    const choice = options.compare[name];
    distinct ??= compressedFor(toColumns(columns)).weights.length;
    const limit = name === "pareto_nbd" ? PARETO_AUTO_MAX_ROWS : Infinity;
    if (choice === true || (choice === "auto" && distinct <= limit)) {
      fits[name] = COUNT_MODELS[name].fit(columns, fitOptions);
      choices.push({ model: name, role: "comparison", fitted: true });
    } else {
      choices.push({
        model: name,
        role: "comparison",
        fitted: false,
        reason: choice === false ? "option" : "too-many-rows",
        distinctRows: distinct,
        limit: Number.isFinite(limit) ? limit : distinct,
      });
    }
  }
  return { main, fits, choices };
}

/** How the expected value per purchase was obtained: data, no words. */
export interface ClvSpendReport {
  /** `"fitted"`: Gamma-Gamma with q > 1; `"fitted-q-le-1"`: fitted, but q ≤ 1 (no finite
   * population mean); `"not-fitted"`: fewer than `minimumCustomers` repeat customers with
   * positive spend. */
  readonly status: "fitted" | "fitted-q-le-1" | "not-fitted";
  /** Repeat customers with positive spend (those Gamma-Gamma is fitted to). */
  readonly repeatCustomersWithSpend: number;
  /** Customers Gamma-Gamma was fitted to (0 when not fitted). */
  readonly customersFitted: number;
  /** Repeat customers with positive spend needed to fit Gamma-Gamma. */
  readonly minimumCustomers: number;
  /** Repeat customers left out of the fit because their mean spend is ≤ 0 or not finite. */
  readonly excludedNonPositiveSpend: number;
  /** Pearson correlation of frequency and spend among them (the model assumes
   * independence), or null when undefined. */
  readonly correlation: number | null;
  /** |correlation| above `correlationLimit`: treat the expected values with care. */
  readonly correlationWarning: boolean;
  readonly correlationLimit: number;
  /** Who gets the fallback value: `"population-mean"` p·v/(q − 1) (fitted, q > 1);
   * `"observed-mean"` of the repeat customers' spend (q ≤ 1, or not fitted: then each repeat
   * customer keeps its own observed mean). */
  readonly fallbackRule: "population-mean" | "observed-mean";
  /** Customers whose `exp_avg_value` is the fallback value. */
  readonly fallbackCustomers: number;
  /** The fallback value used for them. */
  readonly fallbackValue: number;
  /** Mean spend of the repeat customers with positive spend (0 when there are none). */
  readonly observedMean: number;
}

/** Result of {@linkcode fitSpendModel}. */
export interface SpendModelResult {
  /** The Gamma-Gamma fit, or null when it was not fitted. */
  readonly fit: GammaGammaFit | null;
  readonly report: ClvSpendReport;
}

/** Repeat customers with positive spend needed to fit Gamma-Gamma. */
const MIN_SPEND_CUSTOMERS = 10;
/** |Pearson r| above which the independence assumption of Gamma-Gamma is flagged. */
const CORRELATION_WARNING = 0.3;

/**
 * Fits Gamma-Gamma to the repeat customers with positive spend, or says why not, and fixes
 * the fallback value for customers without a usable expected spend (see
 * {@linkcode ClvSpendReport}).
 *
 * @param columns Frequency and mean repeat spend per customer.
 * @param options The Gamma-Gamma penalizer.
 * @returns The fit (or null) and its report as data.
 *
 * @example Too few repeat customers: not fitted, the observed mean is the fallback
 * ```ts
 * import { fitSpendModel } from "./fit_models.ts";
 * import { equal } from "node:assert/strict";
 *
 * const s = fitSpendModel({ frequency: Float64Array.of(0, 2, 1), monetaryValue: Float64Array.of(0, 20, 40) }, { penalizer: 0 });
 * equal(s.report.status, "not-fitted");
 * equal(s.report.fallbackValue, 30);
 * ```
 */
export function fitSpendModel(
  columns: Pick<ClvColumns, "frequency" | "monetaryValue">,
  options: { readonly penalizer: number },
): SpendModelResult {
  const fx: number[] = [];
  const fz: number[] = [];
  let excluded = 0;
  for (let i = 0; i < columns.frequency.length; i++) {
    const x = columns.frequency[i]!, z = columns.monetaryValue[i]!;
    if (x <= 0) continue;
    if (z > 0 && Number.isFinite(z)) {
      fx.push(x);
      fz.push(z);
    } else {
      excluded++;
    }
  }
  const observedMean = fz.length > 0 ? fz.reduce((a, b) => a + b, 0) / fz.length : 0;
  const correlation = pearson(fx, fz);
  const common = {
    repeatCustomersWithSpend: fz.length,
    minimumCustomers: MIN_SPEND_CUSTOMERS,
    excludedNonPositiveSpend: excluded,
    correlation,
    correlationWarning: correlation !== null && Math.abs(correlation) > CORRELATION_WARNING,
    correlationLimit: CORRELATION_WARNING,
    observedMean,
  };
  if (fz.length < MIN_SPEND_CUSTOMERS) {
    let fallbackCustomers = 0;
    for (let i = 0; i < columns.frequency.length; i++) {
      if (!(columns.frequency[i]! > 0 && columns.monetaryValue[i]! > 0)) fallbackCustomers++;
    }
    return {
      fit: null,
      report: {
        status: "not-fitted",
        customersFitted: 0,
        ...common,
        fallbackRule: "observed-mean",
        fallbackCustomers,
        fallbackValue: observedMean,
      },
    };
  }
  const zeros = new Float64Array(fx.length);
  const fit = fitGammaGamma({
    frequency: fx,
    recency: zeros,
    T: zeros,
    monetaryValue: fz,
  }, { penalizer: options.penalizer });
  const population = gammaGammaPopulationMean(fit.params);
  let fallbackCustomers = 0;
  const { p, q } = fit.params;
  for (let i = 0; i < columns.frequency.length; i++) {
    const x = columns.frequency[i]!;
    if (!(x > 0 && columns.monetaryValue[i]! > 0 && p * x + q - 1 > 0)) fallbackCustomers++;
  }
  return {
    fit,
    report: {
      status: population !== null ? "fitted" : "fitted-q-le-1",
      customersFitted: fx.length,
      ...common,
      fallbackRule: population !== null ? "population-mean" : "observed-mean",
      fallbackCustomers,
      fallbackValue: population ?? observedMean,
    },
  };
}

/**
 * The expected value per purchase of every customer (`exp_avg_value`): E[M | x, z̄] of
 * Gamma-Gamma where it is defined for a repeat customer with positive spend, the fallback
 * value of the spend report otherwise; without a fit, each repeat customer's own mean.
 *
 * @param columns Frequency and mean repeat spend per customer.
 * @param spend Gamma-Gamma parameters (a fit's, or a bootstrap draw), or null when not fitted.
 * @param report The spend report (its fallback value and observed mean).
 * @returns One value per customer.
 *
 * @example
 * ```ts
 * import { expectedSpendValues, fitSpendModel } from "./fit_models.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const columns = { frequency: Float64Array.of(0, 2, 1), monetaryValue: Float64Array.of(0, 20, 40) };
 * const s = fitSpendModel(columns, { penalizer: 0 });
 * deepStrictEqual([...expectedSpendValues(columns, null, s.report)], [30, 20, 40]);
 * ```
 */
export function expectedSpendValues(
  columns: Pick<ClvColumns, "frequency" | "monetaryValue">,
  spend: GammaGammaParams | null,
  report: Pick<ClvSpendReport, "fallbackValue" | "observedMean">,
): Float64Array {
  const n = columns.frequency.length;
  const out = new Float64Array(n);
  const population = spend === null ? null : gammaGammaPopulationMean(spend);
  const fallback = spend === null ? report.fallbackValue : population ?? report.observedMean;
  for (let i = 0; i < n; i++) {
    const x = columns.frequency[i]!, z = columns.monetaryValue[i]!;
    const usable = x > 0 && z > 0 && Number.isFinite(z);
    if (spend === null) {
      out[i] = usable ? z : fallback;
      continue;
    }
    const denom = spend.p * x + spend.q - 1;
    out[i] = usable && denom > 0 ? (spend.p * (spend.v + x * z)) / denom : fallback;
  }
  return out;
}
