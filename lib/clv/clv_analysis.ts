/**
 * The whole customer-lifetime-value analysis in one pure call, for the main job and the
 * notebooks, composed of its stages: fit the count models, fit the spend model, per-customer
 * predictions, CLV and segments, intervals, diagnostics. Every stage is an exported function
 * of its own; the result's `params` is a JSON-ready record of data (no words).
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import type { ClvDistribution, ClvSegment } from "./_analysis_parts.ts";
import { type ClvDiagnostics, clvDiagnostics } from "./clv_diagnostics.ts";
import { type ClvAnalysisOptions, resolveClvOptions } from "./clv_options.ts";
import {
  customerPredictions,
  customerPredictiveIntervals,
  customerValues,
  type ParameterIntervalRecord,
  parameterIntervals,
  type PredictiveIntervalRecord,
} from "./customer_columns.ts";
import {
  type ClvSpendReport,
  fitCountModels,
  fitSpendModel,
  type ModelChoice,
} from "./fit_models.ts";
import type {
  CountFitReport,
  CountModelFit,
  CountModelName,
  GammaGammaFit,
  SpendFitReport,
} from "./types.ts";

export type { ClvDistribution, ClvSegment };

/** Summary columns with customer ids, as `customerSummaryColumns` (lib/summary) returns them. */
export interface ClvAnalysisInput {
  readonly customerIds: readonly string[];
  /** Repeat purchases (`repeat`) or invoices (`classic`). */
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Mean repeat spend (`repeat`) or mean invoice value (`classic`). */
  readonly monetaryValue: ArrayLike<number>;
  /** The summary's convention, when it carries one. */
  readonly convention?: "repeat" | "classic";
  /** The unit of `recency` and `T`, when the summary carries one. */
  readonly timeUnit?: "day" | "week";
}

/**
 * Per-customer results, aligned with `customerIds`; keys are the `customers.csv` columns.
 *
 * - `p_alive`: P(alive) at the end of observation (main count model).
 * - `exp_purchases_1w`, `exp_purchases_1m`, `exp_purchases_3m`: expected purchases in the next
 *   1, 4 and 12 weeks (7, 28, 84 days), E[Y(t) | x, t_x, T].
 * - `exp_avg_value`: expected value per purchase (Gamma-Gamma E[M | x, z̄], or the fallback of
 *   `params.spend`).
 * - `clv`: discounted expected spend over the horizon; `clv_segment`: A–D by CLV quartile.
 * - `clv_param_lower`, `clv_param_upper` (with `intervals`): bounds of the *expected* CLV from
 *   the parameters' estimation uncertainty only: how well the average is known, not what the
 *   customer will spend (few customers' actual spend falls inside).
 * - `p_no_purchase`: probability of no purchase over the horizon.
 * - `purchases_lower`, `purchases_upper`: predictive interval (`predictiveLevel`, 90%) of the
 *   number of purchases over the horizon.
 * - `value_lower`, `value_upper`: predictive interval of the customer's spend over the horizon
 *   (undiscounted). Both hold at least the level; from 0 when no purchase is likely (see
 *   `predictiveIntervals`).
 */
export interface ClvCustomerColumns {
  readonly customer_id: readonly string[];
  readonly p_alive: Float64Array;
  readonly exp_purchases_1w: Float64Array;
  readonly exp_purchases_1m: Float64Array;
  readonly exp_purchases_3m: Float64Array;
  readonly exp_avg_value: Float64Array;
  readonly clv: Float64Array;
  readonly clv_segment: readonly ClvSegment[];
  readonly clv_param_lower?: Float64Array;
  readonly clv_param_upper?: Float64Array;
  readonly p_no_purchase?: Float64Array;
  readonly purchases_lower?: Float64Array;
  readonly purchases_upper?: Float64Array;
  readonly value_lower?: Float64Array;
  readonly value_upper?: Float64Array;
}

/** The JSON-ready record of the analysis (`clv_params.json`): data only, every number finite. */
export interface ClvParams {
  readonly convention: "repeat" | "classic";
  readonly timeUnit: "week" | "day";
  readonly horizonMonths: number;
  readonly discount: number;
  readonly seed: number;
  readonly penalizer: { readonly countModels: number; readonly gammaGamma: number };
  readonly customers: number;
  readonly repeatCustomers: number;
  /** The count model behind every prediction. */
  readonly predictionModel: CountModelName;
  /** Every fit's report, `null` for models not fitted. */
  readonly models: {
    readonly bg_nbd: CountFitReport | null;
    readonly mbg_nbd: CountFitReport | null;
    readonly pareto_nbd: CountFitReport | null;
    readonly gamma_gamma: SpendFitReport | null;
  };
  /** Which count models were fitted and why the others were not. */
  readonly modelChoices: readonly ModelChoice[];
  readonly spend: ClvSpendReport;
  readonly parameterIntervals: ParameterIntervalRecord;
  /** `null` with `predictiveLevel: false`. */
  readonly predictiveIntervals: PredictiveIntervalRecord | null;
}

