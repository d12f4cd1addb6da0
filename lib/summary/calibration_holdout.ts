import { type Db, quoteIdent } from "../db/db.ts";
import { exactAvg, exactSum } from "../db/exact.ts";
import { oneOf, OptionError } from "../errors.ts";
import type { CalibrationHoldoutRow, TimeUnit } from "../types.ts";
import {
  customerSummaryColumns,
  type PeriodUnit,
  type SummaryTable,
} from "./customer_summaries.ts";
import { checkDate, DAY_MS, periodStart, sqlTimestamp, toFloat64, unitDays } from "./_sql.ts";

/** Options for {@linkcode calibrationHoldout}. */
export interface CalibrationHoldoutOptions {
  /** Last day (or week) of the calibration window, inclusive. Required. */
  calibrationEnd: Date;
  /** Last day (or week) of the holdout window, inclusive. Required. */
  observationEnd: Date;
  /** Table of cleaned purchase lines. @default {"clean_transactions"} */
  table?: string;
  /** Purchase bucket. @default {"day"} */
  periodUnit?: PeriodUnit;
  /** Unit of `recency`, `T` and `durationHoldout`. @default {periodUnit} */
  timeUnit?: TimeUnit;
}

/** A calibration/holdout split in column form (calibration columns as in {@linkcode SummaryTable}). */
export interface CalibrationHoldoutTable extends SummaryTable {
  /** Purchase periods in the holdout window (all are repeats: the first purchase is earlier). */
  readonly frequencyHoldout: Float64Array;
  /** Mean spend per holdout purchase period (0 when none). */
  readonly monetaryValueHoldout: Float64Array;
  /** Holdout length: observationEnd's period start − calibrationEnd's, in `timeUnit`. */
  readonly durationHoldout: number;
  readonly calibrationEnd: Date;
  readonly observationEnd: Date;
}

/**
 * Splits transactions at a date into a calibration summary and per-customer holdout counts
 * (lifetimes `calibration_and_holdout_data`), in the `repeat` convention.
 *
 * Calibration: the `repeat` summary as of `calibrationEnd` (see
 * {@linkcode customerSummaryColumns}); only customers whose first purchase falls in it are
 * kept. Holdout: the purchase periods after `calibrationEnd`'s period up to and including
 * `observationEnd`'s; `frequencyHoldout` counts them, `monetaryValueHoldout` is their mean
 * summed spend. Boundaries are whole periods: a week that holds `calibrationEnd` belongs to
 * calibration entirely. (lifetimes compares raw timestamps; the two agree on date-only data
 * with day periods and with week periods when `calibrationEnd` is a Sunday.)
 *
 * @param db The analysis database.
 * @param options Dates, table and units.
 * @returns Columns sorted by customer id.
 * @throws {OptionError} If a date is invalid or `observationEnd` is before `calibrationEnd`.
 * @throws {SchemaError} If the table or a column is missing.
 *
 * @example Holdout purchases
 * ```ts
 * import { calibrationHoldout } from "./calibration_holdout.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', timestamp '2015-01-01', 1.0), ('a', timestamp '2015-02-06', 2.0),
 *   ('b', timestamp '2015-02-03', 5.0))
 *   t(customer_id, invoice_date, line_total)`);
 * const s = await calibrationHoldout(db, {
 *   calibrationEnd: new Date("2015-02-01"),
 *   observationEnd: new Date("2015-02-07"),
 * });
 * deepStrictEqual(s.customerIds, ["a"]); // b was born in the holdout
 * deepStrictEqual([...s.frequencyHoldout], [1]);
 * deepStrictEqual([...s.monetaryValueHoldout], [2]);
 * equal(s.durationHoldout, 6);
 * db.close();
 * ```
 */
