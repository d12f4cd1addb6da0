import { type Db, quoteIdent } from "../db/db.ts";
import { ValidationError } from "../errors.ts";
import { requireColumns } from "../db/require_columns.ts";
import { exact, orderRelation, type OrderSource } from "../rfm/mod.ts";
import { gini, lorenzCurve, topShare } from "./concentration.ts";

/** Headline numbers of a transaction table. */
export interface Kpis {
  /** Σ line_total. */
  readonly revenue: number;
  /** Distinct invoices. */
  readonly orders: number;
  /** Distinct customer ids. */
  readonly customers: number;
  readonly lines: number;
  /** Σ quantity. */
  readonly units: number;
  /** Distinct stock codes. */
  readonly products: number;
  /** Distinct countries. */
  readonly countries: number;
  /** revenue / orders. */
  readonly averageOrderValue: number;
  /** units / orders. */
  readonly itemsPerOrder: number;
  /** Share of customers with two or more orders. */
  readonly repeatRate: number;
  /** Customer revenue / customers. */
  readonly revenuePerCustomer: number;
  /** Share of customer revenue from the top 20% of customers (⌈0.2·n⌉ by spend). */
  readonly top20RevenueShare: number;
  /** Gini coefficient of spend per customer. */
  readonly gini: number;
  readonly firstDate: Date;
  readonly lastDate: Date;
}

/**
 * Options for the EDA functions that read a transaction table: the lines, and optionally a
 * prepared order table (`orders`, from `orderTable`) that the order-level functions (KPIs,
 * monthly trends, countries, concentration) read instead of grouping the lines again. The
 * line-level functions (products, distributions) always read `table`.
 */
export interface EdaOptions extends OrderSource {}

/**
 * Headline KPIs: revenue, orders, customers, average order value, items per order, repeat rate,
 * revenue concentration. Revenue, orders, units and the dates count every line of the table;
 * customers, repeat rate, revenue per customer and concentration use lines with a customer id.
 * The dates are those of the first and the last order (an order's date is its latest line's).
 * Sums are exact decimals, so nothing depends on row order.
 *
 * @param db The analysis database.
 * @param options Line table, and optionally a prepared order table (`orders`).
 * @returns The KPIs.
 * @throws {SchemaError} If the table or a column is missing.
 * @throws {ValidationError} If the table is empty.
 *
 * @example
 * ```ts
 * import { kpis } from "./kpis.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', 'p1', 2.0, timestamp '2011-01-01', 'UK', 10.0), ('a', 'i2', 'p2', 1.0, timestamp '2011-01-03', 'UK', 30.0),
 *   ('b', 'i3', 'p1', 3.0, timestamp '2011-01-02', 'FR', 20.0))
 *   t(customer_id, invoice, stock_code, quantity, invoice_date, country, line_total)`);
 * const k = await kpis(db);
 * equal(k.averageOrderValue, 20);
 * equal(k.itemsPerOrder, 2);
 * equal(k.repeatRate, 0.5);
 * db.close();
 * ```
 */
