/**
 * Tracking and hold-out diagnostics as data: expected versus actual repeat transactions
 * over calendar time, and calibration versus holdout purchases by calibration frequency.
 *
 * @module
 */
import { OptionError, ValidationError } from "../errors.ts";
import { distinctValues, toColumns } from "./_input.ts";
import { pointwise } from "./predict.ts";
import type { CountModel, SummaryInput } from "./types.ts";

/** Result of {@linkcode trackingTransactions}. */
export interface TrackingResult {
  /** Grid times (calendar time since the start of the panel). */
  readonly t: readonly number[];
  readonly expectedCumulative: Float64Array;
  readonly expectedIncremental: Float64Array;
  /** Present when `repeatTimes` were given. */
  readonly actualCumulative?: Float64Array;
  readonly actualIncremental?: Float64Array;
}

/** Options for {@linkcode trackingTransactions}. */
export interface TrackingOptions {
  /** Calendar times of the actual repeat transactions, same clock as `births` and the grid. */
  repeatTimes?: ArrayLike<number>;
}

/**
 * Expected cumulative repeat transactions of a cohort over calendar time,
 * expected(τ) = Σᵢ E[X(τ − birthᵢ)] over customers born before τ (BTYD
 * `ExpectedCumulativeTransactions`; lifetimes `expected_cumulative_transactions`), with
 * incremental differences per grid step and, optionally, the actual counts.
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param births Each customer's first-purchase time on the panel clock.
 * @param options Grid and optional actual repeat-transaction times.
 * @returns Expected (and actual) cumulative and incremental series.
 *
 * @example
 * ```ts
 * import { trackingTransactions } from "./tracking.ts";
 * import { expectedPurchases } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const tr = trackingTransactions(bg, [0, 1], { grid: [1, 2] });
 * ok(Math.abs(tr.expectedCumulative[1]! - expectedPurchases(bg, 2) - expectedPurchases(bg, 1)) < 1e-12);
 * ```
 */
export function trackingTransactions(
  model: CountModel,
  births: ArrayLike<number>,
  options: TrackingOptions & { grid: ArrayLike<number> },
): TrackingResult {
  const expected = pointwise(model).expectedPurchases;
  const t = Array.from(options.grid);
  const b = distinctValues(Float64Array.from(births));
  const counts = new Float64Array(b.values.length);
  for (let i = 0; i < b.index.length; i++) counts[b.index[i]!]! += 1;
  const expectedCumulative = Float64Array.from(t, (tau) => {
    let sum = 0;
    b.values.forEach((birth, u) => {
      if (tau > birth) sum += counts[u]! * expected(tau - birth);
    });
    return sum;
  });
  const diff = (c: Float64Array): Float64Array => c.map((v, i) => (i === 0 ? v : v - c[i - 1]!));
  const result: TrackingResult = {
    t,
    expectedCumulative,
    expectedIncremental: diff(expectedCumulative),
  };
  if (options.repeatTimes === undefined) return result;
  const sorted = Float64Array.from(options.repeatTimes).sort();
  let j = 0;
  const actualCumulative = Float64Array.from(t, (tau) => {
    while (j < sorted.length && sorted[j]! <= tau) j++;
    return j;
  });
  return { ...result, actualCumulative, actualIncremental: diff(actualCumulative) };
}

/** One row of {@linkcode calibrationVsHoldout}. */
export interface CalibrationHoldoutBucket {
  /** Calibration frequency (the last bucket means "this many or more"). */
  readonly frequency: number;
  readonly label: string;
  readonly customers: number;
  /** Mean actual holdout purchases. */
  readonly actual: number;
  /** Mean model-predicted purchases E[Y(durationHoldout) | calibration summary]. */
  readonly predicted: number;
}

/** Options for {@linkcode calibrationVsHoldout}. */
export interface CalibrationVsHoldoutOptions {
  /** Calibration frequencies at or above this are pooled into one bucket. @default {7} */
  maxFrequency?: number;
}

/**
 * Mean holdout purchases versus the model's prediction, grouped by calibration frequency
 * (lifetimes' `plot_calibration_purchases_vs_holdout_purchases`, with a capped last bucket).
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param summary Calibration summaries with `frequencyHoldout` and `durationHoldout` (per
 *   customer, or one number for all): rows, columns, or `calibrationHoldout`'s table as is.
 * @param options The cap.
 * @returns One row per calibration frequency present.
 * @throws {ValidationError} If the holdout columns are missing, of the wrong length or not finite.
 *
 * @example
 * ```ts
 * import { calibrationVsHoldout } from "./tracking.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const rows = calibrationVsHoldout(bg, {
 *   frequency: [0, 0, 2], recency: [0, 0, 20], T: [30, 30, 30], frequencyHoldout: [0, 1, 3], durationHoldout: [39, 39, 39],
 * });
 * equal(rows[0]!.actual, 0.5);
 * ```
 */
