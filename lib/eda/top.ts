import { type Db, quoteIdent } from "../db/db.ts";
import { oneOf } from "../errors.ts";
import type { EdaOptions } from "./kpis.ts";
import { requireColumns } from "../db/require_columns.ts";
import { exact, orderRelation } from "../rfm/mod.ts";

/** Ranking measure of {@linkcode topProducts} and {@linkcode topCountries}. */
export type TopBy = "revenue" | "quantity";

/** Options for {@linkcode topProducts} and {@linkcode topCountries}. */
export interface TopOptions extends EdaOptions {
  /** Rank by revenue or by units. @default {"revenue"} */
  by?: TopBy;
  /** Rows returned. @default {10} */
  limit?: number;
}

/** A product's totals. */
export interface TopProductRow {
  readonly stockCode: string;
  /** The product's most frequent description (ties: alphabetically first). */
  readonly description: string | null;
  readonly revenue: number;
  readonly quantity: number;
  readonly orders: number;
  readonly customers: number;
  /** revenue / total revenue. */
  readonly revenueShare: number;
}

/**
 * The top products by revenue or units (ties broken by stock code), with the product's most
 * frequent description (ties: the alphabetically first). Sums are exact decimals, so the
 * ranking does not depend on row order.
 *
 * @param db The analysis database.
 * @param options Table, measure and limit.
 * @returns Up to `limit` products, best first.
 *
 * @example
 * ```ts
 * import { topProducts } from "./top.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('c1', 'i1', 'A', 'MUG', 10.0, 5.0), ('c1', 'i1', 'B', 'BAG', 1.0, 20.0), ('c2', 'i2', 'A', 'MUG', 2.0, 1.0))
 *   t(customer_id, invoice, stock_code, description, quantity, line_total)`);
 * deepStrictEqual((await topProducts(db)).map((p) => p.stockCode), ["B", "A"]);
 * deepStrictEqual((await topProducts(db, { by: "quantity", limit: 1 })).map((p) => [p.stockCode, p.quantity]), [["A", 12]]);
 * db.close();
 * ```
 */
export async function topProducts(db: Db, options: TopOptions = {}): Promise<TopProductRow[]> {
  const { by = "revenue", ...rest } = options;
  oneOf("by", by, ["revenue", "quantity"] as const);
  return (await topProductRankings(db, rest))[by];
}

/**
 * The top products by revenue and by units at once ({@linkcode topProducts} for both measures):
 * one pass over the lines for the sums, both rankings from it, and the distinct counts and
 * descriptions for the products in either list.
 *
 * @param db The analysis database.
 * @param options Table and limit (of each list).
 * @returns Each list, best first.
 *
 * @example
 * ```ts
 * import { topProductRankings } from "./top.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('c1', 'i1', 'A', 'MUG', 10.0, 5.0), ('c1', 'i1', 'B', 'BAG', 1.0, 20.0), ('c2', 'i2', 'A', 'MUG', 2.0, 1.0))
 *   t(customer_id, invoice, stock_code, description, quantity, line_total)`);
 * const top = await topProductRankings(db, { limit: 1 });
 * deepStrictEqual([top.revenue.map((p) => p.stockCode), top.quantity.map((p) => p.stockCode)], [["B"], ["A"]]);
 * db.close();
 * ```
 */
