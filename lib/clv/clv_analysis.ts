/**
 * The whole customer-lifetime-value analysis in one pure call, for the main job and the
 * notebooks: count-model fits, Gamma-Gamma spend, per-customer predictions, CLV and its
 * segments, a JSON-ready parameter record and chart data.
 *
 * @module
 */
import { oneOf, OptionError, ValidationError } from "../errors.ts";
import {
  type ClvDistribution,
  clvDistribution,
  type ClvSegment,
  clvSegments,
  type FitJson,
  fitJson,
  pearson,
} from "./_analysis_parts.ts";
import { customerLifetimeValue } from "./customer_lifetime_value.ts";
import {
  frequencyRecencyMatrix,
  probabilityAliveMatrix,
  type RecencyFrequencyMatrix,
  type RepeatCountRow,
  repeatPurchaseCounts,
} from "./diagnostics.ts";
import { compressedFor, toColumns } from "./_input.ts";
import { fitBgNbd, fitMbgNbd } from "./fit_bg_nbd.ts";
import { fitGammaGamma } from "./fit_gamma_gamma.ts";
import { fitParetoNbd } from "./fit_pareto_nbd.ts";
import { gammaGammaPopulationMean } from "./gamma_gamma.ts";
import { jointPredictionInterval } from "./intervals.ts";
import { conditionalExpectedPurchases, probabilityAlive } from "./predict.ts";
import type {
  BgNbdFit,
  BgNbdParams,
  GammaGammaFit,
  GammaGammaParams,
  MbgNbdFit,
  ParetoNbdFit,
} from "./types.ts";

export type { ClvDistribution, ClvSegment, FitJson };

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

/** Prediction-interval settings of {@linkcode clvAnalysis}. */
export interface ClvIntervalOptions {
  /** Seeded parametric bootstrap over both fits, or the delta method. @default {"bootstrap"} */
  method?: "bootstrap" | "delta";
  /** Central coverage. @default {0.9} */
  level?: number;
  /** Bootstrap draws. @default {200} */
  draws?: number;
}

/** Options for {@linkcode clvAnalysis}. */
export interface ClvAnalysisOptions {
  /** Summary convention. @default {the summary's, else "repeat"} */
  convention?: "repeat" | "classic";
  /** Unit of `recency` and `T`. @default {the summary's, else "week"} */
  timeUnit?: "week" | "day";
  /** CLV horizon in whole months. @default {6} */
  horizonMonths?: number;
  /** Monthly discount rate. @default {0.01} */
  discount?: number;
  /** lifetimes' `penalizer_coef` of the count models. @default {0; 0.001 for "classic"} */
  penalizer?: number;
  /** Penalizer of Gamma-Gamma. @default {0.01 for "classic", else `penalizer` (0)} */
  gammaGammaPenalizer?: number;
  /** Seed of the bootstrap intervals. @default {42} */
  seed?: number;
  /** CLV interval bounds (`clv_lower`, `clv_upper`): `true` for the defaults. @default {false} */
  intervals?: boolean | ClvIntervalOptions;
  /** Fit MBG/NBD too (costs as much as BG/NBD). @default {true} */
  mbgNbd?: boolean;
  /** Fit Pareto/NBD too; `"auto"` when the summary has at most 2,500 distinct rows (its
   * gradient is numerical and its likelihood needs ₂F₁: about 0.1–1 s there, more beyond).
   * @default {"auto"} */
  paretoNbd?: boolean | "auto";
  /** Largest frequency in the chart matrices. @default {40} */
  matrixMaxFrequency?: number;
}

/** Per-customer results, aligned with `customerIds`; keys are the `customers.csv` columns. */
export interface ClvCustomerColumns {
  readonly customer_id: readonly string[];
  /** P(alive) at the end of observation (BG/NBD). */
  readonly p_alive: Float64Array;
  /** Expected purchases in the next 1, 4 and 12 weeks (BG/NBD E[Y(t)]). */
  readonly exp_purchases_1w: Float64Array;
  readonly exp_purchases_1m: Float64Array;
  readonly exp_purchases_3m: Float64Array;
  /** Expected value per purchase (Gamma-Gamma, or the documented fallback). */
  readonly exp_avg_value: Float64Array;
  /** Discounted expected spend over the horizon. */
  readonly clv: Float64Array;
  /** A–D by CLV quartile, A the best, ties together (see {@linkcode clvAnalysis}). */
  readonly clv_segment: readonly ClvSegment[];
  /** CLV interval bounds, with `intervals`. */
  readonly clv_lower?: Float64Array;
  readonly clv_upper?: Float64Array;
}

