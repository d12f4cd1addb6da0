import { type Db, quoteIdent } from "../db/db.ts";
import { exactSum } from "../db/exact.ts";
import { oneOf } from "../errors.ts";
import type { CustomerSummary, SummaryColumns, TimeUnit } from "../types.ts";
import { asOfDefault } from "./as_of.ts";
import {
  checkDate,
  DAY_MS,
  periodStart,
  requireColumns,
  sqlTimestamp,
  toFloat64,
  unitDays,
} from "./_sql.ts";

/** How purchases become frequency, recency, T and monetary value. */
export type SummaryConvention = "repeat" | "classic";

/** Bucket for purchases in the `repeat` convention: calendar days or calendar weeks ending Sunday. */
export type PeriodUnit = "day" | "week";

/** Options for {@linkcode customerSummaryColumns} and {@linkcode customerSummaries}. */
export interface SummaryOptions {
  /** Table of cleaned purchase lines with the canonical columns. @default {"clean_transactions"} */
  table?: string;
  /** `"repeat"` (lifetimes, the literature) or `"classic"` (bootcamp tutorials). @default {"repeat"} */
  convention?: SummaryConvention;
  /** Purchase bucket of the `repeat` convention (ignored by `classic`). @default {"day"} */
  periodUnit?: PeriodUnit;
  /** Unit of `recency` and `T`. @default {periodUnit for "repeat", "week" for "classic"} */
  timeUnit?: TimeUnit;
  /** End of observation (see the conventions). @default {asOfDefault(latest invoice_date)} */
  asOf?: Date;
}

/**
 * Per-customer summaries in column form, the fast path for models on a million customers.
 * Rows are sorted by `customerIds` (string order); `frequency[i]` belongs to `customerIds[i]`.
 */
export interface SummaryTable extends SummaryColumns {
  readonly customerIds: readonly string[];
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array;
  /** The observation end used (the default filled in). */
  readonly asOf: Date;
  readonly convention: SummaryConvention;
  /** Purchase bucket (`classic` reports `"day"`: it floors elapsed time to whole days). */
  readonly periodUnit: PeriodUnit;
  readonly timeUnit: TimeUnit;
}

/**
 * Summarises cleaned transactions into one frequency–recency–T–monetary row per customer,
 * as of a date, in SQL inside DuckDB. Lines without a `customer_id` are ignored.
 *
 * **`repeat`** (default; Fader, Hardie & Lee 2005 and lifetimes
 * `summary_data_from_transaction_data`): each customer's lines are bucketed into periods of
 * `periodUnit` (calendar days, or calendar weeks Monday–Sunday) and each period's `line_total`s
 * are summed, so several purchases in one period count once. `frequency` = purchase periods − 1
 * (repeat periods); `recency` = last period start − first period start; `T` = start of `asOf`'s
 * period − first period start, both in `timeUnit`; `monetaryValue` = mean spend of the repeat
 * periods (the first period excluded), 0 when `frequency` is 0. Lines in `asOf`'s period count
 * (lifetimes' `observation_period_end` is inclusive), later ones are ignored. Every customer with
 * a purchase by then is kept.
 * - `{ periodUnit: "week", timeUnit: "week" }` reproduces lifetimes `freq="W"`.
 * - `{ periodUnit: "day", timeUnit: "week" }` (recency and T in days / 7) reproduces
 *   `cdnow_customers_summary.csv` from `CDNOW_sample.txt` as of 1997-09-30 (lifetimes
 *   `freq="D", freq_multiplier=7`); `{ periodUnit: "day" }` alone is lifetimes' default `freq="D"`.
 *
 * **`classic`** (the Online Retail II bootcamp tutorials): `asOf` is an instant and lines after
 * it are ignored. `frequency` = distinct invoices; `recency` = whole days between the first and
 * the last invoice timestamps (pandas `Timedelta.days`, the floor), divided by 7 for weeks;
 * `T` = whole days from the first invoice timestamp to `asOf`, likewise; `monetaryValue` =
 * total `line_total` / `frequency`. Only customers with `frequency > 1` are kept (2,845 on
 * the classic-cleaned Online Retail II as of 2011-12-11). `timeUnit` defaults to `"week"`.
 *
 * @param db The analysis database.
 * @param options Table, convention, units and observation end.
 * @returns Columns sorted by customer id.
 * @throws {SchemaError} If the table or one of its columns is missing.
 * @throws {OptionError} If an option has an invalid value.
 *
 * @example Weekly repeat summary (lifetimes `freq="W"`)
 * ```ts
 * import { customerSummaryColumns } from "./customer_summaries.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2015-01-01', 10.0), ('a', 'i2', timestamp '2015-01-02', 5.0),
 *   ('a', 'i3', timestamp '2015-01-05', 7.0), ('b', 'i4', timestamp '2015-01-16', 3.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * const s = await customerSummaryColumns(db, {
 *   periodUnit: "week",
 *   asOf: new Date("2015-02-07"),
 * });
 * deepStrictEqual(s.customerIds, ["a", "b"]);
 * deepStrictEqual([...s.frequency], [1, 0]); // 01-01 and 01-02 share a week
 * deepStrictEqual([...s.recency], [1, 0]);
 * deepStrictEqual([...s.T], [5, 3]);
 * deepStrictEqual([...s.monetaryValue], [7, 0]);
 * db.close();
 * ```
 */