export async function topProductRankings(
  db: Db,
  options: Omit<TopOptions, "by"> = {},
): Promise<Record<TopBy, TopProductRow[]>> {
  const { table = "clean_transactions", limit = 10 } = options;
  await requireColumns(db, table, [
    "customer_id",
    "invoice",
    "stock_code",
    "description",
    "quantity",
    "line_total",
  ], "rank products");
  const t = quoteIdent(table);
  const n = Math.max(0, Math.floor(limit));
  // Rank on the cheap sums first; the distinct counts and the description are computed only
  // for the products kept, in a second query that filters the lines by their codes (a filter
  // the scan applies, where a join would first copy every line of the kept products: in some
  // logs those are most of the lines).
  const ranked = await db.all<{
    stockCode: string | null;
    revenue: number;
    quantity: number;
    revenueShare: number;
    byRevenue: number;
    byQuantity: number;
  }>(
    `WITH p AS (
       SELECT stock_code, sum(${exact("line_total")}) AS revenue, sum(${
      exact("quantity")
    }) AS quantity
       FROM ${t} GROUP BY stock_code),
     ranked AS (
       SELECT stock_code, revenue, quantity, revenue / sum(revenue) OVER () AS share,
         row_number() OVER (ORDER BY revenue DESC, stock_code) AS by_revenue,
         row_number() OVER (ORDER BY quantity DESC, stock_code) AS by_quantity
       FROM p)
     SELECT stock_code AS "stockCode", revenue::DOUBLE AS revenue, quantity::DOUBLE AS quantity,
       share::DOUBLE AS "revenueShare", by_revenue AS "byRevenue", by_quantity AS "byQuantity"
     FROM ranked WHERE by_revenue <= $1 OR by_quantity <= $1
     ORDER BY by_revenue`,
    [n],
  );
  // A missing product code has no lines to count (as in a join on the code): it is not listed.
  const codes = ranked.flatMap((r) => r.stockCode === null ? [] : [r.stockCode]);
  const counted = new Map<
    string,
    { description: string | null; orders: number; customers: number }
  >();
  if (codes.length > 0) {
    const inList = codes.map((_, i) => `$${i + 1}`).join(", ");
    const found = await db.all<
      { stockCode: string; description: string | null; orders: number; customers: number }
    >(
      `WITH c AS (
         SELECT stock_code, count(DISTINCT invoice) AS orders, count(DISTINCT customer_id) AS customers
         FROM ${t} WHERE stock_code IN (${inList}) GROUP BY stock_code),
       d AS (
         SELECT stock_code, arg_min(description, (-n, description)) AS description FROM (
           SELECT stock_code, description, count(*) AS n FROM ${t}
           WHERE stock_code IN (${inList}) AND description IS NOT NULL GROUP BY ALL)
         GROUP BY stock_code)
       SELECT c.stock_code AS "stockCode", d.description, c.orders, c.customers
       FROM c LEFT JOIN d USING (stock_code) ORDER BY c.stock_code`,
      codes,
    );
    for (const f of found) counted.set(f.stockCode, f);
  }
  const rows = ranked.flatMap((r) => {
    const c = r.stockCode === null ? undefined : counted.get(r.stockCode);
    return c === undefined ? [] : [{
      stockCode: r.stockCode!,
      description: c.description,
      revenue: r.revenue,
      quantity: r.quantity,
      orders: c.orders,
      customers: c.customers,
      revenueShare: r.revenueShare,
      byRevenue: r.byRevenue,
      byQuantity: r.byQuantity,
    }];
  });
  const list = (rank: "byRevenue" | "byQuantity"): TopProductRow[] =>
    rows.filter((r) => r[rank] <= n).sort((a, b) => a[rank] - b[rank]).map((
      { byRevenue: _r, byQuantity: _q, ...row },
    ) => row);
  return { revenue: list("byRevenue"), quantity: list("byQuantity") };
}

/** A country's totals. */
export interface TopCountryRow {
  readonly country: string | null;
  readonly revenue: number;
  readonly quantity: number;
  readonly orders: number;
  readonly customers: number;
  readonly revenueShare: number;
}

/**
 * The top countries by revenue or units (ties broken by name; a missing country is `null`).
 * Order-level: pass `{ orders }` (from `orderTable`) to read a prepared order table.
 *
 * @param db The analysis database.
 * @param options Table, measure and limit.
 * @returns Up to `limit` countries, best first.
 *
 * @example
 * ```ts
 * import { topCountries } from "./top.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('c1', 'i1', 'UK', timestamp '2011-01-01', 1.0, 5.0), ('c2', 'i2', 'FR', timestamp '2011-01-02', 9.0, 15.0))
 *   t(customer_id, invoice, country, invoice_date, quantity, line_total)`);
 * deepStrictEqual((await topCountries(db)).map((c) => [c.country, c.revenueShare]), [["FR", 0.75], ["UK", 0.25]]);
 * db.close();
 * ```
 */
export async function topCountries(db: Db, options: TopOptions = {}): Promise<TopCountryRow[]> {
  const { by = "revenue", limit = 10 } = options;
  oneOf("by", by, ["revenue", "quantity"] as const);
  const from = await orderRelation(db, options, "rank countries", ["country", "quantity"]);
  return await db.all<TopCountryRow>(
    `SELECT country, sum(revenue)::DOUBLE AS revenue, sum(units)::DOUBLE AS quantity,
       count(DISTINCT invoice) AS orders, count(DISTINCT customer_id) AS customers,
       (sum(revenue) / sum(sum(revenue)) OVER ())::DOUBLE AS "revenueShare"
     FROM ${from} GROUP BY country
     ORDER BY ${by === "revenue" ? "sum(revenue)" : "sum(units)"} DESC, country NULLS LAST
     LIMIT ?`,
    [Math.max(0, Math.floor(limit))],
  );
}