/** How the expected value per purchase was obtained. */
export interface ClvSpendReport {
  /** `"fitted"`: Gamma-Gamma with q > 1; `"fitted-q-le-1"`: fitted, but q ≤ 1 (no finite
   * population mean); `"not-fitted"`: fewer than 10 repeat customers with positive spend. */
  readonly status: "fitted" | "fitted-q-le-1" | "not-fitted";
  /** Repeat customers with positive spend (those Gamma-Gamma is fitted to). */
  readonly customersFitted: number;
  /** Repeat customers left out of the fit because their mean spend is ≤ 0 or not finite. */
  readonly excludedNonPositiveSpend: number;
  /** Pearson correlation of frequency and spend among them (the model assumes
   * independence), or null when undefined. */
  readonly correlation: number | null;
  /** Customers whose `exp_avg_value` is the fallback value. */
  readonly fallbackCustomers: number;
  /** The fallback value used for them. */
  readonly fallbackValue: number;
  /** In words: how `exp_avg_value` was computed and what the correlation says. */
  readonly notes: readonly string[];
}

/** JSON-ready record of the analysis (every number finite; `null` where a value does not exist). */
export interface ClvParams {
  readonly convention: "repeat" | "classic";
  readonly timeUnit: "week" | "day";
  readonly horizonMonths: number;
  readonly discount: number;
  readonly seed: number;
  readonly penalizer: { readonly countModels: number; readonly gammaGamma: number };
  readonly customers: number;
  readonly repeatCustomers: number;
  /** The model behind `p_alive`, the expected purchases and CLV. */
  readonly predictionModel: "bg_nbd";
  readonly models: {
    readonly bg_nbd: FitJson;
    readonly mbg_nbd: FitJson | null;
    readonly pareto_nbd: FitJson | null;
    readonly gamma_gamma: FitJson | null;
  };
  readonly spend: ClvSpendReport;
  readonly intervals:
    | {
      readonly method: string;
      readonly level: number;
      readonly draws: number;
      readonly seed: number;
    }
    | null;
  /** Every choice made, in words (models fitted or skipped, fallbacks, intervals). */
  readonly notes: readonly string[];
}

/** Chart data. */
export interface ClvDiagnostics {
  /** Customers with 0, 1, …, 7+ repeat purchases: actual and exact BG/NBD-expected. */
  readonly repeatPurchases: readonly RepeatCountRow[];
  /** E[purchases in the next week] by frequency and recency, at T = the oldest customer's age. */
  readonly frequencyRecency: RecencyFrequencyMatrix;
  /** P(alive) by frequency and recency, at the same T. */
  readonly probabilityAlive: RecencyFrequencyMatrix;
  readonly clvDistribution: ClvDistribution;
}

/** Result of {@linkcode clvAnalysis}. */
export interface ClvAnalysis {
  /** The fit objects (with covariances) for further predictions. */
  readonly fits: {
    readonly bgNbd: BgNbdFit;
    readonly mbgNbd: MbgNbdFit | null;
    readonly paretoNbd: ParetoNbdFit | null;
    readonly gammaGamma: GammaGammaFit | null;
  };
  readonly customers: ClvCustomerColumns;
  readonly params: ClvParams;
  readonly diagnostics: ClvDiagnostics;
}

/** Repeat customers with positive spend needed to fit Gamma-Gamma. */
const MIN_SPEND_CUSTOMERS = 10;
/** Distinct rows up to which `paretoNbd: "auto"` fits Pareto/NBD. */
const PARETO_AUTO_MAX_ROWS = 2500;
/** |Pearson r| above which the independence assumption of Gamma-Gamma is flagged. */
const CORRELATION_WARNING = 0.3;

