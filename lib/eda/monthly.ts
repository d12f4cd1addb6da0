import type { Db } from "../db/db.ts";
import { orderRelation } from "../rfm/mod.ts";
import type { EdaOptions } from "./kpis.ts";

/** One calendar month of activity. */
export interface MonthlyRow {
  /** `"YYYY-MM"`. */
  readonly month: string;
  readonly revenue: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct customers who bought. */
  readonly customers: number;
  /** Customers whose first purchase is in this month. */
  readonly newCustomers: number;
  /** Revenue from customers in their first month. */
  readonly newRevenue: number;
  /** Revenue from customers acquired in an earlier month. */
  readonly returningRevenue: number;
  /** Revenue of lines without a customer id. */
  readonly unattributedRevenue: number;
  /** revenue / orders (`null` without orders). */
  readonly averageOrderValue: number | null;
  /** Month-over-month relative change of revenue, (this − previous) / previous; `null` for the first month or after a zero. */
  readonly revenueChange: number | null;
  readonly ordersChange: number | null;
  readonly customersChange: number | null;
}

/**
 * Monthly trends with month-over-month change and new versus returning revenue. Every calendar
 * month between the first and the last appears (empty months with zeros). "New" means the
 * customer's first purchase in the table falls in that month; so `newRevenue + returningRevenue +
 * unattributedRevenue = revenue`. Note the first month of data counts every customer as new. An
 * order belongs to the month of its date (its latest line's).
 *
 * @param db The analysis database.
 * @param options Line table, or a prepared order table (`orders`).
 * @returns One row per month, ascending.
 *
 * @example
 * ```ts
 * import { monthlyTrends } from "./monthly.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-01-05', 10.0), ('a', 'i2', timestamp '2011-02-01', 5.0),
 *   ('b', 'i3', timestamp '2011-02-20', 10.0)) t(customer_id, invoice, invoice_date, line_total)`);
 * const [, feb] = await monthlyTrends(db);
 * deepStrictEqual([feb!.month, feb!.revenue, feb!.newRevenue, feb!.returningRevenue, feb!.revenueChange], ["2011-02", 15, 10, 5, 0.5]);
 * db.close();
 * ```
 */
export async function monthlyTrends(db: Db, options: EdaOptions = {}): Promise<MonthlyRow[]> {
  const from = await orderRelation(db, options, "compute monthly trends");
  const rows = await db.all<
    Omit<MonthlyRow, "averageOrderValue" | "revenueChange" | "ordersChange" | "customersChange">
  >(
    `WITH o AS (
       SELECT customer_id, invoice, date_trunc('month', order_date) AS month, revenue
       FROM ${from}),
     firsts AS (SELECT customer_id, min(month) AS first_month FROM o WHERE customer_id IS NOT NULL GROUP BY 1),
     months AS (SELECT unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH)) AS month FROM o),
     agg AS (
       SELECT l.month, sum(l.revenue)::DOUBLE AS revenue, count(DISTINCT l.invoice) AS orders,
         count(DISTINCT l.customer_id) AS customers,
         count(DISTINCT CASE WHEN f.first_month = l.month THEN l.customer_id END) AS "newCustomers",
         coalesce(sum(CASE WHEN f.first_month = l.month THEN l.revenue END), 0)::DOUBLE AS "newRevenue",
         coalesce(sum(CASE WHEN f.first_month < l.month THEN l.revenue END), 0)::DOUBLE AS "returningRevenue",
         coalesce(sum(CASE WHEN l.customer_id IS NULL THEN l.revenue END), 0)::DOUBLE AS "unattributedRevenue"
       FROM o l LEFT JOIN firsts f USING (customer_id)
       GROUP BY l.month)
     SELECT strftime(m.month, '%Y-%m') AS month, coalesce(revenue, 0)::DOUBLE AS revenue, coalesce(orders, 0) AS orders,
       coalesce(customers, 0) AS customers, coalesce("newCustomers", 0) AS "newCustomers",
       coalesce("newRevenue", 0)::DOUBLE AS "newRevenue", coalesce("returningRevenue", 0)::DOUBLE AS "returningRevenue",
       coalesce("unattributedRevenue", 0)::DOUBLE AS "unattributedRevenue"
     FROM months m LEFT JOIN agg a USING (month) ORDER BY m.month`,
  );
  const change = (now: number, before: number | undefined): number | null =>
    before === undefined || before === 0 ? null : (now - before) / before;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    return {
      ...r,
      averageOrderValue: r.orders === 0 ? null : r.revenue / r.orders,
      revenueChange: change(r.revenue, prev?.revenue),
      ordersChange: change(r.orders, prev?.orders),
      customersChange: change(r.customers, prev?.customers),
    };
  });
}
