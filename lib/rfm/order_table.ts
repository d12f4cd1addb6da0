import { type Db, quoteIdent } from "../db/db.ts";
import { exactDecimal } from "../db/exact.ts";
import { requireColumns } from "../db/require_columns.ts";

/** Columns of an order table, one row per customer, invoice and country. */
export const ORDER_COLUMNS = [
  "customer_id",
  "invoice",
  "country",
  "order_date",
  "revenue",
  "units",
  "lines",
] as const;

/** Where the analytics read orders from: a line table, or an order table built from it. */
export interface OrderSource {
  /** Purchase lines with the canonical columns. @default {"clean_transactions"} */
  table?: string;
  /**
   * An order table built by {@linkcode orderTable} from `table`. When given, the order-level
   * analyses read it instead of grouping the lines again (the fast path when several analyses
   * run on the same lines); the results are the same. It must have been built from the current
   * `table`: it is not checked for being stale.
   * @default {undefined (orders are grouped from `table` inside each query)}
   */
  orders?: string;
}

/** Options for {@linkcode orderTable}. */
export interface OrderTableOptions {
  /** Purchase lines with the canonical columns. @default {"clean_transactions"} */
  table?: string;
  /** Name of the table created (replaced if it exists). @default {"orders"} */
  into?: string;
}

/**
 * A money or quantity column as an exact decimal (6 places), so that sums do not depend on the
 * order rows are added in: floating-point sums do, in their last bits, which would make results
 * depend on the input row order (and could move a customer across a quantile edge).
 *
 * @param column Column name (quoted here).
 * @returns SQL casting the column to `DECIMAL(38, 6)` (values and sums up to 10³² in absolute
 * value: the loader accepts values up to 10¹⁵, so no sum of a real ledger overflows).
 *
 * @example
 * ```ts
 * import { exact } from "./order_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table t as select * from (values (0.1), (0.2)) v(line_total)`);
 * const { s } = await db.one<{ s: number }>(`select sum(${exact("line_total")})::DOUBLE as s from t`);
 * equal(s, 0.3); // the double sum is 0.30000000000000004
 * db.close();
 * ```
 */
export function exact(column: string): string {
  return exactDecimal(quoteIdent(column));
}

/** Line columns every order needs. */
const BASE = ["customer_id", "invoice", "invoice_date", "line_total"] as const;

/**
 * The SQL of the order relation of a line table: the lines grouped by customer, invoice and
 * country (one row per invoice in practice), with `order_date` (the latest line's
 * timestamp, so an order is complete by its date), `revenue` (Σ line_total) and `units`
 * (Σ quantity) as exact decimals, and `lines` (line count). Lines
 * without a customer id form orders with a NULL `customer_id`. A table without `country` or
 * `quantity` gets NULL there.
 */
function orderSql(table: string, columns: readonly string[]): string {
  const country = columns.includes("country") ? "country" : "NULL::VARCHAR AS country";
  const units = columns.includes("quantity") ? `sum(${exact("quantity")})` : "NULL::DECIMAL(38, 6)";
  return `SELECT customer_id, invoice, ${country}, max(invoice_date) AS order_date,
      sum(${exact("line_total")}) AS revenue, ${units} AS units, count(*) AS lines
    FROM ${quoteIdent(table)} GROUP BY ALL`;
}

/**
 * Builds the order table of a line table once, so that RFM, features, cohorts and the EDA
 * functions can read ~one row per invoice instead of grouping every line again (pass its name as
 * `{ orders }`). One row per customer, invoice and country, with `order_date` (the latest
 * line's timestamp: an order's time everywhere in the analytics; the lines of an invoice share
 * one timestamp in practice), `revenue`, `units` and `lines`. Build it again whenever the line
 * table changes.
 *
 * @param db The analysis database.
 * @param options Source table and the name of the table created.
 * @returns The name of the table created.
 * @throws {SchemaError} If the line table or a needed column is missing.
 *
 * @example
 * ```ts
 * import { orderTable } from "./order_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', 'UK', timestamp '2011-01-03 10:00', 2.0, 10.0), ('a', 'i1', 'UK', timestamp '2011-01-03 10:00', 1.0, 4.5))
 *   t(customer_id, invoice, country, invoice_date, quantity, line_total)`);
 * await orderTable(db);
 * deepStrictEqual(await db.all("select invoice, revenue, units, lines from orders"), [
 *   { invoice: "i1", revenue: 14.5, units: 3, lines: 2 },
 * ]);
 * db.close();
 * ```
 */
export async function orderTable(db: Db, options: OrderTableOptions = {}): Promise<string> {
  const { table = "clean_transactions", into = "orders" } = options;
  const columns = await requireColumns(
    db,
    table,
    [...BASE, "country", "quantity"],
    "build the order table",
  );
  await db.run(`CREATE OR REPLACE TABLE ${quoteIdent(into)} AS ${orderSql(table, columns)}`);
  return into;
}

/**
 * The order relation to put after `FROM` in an analysis query: the order table when `orders`
 * is given (after checking its columns), else the grouped lines of `table` as a subquery. Used
 * by the analytics areas so both paths run the same SQL.
 *
 * @param db The analysis database.
 * @param source Line table and optional order table.
 * @param action What the caller is doing, completing "Cannot …" in messages.
 * @param needs Line columns the caller needs beyond `customer_id`, `invoice`, `invoice_date`
 * and `line_total` (e.g. `["quantity"]` when it reads `units`).
 * @returns A FROM item, e.g. `"orders"` or `(SELECT … GROUP BY ALL)`.
 * @throws {SchemaError} If the table or a needed column is missing.
 *
 * @example
 * ```ts
 * import { orderRelation } from "./order_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select 'a' as customer_id, 'i1' as invoice,
 *   timestamp '2011-01-03' as invoice_date, 2.0 as line_total`);
 * const from = await orderRelation(db, {}, "count orders");
 * equal((await db.one<{ n: number }>(`select count(*) as n from ${from}`)).n, 1);
 * db.close();
 * ```
 */
export async function orderRelation(
  db: Db,
  source: OrderSource,
  action: string,
  needs: readonly ("country" | "quantity")[] = [],
): Promise<string> {
  const { table = "clean_transactions", orders } = source;
  if (orders !== undefined) {
    await requireColumns(db, orders, ORDER_COLUMNS, action);
    return quoteIdent(orders);
  }
  const columns = await requireColumns(db, table, [...BASE, ...needs], action);
  return `(${orderSql(table, columns)})`;
}