function nonNegativeNumber(name: string, value: number, integer = false): number {
  if (
    typeof value !== "number" || !Number.isFinite(value) || value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a finite ${
        integer ? "whole number" : "number"
      } ≥ 0: current value is "${String(value)}"`,
    );
  }
  return value;
}

/** The option's value (else the summary's, else the default), which must match the summary's. */
function matchingOption<T extends string>(
  name: string,
  given: string | undefined,
  fromSummary: string | undefined,
  fallback: T,
  allowed: readonly T[],
): T {
  const value = oneOf(name, given ?? fromSummary ?? fallback, allowed);
  if (fromSummary !== undefined && fromSummary !== value) {
    throw new OptionError(
      name,
      `Cannot run CLV analysis: ${name} must match the summary's: current values are "${value}" and "${fromSummary}"`,
      `rebuild the summary with the ${name} you want`,
    );
  }
  return value;
}

/**
 * Runs the CLV analysis on per-customer summaries: BG/NBD (the model behind every
 * prediction), MBG/NBD and Pareto/NBD when cheap (see the options), Gamma-Gamma on the repeat
 * customers with positive spend, then per customer P(alive), expected purchases in the next 1,
 * 4 and 12 weeks (7, 28 and 84 days for daily summaries), the expected value per purchase, CLV
 * over `horizonMonths` with monthly discounting (lifetimes-compatible: months of 4.345 weeks
 * or 30 days) and its segment; a JSON-ready `params` record with every fit's parameters,
 * standard errors, 95% intervals, log-likelihood and report in words; and chart data.
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
 * `calibrationHoldout` / `trackingActuals` (lib/summary) and {@linkcode calibrationVsHoldout} /
 * {@linkcode trackingTable} (see the module example of `mod.ts`).
 *
 * @param summary Customer ids and summary columns (`customerSummaryColumns` of lib/summary).
 * @param options Convention, unit, horizon, discount, penalizers, intervals, extra models.
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
 * }, { mbgNbd: false, paretoNbd: false });
 * const c = result.customers;
 * equal(c.p_alive[0], 1); // no repeat purchase yet
 * ok(c.exp_purchases_3m.every((v, i) => v >= c.exp_purchases_1m[i]! && c.exp_purchases_1m[i]! >= c.exp_purchases_1w[i]!));
 * equal(result.params.spend.status, "not-fitted"); // 4 repeat customers: too few for Gamma-Gamma
 * deepStrictEqual([...c.exp_avg_value.slice(1, 3)], [20, 35]); // their own mean spend
 * ok(!JSON.stringify(result.params).includes("NaN"));
 * ```
 */
