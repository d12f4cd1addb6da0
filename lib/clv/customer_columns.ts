/**
 * The per-customer stages of the CLV analysis: predictions of the main count model, CLV and its
 * segments, and the two kinds of interval (the uncertainty of the expected value, and the
 * predictive interval of what the customer will actually do).
 *
 * @module
 */
import { type ClvSegment, clvSegments } from "./_analysis_parts.ts";
import { onBoundary } from "./_nbd.ts";
import type { ResolvedClvOptions } from "./clv_options.ts";
import {
  customerLifetimeValue,
  discountedExpectedPurchases,
  lifetimeValueFromPurchases,
  PERIODS_PER_MONTH,
} from "./customer_lifetime_value.ts";
import { type ClvColumns, type ClvSpendReport, expectedSpendValues } from "./fit_models.ts";
import { jointPredictionInterval } from "./intervals.ts";
import { type PredictiveIntervals, predictiveIntervals } from "./predictive_intervals.ts";
import { conditionalExpectedPurchases, probabilityAlive } from "./predict.ts";
import type { CountModel, CountModelFit, GammaGammaFit, GammaGammaParams } from "./types.ts";

/** Predictions of the main count model per customer (columns of customers.csv). */
export interface CustomerPredictions {
  /** P(alive) at the end of observation. */
  readonly p_alive: Float64Array;
  /** Expected purchases in the next 1, 4 and 12 weeks (7, 28 and 84 days for daily
   * summaries), E[Y(t) | x, t_x, T]. */
  readonly exp_purchases_1w: Float64Array;
  readonly exp_purchases_1m: Float64Array;
  readonly exp_purchases_3m: Float64Array;
}

/**
 * P(alive) and the expected purchases in the next 1, 4 and 12 weeks of every customer.
 *
 * @param model The main count model (a fit or `{ model, params }`).
 * @param columns Frequency, recency and T per customer.
 * @param options The summary's time unit.
 * @returns The prediction columns.
 *
 * @example
 * ```ts
 * import { customerPredictions } from "./customer_columns.ts";
 * import { equal, ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const c = customerPredictions(bg, { frequency: [0, 2], recency: [0, 30], T: [38, 38] }, { timeUnit: "week" });
 * equal(c.p_alive[0], 1);
 * ok(c.exp_purchases_3m[1]! > c.exp_purchases_1m[1]!);
 * ```
 */
export function customerPredictions(
  model: CountModel,
  columns: Pick<ClvColumns, "frequency" | "recency" | "T"> | {
    readonly frequency: ArrayLike<number>;
    readonly recency: ArrayLike<number>;
    readonly T: ArrayLike<number>;
  },
  options: { readonly timeUnit: "week" | "day" },
): CustomerPredictions {
  const perWeek = options.timeUnit === "week" ? 1 : 7;
  return {
    p_alive: probabilityAlive(model, columns),
    exp_purchases_1w: conditionalExpectedPurchases(model, columns, 1 * perWeek),
    exp_purchases_1m: conditionalExpectedPurchases(model, columns, 4 * perWeek),
    exp_purchases_3m: conditionalExpectedPurchases(model, columns, 12 * perWeek),
  };
}

/** CLV per customer with its A–D segment. */
export interface CustomerValues {
  /** Expected value per purchase (Gamma-Gamma, or the documented fallback). */
  readonly exp_avg_value: Float64Array;
  /** Discounted expected spend over the horizon (lifetimes' monthly discounting). */
  readonly clv: Float64Array;
  /** A–D by CLV quartile, A the best, ties together. */
  readonly clv_segment: readonly ClvSegment[];
  /** The CLVs sorted ascending (for the distribution). */
  readonly sorted: Float64Array;
}

/**
 * The expected value per purchase, CLV over the horizon and the CLV segment of every customer.
 *
 * @param model The main count model.
 * @param columns The summary columns.
 * @param spend The spend model's fit (or null) and report.
 * @param options Horizon, discount and time unit.
 * @returns The value columns.
 *
 * @example
 * ```ts
 * import { customerValues } from "./customer_columns.ts";
 * import { fitSpendModel } from "./fit_models.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const columns = { frequency: Float64Array.of(0, 2), recency: Float64Array.of(0, 30), T: Float64Array.of(38, 38), monetaryValue: Float64Array.of(0, 25) };
 * const v = customerValues(bg, columns, fitSpendModel(columns, { penalizer: 0 }), { horizonMonths: 6, discount: 0.01, timeUnit: "week" });
 * ok(v.clv[1]! > v.clv[0]! && v.clv_segment[1] === "A");
 * ```
 */