export async function customerSummaryColumns(
  db: Db,
  options: SummaryOptions = {},
): Promise<SummaryTable> {
  const {
    table = "clean_transactions",
    convention = "repeat",
    periodUnit = "day",
  } = options;
  oneOf("convention", convention, ["repeat", "classic"] as const);
  oneOf("periodUnit", periodUnit, ["day", "week"] as const);
  const timeUnit = options.timeUnit ?? (convention === "classic" ? "week" : periodUnit);
  oneOf("timeUnit", timeUnit, ["day", "week"] as const);
  if (options.asOf !== undefined) checkDate("asOf", options.asOf);
  const needed = convention === "classic"
    ? ["customer_id", "invoice", "invoice_date", "line_total"]
    : ["customer_id", "invoice_date", "line_total"];
  await requireColumns(db, table, needed);
  const asOf = options.asOf ?? await defaultAsOf(db, table);
  const cols = convention === "classic"
    ? await db.columns(classicSql(quoteIdent(table)), [sqlTimestamp(asOf)])
    : await db.columns(repeatSql(quoteIdent(table), periodUnit), [
      sqlTimestamp(
        new Date(periodStart(asOf, periodUnit).getTime() + unitDays(periodUnit) * DAY_MS),
      ),
      sqlTimestamp(periodStart(asOf, periodUnit)),
    ]);
  const days = unitDays(timeUnit);
  return {
    customerIds: (cols.customer_id ?? []) as string[],
    frequency: toFloat64(cols.frequency),
    recency: toFloat64(cols.recency_days).map((d) => d / days),
    T: toFloat64(cols.t_days).map((d) => d / days),
    monetaryValue: toFloat64(cols.monetary),
    asOf,
    convention,
    periodUnit: convention === "classic" ? "day" : periodUnit,
    timeUnit,
  };
}

/**
 * Row form of {@linkcode customerSummaryColumns}, for small tables, tests and notebooks.
 *
 * @param db The analysis database.
 * @param options As for {@linkcode customerSummaryColumns}.
 * @returns One row per customer, sorted by `customerId`.
 *
 * @example Classic convention
 * ```ts
 * import { customerSummaries } from "./customer_summaries.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-11-01 09:00', 10.0), ('a', 'i2', timestamp '2011-11-15 08:00', 20.0),
 *   ('b', 'i3', timestamp '2011-12-01 10:00', 5.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * const rows = await customerSummaries(db, { convention: "classic", asOf: new Date("2011-12-11") });
 * // 13 whole days (13 days 23 h) / 7; 39 whole days / 7; b has one invoice and is dropped
 * deepStrictEqual(rows, [{ customerId: "a", frequency: 2, recency: 13 / 7, T: 39 / 7, monetaryValue: 15 }]);
 * db.close();
 * ```
 */
export async function customerSummaries(
  db: Db,
  options: SummaryOptions = {},
): Promise<CustomerSummary[]> {
  return summaryRows(await customerSummaryColumns(db, options));
}

/**
 * Converts summary columns to rows.
 *
 * @param table Columns with customer ids.
 * @returns One `{ customerId, frequency, recency, T, monetaryValue }` per customer, same order.
 *
 * @example
 * ```ts
 * import { summaryRows } from "./customer_summaries.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const rows = summaryRows({
 *   customerIds: ["x"],
 *   frequency: [1],
 *   recency: [2],
 *   T: [3],
 *   monetaryValue: [4],
 * });
 * deepStrictEqual(rows, [{ customerId: "x", frequency: 1, recency: 2, T: 3, monetaryValue: 4 }]);
 * ```
 */
export function summaryRows(
  table: SummaryColumns & { readonly customerIds: readonly string[] },
): CustomerSummary[] {
  return table.customerIds.map((customerId, i) => ({
    customerId,
    frequency: table.frequency[i] as number,
    recency: table.recency[i] as number,
    T: table.T[i] as number,
    monetaryValue: table.monetaryValue?.[i] ?? 0,
  }));
}

/** asOfDefault of the latest invoice_date with a customer id. */
async function defaultAsOf(db: Db, table: string): Promise<Date> {
  const { max } = await db.one<{ max: Date | null }>(
    `SELECT max(invoice_date) AS max FROM ${quoteIdent(table)} WHERE customer_id IS NOT NULL`,
  );
  return max === null ? new Date(0) : asOfDefault(max);
}

function repeatSql(table: string, unit: PeriodUnit): string {
  return `
    WITH periods AS (
      SELECT CAST(customer_id AS VARCHAR) AS cid, date_trunc('${unit}', invoice_date) AS p,
        ${exactSum("line_total", { decimal: true })} AS v
      FROM ${table}
      WHERE customer_id IS NOT NULL AND invoice_date < ?::TIMESTAMP
      GROUP BY ALL
    )
    -- The spend of the repeat periods is the exact total less the first period's (arg_min: the
    -- value at the earliest period, one per customer), so no window has to sort the periods.
    SELECT cid AS customer_id,
      count(*) - 1 AS frequency,
      date_diff('day', min(p), max(p)) AS recency_days,
      date_diff('day', min(p), ?::TIMESTAMP) AS t_days,
      coalesce((sum(v) - arg_min(v, p)) / nullif(count(*) - 1, 0), 0) AS monetary
    FROM periods GROUP BY cid ORDER BY cid`;
}

function classicSql(table: string): string {
  return `
    WITH obs_end AS (SELECT ?::TIMESTAMP AS t)
    SELECT CAST(customer_id AS VARCHAR) AS customer_id,
      count(DISTINCT invoice) AS frequency,
      (epoch_us(max(invoice_date)) - epoch_us(min(invoice_date))) // 86400000000 AS recency_days,
      (epoch_us(any_value(obs_end.t)) - epoch_us(min(invoice_date))) // 86400000000 AS t_days,
      ${exactSum("line_total")} / count(DISTINCT invoice) AS monetary
    FROM ${table}, obs_end
    WHERE customer_id IS NOT NULL AND invoice_date <= obs_end.t
    GROUP BY ALL
    HAVING count(DISTINCT invoice) > 1
    ORDER BY customer_id`;
}
