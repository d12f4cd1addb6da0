/**
 * Data for an honest headline of the CLV section (the report words them): how far the model
 * was off on the holdout, what the same calendar window brought one year earlier, and how
 * seasonal revenue is.
 *
 * @module
 */
import { conditionalExpectedPurchases, type CountModel, PERIODS_PER_MONTH } from "../clv/mod.ts";
import type { Db } from "../db/mod.ts";
import { revenueSql, spanSql, sqlTimestamp, windowRevenueSql } from "./_sql.ts";

/** Holdout purchases, predicted against actual. */
export interface HoldoutError {
  readonly predicted: number;
  readonly actual: number;
  /** (predicted − actual)/actual; null when there was no actual purchase. */
  readonly relativeError: number | null;
}

/**
 * The model's error on the holdout purchases, relative to what happened.
 *
 * @param holdout Σ predicted and Σ actual holdout purchases of the calibration customers.
 * @returns Predicted, actual and the relative error.
 *
 * @example 10% too high
 * ```ts
 * import { holdoutError } from "./headline.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(holdoutError({ predictedTotal: 110, actualTotal: 100 }), { predicted: 110, actual: 100, relativeError: 0.1 });
 * ```
 */
export function holdoutError(
  holdout: { readonly predictedTotal: number; readonly actualTotal: number },
): HoldoutError {
  const { predictedTotal: predicted, actualTotal: actual } = holdout;
  return {
    predicted,
    actual,
    relativeError: actual > 0 ? (predicted - actual) / actual : null,
  };
}

/** What the model predicts for the horizon, summed over customers. */
export interface PredictedHorizon {
  /** Σ CLV: discounted expected spend. */
  readonly discountedValue: number;
  /** Σ E[Y(horizon)]·E[M]: undiscounted expected spend (comparable with past revenue). */
  readonly value: number;
  /** Σ E[Y(horizon)]: expected purchases. */
  readonly purchases: number;
}

/**
 * The model's prediction for the horizon, summed over the customers: expected purchases,
 * undiscounted expected spend and the CLV total.
 *
 * @param model The count model behind the predictions.
 * @param summary The customers' frequency, recency and T.
 * @param values Each customer's expected value per purchase and CLV.
 * @param options Horizon and time unit.
 * @returns The totals.
 *
 * @example
 * ```ts
 * import { predictedHorizon } from "./headline.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const p = predictedHorizon(bg, { frequency: [2], recency: [30], T: [38] }, { exp_avg_value: [10], clv: [9] }, { horizonMonths: 6, timeUnit: "week" });
 * ok(p.discountedValue === 9 && Math.abs(p.value - 10 * p.purchases) < 1e-9);
 * ```
 */
export function predictedHorizon(
  model: CountModel,
  summary: {
    readonly frequency: ArrayLike<number>;
    readonly recency: ArrayLike<number>;
    readonly T: ArrayLike<number>;
  },
  values: { readonly exp_avg_value: ArrayLike<number>; readonly clv: ArrayLike<number> },
  options: { readonly horizonMonths: number; readonly timeUnit: "week" | "day" },
): PredictedHorizon {
  const horizon = options.horizonMonths * PERIODS_PER_MONTH[options.timeUnit];
  const y = horizon > 0
    ? conditionalExpectedPurchases(model, summary, horizon)
    : new Float64Array(values.clv.length);
  let purchases = 0, value = 0, discountedValue = 0;
  for (let i = 0; i < y.length; i++) {
    purchases += y[i]!;
    value += y[i]! * values.exp_avg_value[i]!;
    discountedValue += values.clv[i]!;
  }
  return { discountedValue, value, purchases };
}

/** The same calendar window one year before the horizon. */
export interface PriorYearWindow {
  /** The analysis date minus one year. */
  readonly start: Date;
  /** `start` plus the horizon's months. */
  readonly end: Date;
}

/**
 * The calendar window one year before the horizon [asOf, asOf + horizonMonths months).
 *
 * @param asOf The analysis date.
 * @param horizonMonths The horizon.
 * @returns Its start and end (UTC calendar arithmetic).
 *
 * @example
 * ```ts
 * import { priorYearWindow } from "./headline.ts";
 * import { equal } from "node:assert/strict";
 *
 * const w = priorYearWindow(new Date("2011-12-11"), 6);
 * equal(w.start.toISOString().slice(0, 10), "2010-12-11");
 * equal(w.end.toISOString().slice(0, 10), "2011-06-11");
 * ```
 */
