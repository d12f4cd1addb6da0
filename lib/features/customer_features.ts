import { type Db, quoteIdent } from "../db/db.ts";
import { resolveAsOf } from "../rfm/as_of.ts";
import { requireColumns } from "../db/require_columns.ts";
import { tableExists, WEEKDAYS } from "./_sql.ts";

/** Behavioural features of one customer. */
export interface CustomerFeatures {
  readonly customerId: string;
  readonly firstPurchase: Date;
  readonly lastPurchase: Date;
  /** Whole days from the first purchase to the as-of date. */
  readonly tenureDays: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct calendar days with an order (an order's time is its earliest line's). */
  readonly purchaseDays: number;
  /** Mean days between consecutive distinct purchase days; `null` with one purchase day. */
  readonly avgDaysBetweenPurchases: number | null;
  /** Median of those gaps; `null` with one purchase day. */
  readonly medianDaysBetweenPurchases: number | null;
  /**
   * Coefficient of variation of the gaps (population standard deviation / mean): 0 is
   * clockwork, larger is more irregular; `null` with fewer than two gaps.
   */
  readonly regularity: number | null;
  /** Spend / orders. */
  readonly averageOrderValue: number;
  /** Units / orders. */
  readonly itemsPerOrder: number;
  /** Mean distinct products per order. */
  readonly productsPerOrder: number;
  /**
   * Return lines up to the as-of date that cleaning matched to a purchase (`matched_invoice` not
   * null); `null` without a returns table (presets that drop cancellations).
   */
  readonly returnLines: number | null;
  /** returnLines / the customer's purchase lines; `null` without a returns table. */
  readonly returnRate: number | null;
  /** Weekday with most orders, ties to the earliest (Monday first). */
  readonly preferredWeekday: string;
  /** Hour of day (0–23) with most orders, ties to the earliest. */
  readonly peakHour: number;
}

/** Options for {@linkcode customerFeatures}. */
export interface CustomerFeaturesOptions {
  /** Purchase lines. @default {"clean_transactions"} */
  table?: string;
  /** Cancellation lines with `matched_invoice`; ignored when the table does not exist. @default {"returns"} */
  returnsTable?: string;
  /** Analysis date; later lines are ignored. @default {midnight at the start of the second day after the last purchase} */
  asOf?: Date;
}

/**
 * Behavioural features per customer, in SQL: purchase rhythm on distinct purchase days (mean
 * and median gap, regularity as the coefficient of variation of the gaps), tenure, average order
 * value, items and distinct products per order, return rate (when the cleaning preset keeps a
 * returns table), preferred weekday and peak hour, first and last purchase. Lines without a
 * customer id, and lines (and returns) after `asOf`, are left out.
 *
 * **Modes and their tie-break.** The preferred weekday and the peak hour are the most frequent
 * weekday and hour over the customer's orders, each order counted once at its timestamp (not
 * weighted by lines or spend). When several weekdays (hours) have the same count, the earliest
 * wins: Monday before Sunday (ISO order), hour 0 before hour 23. So the result never depends
 * on row order.
 *
 * @param db The analysis database.
 * @param options Tables and as-of date.
 * @returns One row per customer, sorted by customer id (text order).
 * @throws {SchemaError} If a needed column is missing.
 * @throws {OptionError} If `asOf` is not a valid `Date`.
 * @throws {ValidationError} If there are no customer purchases (for the default `asOf`).
 *
 * @example Three purchase days: gaps 2 and 6
 * ```ts
 * import { customerFeatures } from "./customer_features.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', 'P1', 2.0, timestamp '2011-01-03 10:00', 10.0), ('a', 'i2', 'P1', 1.0, timestamp '2011-01-05 10:30', 5.0),
 *   ('a', 'i3', 'P2', 3.0, timestamp '2011-01-11 14:00', 15.0))
 *   t(customer_id, invoice, stock_code, quantity, invoice_date, line_total)`);
 * const [a] = await customerFeatures(db);
 * deepStrictEqual([a!.avgDaysBetweenPurchases, a!.medianDaysBetweenPurchases, a!.regularity], [4, 4, 0.5]);
 * deepStrictEqual([a!.preferredWeekday, a!.peakHour, a!.tenureDays, a!.returnRate], ["Monday", 10, 9, null]);
 * db.close();
 * ```
 */
