/**
 * The SQL of the CLV stage (private): small queries over the clean transaction table or the
 * canonical customer table. Table names are quoted; values are parameters.
 *
 * @module
 */
import { exactSum, quoteIdent, quoteLiteral } from "../db/mod.ts";

const DAY_MS = 86_400_000;

/** First purchase day of the table (for the holdout window). */
export function firstDaySql(table: string): string {
  return `SELECT date_trunc('day', min(invoice_date)) AS first FROM ${quoteIdent(table)}`;
}

/** One customer's purchase days, in days since their first purchase day. */
export function purchaseDaysSql(table: string, customerId: string): string {
  return `SELECT DISTINCT (epoch_ms(date_trunc('day', invoice_date)) - min(epoch_ms(date_trunc('day', invoice_date))) OVER ()) / ${DAY_MS} AS d
     FROM ${quoteIdent(table)} WHERE customer_id = ${quoteLiteral(customerId)} ORDER BY d`;
}

/** A `Date` as a naive DuckDB timestamp literal (UTC wall clock), for `?::TIMESTAMP`. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** Each customer's total spend (transactions), when `customerTotals` could not run. */
export function pastSpendSql(table: string): string {
  return `SELECT CAST(customer_id AS VARCHAR) AS id, ${exactSum("line_total")} AS spend
         FROM ${quoteIdent(table)} WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY 1`;
}

/** Totals for the rule-based CLTV from the customer table (and each customer's past spend). */
export function customerTotalsSql(table: string): string {
  return `SELECT customer_id AS "customerId", frequency::DOUBLE AS "totalTransaction", monetary::DOUBLE AS "totalPrice"
           FROM ${quoteIdent(table)} ORDER BY customer_id`;
}

/** Data span: first and last purchase instants. */
export function spanSql(table: string): string {
  return `SELECT min(invoice_date) AS first, max(invoice_date) AS last FROM ${quoteIdent(table)}`;
}

/**
 * Revenue in [start, end) from all lines, and from the customers whose first purchase came
 * before `start`, with their number (parameters: start, start, start, end).
 */
export function windowRevenueSql(table: string): string {
  return `WITH firsts AS (
      SELECT customer_id, min(invoice_date) AS first FROM ${quoteIdent(table)}
      WHERE customer_id IS NOT NULL GROUP BY 1
    )
    SELECT
      coalesce(${exactSum("t.line_total")}, 0) AS "revenueAll",
      coalesce(${
    exactSum("t.line_total", { filter: "f.first < ?::TIMESTAMP" })
  }, 0) AS "revenueExisting",
      (SELECT count(*) FROM firsts WHERE first < ?::TIMESTAMP)::DOUBLE AS "customersExisting"
    FROM ${quoteIdent(table)} t LEFT JOIN firsts f USING (customer_id)
    WHERE t.invoice_date >= ?::TIMESTAMP AND t.invoice_date < ?::TIMESTAMP`;
}

/** Revenue in [start, end) (parameters: start, end). */
export function revenueSql(table: string): string {
  return `SELECT coalesce(${exactSum("line_total")}, 0) AS revenue
    FROM ${quoteIdent(table)} WHERE invoice_date >= ?::TIMESTAMP AND invoice_date < ?::TIMESTAMP`;
}
