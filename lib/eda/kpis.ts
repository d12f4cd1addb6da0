import { type Db, quoteIdent } from "../db/db.ts";
import { ValidationError } from "../errors.ts";
import { requireColumns } from "../db/require_columns.ts";
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

/** Options for the EDA functions that read a transaction table. */
export interface EdaOptions {
  /** Purchase lines with the canonical columns. @default {"clean_transactions"} */
  table?: string;
}

/**
 * Headline KPIs: revenue, orders, customers, average order value, items per order, repeat rate,
 * revenue concentration. Revenue, orders, units and the dates count every line of the table;
 * customers, repeat rate, revenue per customer and concentration use lines with a customer id.
 *
 * @param db The analysis database.
 * @param options Table name.
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
  await requireColumns(db, table, [
    "customer_id",
    "invoice",
    "stock_code",
    "quantity",
    "invoice_date",
    "country",
    "line_total",
  ], "compute KPIs");
  const t = quoteIdent(table);
  const k = await db.one<{
    revenue: number | null;
    orders: number;
    lines: number;
    units: number | null;
    products: number;
    countries: number;
    first: Date | null;
    last: Date | null;
  }>(
    `SELECT sum(line_total)::DOUBLE AS revenue, count(DISTINCT invoice) AS orders, count(*) AS lines,
       sum(quantity)::DOUBLE AS units, count(DISTINCT stock_code) AS products, count(DISTINCT country) AS countries,
       min(invoice_date) AS first, max(invoice_date) AS last
     FROM ${t}`,
  );
  if (k.lines === 0 || k.first === null || k.last === null) {
    throw new ValidationError(
      `Cannot compute KPIs: table "${table}" is empty`,
      [],
      "check the cleaning step",
    );
  }
  const per = await db.all<{ orders: number; spend: number }>(
    `SELECT count(DISTINCT invoice) AS orders, sum(line_total)::DOUBLE AS spend
     FROM ${t} WHERE customer_id IS NOT NULL GROUP BY customer_id`,
  );
  const spend = per.map((p) => Math.max(p.spend, 0));
  const customers = per.length;
  const customerRevenue = per.reduce((s, p) => s + p.spend, 0);
  return {
    revenue: k.revenue ?? 0,
    orders: k.orders,
    customers,
    lines: k.lines,
    units: k.units ?? 0,
    products: k.products,
    countries: k.countries,
    averageOrderValue: (k.revenue ?? 0) / k.orders,
    itemsPerOrder: (k.units ?? 0) / k.orders,
    repeatRate: customers === 0 ? 0 : per.filter((p) => p.orders >= 2).length / customers,
    revenuePerCustomer: customers === 0 ? 0 : customerRevenue / customers,
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
  const { table = "clean_transactions", fraction = 0.2, points = 101 } = options;
  await requireColumns(db, table, ["customer_id", "line_total"], "compute revenue concentration");
  const per = await db.all<{ spend: number }>(
    `SELECT sum(line_total)::DOUBLE AS spend FROM ${
      quoteIdent(table)
    } WHERE customer_id IS NOT NULL GROUP BY customer_id`,
  );
  const spend = per.map((p) => Math.max(p.spend, 0));
  return {
    customers: spend.length,
    fraction,
    topCustomers: Math.ceil(fraction * spend.length - 1e-9),
    topShare: topShare(spend, fraction),
    gini: gini(spend),
    lorenz: lorenzCurve(spend, { points }),
  };
}