/** Result of {@linkcode clvAnalysis}. */
export interface ClvAnalysis {
  /** The fit objects (with covariances) for further predictions. */
  readonly fits: {
    /** The count model behind every prediction (the same object as its own key). */
    readonly main: CountModelFit;
    readonly bg_nbd: CountModelFit | null;
    readonly mbg_nbd: CountModelFit | null;
    readonly pareto_nbd: CountModelFit | null;
    readonly gamma_gamma: GammaGammaFit | null;
  };
  readonly customers: ClvCustomerColumns;
  readonly params: ClvParams;
  readonly diagnostics: ClvDiagnostics;
}

export type { ClvAnalysisOptions };

/**
 * Runs the CLV analysis on per-customer summaries: the main count model (`model`, BG/NBD by
 * default) behind every prediction and the models compared with it (`compare`), Gamma-Gamma on
 * the repeat customers with positive spend, then per customer P(alive), expected purchases in
 * the next 1, 4 and 12 weeks (7, 28 and 84 days for daily summaries), the expected value per
 * purchase, CLV over `horizonMonths` with monthly discounting (lifetimes-compatible: months of
 * 4.345 weeks or 30 days) and its segment, predictive intervals of purchases and spend over the
 * horizon; a JSON-ready `params` record (every fit's report as data, the spend fallbacks, the
 * model choices); and chart data. See {@linkcode ClvCustomerColumns} for the columns.
 *
 * The stages, each a function of its own: {@linkcode resolveClvOptions}, `fitCountModels`,
 * `fitSpendModel`, `customerPredictions`, `customerValues`, `parameterIntervals`,
 * `customerPredictiveIntervals`, `clvDiagnostics`.
 *
 * **Expected value per purchase** (`exp_avg_value`): E[M | x, z̄] of Gamma-Gamma for repeat
 * customers with positive spend (when p·x + q − 1 > 0). Everyone else (no repeat purchase,
 * mean spend ≤ 0, or undefined E[M] because q ≤ 1) gets the fallback: the population mean
 * p·v/(q − 1) when q > 1, otherwise the observed mean spend of the repeat customers with
 * positive spend. When Gamma-Gamma cannot be fitted (fewer than 10 such customers) each
 * repeat customer keeps its own observed mean spend and the rest get the observed mean (0 if
 * nobody spent). `params.spend` says which rule applied to how many customers.
 *
 * **Segments** A–D by CLV quartile, A the best; ties stay together: a customer's segment is
 * set by how many customers have a strictly larger CLV (A when fewer than a quarter, …), so
 * equal CLVs share the better segment and the result does not depend on row order.
 *
 * **Penalizer** (lifetimes' `penalizer_coef`, models.md Part 4): 0 by default; with the
 * `classic` convention 0.001 for the count models and 0.01 for Gamma-Gamma, as the tutorials.
 * `penalizer` overrides the count models' value and, outside `classic`, Gamma-Gamma's;
 * `gammaGammaPenalizer` overrides Gamma-Gamma's.
 *
 * Deterministic: fits are deterministic and the bootstrap is seeded. Never NaN or Infinity.
 *
 * Calibration-vs-holdout and tracking charts need transactions, not a summary: build them with
 * `calibrationHoldout` / `trackingActuals` (lib/summary) and `calibrationVsHoldout` /
 * `trackingTable` (see the module example of `mod.ts`).
 *
 * @param summary Customer ids and summary columns (`customerSummaryColumns` of lib/summary).
 * @param options Main model, compared models, convention, unit, horizon, discount, penalizers,
 *   intervals.
 * @returns Fits, per-customer columns, the JSON-ready record and chart data.
 * @throws {ValidationError} If the columns have different lengths or a row is invalid
 *   (0 ≤ recency ≤ T, whole frequencies; the message names the customers).
 * @throws {OptionError} If an option is invalid or contradicts the summary's convention or unit.
 *
 * @example Six customers, weekly
 * ```ts
 * import { clvAnalysis } from "./clv_analysis.ts";
 * import { deepStrictEqual, equal, ok } from "node:assert/strict";
 *
 * const result = clvAnalysis({
 *   customerIds: ["a", "b", "c", "d", "e", "f"],
 *   frequency: [0, 1, 3, 0, 2, 6],
 *   recency: [0, 4, 20, 0, 11, 30],
 *   T: [30, 31, 32, 20, 25, 35],
 *   monetaryValue: [0, 20, 35, 0, 15, 50],
 * }, { compare: { mbg_nbd: false, pareto_nbd: false } });
 * const c = result.customers;
 * equal(c.p_alive[0], 1); // no repeat purchase yet
 * ok(c.exp_purchases_3m.every((v, i) => v >= c.exp_purchases_1m[i]! && c.exp_purchases_1m[i]! >= c.exp_purchases_1w[i]!));
 * equal(result.params.spend.status, "not-fitted"); // 4 repeat customers: too few for Gamma-Gamma
 * deepStrictEqual([...c.exp_avg_value.slice(1, 3)], [20, 35]); // their own mean spend
 * ok(c.purchases_upper!.every((u, i) => u >= c.purchases_lower![i]!));
 * ok(!JSON.stringify(result.params).includes("NaN"));
 * ```
 */