export function calibrationVsHoldout(
  model: CountModel,
  summary:
    | SummaryInput & {
      readonly frequencyHoldout?: ArrayLike<number>;
      /** One holdout length per customer, or one for all (as `calibrationHoldout` returns). */
      readonly durationHoldout?: ArrayLike<number> | number;
    }
    | readonly (
      {
        frequency: number;
        recency: number;
        T: number;
        frequencyHoldout: number;
        durationHoldout: number;
      }
    )[],
  options: CalibrationVsHoldoutOptions = {},
): CalibrationHoldoutBucket[] {
  const { maxFrequency = 7 } = options;
  const rows = Array.isArray(summary) ? summary : undefined;
  const cols = rows
    ? toColumns({
      frequency: rows.map((r) => r.frequency),
      recency: rows.map((r) => r.recency),
      T: rows.map((r) => r.T),
    })
    : toColumns(summary as SummaryInput);
  const holdout = rows
    ? rows.map((r) => r.frequencyHoldout)
    : (summary as { frequencyHoldout?: ArrayLike<number> }).frequencyHoldout;
  const given = rows
    ? rows.map((r) => r.durationHoldout)
    : (summary as { durationHoldout?: ArrayLike<number> | number }).durationHoldout;
  if (holdout === undefined || given === undefined) {
    throw new ValidationError(
      "Cannot compare calibration and holdout: frequencyHoldout and durationHoldout are required",
      [],
    );
  }
  const duration: ArrayLike<number> = typeof given === "number"
    ? new Float64Array(cols.length).fill(given)
    : given;
  if (holdout.length !== cols.length || duration.length !== cols.length) {
    throw new ValidationError(
      `Cannot compare calibration and holdout: ${cols.length} customers but ${holdout.length} holdout frequencies and ${duration.length} holdout durations`,
      [],
    );
  }
  for (let i = 0; i < cols.length; i++) {
    if (!(duration[i]! >= 0) || !Number.isFinite(holdout[i]!)) {
      throw new ValidationError(
        `Cannot compare calibration and holdout: row ${i} has frequencyHoldout "${
          holdout[i]
        }" and durationHoldout "${duration[i]}"`,
        [],
        "durationHoldout must be a finite number ≥ 0 and frequencyHoldout finite",
      );
    }
  }
  const f = pointwise(model).conditionalExpectedPurchases;
  const sums = new Map<number, { n: number; actual: number; predicted: number }>();
  for (let i = 0; i < cols.length; i++) {
    const key = Math.min(maxFrequency, cols.frequency[i]!);
    const s = sums.get(key) ?? { n: 0, actual: 0, predicted: 0 };
    s.n++;
    s.actual += holdout[i]!;
    s.predicted += f(cols.frequency[i]!, cols.recency[i]!, cols.T[i]!, duration[i]!);
    sums.set(key, s);
  }
  return [...sums.keys()].sort((a, b) => a - b).map((k) => {
    const s = sums.get(k)!;
    return {
      frequency: k,
      label: k === maxFrequency ? `${k}+` : String(k),
      customers: s.n,
      actual: s.actual / s.n,
      predicted: s.predicted / s.n,
    };
  });
}

/** One period of {@linkcode trackingTable}. */
export interface TrackingRow {
  /** Period index, 0 for the first period of the data. */
  readonly period: number;
  /** End of the period in the model's time unit, from the start of the data. */
  readonly t: number;
  readonly actual: number;
  readonly expected: number;
  readonly actualCumulative: number;
  readonly expectedCumulative: number;
}

/** Actual repeat transactions per period and customer births, as `trackingActuals` returns. */
export interface TrackingActualsInput {
  /** Each customer's first purchase, in periods since the start of the data. */
  readonly birthTimes: ArrayLike<number>;
  /** Actual repeat transactions in each period. */
  readonly repeatTransactions: ArrayLike<number>;
}

/** Options for {@linkcode trackingTable}. */
export interface TrackingTableOptions {
  /** Model time units per tracking period, e.g. 1/7 for daily tracking of a weekly model.
   * @default {1} */
  unitsPerPeriod?: number;
}

/**
 * Actual versus expected repeat transactions per period and cumulatively, one row per
 * period: the tracking chart's data, from `trackingActuals` (lib/summary) of a clean
 * transaction table and a fitted model. Expected values are those of
 * {@linkcode trackingTransactions} at the end of each period.
 *
 * @param model A count-model fit or `{ model, params }`, in the model's time unit.
 * @param actuals Birth times and per-period repeat transactions (`trackingActuals`).
 * @param options Model time units per period.
 * @returns One row per period.
 * @throws {OptionError} If `unitsPerPeriod` is not a positive number.
 *
 * @example Weekly tracking of a weekly model
 * ```ts
 * import { trackingTable } from "./tracking.ts";
 * import { expectedPurchases } from "./predict.ts";
 * import { ok, equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const rows = trackingTable(bg, { birthTimes: [0, 0, 1], repeatTransactions: [0, 1, 2] });
 * equal(rows.length, 3);
 * equal(rows[2]!.actualCumulative, 3);
 * ok(Math.abs(rows[1]!.expectedCumulative - 2 * expectedPurchases(bg, 2) - expectedPurchases(bg, 1)) < 1e-12);
 * ```
 */
export function trackingTable(
  model: CountModel,
  actuals: TrackingActualsInput,
  options: TrackingTableOptions = {},
): TrackingRow[] {
  const { unitsPerPeriod = 1 } = options;
  if (!(unitsPerPeriod > 0) || !Number.isFinite(unitsPerPeriod)) {
    throw new OptionError(
      "unitsPerPeriod",
      `Cannot build tracking table: unitsPerPeriod must be a positive number: current value is "${unitsPerPeriod}"`,
    );
  }
  const n = actuals.repeatTransactions.length;
  const grid = Array.from({ length: n }, (_, k) => (k + 1) * unitsPerPeriod);
  const births = Float64Array.from(actuals.birthTimes, (b) => b * unitsPerPeriod);
  const tr = trackingTransactions(model, births, { grid });
  let running = 0;
  return grid.map((t, k) => {
    const actual = actuals.repeatTransactions[k]!;
    running += actual;
    return {
      period: k,
      t,
      actual,
      expected: tr.expectedIncremental[k]!,
      actualCumulative: running,
      expectedCumulative: tr.expectedCumulative[k]!,
    };
  });
}