export async function kpis(db: Db, options: EdaOptions = {}): Promise<Kpis> {
  const { table = "clean_transactions" } = options;
  const from = await orderRelation(db, options, "compute KPIs", ["country", "quantity"]);
  await requireColumns(db, table, ["stock_code"], "compute KPIs");
  const k = await db.one<{
    revenue: number | null;
    orders: number;
    lines: number | null;
    units: number | null;
    countries: number;
    first: Date | null;
    last: Date | null;
    customers: number;
    repeaters: number;
    customer_revenue: number | null;
    spend: number[] | null;
  }>(
    `WITH per AS (
       SELECT customer_id, count(DISTINCT invoice) AS orders, sum(revenue) AS spend
       FROM ${from} WHERE customer_id IS NOT NULL GROUP BY customer_id)
     SELECT sum(revenue)::DOUBLE AS revenue, count(DISTINCT invoice) AS orders,
       sum(lines) AS lines, sum(units)::DOUBLE AS units, count(DISTINCT country) AS countries,
       min(order_date) AS first, max(order_date) AS last,
       (SELECT count(*) FROM per) AS customers,
       (SELECT count(*) FILTER (WHERE orders >= 2) FROM per) AS repeaters,
       (SELECT sum(spend)::DOUBLE FROM per) AS customer_revenue,
       (SELECT list(greatest(spend, 0)::DOUBLE ORDER BY spend) FROM per) AS spend
     FROM ${from}`,
  );
  if (k.orders === 0 || k.first === null || k.last === null) {
    throw new ValidationError(
      `Cannot compute KPIs: table "${options.orders ?? table}" is empty`,
      [],
      "check the cleaning step",
    );
  }
  const { products } = await db.one<{ products: number }>(
    `SELECT count(DISTINCT stock_code) AS products FROM ${quoteIdent(table)}`,
  );
  const spend = k.spend ?? [];
  const revenue = k.revenue ?? 0;
  const units = k.units ?? 0;
  return {
    revenue,
    orders: k.orders,
    customers: k.customers,
    lines: k.lines ?? 0,
    units,
    products,
    countries: k.countries,
    averageOrderValue: revenue / k.orders,
    itemsPerOrder: units / k.orders,
    repeatRate: k.customers === 0 ? 0 : k.repeaters / k.customers,
    revenuePerCustomer: k.customers === 0 ? 0 : (k.customer_revenue ?? 0) / k.customers,
    top20RevenueShare: topShare(spend, 0.2),
    gini: gini(spend),
    firstDate: k.first,
    lastDate: k.last,
  };
}

/** Revenue concentration across customers. */
export interface RevenueConcentration {
  readonly customers: number;
  /** The population fraction of the top group (0.2 for "top 20%"). */
  readonly fraction: number;
  /** ⌈fraction·customers⌉. */
  readonly topCustomers: number;
  /** Share of revenue of the top group. */
  readonly topShare: number;
  readonly gini: number;
  readonly lorenz: readonly { population: number; share: number }[];
}

/**
 * Revenue concentration: the share of revenue from the top `fraction` of customers, the Gini
 * coefficient and the Lorenz curve of spend per customer (lines with a customer id; a customer
 * whose net spend is negative counts as 0).
 *
 * @param db The analysis database.
 * @param options Table, top fraction (`fraction` @default {0.2}) and Lorenz points (`points` @default {101}).
 * @returns The concentration measures.
 *
 * @example
 * ```ts
 * import { revenueConcentration } from "./kpis.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select 'c' || (i % 5) as customer_id, (i % 5 + 1)::DOUBLE as line_total from range(5) r(i)`);
 * const c = await revenueConcentration(db);
 * equal(c.topCustomers, 1);
 * equal(c.topShare, 5 / 15);
 * db.close();
 * ```
 */
export async function revenueConcentration(
  db: Db,
  options: EdaOptions & { fraction?: number; points?: number } = {},
): Promise<RevenueConcentration> {
  const { table = "clean_transactions", orders, fraction = 0.2, points = 101 } = options;
  // Spend per customer needs no orders: sum the lines directly unless an order table is given
  // (exact decimal sums, so both give the same numbers).
  const source = orders ?? table;
  const value = orders === undefined ? exact("line_total") : "revenue";
  await requireColumns(
    db,
    source,
    ["customer_id", orders === undefined ? "line_total" : "revenue"],
    "compute revenue concentration",
  );
  const { spend } = await db.one<{ spend: number[] | null }>(
    `SELECT list(greatest(spend, 0)::DOUBLE ORDER BY spend) AS spend FROM (
       SELECT sum(${value}) AS spend FROM ${quoteIdent(source)}
       WHERE customer_id IS NOT NULL GROUP BY customer_id)`,
  );
  const values = spend ?? [];
  return {
    customers: values.length,
    fraction,
    topCustomers: Math.ceil(fraction * values.length - 1e-9),
    topShare: topShare(values, fraction),
    gini: gini(values),
    lorenz: lorenzCurve(values, { points }),
  };
}
