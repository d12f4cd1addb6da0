import { type Db, quoteIdent } from "../db/db.ts";
import { exactSum } from "../db/exact.ts";
import { type Issue, OptionError, SchemaError, ValidationError } from "../errors.ts";
import { qcut } from "../stats/mod.ts";

/** One customer's totals: distinct invoices and total spend. */
export interface CustomerTotals {
  readonly customerId: string;
  readonly totalTransaction: number;
  readonly totalPrice: number;
}

/** CLTV quartile label: `"A"` is the top quarter, `"D"` the bottom. */
export type CltvSegment = "A" | "B" | "C" | "D";

/** One customer's rule-based CLTV and its parts. */
export interface RuleBasedCltvRow extends CustomerTotals {
  readonly averageOrderValue: number;
  readonly purchaseFrequency: number;
  /** An absolute amount per customer: totalPrice × margin. */
  readonly profitMargin: number;
  readonly customerValue: number;
  readonly cltv: number;
  readonly segment: CltvSegment;
}

/** Rule-based CLTV of every customer plus the population constants. */
export interface RuleBasedCltvResult {
  readonly rows: readonly RuleBasedCltvRow[];
  /** N, the number of customers. */
  readonly customers: number;
  /** Share of customers with more than one transaction. */
  readonly repeatRate: number;
  /** 1 − repeatRate. */
  readonly churnRate: number;
}

/** Options for {@linkcode ruleBasedCltvFromTotals}. */
export interface RuleBasedCltvOptions {
  /** Profit margin applied to each customer's total spend. @default {0.10} */
  margin?: number;
}

/** Options for {@linkcode ruleBasedCltv}. */
export interface RuleBasedCltvDbOptions extends RuleBasedCltvOptions {
  /** Table of cleaned purchase lines. @default {"clean_transactions"} */
  table?: string;
}

const LABELS: readonly CltvSegment[] = ["D", "C", "B", "A"];

/**
 * The bootcamp rule-based CLTV (models.md §3.1) from per-customer totals, with N customers:
 * average_order_value = totalPrice / totalTransaction; purchase_frequency = totalTransaction / N;
 * repeat_rate = share with totalTransaction > 1; churn_rate = 1 − repeat_rate; profit_margin =
 * totalPrice × margin (an amount, not a rate); customer_value = AOV × purchase_frequency;
 * CLTV = customer_value / churn_rate × profit_margin; segment = `qcut(CLTV, 4, labels D, C, B, A)`
 * with pandas semantics (linear-interpolation quartiles, right-closed bins, lowest value in D).
 *
 * Algebraically CLTV = margin · totalPrice² / (N · churn_rate), so the ranking and the segments
 * equal those of total spend.
 *
 * @param rows One row per customer (order kept in the result).
 * @param options Margin.
 * @returns Rows with CLTV and segment, and the population constants.
 * @throws {ValidationError} If there are no customers, a total is not finite, a transaction
 *   count is below 1 (naming the customer), the churn rate is 0, or quartile edges repeat
 *   (fewer than 4 distinct CLTV values, where pandas raises too).
 * @throws {OptionError} If `margin` is not a finite positive number.
 *
 * @example Four customers
 * ```ts
 * import { ruleBasedCltvFromTotals } from "./rule_based_cltv.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const r = ruleBasedCltvFromTotals([
 *   { customerId: "a", totalTransaction: 2, totalPrice: 200 },
 *   { customerId: "b", totalTransaction: 1, totalPrice: 50 },
 *   { customerId: "c", totalTransaction: 3, totalPrice: 300 },
 *   { customerId: "d", totalTransaction: 1, totalPrice: 100 },
 * ]);
 * equal(r.churnRate, 0.5);
 * // a: AOV 100 × PF 0.5 = 50; 50 / 0.5 × 20 = 2000
 * deepStrictEqual(r.rows.map((x) => Math.round(x.cltv)), [2000, 125, 4500, 500]);
 * deepStrictEqual(r.rows.map((x) => x.segment), ["B", "D", "A", "C"]);
 * ```
 */
export function ruleBasedCltvFromTotals(
  rows: readonly CustomerTotals[],
  options: RuleBasedCltvOptions = {},
): RuleBasedCltvResult {
  const { margin = 0.10 } = options;
  if (typeof margin !== "number" || !Number.isFinite(margin) || margin <= 0) {
    throw new OptionError(
      "margin",
      `Cannot read options: margin must be a finite positive number: current value is "${
        String(margin)
      }"`,
      "pass a profit margin such as { margin: 0.10 }",
    );
  }
  checkTotals(rows);
  const n = rows.length;
  const repeatRate = rows.filter((r) => r.totalTransaction > 1).length / n;
  const churnRate = 1 - repeatRate;
  if (churnRate === 0) {
    throw new ValidationError(
      `Cannot compute rule-based CLTV: the churn rate is 0 (all ${n} customers have more than one transaction)`,
      [],
      "CLTV divides by the churn rate; use a probabilistic model (lib/clv) for such data",
    );
  }
  const parts = rows.map((r) => {
    const averageOrderValue = r.totalPrice / r.totalTransaction;
    const purchaseFrequency = r.totalTransaction / n;
    const profitMargin = r.totalPrice * margin;
    const customerValue = averageOrderValue * purchaseFrequency;
    const cltv = (customerValue / churnRate) * profitMargin;
    return { ...r, averageOrderValue, purchaseFrequency, profitMargin, customerValue, cltv };
  });
  const bins = qcut(parts.map((p) => p.cltv), 4);
  return {
    rows: parts.map((p, i) => ({ ...p, segment: LABELS[bins[i]!]! })),
    customers: n,
    repeatRate,
    churnRate,
  };
}

