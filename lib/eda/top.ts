import { type Db, quoteIdent } from "../db/db.ts";
import { oneOf } from "../errors.ts";
import type { EdaOptions } from "./kpis.ts";
import { requireColumns } from "../db/require_columns.ts";

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
 * frequent description.
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
  const { table = "clean_transactions", by = "revenue", limit = 10 } = options;
  oneOf("by", by, ["revenue", "quantity"] as const);
  await requireColumns(db, table, [
    "customer_id",
    "invoice",
    "stock_code",
    "description",
    "quantity",
    "line_total",
  ], "rank products");
  const t = quoteIdent(table);
  return await db.all<TopProductRow>(
    `WITH d AS (
       SELECT stock_code, description FROM (
         SELECT stock_code, description, count(*) AS n FROM ${t} WHERE description IS NOT NULL GROUP BY ALL)
       QUALIFY row_number() OVER (PARTITION BY stock_code ORDER BY n DESC, description) = 1),
     p AS (
       SELECT stock_code, sum(line_total)::DOUBLE AS revenue, sum(quantity)::DOUBLE AS quantity,
         count(DISTINCT invoice) AS orders, count(DISTINCT customer_id) AS customers
       FROM ${t} GROUP BY stock_code)
     SELECT p.stock_code AS "stockCode", d.description, p.revenue, p.quantity, p.orders, p.customers,
       p.revenue / sum(p.revenue) OVER () AS "revenueShare"
     FROM p LEFT JOIN d USING (stock_code)
     ORDER BY ${by === "revenue" ? "p.revenue" : "p.quantity"} DESC, p.stock_code
     LIMIT ?`,
    [Math.max(0, Math.floor(limit))],
  );
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
 *   ('c1', 'i1', 'UK', 1.0, 5.0), ('c2', 'i2', 'FR', 9.0, 15.0))
 *   t(customer_id, invoice, country, quantity, line_total)`);
 * deepStrictEqual((await topCountries(db)).map((c) => [c.country, c.revenueShare]), [["FR", 0.75], ["UK", 0.25]]);
 * db.close();
 * ```
 */
export async function topCountries(db: Db, options: TopOptions = {}): Promise<TopCountryRow[]> {
  const { table = "clean_transactions", by = "revenue", limit = 10 } = options;
  oneOf("by", by, ["revenue", "quantity"] as const);
  await requireColumns(
    db,
    table,
    ["customer_id", "invoice", "country", "quantity", "line_total"],
    "rank countries",
  );
  return await db.all<TopCountryRow>(
    `SELECT country, sum(line_total)::DOUBLE AS revenue, sum(quantity)::DOUBLE AS quantity,
       count(DISTINCT invoice) AS orders, count(DISTINCT customer_id) AS customers,
       sum(line_total) / sum(sum(line_total)) OVER () AS "revenueShare"
     FROM ${quoteIdent(table)} GROUP BY country
     ORDER BY ${by === "revenue" ? "revenue" : "quantity"} DESC, country NULLS LAST
     LIMIT ?`,
    [Math.max(0, Math.floor(limit))],
  );
}