export async function customerFeatures(
  db: Db,
  options: CustomerFeaturesOptions = {},
): Promise<CustomerFeatures[]> {
  const { table = "clean_transactions", returnsTable = "returns" } = options;
  await requireColumns(db, table, [
    "customer_id",
    "invoice",
    "stock_code",
    "quantity",
    "invoice_date",
    "line_total",
  ], "compute customer features");
  const t = quoteIdent(table);
  const asOf = await resolveAsOf(db, table, {
    asOf: options.asOf,
    action: "compute customer features",
  });
  const withReturns = await tableExists(db, returnsTable);
  if (withReturns) {
    await requireColumns(
      db,
      returnsTable,
      ["customer_id", "invoice_date", "matched_invoice"],
      "compute return rates",
    );
  }
  const returns = withReturns
    ? `SELECT customer_id, count(matched_invoice) AS n FROM ${quoteIdent(returnsTable)}
       WHERE customer_id IS NOT NULL AND invoice_date <= $1::TIMESTAMP GROUP BY customer_id`
    : `SELECT NULL::VARCHAR AS customer_id, 0 AS n WHERE false`;
  // One pass over the lines (to orders), everything else over orders and purchase days.
  const rows = await db.all<Omit<CustomerFeatures, "preferredWeekday"> & { dow: number }>(
    `WITH inv AS (
       SELECT customer_id, invoice, min(invoice_date) AS ts, sum(line_total) AS total,
         sum(quantity) AS units, count(DISTINCT stock_code) AS products, count(*) AS n_lines
       FROM ${t} WHERE customer_id IS NOT NULL AND invoice_date <= $1::TIMESTAMP
       GROUP BY customer_id, invoice),
     days AS (SELECT DISTINCT customer_id, CAST(ts AS DATE) AS d FROM inv),
     gaps AS (
       SELECT customer_id,
         date_diff('day', lag(d) OVER (PARTITION BY customer_id ORDER BY d), d)::DOUBLE AS gap
       FROM days),
     gstats AS (
       SELECT customer_id, count(*) AS purchase_days, avg(gap) AS avg_gap,
         quantile_cont(gap, 0.5) AS med_gap,
         CASE WHEN count(gap) >= 2 THEN stddev_pop(gap) / avg(gap) END AS cv
       FROM gaps GROUP BY customer_id),
     wd AS (
       SELECT customer_id, dow FROM (
         SELECT customer_id, isodow(ts) AS dow, count(*) AS n FROM inv GROUP BY ALL)
       QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, dow) = 1),
     hr AS (
       SELECT customer_id, h FROM (
         SELECT customer_id, hour(ts) AS h, count(*) AS n FROM inv GROUP BY ALL)
       QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, h) = 1),
     ret AS (${returns}),
     base AS (
       SELECT customer_id, min(ts) AS first, max(ts) AS last, count(*) AS orders,
         sum(total)::DOUBLE AS revenue, sum(units)::DOUBLE AS units,
         avg(products)::DOUBLE AS ppo, sum(n_lines) AS n_lines
       FROM inv GROUP BY customer_id)
     SELECT b.customer_id AS "customerId", b.first AS "firstPurchase", b.last AS "lastPurchase",
       CAST(floor((epoch($1::TIMESTAMP) - epoch(b.first)) / 86400) AS BIGINT) AS "tenureDays",
       b.orders, g.purchase_days AS "purchaseDays",
       g.avg_gap AS "avgDaysBetweenPurchases", g.med_gap AS "medianDaysBetweenPurchases",
       g.cv AS regularity, b.revenue / b.orders AS "averageOrderValue",
       b.units / b.orders AS "itemsPerOrder", b.ppo AS "productsPerOrder",
       ${withReturns ? "coalesce(r.n, 0)" : "NULL::BIGINT"} AS "returnLines",
       ${withReturns ? "coalesce(r.n, 0) / b.n_lines" : "NULL::DOUBLE"} AS "returnRate",
       w.dow, h.h AS "peakHour"
     FROM base b JOIN gstats g USING (customer_id) JOIN wd w USING (customer_id)
       JOIN hr h USING (customer_id) LEFT JOIN ret r USING (customer_id)
     ORDER BY b.customer_id`,
    [asOf],
  );
  return rows.map(({ dow, ...row }) => ({
    ...row,
    returnLines: row.returnLines,
    returnRate: row.returnRate === null ? null : Number(row.returnRate),
    preferredWeekday: WEEKDAYS[dow - 1]!,
  }));
}