export function clvAnalysis(
  summary: ClvAnalysisInput,
  options: ClvAnalysisOptions = {},
): ClvAnalysis {
  const convention = matchingOption(
    "convention",
    options.convention,
    summary.convention,
    "repeat",
    ["repeat", "classic"] as const,
  );
  const timeUnit = matchingOption(
    "timeUnit",
    options.timeUnit,
    summary.timeUnit,
    "week",
    ["week", "day"] as const,
  );
  const horizonMonths = nonNegativeNumber("horizonMonths", options.horizonMonths ?? 6, true);
  const discount = nonNegativeNumber("discount", options.discount ?? 0.01);
  const seed = nonNegativeNumber("seed", options.seed ?? 42, true);
  const classic = convention === "classic";
  const countPenalizer = nonNegativeNumber(
    "penalizer",
    options.penalizer ?? (classic ? 0.001 : 0),
  );
  const ggPenalizer = nonNegativeNumber(
    "gammaGammaPenalizer",
    options.gammaGammaPenalizer ?? (classic ? 0.01 : options.penalizer ?? 0),
  );
  const matrixMaxFrequency = nonNegativeNumber(
    "matrixMaxFrequency",
    options.matrixMaxFrequency ?? 40,
    true,
  );

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
  const cols = {
    frequency: Float64Array.from(summary.frequency),
    recency: Float64Array.from(summary.recency),
    T: Float64Array.from(summary.T),
    monetaryValue: Float64Array.from(summary.monetaryValue),
  };
  const rows = summary.customerIds.map((customerId, i) => ({
    customerId,
    frequency: cols.frequency[i]!,
    recency: cols.recency[i]!,
    T: cols.T[i]!,
    monetaryValue: cols.monetaryValue[i]!,
  }));
  const notes: string[] = [
    classic
      ? "Classic convention (the tutorials): frequency counts invoices, not repeat purchases, and monetary is the mean invoice value (lib/summary keeps only customers with more than one invoice)."
      : "Repeat convention (lifetimes, the literature): frequency counts repeat purchase periods and monetary is their mean value.",
  ];

  // Count models. Rows give ValidationErrors that name customers; columns keep predictions fast.
  const bgNbd = fitBgNbd(n <= 100_000 ? rows : cols, { penalizer: countPenalizer });
  notes.push(
    `BG/NBD fitted to ${n} customers; it drives p_alive, the expected purchases and CLV.`,
  );
  const mbgNbd = options.mbgNbd === false ? null : fitMbgNbd(cols, { penalizer: countPenalizer });
  notes.push(mbgNbd ? "MBG/NBD fitted for comparison." : "MBG/NBD not fitted (mbgNbd: false).");
  const distinct = compressedFor(toColumns(cols)).weights.length;
  const paretoWanted = options.paretoNbd ?? "auto";
  const fitPareto = paretoWanted === true ||
    (paretoWanted === "auto" && distinct <= PARETO_AUTO_MAX_ROWS);
  const paretoNbd = fitPareto ? fitParetoNbd(cols, { penalizer: countPenalizer }) : null;
  notes.push(
    paretoNbd
      ? `Pareto/NBD fitted for comparison (${distinct} distinct summary rows).`
      : paretoWanted === false
      ? "Pareto/NBD not fitted (paretoNbd: false)."
      : `Pareto/NBD not fitted: ${distinct} distinct summary rows is above the ${PARETO_AUTO_MAX_ROWS} up to which it is fitted automatically (its numerical gradient makes it slow); pass paretoNbd: true to fit it.`,
  );

  // Spend.
  const spend = fitSpend(cols, ggPenalizer);
  notes.push(...spend.report.notes);
  const averageValue = (gg: GammaGammaParams | null): Float64Array =>
    expectedValues(cols, gg, spend.report.fallbackValue, spend.observedMean);
  const expAvgValue = averageValue(spend.fit?.params ?? null);

  // Predictions.
  const perWeek = timeUnit === "week" ? 1 : 7;
  const pAlive = probabilityAlive(bgNbd, cols);
  const exp1w = conditionalExpectedPurchases(bgNbd, cols, 1 * perWeek);
  const exp1m = conditionalExpectedPurchases(bgNbd, cols, 4 * perWeek);
  const exp3m = conditionalExpectedPurchases(bgNbd, cols, 12 * perWeek);
  const clvOf = (bg: BgNbdParams, values: Float64Array): Float64Array =>
    customerLifetimeValue({ model: "bg_nbd", params: bg }, cols, {
      averageValue: values,
      months: horizonMonths,
      discountRate: discount,
      timeUnit,
    });
  const clv = clvOf(bgNbd.params, expAvgValue);
  const sortedClv = Float64Array.from(clv).sort();
  const segments = clvSegments(clv, sortedClv);

  // Intervals.
  let bounds: { lower: Float64Array; upper: Float64Array } | null = null;
  let intervalRecord: ClvParams["intervals"] = null;
  if (options.intervals) {
    const settings = options.intervals === true ? {} : options.intervals;
    const method = oneOf(
      "intervals.method",
      settings.method ?? "bootstrap",
      [
        "bootstrap",
        "delta",
      ] as const,
    );
    const level = settings.level ?? 0.9;
    const draws = settings.draws ?? 200;
    if (bgNbd.covariance === null || bgNbd.boundary !== null || !identified(bgNbd)) {
      notes.push(
        "CLV intervals not computed: the BG/NBD optimum is on a boundary of the parameter space, where its parameters are not identified and there is no meaningful covariance to propagate.",
      );
    } else {
      const withSpend = spend.fit !== null && spend.fit.covariance !== null &&
        spend.fit.boundary === null && identified(spend.fit);
      const fits = withSpend ? [bgNbd, spend.fit!] : [bgNbd];
      const pi = jointPredictionInterval(fits, (params) =>
        clvOf(
          params[0] as BgNbdParams,
          withSpend ? averageValue(params[1] as GammaGammaParams) : expAvgValue,
        ), { method, level, draws, seed });
      bounds = { lower: pi.lower, upper: pi.upper };
      intervalRecord = { method, level, draws, seed };
      notes.push(
        `CLV ${Math.round(level * 100)}% intervals by ${
          method === "bootstrap"
            ? `a seeded parametric bootstrap (${draws} draws, seed ${seed})`
            : "the delta method"
        } over the BG/NBD${withSpend ? " and Gamma-Gamma" : ""} parameter uncertainty${
          withSpend ? "" : " only (no Gamma-Gamma covariance)"
        }.`,
      );
    }
  }

  const customers: ClvCustomerColumns = {
    customer_id: summary.customerIds,
    p_alive: pAlive,
    exp_purchases_1w: exp1w,
    exp_purchases_1m: exp1m,
    exp_purchases_3m: exp3m,
    exp_avg_value: expAvgValue,
    clv,
    clv_segment: segments,
    ...(bounds ? { clv_lower: bounds.lower, clv_upper: bounds.upper } : {}),
  };
  for (const [name, column] of Object.entries(customers)) {
    if (column instanceof Float64Array && !column.every(Number.isFinite)) {
      throw new Error(`Cannot run CLV analysis: column ${name} has a non-finite value (a bug)`);
    }
  }

  let maxT = 0, maxX = 0;
  for (let i = 0; i < n; i++) {
    maxT = Math.max(maxT, cols.T[i]!);
    maxX = Math.max(maxX, cols.frequency[i]!);
  }
  const grid = {
    maxFrequency: Math.min(matrixMaxFrequency, maxX),
    maxRecency: Math.floor(maxT),
    T: Math.max(maxT, 1e-9),
  };
  const diagnostics: ClvDiagnostics = {
    repeatPurchases: repeatPurchaseCounts(bgNbd, cols),
    frequencyRecency: frequencyRecencyMatrix(bgNbd, { ...grid, t: perWeek }),
    probabilityAlive: probabilityAliveMatrix(bgNbd, grid),
    clvDistribution: clvDistribution(clv, segments, sortedClv),
  };

  let repeatCustomers = 0;
  for (const x of cols.frequency) if (x > 0) repeatCustomers++;
  const params: ClvParams = {
    convention,
    timeUnit,
    horizonMonths,
    discount,
    seed,
    penalizer: { countModels: countPenalizer, gammaGamma: ggPenalizer },
    customers: n,
    repeatCustomers,
    predictionModel: "bg_nbd",
    models: {
      bg_nbd: fitJson(bgNbd),
      mbg_nbd: mbgNbd ? fitJson(mbgNbd) : null,
      pareto_nbd: paretoNbd ? fitJson(paretoNbd) : null,
      gamma_gamma: spend.fit ? fitJson(spend.fit) : null,
    },
    spend: spend.report,
    intervals: intervalRecord,
    notes,
  };
  return {
    fits: { bgNbd, mbgNbd, paretoNbd, gammaGamma: spend.fit },
    customers,
    params,
    diagnostics,
  };
}

