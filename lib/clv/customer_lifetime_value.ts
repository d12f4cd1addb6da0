/**
 * Customer lifetime value: the count model's expected purchases per month, times the
 * expected average value, discounted monthly (lifetimes-compatible).
 *
 * @module
 */
import { OptionError, ValidationError } from "../errors.ts";
import { mapRows, toColumns } from "./_input.ts";
import { pointwise } from "./predict.ts";
import type { CountModel, SummaryInput } from "./types.ts";

/** Time units per month (lifetimes' `freq` factors: W 4.345, D 30, H 720, M 1). */
export const PERIODS_PER_MONTH = Object.freeze({ week: 4.345, day: 30, hour: 720, month: 1 });

/** Options for {@linkcode customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** Expected average value per transaction for each customer, e.g. from
   * `expectedAverageValue` (Gamma-Gamma). Required. */
  averageValue: ArrayLike<number>;
  /** Horizon in months. @default {12} */
  months?: number;
  /** Monthly discount rate. @default {0.01} */
  discountRate?: number;
  /** Time unit of the summaries (sets the periods per month). @default {"week"} */
  timeUnit?: keyof typeof PERIODS_PER_MONTH;
}

/**
 * Discounted expected value of each customer's purchases over the next `months` months:
 * CLV = Σ_{k=1..K} (E[Y(fk)] − E[Y(f(k−1))]) · E[M] / (1 + d)ᵏ with f the periods per
 * month (4.345 weeks), exactly as lifetimes' `customer_lifetime_value`.
 *
 * @param model A fitted count model (BG/NBD, MBG/NBD or Pareto/NBD).
 * @param summary Customers' frequency, recency and T, in `timeUnit`.
 * @param options Average values, horizon, discount rate, time unit.
 * @returns One CLV per customer.
 * @throws {ValidationError} If `averageValue` has the wrong length or a non-finite value.
 * @throws {OptionError} For a negative horizon or discount rate, or an unknown time unit.
 *
 * @example One month without discounting equals E[Y(4.345)] × value
 * ```ts
 * import { customerLifetimeValue } from "./customer_lifetime_value.ts";
 * import { conditionalExpectedPurchases } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const summary = { frequency: [2], recency: [30.43], T: [38.86] };
 * const [clv] = customerLifetimeValue(bg, summary, { averageValue: [10], months: 1, discountRate: 0 });
 * const [ey] = conditionalExpectedPurchases(bg, summary, 4.345);
 * ok(Math.abs(clv! - 10 * ey!) < 1e-12);
 * ```
 */
export function customerLifetimeValue(
  model: CountModel,
  summary: SummaryInput,
  options: CustomerLifetimeValueOptions,
): Float64Array {
  return lifetimeValueFromPurchases(
    discountedExpectedPurchases(model, summary, options),
    options.averageValue,
  );
}

/**
 * The count part of {@linkcode customerLifetimeValue}: each customer's expected purchases over
 * the next `months` months, each month's discounted, Σ_{k=1..K} (E[Y(fk)] − E[Y(f(k−1))]) /
 * (1 + d)ᵏ. It depends on the count model only, so intervals that move the spend model's
 * parameters reuse it.
 *
 * @param model A fitted count model.
 * @param summary Customers' frequency, recency and T, in `timeUnit`.
 * @param options Horizon, discount rate, time unit.
 * @returns One value per customer (computed once per distinct row).
 * @throws {OptionError} For a negative horizon or discount rate, or an unknown time unit.
 *
 * @example Without discounting, one month is E[Y(4.345)]
 * ```ts
 * import { discountedExpectedPurchases } from "./customer_lifetime_value.ts";
 * import { conditionalExpectedPurchases } from "./predict.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const summary = { frequency: [2], recency: [30.43], T: [38.86] };
 * const [y] = discountedExpectedPurchases(bg, summary, { months: 1, discountRate: 0 });
 * equal(y, conditionalExpectedPurchases(bg, summary, 4.345)[0]);
 * ```
 */
export function discountedExpectedPurchases(
  model: CountModel,
  summary: SummaryInput,
  options: Omit<CustomerLifetimeValueOptions, "averageValue"> = {},
): Float64Array {
  const { months = 12, discountRate = 0.01, timeUnit = "week" } = options;
  const factor = PERIODS_PER_MONTH[timeUnit];
  if (factor === undefined) {
    throw new OptionError(
      "timeUnit",
      `Cannot compute CLV: timeUnit must be one of "week", "day", "hour", "month": current value is "${timeUnit}"`,
    );
  }
  if (!(months >= 0) || !Number.isInteger(months)) {
    throw new OptionError(
      "months",
      `Cannot compute CLV: months must be a whole number ≥ 0: current value is "${months}"`,
    );
  }
  if (!(discountRate > -1) || !Number.isFinite(discountRate)) {
    throw new OptionError(
      "discountRate",
      `Cannot compute CLV: discountRate must be > −1: current value is "${discountRate}"`,
    );
  }
  const cols = toColumns(summary);
  const f = pointwise(model).conditionalExpectedPurchases;
  return mapRows(cols, (x, tx, T) => {
    let clv = 0;
    let previous = 0;
    for (let k = 1; k <= months; k++) {
      const current = f(x, tx, T, k * factor);
      clv += (current - previous) / Math.pow(1 + discountRate, k);
      previous = current;
    }
    return clv;
  });
}

/**
 * CLV from {@linkcode discountedExpectedPurchases} and each customer's expected value per
 * purchase: their product, customer by customer.
 *
 * @throws {ValidationError} If `averageValue` has the wrong length or a non-finite value.
 */
export function lifetimeValueFromPurchases(
  purchases: Float64Array,
  averageValue: ArrayLike<number>,
): Float64Array {
  if (averageValue.length !== purchases.length) {
    throw new ValidationError(
      `Cannot compute CLV: averageValue has ${averageValue.length} values for ${purchases.length} customers`,
      [],
    );
  }
  const clv = new Float64Array(purchases.length);
  for (let i = 0; i < purchases.length; i++) {
    const v = averageValue[i]!;
    if (!Number.isFinite(v)) {
      throw new ValidationError(
        `Cannot compute CLV: averageValue at row ${i} is not finite: current value is "${v}"`,
        [],
      );
    }
    clv[i] = purchases[i]! * v;
  }
  return clv;
}