/**
 * Rule-based CLTV for every customer of a transaction table: totals per customer in SQL
 * (`totalTransaction` = distinct invoices, `totalPrice` = Σ `line_total`; lines without a
 * customer id ignored), then {@linkcode ruleBasedCltvFromTotals}. Rows are sorted by customer id.
 *
 * @param db The analysis database.
 * @param options Table and margin.
 * @returns Rows with CLTV and segment, and the population constants.
 * @throws {SchemaError} If the table or a column is missing.
 * @throws {ValidationError} As {@linkcode ruleBasedCltvFromTotals}.
 *
 * @example From a table
 * ```ts
 * import { ruleBasedCltv } from "./rule_based_cltv.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', 50.0), ('a', 'i1', 50.0), ('a', 'i2', 100.0), ('b', 'i3', 50.0),
 *   ('c', 'i4', 120.0), ('c', 'i5', 180.0), ('c', 'i6', 0.0), ('d', 'i7', 100.0))
 *   t(customer_id, invoice, line_total)`);
 * const r = await ruleBasedCltv(db);
 * equal(r.customers, 4);
 * equal(r.rows.map((x) => x.segment).join(""), "BDAC");
 * db.close();
 * ```
 */
export async function ruleBasedCltv(
  db: Db,
  options: RuleBasedCltvDbOptions = {},
): Promise<RuleBasedCltvResult> {
  const { table = "clean_transactions", ...rest } = options;
  return ruleBasedCltvFromTotals(await customerTotals(db, table), rest);
}

/**
 * Each customer's totals in a transaction table, sorted by customer id: `totalTransaction`,
 * the distinct invoices, and `totalPrice`, the exact sum of `line_total` (lines without a
 * customer id ignored). The input of {@linkcode ruleBasedCltvFromTotals}, and each customer's
 * past spend in the CLV stage.
 *
 * @param db The analysis database.
 * @param table Table of cleaned purchase lines.
 * @returns One row per customer.
 * @throws {SchemaError} If the table or its columns are missing.
 *
 * @example
 * ```ts
 * import { customerTotals } from "./rule_based_cltv.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table t as select * from (values ('b', 'i2', 0.1), ('a', 'i1', 0.1), ('a', 'i1', 0.2),
 *   (null, 'i3', 5.0)) v(customer_id, invoice, line_total)`);
 * deepStrictEqual(await customerTotals(db, "t"), [
 *   { customerId: "a", totalTransaction: 1, totalPrice: 0.3 },
 *   { customerId: "b", totalTransaction: 1, totalPrice: 0.1 },
 * ]);
 * db.close();
 * ```
 */
export async function customerTotals(db: Db, table: string): Promise<CustomerTotals[]> {
  try {
    return await db.all<CustomerTotals>(
      `SELECT CAST(customer_id AS VARCHAR) AS "customerId", count(DISTINCT invoice) AS "totalTransaction",
         ${exactSum("line_total")} AS "totalPrice"
       FROM ${quoteIdent(table)} WHERE customer_id IS NOT NULL
       GROUP BY ALL ORDER BY 1`,
    );
  } catch (error) {
    throw new SchemaError(
      `Cannot compute rule-based CLTV from table "${table}": ${
        (error as Error).message.split("\n")[0]
      }`,
      {
        missing: ["customer_id", "invoice", "line_total"],
        hint: "use a table with the canonical columns",
      },
    );
  }
}

function checkTotals(rows: readonly CustomerTotals[]): void {
  if (rows.length === 0) {
    throw new ValidationError(
      "Cannot compute rule-based CLTV: there are no customers",
      [],
      "check the input table",
    );
  }
  const issues: Issue[] = [];
  for (const r of rows) {
    if (!(Number.isFinite(r.totalTransaction) && r.totalTransaction >= 1)) {
      issues.push({
        customerId: r.customerId,
        column: "totalTransaction",
        value: String(r.totalTransaction),
        rule: "transactions-at-least-1",
        message: `customer "${r.customerId}" has totalTransaction "${r.totalTransaction}"`,
      });
    } else if (!Number.isFinite(r.totalPrice)) {
      issues.push({
        customerId: r.customerId,
        column: "totalPrice",
        value: String(r.totalPrice),
        rule: "finite-total",
        message: `customer "${r.customerId}" has totalPrice "${r.totalPrice}"`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `Cannot compute rule-based CLTV: ${issues.length} customer${
        issues.length > 1 ? "s have" : " has"
      } invalid totals (first: ${issues[0]!.message})`,
      issues,
      "every customer needs at least 1 transaction and a finite total spend",
    );
  }
}