export async function calibrationHoldout(
  db: Db,
  options: CalibrationHoldoutOptions,
): Promise<CalibrationHoldoutTable> {
  const { table = "clean_transactions", periodUnit = "day" } = options;
  const calibrationEnd = checkDate("calibrationEnd", options.calibrationEnd);
  const observationEnd = checkDate("observationEnd", options.observationEnd);
  oneOf("periodUnit", periodUnit, ["day", "week"] as const);
  const timeUnit = options.timeUnit ?? periodUnit;
  if (observationEnd < calibrationEnd) {
    throw new OptionError(
      "observationEnd",
      `Cannot split calibration and holdout: observationEnd must not be before calibrationEnd: current values are "${
        sqlTimestamp(observationEnd)
      }" and "${sqlTimestamp(calibrationEnd)}"`,
    );
  }
  const calibration = await customerSummaryColumns(db, {
    table,
    convention: "repeat",
    periodUnit,
    timeUnit,
    asOf: calibrationEnd,
  });
  const step = unitDays(periodUnit) * DAY_MS;
  const calStart = periodStart(calibrationEnd, periodUnit);
  const obsStart = periodStart(observationEnd, periodUnit);
  const holdout = await db.columns(
    `WITH born AS (
       SELECT DISTINCT CAST(customer_id AS VARCHAR) AS cid FROM ${quoteIdent(table)}
       WHERE customer_id IS NOT NULL AND invoice_date < ?::TIMESTAMP
     ), periods AS (
       SELECT CAST(customer_id AS VARCHAR) AS cid, date_trunc('${periodUnit}', invoice_date) AS p,
         ${exactSum("line_total", { decimal: true })} AS v
       FROM ${quoteIdent(table)}
       WHERE customer_id IS NOT NULL AND invoice_date >= ?::TIMESTAMP AND invoice_date < ?::TIMESTAMP
       GROUP BY ALL
     )
     SELECT born.cid AS customer_id, count(p) AS frequency, coalesce(${
      exactAvg("v")
    }, 0) AS monetary
     FROM born LEFT JOIN periods USING (cid) GROUP BY born.cid ORDER BY born.cid`,
    [
      sqlTimestamp(new Date(calStart.getTime() + step)),
      sqlTimestamp(new Date(calStart.getTime() + step)),
      sqlTimestamp(new Date(obsStart.getTime() + step)),
    ],
  );
  const ids = (holdout.customer_id ?? []) as string[];
  if (ids.length !== calibration.customerIds.length) {
    throw new Error("Cannot split calibration and holdout: customer lists differ (a bug)");
  }
  return {
    ...calibration,
    frequencyHoldout: toFloat64(holdout.frequency),
    monetaryValueHoldout: toFloat64(holdout.monetary),
    durationHoldout: (obsStart.getTime() - calStart.getTime()) / DAY_MS / unitDays(timeUnit),
    calibrationEnd,
    observationEnd,
  };
}

/**
 * Converts a calibration/holdout table to rows.
 *
 * @param table The result of {@linkcode calibrationHoldout}.
 * @returns One row per customer, same order.
 *
 * @example
 * ```ts
 * import { calibrationHoldoutRows } from "./calibration_holdout.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const rows = calibrationHoldoutRows({
 *   customerIds: ["x"], frequency: [1], recency: [2], T: [3], monetaryValue: [4],
 *   frequencyHoldout: [1], monetaryValueHoldout: [5], durationHoldout: 6,
 * });
 * deepStrictEqual(rows, [{
 *   customerId: "x", frequency: 1, recency: 2, T: 3, monetaryValue: 4,
 *   frequencyHoldout: 1, monetaryValueHoldout: 5, durationHoldout: 6,
 * }]);
 * ```
 */
export function calibrationHoldoutRows(
  table: {
    readonly customerIds: readonly string[];
    readonly frequency: ArrayLike<number>;
    readonly recency: ArrayLike<number>;
    readonly T: ArrayLike<number>;
    readonly monetaryValue: ArrayLike<number>;
    readonly frequencyHoldout: ArrayLike<number>;
    readonly monetaryValueHoldout: ArrayLike<number>;
    readonly durationHoldout: number;
  },
): CalibrationHoldoutRow[] {
  return table.customerIds.map((customerId, i) => ({
    customerId,
    frequency: table.frequency[i] as number,
    recency: table.recency[i] as number,
    T: table.T[i] as number,
    monetaryValue: table.monetaryValue[i] as number,
    frequencyHoldout: table.frequencyHoldout[i] as number,
    monetaryValueHoldout: table.monetaryValueHoldout[i] as number,
    durationHoldout: table.durationHoldout,
  }));
}
