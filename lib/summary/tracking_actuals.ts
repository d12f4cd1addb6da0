import { type Db, quoteIdent } from "../db/db.ts";
import { oneOf } from "../errors.ts";
import type { PeriodUnit } from "./customer_summaries.ts";
import {
  checkDate,
  DAY_MS,
  periodStart,
  requireColumns,
  sqlTimestamp,
  toFloat64,
  unitDays,
} from "./_sql.ts";

/** Options for {@linkcode trackingActuals}. */
export interface TrackingActualsOptions {
  /** Table of cleaned purchase lines. @default {"clean_transactions"} */
  table?: string;
  /** Last day tracked, inclusive. @default {the day of the latest invoice_date} */
  asOf?: Date;
  /** Length of a tracking period: 1 day or 7 days. @default {"day"} */
  periodUnit?: PeriodUnit;
}

/** Actual repeat transactions per period, and customer births, for tracking plots. */
export interface TrackingActuals {
  /** Midnight of the first purchase day in the data: period 0 starts here. */
  readonly start: Date;
  readonly periodUnit: PeriodUnit;
  /** Repeat transactions in period k = [start + k·unit, start + (k+1)·unit). */
  readonly repeatTransactions: Float64Array;
  /** Repeat transactions from `start` through the end of period k. */
  readonly cumulativeRepeatTransactions: Float64Array;
  /** Each customer's first-purchase day as an offset from `start` in `periodUnit`s
   * (days / 7 for weeks, so fractional), ascending. */
  readonly birthTimes: Float64Array;
}

/**
 * Counts actual repeat transactions per day or per week since the first purchase in the data,
 * the "actual" curve of the cumulative and incremental tracking diagnostic (lifetimes
 * `expected_cumulative_transactions`, BTYD `bgnbd.PlotTrackingCum`). The model curve is
 * Σ over customers born before t of E[X(t − birthTime)].
 *
 * A transaction is a purchase **day** of a customer: several purchases on one day count once
 * (BTYD `dc.MergeTransactionsOnSameDate`, as in the `repeat` summaries with day periods). A
 * repeat transaction is any purchase day after the customer's first. Weeks are 7-day blocks
 * counted from `start`, not calendar weeks; the last period may be partial. Lines without a
 * customer id are ignored.
 *
 * On `CDNOW_sample.txt` this gives the BTYD walkthrough's weekly cumulative 1359, 1414, 1484,
 * 1517, 1573, 1672 for weeks 20–25 (indexes 19–24) and lifetimes' daily 11, 12, 15, 19 for
 * 1997-01-11..14 (indexes 10–13).
 *
 * @param db The analysis database.
 * @param options Table, last day and period length.
 * @returns Incremental and cumulative repeat counts, and birth times.
 * @throws {SchemaError} If the table or a column is missing.
 * @throws {OptionError} If an option is invalid.
 *
 * @example Two customers
 * ```ts
 * import { trackingActuals } from "./tracking_actuals.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', timestamp '2020-01-01 10:00'), ('a', timestamp '2020-01-03 09:00'),
 *   ('a', timestamp '2020-01-03 17:00'), ('b', timestamp '2020-01-02 12:00'),
 *   ('b', timestamp '2020-01-04 12:00'))
 *   t(customer_id, invoice_date)`);
 * const t = await trackingActuals(db, { asOf: new Date("2020-01-05") });
 * deepStrictEqual([...t.repeatTransactions], [0, 0, 1, 1, 0]);
 * deepStrictEqual([...t.cumulativeRepeatTransactions], [0, 0, 1, 2, 2]);
 * deepStrictEqual([...t.birthTimes], [0, 1]);
 * db.close();
 * ```
 */
export async function trackingActuals(
  db: Db,
  options: TrackingActualsOptions = {},
): Promise<TrackingActuals> {
  const { table = "clean_transactions", periodUnit = "day" } = options;
  oneOf("periodUnit", periodUnit, ["day", "week"] as const);
  if (options.asOf !== undefined) checkDate("asOf", options.asOf);
  await requireColumns(db, table, ["customer_id", "invoice_date"]);
  const t = quoteIdent(table);
  const range = await db.one<{ first: Date | null; last: Date | null }>(
    `SELECT min(invoice_date) AS first, max(invoice_date) AS last FROM ${t} WHERE customer_id IS NOT NULL`,
  );
  if (range.first === null || range.last === null) {
    return {
      start: new Date(0),
      periodUnit,
      repeatTransactions: new Float64Array(0),
      cumulativeRepeatTransactions: new Float64Array(0),
      birthTimes: new Float64Array(0),
    };
  }
  const start = periodStart(range.first, "day");
  const lastDay = periodStart(options.asOf ?? range.last, "day");
  const days = unitDays(periodUnit);
  const lastDayIndex = Math.round((lastDay.getTime() - start.getTime()) / DAY_MS);
  const periods = Math.max(0, Math.floor(lastDayIndex / days) + 1);
  const params = [sqlTimestamp(start), sqlTimestamp(new Date(lastDay.getTime() + DAY_MS))];
  // Each customer's purchase days, once (a temporary table read by both queries below); births
  // by aggregate and a hash join, not a window over the customers' days (which sorts them).
  const daysTable = `__crm_tracking_days_${crypto.randomUUID().slice(0, 8)}`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${daysTable} AS
     SELECT DISTINCT customer_id AS cid, date_diff('day', ?::TIMESTAMP, date_trunc('day', invoice_date)) AS d
     FROM ${t} WHERE customer_id IS NOT NULL AND invoice_date < ?::TIMESTAMP`,
    params,
  );
  let counts: Record<string, unknown[]>;
  let births: Record<string, unknown[]>;
  try {
    const withBirths =
      `WITH births AS (SELECT cid, min(d) AS birth FROM ${daysTable} GROUP BY cid)`;
    counts = await db.columns(
      `${withBirths} SELECT d // ${days} AS k, count(*) AS n FROM ${daysTable} JOIN births USING (cid)
       WHERE d > birth GROUP BY k ORDER BY k`,
    );
    births = await db.columns(`${withBirths} SELECT cid, birth FROM births ORDER BY birth, cid`);
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${daysTable}`);
  }
  const repeatTransactions = new Float64Array(periods);
  const ks = toFloat64(counts.k);
  const ns = toFloat64(counts.n);
  ks.forEach((k, i) => {
    repeatTransactions[k] = ns[i] as number;
  });
  let running = 0;
  const cumulativeRepeatTransactions = repeatTransactions.map((n) => (running += n));
  return {
    start,
    periodUnit,
    repeatTransactions,
    cumulativeRepeatTransactions,
    birthTimes: toFloat64(births.birth).map((d) => d / days),
  };
}
