import type { Db } from "../db/db.ts";
import { orderRelation, type OrderSource } from "../rfm/mod.ts";

/** One cell of the cohort matrix: a monthly acquisition cohort in one month after acquisition. */
export interface CohortCell {
  /** Month of the customers' first purchase, `"YYYY-MM"`. */
  readonly cohort: string;
  /** Calendar months since the cohort month: 12·Δyear + Δmonth (0 = the first-purchase month). */
  readonly period: number;
  /** Customers acquired in the cohort month. */
  readonly cohortSize: number;
  /** Cohort customers who bought in this period. */
  readonly customers: number;
  /** customers / cohortSize (1 in period 0). */
  readonly retention: number;
  /** Distinct invoices of the cohort in this period. */
  readonly orders: number;
  /** Spend of the cohort in this period. */
  readonly revenue: number;
  /** revenue / the cohort's period-0 revenue. */
  readonly revenueRetention: number;
  /** revenue / orders; `null` when there are no orders. */
  readonly averageOrderValue: number | null;
}

/** Options for {@linkcode cohortTable}. */
export interface CohortTableOptions extends OrderSource {}

/**
 * Monthly acquisition cohorts (month of first purchase) and their activity in each later
 * calendar month, in long form. Period `k` counts calendar months (12·Δyear + Δmonth), the
 * universal recipe; periods run from 0 to the last month in the data, and periods in which no
 * cohort customer bought appear with zeros, so each cohort's row of the triangle is complete.
 * Lines without a customer id are ignored. The input is whatever cleaning left (with the
 * classic preset: cancellations removed before cohorts are assigned). An order belongs to the
 * month of its date (its latest line's). Pass `{ orders }` (from `orderTable`) to read a
 * prepared order table instead of grouping the lines again.
 *
 * @param db The analysis database.
 * @param options Line table, or a prepared order table (`orders`).
 * @returns Cells sorted by cohort then period.
 * @throws {SchemaError} If the table or a needed column is missing.
 *
 * @example Two cohorts
 * ```ts
 * import { cohortTable } from "./cohort_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-01-05', 10.0), ('a', 'i2', timestamp '2011-02-01', 5.0),
 *   ('b', 'i3', timestamp '2011-02-20', 8.0)) t(customer_id, invoice, invoice_date, line_total)`);
 * const cells = await cohortTable(db);
 * deepStrictEqual(cells.map((c) => [c.cohort, c.period, c.customers, c.retention]), [
 *   ["2011-01", 0, 1, 1], ["2011-01", 1, 1, 1], ["2011-02", 0, 1, 1],
 * ]);
 * db.close();
 * ```
 */
export async function cohortTable(db: Db, options: CohortTableOptions = {}): Promise<CohortCell[]> {
  const from = await orderRelation(db, options, "build cohorts");
  const rows = await db.all<
    {
      cohort: string;
      period: number;
      customers: number;
      orders: number;
      revenue: number;
      last_period: number;
    }
  >(
    `WITH o AS (
       SELECT customer_id, invoice, date_trunc('month', order_date) AS month, revenue
       FROM ${from} WHERE customer_id IS NOT NULL),
     firsts AS (SELECT customer_id, min(month) AS cohort FROM o GROUP BY customer_id),
     last AS (SELECT max(month) AS last_month FROM o),
     cells AS (
       SELECT f.cohort,
         12 * (year(l.month) - year(f.cohort)) + month(l.month) - month(f.cohort) AS period,
         count(DISTINCT l.customer_id) AS customers,
         count(DISTINCT l.invoice) AS orders,
         sum(l.revenue)::DOUBLE AS revenue
       FROM o l JOIN firsts f USING (customer_id)
       GROUP BY f.cohort, period)
     SELECT strftime(c.cohort, '%Y-%m') AS cohort, c.period, c.customers, c.orders, c.revenue,
       12 * (year(last.last_month) - year(c.cohort)) + month(last.last_month) - month(c.cohort) AS last_period
     FROM cells c, last
     ORDER BY c.cohort, c.period`,
  );
  const out: CohortCell[] = [];
  let i = 0;
  while (i < rows.length) {
    const cohort = rows[i]!.cohort;
    const base = rows[i]!; // period 0: every customer buys in their first month
    const byPeriod = new Map<number, typeof base>();
    for (; i < rows.length && rows[i]!.cohort === cohort; i++) {
      byPeriod.set(rows[i]!.period, rows[i]!);
    }
    for (let period = 0; period <= base.last_period; period++) {
      const cell = byPeriod.get(period);
      const customers = cell?.customers ?? 0;
      const orders = cell?.orders ?? 0;
      const revenue = cell?.revenue ?? 0;
      out.push({
        cohort,
        period,
        cohortSize: base.customers,
        customers,
        retention: customers / base.customers,
        orders,
        revenue,
        revenueRetention: base.revenue === 0 ? 0 : revenue / base.revenue,
        averageOrderValue: orders === 0 ? null : revenue / orders,
      });
    }
  }
  return out;
}

/** One cohort's totals. */
export interface CohortSummaryRow {
  readonly cohort: string;
  readonly customers: number;
  readonly orders: number;
  readonly revenue: number;
  /** revenue / orders over all periods. */
  readonly averageOrderValue: number;
  /** revenue / customers over all periods. */
  readonly revenuePerCustomer: number;
}

/**
 * Totals per cohort from the cells of {@linkcode cohortTable}: size, orders, revenue, average
 * order value and revenue per customer over all periods.
 *
 * @param cells Cohort cells.
 * @returns One row per cohort, in the cells' order.
 *
 * @example
 * ```ts
 * import { cohortSummary } from "./cohort_table.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const cell = (period: number, customers: number, orders: number, revenue: number) => ({
 *   cohort: "2011-01", period, cohortSize: 2, customers, retention: customers / 2, orders, revenue,
 *   revenueRetention: 0, averageOrderValue: null,
 * });
 * deepStrictEqual(cohortSummary([cell(0, 2, 3, 30), cell(1, 1, 1, 10)]), [
 *   { cohort: "2011-01", customers: 2, orders: 4, revenue: 40, averageOrderValue: 10, revenuePerCustomer: 20 },
 * ]);
 * ```
 */
export function cohortSummary(cells: readonly CohortCell[]): CohortSummaryRow[] {
  const out: CohortSummaryRow[] = [];
  for (const cell of cells) {
    let row = out.at(-1);
    if (row === undefined || row.cohort !== cell.cohort) {
      row = {
        cohort: cell.cohort,
        customers: cell.cohortSize,
        orders: 0,
        revenue: 0,
        averageOrderValue: 0,
        revenuePerCustomer: 0,
      };
      out.push(row);
    }
    const orders = row.orders + cell.orders;
    const revenue = row.revenue + cell.revenue;
    out[out.length - 1] = {
      ...row,
      orders,
      revenue,
      averageOrderValue: orders === 0 ? 0 : revenue / orders,
      revenuePerCustomer: revenue / row.customers,
    };
  }
  return out;
}