export function clvAnalysis(
  summary: ClvAnalysisInput,
  options: ClvAnalysisOptions = {},
): ClvAnalysis {
  const o = resolveClvOptions(summary, options);
  const n = summary.customerIds.length;
  const lengths = [summary.frequency, summary.recency, summary.T, summary.monetaryValue]
    .map((c) => c.length);
  if (lengths.some((l) => l !== n)) {
    throw new ValidationError(
      `Cannot run CLV analysis: ${n} customer ids but columns of ${
        lengths.join(", ")
      } rows (frequency, recency, T, monetaryValue)`,
      [],
    );
  }
  // One set of Float64Array columns: predictions on it share one compression (lib/clv/_input.ts).
  const columns = {
    frequency: Float64Array.from(summary.frequency),
    recency: Float64Array.from(summary.recency),
    T: Float64Array.from(summary.T),
    monetaryValue: Float64Array.from(summary.monetaryValue),
  };
  // Rows give ValidationErrors that name customers (up to 100,000; columns are faster beyond).
  const rows = n <= 100_000
    ? summary.customerIds.map((customerId, i) => ({
      customerId,
      frequency: columns.frequency[i]!,
      recency: columns.recency[i]!,
      T: columns.T[i]!,
      monetaryValue: columns.monetaryValue[i]!,
    }))
    : undefined;

  const count = fitCountModels(columns, o, rows);
  const main = count.main;
  const spend = fitSpendModel(columns, { penalizer: o.penalizer.gammaGamma });
  const predictions = customerPredictions(main, columns, o);
  const values = customerValues(main, columns, spend, o);
  const param = parameterIntervals(main, columns, spend, o);
  const predictive = o.predictiveLevel === null ? null : customerPredictiveIntervals(
    main,
    columns,
    { params: spend.fit?.params ?? null, averageValue: values.exp_avg_value },
    { horizonMonths: o.horizonMonths, timeUnit: o.timeUnit, level: o.predictiveLevel },
  );

  const customers: ClvCustomerColumns = {
    customer_id: summary.customerIds,
    ...predictions,
    exp_avg_value: values.exp_avg_value,
    clv: values.clv,
    clv_segment: values.clv_segment,
    ...(param.columns ?? {}),
    ...(predictive?.columns ?? {}),
  };
  for (const [name, column] of Object.entries(customers)) {
    if (column instanceof Float64Array && !column.every(Number.isFinite)) {
      throw new Error(`Cannot run CLV analysis: column ${name} has a non-finite value (a bug)`);
    }
  }
  const diagnostics = clvDiagnostics(main, columns, values, o);

  let repeatCustomers = 0;
  for (const x of columns.frequency) if (x > 0) repeatCustomers++;
  const params: ClvParams = {
    convention: o.convention,
    timeUnit: o.timeUnit,
    horizonMonths: o.horizonMonths,
    discount: o.discount,
    seed: o.seed,
    penalizer: o.penalizer,
    customers: n,
    repeatCustomers,
    predictionModel: o.model,
    models: {
      bg_nbd: count.fits.bg_nbd?.report ?? null,
      mbg_nbd: count.fits.mbg_nbd?.report ?? null,
      pareto_nbd: count.fits.pareto_nbd?.report ?? null,
      gamma_gamma: spend.fit?.report ?? null,
    },
    modelChoices: count.choices,
    spend: spend.report,
    parameterIntervals: param.record,
    predictiveIntervals: predictive?.record ?? null,
  };
  return {
    fits: { main, ...count.fits, gamma_gamma: spend.fit },
    customers,
    params,
    diagnostics,
  };
}