export function customerValues(
  model: CountModel,
  columns: ClvColumns,
  spend: { readonly fit: GammaGammaFit | null; readonly report: ClvSpendReport },
  options: Pick<ResolvedClvOptions, "horizonMonths" | "discount" | "timeUnit">,
): CustomerValues {
  const exp_avg_value = expectedSpendValues(columns, spend.fit?.params ?? null, spend.report);
  const clv = customerLifetimeValue(model, columns, {
    averageValue: exp_avg_value,
    months: options.horizonMonths,
    discountRate: options.discount,
    timeUnit: options.timeUnit,
  });
  const sorted = Float64Array.from(clv).sort();
  return { exp_avg_value, clv, clv_segment: clvSegments(clv, sorted), sorted };
}

/** How the parameter-uncertainty intervals of the CLV were obtained, or why not. */
export type ParameterIntervalRecord =
  | {
    readonly computed: true;
    readonly method: "bootstrap" | "delta";
    readonly level: number;
    readonly draws: number;
    readonly seed: number;
    /** Gamma-Gamma's uncertainty is included (it is left out when its fit has no usable
     * covariance). */
    readonly withSpend: boolean;
  }
  | {
    readonly computed: false;
    /** `"off"`: not asked for; `"boundary"`: the count model's optimum is on a boundary of the
     * parameter space, where its parameters are not identified. */
    readonly reason: "off" | "boundary";
  };

/** The CLV bounds from parameter uncertainty only (columns of customers.csv). */
export interface ParameterIntervalColumns {
  /** Bounds of the uncertainty of the *expected* CLV (not of what the customer will spend). */
  readonly clv_param_lower: Float64Array;
  readonly clv_param_upper: Float64Array;
}

/** The fit's log-parameters have standard deviations ≤ 10 (see `jointPredictionInterval`). */
function identified(fit: { readonly covariance: Float64Array | null }): boolean {
  const cov = fit.covariance;
  if (cov === null) return false;
  const k = Math.round(Math.sqrt(cov.length));
  for (let i = 0; i < k; i++) if (!(Math.sqrt(cov[i * k + i]!) <= 10)) return false;
  return true;
}

/**
 * Intervals of each customer's *expected* CLV from the estimation uncertainty of the count
 * model's and Gamma-Gamma's parameters (seeded parametric bootstrap or delta method). They are
 * narrow: they say how well the average is known, not what the customer will spend (see
 * {@linkcode customerPredictiveIntervals} for that). Not computed when the count model's
 * optimum is on a boundary (a parameter at a limit, or no dropout fitting as well).
 *
 * @param main The main count model's fit.
 * @param columns The summary columns.
 * @param spend The spend model's fit (or null) and report.
 * @param options Horizon, discount, time unit, seed and interval settings.
 * @returns The columns (or null) and how they were obtained.
 *
 * @example
 * ```ts
 * import { parameterIntervals } from "./customer_columns.ts";
 * import { fitSpendModel } from "./fit_models.ts";
 * import { fitBgNbd } from "./fit_bg_nbd.ts";
 * import { simulateBgNbd } from "./simulate.ts";
 * import { equal, ok } from "node:assert/strict";
 *
 * const s = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(800).fill(40), { seed: 1 });
 * const columns = { ...s, monetaryValue: s.frequency.map((x) => (x > 0 ? 20 : 0)) };
 * const r = parameterIntervals(fitBgNbd(s), columns, fitSpendModel(columns, { penalizer: 0 }), {
 *   horizonMonths: 6, discount: 0.01, timeUnit: "week", seed: 1, intervals: { method: "delta", level: 0.9, draws: 200 },
 * });
 * equal(r.record.computed, true);
 * ok(r.columns!.clv_param_lower.every((v, i) => v <= r.columns!.clv_param_upper[i]!));
 * ```
 */