export function priorYearWindow(asOf: Date, horizonMonths: number): PriorYearWindow {
  return { start: addMonths(asOf, -12), end: addMonths(asOf, horizonMonths - 12) };
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Revenue in the same calendar window one year earlier. */
export interface PriorYearCheck extends PriorYearWindow {
  /** Revenue in the window from every customer (new ones included). */
  readonly revenueAll: number;
  /** Revenue in the window from customers who had bought before it: the counterpart of the
   * model's prediction, which covers existing customers only. */
  readonly revenueExisting: number;
  /** Customers who had bought before the window. */
  readonly customersExisting: number;
  /** Days of data before the window's start: with few, "existing" customers are only those
   * seen in those days, and `revenueExisting` understates last year's existing base. */
  readonly daysOfDataBefore: number;
}

/** Seasonality of revenue over the 12 months before the analysis date. */
export interface Seasonality {
  /** Revenue of each month-long slice [asOf − 12 + k months, asOf − 11 + k months), k = 0 … 11. */
  readonly monthlyRevenue: readonly number[];
  /** Coefficient of variation of those 12 revenues (standard deviation / mean): 0 when even. */
  readonly monthlyCv: number;
  /** Share of the 12 months' revenue that fell in the prior-year window (its first
   * `horizonMonths` slices; all 12 for horizons of a year or more). */
  readonly windowShare: number;
  /** The share an even year would give: horizonMonths / 12 (at most 1). */
  readonly evenShare: number;
  /** windowShare / evenShare: above 1, the window is a strong season. */
  readonly shareRatio: number;
}

/**
 * The coefficient of variation of monthly revenues and the window's share of the year, from
 * 12 month-long revenues (the first `horizonMonths` of them form the prior-year window).
 *
 * @param monthlyRevenue 12 revenues, oldest first.
 * @param horizonMonths The horizon.
 * @returns The indicators, or null when the year had no revenue.
 *
 * @example A December-heavy year: a 1-month window starting in December holds a third of it
 * ```ts
 * import { seasonality } from "./headline.ts";
 * import { ok } from "node:assert/strict";
 *
 * const s = seasonality([55, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 60], 1)!;
 * ok(Math.abs(s.windowShare - 55 / 165) < 1e-12 && s.shareRatio > 3 && s.monthlyCv > 1);
 * ```
 */
export function seasonality(
  monthlyRevenue: readonly number[],
  horizonMonths: number,
): Seasonality | null {
  const total = monthlyRevenue.reduce((s, v) => s + v, 0);
  if (!(total > 0) || monthlyRevenue.length === 0) return null;
  const mean = total / monthlyRevenue.length;
  const variance = monthlyRevenue.reduce((s, v) => s + (v - mean) ** 2, 0) /
    monthlyRevenue.length;
  const months = Math.min(horizonMonths, monthlyRevenue.length);
  const windowShare = monthlyRevenue.slice(0, months).reduce((s, v) => s + v, 0) / total;
  const evenShare = months / monthlyRevenue.length;
  return {
    monthlyRevenue,
    monthlyCv: Math.sqrt(variance) / mean,
    windowShare,
    evenShare,
    shareRatio: evenShare > 0 ? windowShare / evenShare : 0,
  };
}

/** The prior-year check and seasonality, when the data covers the year before the analysis date. */
export interface PriorYear {
  readonly window: PriorYearCheck;
  readonly seasonality: Seasonality | null;
}

/**
 * Revenue in the calendar window one year before the horizon, and the seasonality of the year
 * before the analysis date, when the data covers that year (its first purchase is no later than
 * the window's start); null otherwise.
 *
 * @param db The analysis database with the clean transaction table.
 * @param options Analysis date, horizon and table.
 * @returns The check, or null when the data is shorter than a year.
 */
export async function priorYear(
  db: Db,
  options: { readonly asOf: Date; readonly horizonMonths: number; readonly table?: string },
): Promise<PriorYear | null> {
  const table = options.table ?? "clean_transactions";
  const span = await db.one<{ first: Date | null }>(spanSql(table));
  const window = priorYearWindow(options.asOf, options.horizonMonths);
  if (span.first === null || span.first.getTime() > window.start.getTime()) return null;
  const end = window.end.getTime() < options.asOf.getTime() ? window.end : options.asOf;
  const row = await db.one<
    { revenueAll: number; revenueExisting: number; customersExisting: number }
  >(windowRevenueSql(table), [
    sqlTimestamp(window.start),
    sqlTimestamp(window.start),
    sqlTimestamp(window.start),
    sqlTimestamp(end),
  ]);
  const monthly: number[] = [];
  for (let k = 0; k < 12; k++) {
    const { revenue } = await db.one<{ revenue: number }>(revenueSql(table), [
      sqlTimestamp(addMonths(options.asOf, k - 12)),
      sqlTimestamp(addMonths(options.asOf, k - 11)),
    ]);
    monthly.push(revenue);
  }
  const daysOfDataBefore = Math.floor((window.start.getTime() - span.first.getTime()) / 86_400_000);
  return {
    window: { ...window, end, ...row, daysOfDataBefore },
    seasonality: seasonality(monthly, options.horizonMonths),
  };
}
