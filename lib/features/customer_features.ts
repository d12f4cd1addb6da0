import { type Db, quoteIdent } from "../db/db.ts";
import { orderRelation, type OrderSource, resolveAsOf } from "../rfm/mod.ts";
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
  readonly peakHour: number | null;
}

/** Options for {@linkcode customerFeatures}. */
export interface CustomerFeaturesOptions extends OrderSource {
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
  const { table = "clean_transactions", returnsTable = "returns", orders } = options;
  const action = "compute customer features";
  const from = await orderRelation(db, { table, orders }, action, ["quantity"]);
  await requireColumns(db, table, ["customer_id", "invoice", "stock_code", "invoice_date"], action);
  const asOf = orders === undefined
    ? await resolveAsOf(db, table, { asOf: options.asOf, action })
    : await resolveAsOf(db, orders, { asOf: options.asOf, column: "order_date", action });
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
  // Everything but the distinct products per order is computed on orders (one row per customer,
  // invoice and country: one per invoice in practice, so orders are counted as distinct
  // invoices); the modes use arg_max on a key that puts the count first and the earlier
  // weekday/hour second (n·8 − weekday, n·24 − hour), which is the documented tie-break.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _features AS
     WITH o AS (
       SELECT customer_id, invoice, order_date AS ts, revenue, units, lines
       FROM ${from} WHERE customer_id IS NOT NULL AND order_date <= $1::TIMESTAMP),
     days AS (SELECT DISTINCT customer_id, CAST(ts AS DATE) AS d FROM o),
     gaps AS (
       SELECT customer_id,
         date_diff('day', lag(d) OVER (PARTITION BY customer_id ORDER BY d), d)::BIGINT AS gap
       FROM days),
     gstats AS (
       -- Integer sums S = Σgap and Q = Σgap² are exact, so the CV sqrt(n·Q − S²) / S (the
       -- population standard deviation over the mean) does not depend on the order of rows.
       SELECT customer_id, count(*) AS purchase_days, sum(gap) / count(gap) AS avg_gap,
         quantile_cont(gap, 0.5)::DOUBLE AS med_gap,
         CASE WHEN count(gap) >= 2
           THEN sqrt((count(gap) * sum(gap * gap) - sum(gap) * sum(gap))::DOUBLE) / sum(gap) END AS cv
       FROM gaps GROUP BY customer_id),
     wd AS (
       SELECT customer_id, arg_max(dow, n * 8 - dow) AS dow FROM (
         SELECT customer_id, isodow(ts) AS dow, count(DISTINCT invoice) AS n FROM o GROUP BY ALL)
       GROUP BY customer_id),
     hr AS (
       SELECT customer_id, arg_max(h, n * 24 - h) AS h FROM (
         SELECT customer_id, hour(ts) AS h, count(DISTINCT invoice) AS n FROM o GROUP BY ALL)
       GROUP BY customer_id),
     pairs AS (
       SELECT customer_id, count(*) AS pairs FROM (
         SELECT DISTINCT customer_id, invoice, stock_code FROM ${quoteIdent(table)}
         WHERE customer_id IS NOT NULL AND invoice_date <= $1::TIMESTAMP)
       GROUP BY customer_id),
     ret AS (${returns}),
     base AS (
       SELECT customer_id, min(ts) AS first, max(ts) AS last, count(DISTINCT invoice) AS orders,
         sum(revenue) AS revenue, sum(units) AS units, sum(lines) AS n_lines
       FROM o GROUP BY customer_id)
     SELECT b.customer_id, epoch_ms(b.first)::DOUBLE AS first, epoch_ms(b.last)::DOUBLE AS last,
       CAST(floor((epoch($1::TIMESTAMP) - epoch(b.first)) / 86400) AS BIGINT) AS tenure,
       b.orders, g.purchase_days, g.avg_gap, g.med_gap, g.cv,
       (b.revenue / b.orders)::DOUBLE AS aov, (b.units / b.orders)::DOUBLE AS ipo,
       (p.pairs / b.orders)::DOUBLE AS ppo,
       ${withReturns ? "coalesce(r.n, 0)" : "NULL::BIGINT"} AS return_lines,
       ${withReturns ? "(coalesce(r.n, 0) / b.n_lines)::DOUBLE" : "NULL::DOUBLE"} AS return_rate,
       w.dow, h.h
     FROM base b JOIN gstats g USING (customer_id) JOIN wd w USING (customer_id)
       JOIN hr h USING (customer_id) JOIN pairs p USING (customer_id)
       LEFT JOIN ret r USING (customer_id)`,
    [asOf],
  );
  try {
    const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM _features`);
    if (n === 0) return [];
    const c = await db.columns<Record<string, (number | null)[]> & { customer_id: string[] }>(
      `SELECT * FROM _features ORDER BY customer_id`,
    );
    return c.customer_id.map((customerId, i) => ({
      customerId,
      firstPurchase: new Date(c.first![i]!),
      lastPurchase: new Date(c.last![i]!),
      tenureDays: c.tenure![i]!,
      orders: c.orders![i]!,
      purchaseDays: c.purchase_days![i]!,
      avgDaysBetweenPurchases: c.avg_gap![i] ?? null,
      medianDaysBetweenPurchases: c.med_gap![i] ?? null,
      regularity: c.cv![i] ?? null,
      averageOrderValue: c.aov![i]!,
      itemsPerOrder: c.ipo![i]!,
      productsPerOrder: c.ppo![i]!,
      returnLines: c.return_lines![i] ?? null,
      returnRate: c.return_rate![i] ?? null,
      preferredWeekday: WEEKDAYS[c.dow![i]! - 1]!,
      peakHour: c.h![i]!,
    }));
  } finally {
    await db.run(`DROP TABLE IF EXISTS _features`);
  }
}