export function parameterIntervals(
  main: CountModelFit,
  columns: ClvColumns,
  spend: { readonly fit: GammaGammaFit | null; readonly report: ClvSpendReport },
  options: Pick<
    ResolvedClvOptions,
    "horizonMonths" | "discount" | "timeUnit" | "seed" | "intervals"
  >,
): { readonly columns: ParameterIntervalColumns | null; readonly record: ParameterIntervalRecord } {
  const settings = options.intervals;
  if (settings === null) return { columns: null, record: { computed: false, reason: "off" } };
  if (main.covariance === null || onBoundary(main.report) || !identified(main)) {
    return { columns: null, record: { computed: false, reason: "boundary" } };
  }
  const gg = spend.fit;
  const withSpend = gg !== null && gg.covariance !== null && gg.report.limits.length === 0 &&
    identified(gg);
  const fixedValues = expectedSpendValues(columns, gg?.params ?? null, spend.report);
  // The count part of the CLV depends on the count model's parameters only: consecutive calls
  // that move Gamma-Gamma's parameters alone reuse it (the delta method's last 6 of 15 steps).
  // One entry: bootstrap draws (all different) keep no more than the last.
  let last: { readonly key: string; readonly discounted: Float64Array } | undefined;
  const clvOf = (params: object, values: Float64Array): Float64Array => {
    const key = JSON.stringify(params);
    if (last?.key !== key) {
      last = {
        key,
        discounted: discountedExpectedPurchases(
          { model: main.model, params } as CountModel,
          columns,
          {
            months: options.horizonMonths,
            discountRate: options.discount,
            timeUnit: options.timeUnit,
          },
        ),
      };
    }
    const { discounted } = last;
    return lifetimeValueFromPurchases(discounted, values);
  };
  const fits = withSpend ? [main, gg!] : [main];
  const pi = jointPredictionInterval(fits, (params) =>
    clvOf(
      params[0]!,
      withSpend
        ? expectedSpendValues(columns, params[1] as GammaGammaParams, spend.report)
        : fixedValues,
    ), { ...settings, seed: options.seed });
  return {
    columns: { clv_param_lower: pi.lower, clv_param_upper: pi.upper },
    record: { computed: true, ...settings, seed: options.seed, withSpend },
  };
}

/** How the predictive intervals were obtained. */
export interface PredictiveIntervalRecord {
  readonly level: number;
  /** The horizon in the summary's time unit (months × 4.345 weeks or 30 days). */
  readonly horizon: number;
  /** `"gamma-gamma"`: spend from each customer's Gamma-Gamma posterior; `"fixed-value"`:
   * Gamma-Gamma not fitted, each purchase worth `exp_avg_value`. */
  readonly spend: "gamma-gamma" | "fixed-value";
}

/**
 * Predictive intervals per customer over the CLV horizon: the number of purchases (from the
 * main model's distribution of future purchases) and the undiscounted spend (Gamma-Gamma, or a
 * fixed `exp_avg_value` per purchase when it was not fitted). See
 * {@linkcode predictiveIntervals} for their exact meaning. A horizon of 0 months gives zeros.
 *
 * @param main The main count model.
 * @param columns The summary columns.
 * @param spend The Gamma-Gamma parameters (or null) and the expected value per purchase.
 * @param options Horizon, time unit and level.
 * @returns The columns and how they were obtained.
 *
 * @example
 * ```ts
 * import { customerPredictiveIntervals } from "./customer_columns.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const columns = { frequency: Float64Array.of(0, 20), recency: Float64Array.of(0, 37), T: Float64Array.of(38, 38), monetaryValue: Float64Array.of(0, 25) };
 * const r = customerPredictiveIntervals(bg, columns, { params: null, averageValue: Float64Array.of(25, 25) }, { horizonMonths: 6, timeUnit: "week", level: 0.9 });
 * ok(r.columns.purchases_upper[1]! > r.columns.purchases_upper[0]!);
 * ok(r.columns.value_upper[1] === 25 * r.columns.purchases_upper[1]!);
 * ```
 */
export function customerPredictiveIntervals(
  main: CountModel,
  columns: ClvColumns,
  spend: { readonly params: GammaGammaParams | null; readonly averageValue: Float64Array },
  options: {
    readonly horizonMonths: number;
    readonly timeUnit: "week" | "day";
    readonly level: number;
  },
): { readonly columns: PredictiveIntervals; readonly record: PredictiveIntervalRecord } {
  const horizon = options.horizonMonths * PERIODS_PER_MONTH[options.timeUnit];
  const record: PredictiveIntervalRecord = {
    level: options.level,
    horizon,
    spend: spend.params === null ? "fixed-value" : "gamma-gamma",
  };
  if (!(horizon > 0)) {
    const n = columns.frequency.length;
    return {
      columns: {
        p_no_purchase: new Float64Array(n).fill(1),
        purchases_lower: new Float64Array(n),
        purchases_upper: new Float64Array(n),
        value_lower: new Float64Array(n),
        value_upper: new Float64Array(n),
      },
      record,
    };
  }
  return {
    columns: predictiveIntervals(main, columns, {
      horizon,
      level: options.level,
      spend: spend.params,
      averageValue: spend.averageValue,
    }),
    record,
  };
}