/** The fit's log-parameters have standard deviations ≤ 10 (see `jointPredictionInterval`). */
function identified(fit: { readonly covariance: Float64Array | null }): boolean {
  const cov = fit.covariance;
  if (cov === null) return false;
  const k = Math.round(Math.sqrt(cov.length));
  for (let i = 0; i < k; i++) if (!(Math.sqrt(cov[i * k + i]!) <= 10)) return false;
  return true;
}

interface SpendColumns {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
}

/** Fits Gamma-Gamma to repeat customers with positive spend, or explains why not. */
function fitSpend(
  cols: SpendColumns & { readonly recency: Float64Array; readonly T: Float64Array },
  penalizer: number,
): { fit: GammaGammaFit | null; report: ClvSpendReport; observedMean: number } {
  const fx: number[] = [];
  const fz: number[] = [];
  let excluded = 0;
  for (let i = 0; i < cols.frequency.length; i++) {
    const x = cols.frequency[i]!, z = cols.monetaryValue[i]!;
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
  const notes: string[] = [];
  if (excluded > 0) {
    notes.push(
      `${excluded} repeat customers have a mean spend ≤ 0 and are left out of the Gamma-Gamma fit; they get the fallback value.`,
    );
  }
  if (fz.length < MIN_SPEND_CUSTOMERS) {
    notes.push(
      `Gamma-Gamma not fitted: ${fz.length} repeat customers with positive spend (at least ${MIN_SPEND_CUSTOMERS} needed). exp_avg_value is each repeat customer's observed mean spend; the others get the observed mean of the repeat customers (${
        observedMean.toFixed(2)
      }).`,
    );
    let fallbackCustomers = 0;
    for (let i = 0; i < cols.frequency.length; i++) {
      if (!(cols.frequency[i]! > 0 && cols.monetaryValue[i]! > 0)) fallbackCustomers++;
    }
    return {
      fit: null,
      observedMean,
      report: {
        status: "not-fitted",
        customersFitted: 0,
        excludedNonPositiveSpend: excluded,
        correlation,
        fallbackCustomers,
        fallbackValue: observedMean,
        notes,
      },
    };
  }
  const zeros = new Float64Array(fx.length);
  const fit = fitGammaGamma({
    frequency: fx,
    recency: zeros,
    T: zeros,
    monetaryValue: fz,
  }, { penalizer });
  const population = gammaGammaPopulationMean(fit.params);
  const fallbackValue = population ?? observedMean;
  let fallbackCustomers = 0;
  const { p, q } = fit.params;
  for (let i = 0; i < cols.frequency.length; i++) {
    const x = cols.frequency[i]!;
    if (!(x > 0 && cols.monetaryValue[i]! > 0 && p * x + q - 1 > 0)) fallbackCustomers++;
  }
  notes.push(
    `Gamma-Gamma fitted to ${fx.length} repeat customers with positive spend${
      penalizer > 0 ? ` (penalizer ${penalizer})` : ""
    }: exp_avg_value = E[M | x, z̄] for them.`,
  );
  if (population !== null) {
    notes.push(
      fallbackCustomers === 0
        ? "Every customer has usable spend."
        : `${fallbackCustomers} customers without usable spend get the population mean p·v/(q − 1) = ${
          population.toFixed(2)
        }.`,
    );
  } else {
    notes.push(
      fallbackCustomers === 0
        ? `q = ${
          q.toFixed(4)
        } ≤ 1: the population mean spend is infinite, but p·x + q − 1 > 0 for every customer, so E[M | x, z̄] is finite for all.`
        : `q = ${
          q.toFixed(4)
        } ≤ 1, so the population mean is infinite: ${fallbackCustomers} customers without a finite E[M] get the observed mean spend of the repeat customers (${
          observedMean.toFixed(2)
        }) instead.`,
    );
  }
  if (correlation !== null) {
    notes.push(
      Math.abs(correlation) <= CORRELATION_WARNING
        ? `Pearson correlation of frequency and spend ${
          correlation.toFixed(3)
        }: weak, consistent with Gamma-Gamma's independence assumption.`
        : `Pearson correlation of frequency and spend ${
          correlation.toFixed(3)
        }: Gamma-Gamma assumes spend independent of frequency, so treat exp_avg_value with care.`,
    );
  }
  return {
    fit,
    observedMean,
    report: {
      status: population !== null ? "fitted" : "fitted-q-le-1",
      customersFitted: fx.length,
      excludedNonPositiveSpend: excluded,
      correlation,
      fallbackCustomers,
      fallbackValue,
      notes,
    },
  };
}

/** exp_avg_value per customer under the rules of {@linkcode clvAnalysis}. */
function expectedValues(
  cols: SpendColumns,
  gg: GammaGammaParams | null,
  fallbackValue: number,
  observedMean: number,
): Float64Array {
  const n = cols.frequency.length;
  const out = new Float64Array(n);
  const population = gg === null ? null : gammaGammaPopulationMean(gg);
  const fallback = gg === null ? fallbackValue : population ?? observedMean;
  for (let i = 0; i < n; i++) {
    const x = cols.frequency[i]!, z = cols.monetaryValue[i]!;
    const usable = x > 0 && z > 0 && Number.isFinite(z);
    if (gg === null) {
      out[i] = usable ? z : fallback;
      continue;
    }
    const denom = gg.p * x + gg.q - 1;
    out[i] = usable && denom > 0 ? (gg.p * (gg.v + x * z)) / denom : fallback;
  }
  return out;
}
