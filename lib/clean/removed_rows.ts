import { type Db, quoteIdent } from "../db/db.ts";
import { exactSum } from "../db/exact.ts";
import { requireColumns } from "../db/require_columns.ts";
import { OptionError } from "../errors.ts";
import { RULES } from "./rules.ts";

/** What one cleaning rule removed: counts, money and a few example rows. */
export interface RemovedByRuleRow {
  /** Ledger step of the rule (1-based). */
  readonly step: number;
  readonly rule: string;
  /** The rule in words ({@linkcode RULES}). */
  readonly description: string;
  /** Rows the rule removed. */
  readonly rows: number;
  /** Σ line_total of those rows (negative for cancellations). */
  readonly lineTotal: number;
  /** Distinct invoices among them. */
  readonly invoices: number;
  /** Distinct customer ids among them (rows without an id are not counted). */
  readonly customers: number;
  /** Source rows (1-based data rows of the file) of the first removed rows, in file order. */
  readonly exampleRows: readonly number[];
  /** Invoice, stock code and description of the first removed row, in words. */
  readonly example: string;
}

/** Options for {@linkcode removedRowsByRule}. */
export interface RemovedRowsByRuleOptions {
  /** Table written by `cleanTransactions`. @default {"cleaning_removed"} */
  table?: string;
  /** Example source rows per rule. @default {3} */
  examples?: number;
}

/**
 * Summarises the rows removed by cleaning, one row per rule that removed anything, in ledger
 * order: how many rows, their line total, the invoices and customers touched, and the first
 * few source rows as examples (to look them up in the file). Reads `cleaning_removed`, which
 * {@linkcode cleanTransactions} writes; capped values are not removals and are not here.
 *
 * @param db The analysis database after cleaning.
 * @param options Table name and number of examples.
 * @returns One row per rule with removals, by step.
 * @throws {SchemaError} If the table or its columns are missing (clean first).
 * @throws {OptionError} If **examples** is not a whole number from 0 to 100.
 *
 * @example
 * ```ts
 * import { openDb } from "../db/mod.ts";
 * import { cleanTransactions } from "./clean_transactions.ts";
 * import { removedRowsByRule } from "./removed_rows.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table raw_transactions as select * from (values
 *   (1, '1', 'A', 'mug', 1.0, timestamp '2011-01-01', 2.0, '10', 'UK', 2.0, false),
 *   (2, 'C2', 'A', 'mug', -1.0, timestamp '2011-01-02', 2.0, '10', 'UK', -2.0, true),
 *   (3, '3', 'A', 'mug', 1.0, timestamp '2011-01-03', 2.0, null, 'UK', 2.0, false),
 *   (4, '4', 'A', 'mug', 1.0, timestamp '2011-01-04', 2.0, null, 'UK', 2.0, false)
 * ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, line_total, is_cancellation)`);
 * await cleanTransactions(db, { preset: "classic" });
 * const removed = await removedRowsByRule(db);
 * deepStrictEqual(removed.map((r) => [r.rule, r.rows, r.exampleRows]), [
 *   ["missing_customer_id", 2, [3, 4]],
 *   ["cancellation", 1, [2]],
 * ]);
 * equal(removed[1]!.lineTotal, -2);
 * equal(removed[1]!.example, 'invoice C2, stock code A, "mug"');
 * db.close();
 * ```
 */
export async function removedRowsByRule(
  db: Db,
  options: RemovedRowsByRuleOptions = {},
): Promise<RemovedByRuleRow[]> {
  const { table = "cleaning_removed", examples = 3 } = options;
  if (!Number.isInteger(examples) || examples < 0 || examples > 100) {
    throw new OptionError(
      "examples",
      `Cannot read option examples: must be a whole number from 0 to 100: current value is "${examples}"`,
    );
  }
  await requireColumns(
    db,
    table,
    [
      "step",
      "rule",
      "row_number",
      "invoice",
      "stock_code",
      "description",
      "customer_id",
      "line_total",
    ],
    "summarise removed rows",
  );
  const rows = await db.all<{
    step: number;
    rule: string;
    rows: number;
    line_total: number | null;
    invoices: number;
    customers: number;
    example_rows: number[];
    invoice: string | null;
    stock_code: string | null;
    description: string | null;
  }>(
    `SELECT step, rule, count(*) AS rows, ${exactSum("line_total")} AS line_total,
            count(DISTINCT invoice) AS invoices, count(DISTINCT customer_id) AS customers,
            list(row_number ORDER BY row_number)[1:${examples}] AS example_rows,
            arg_min(invoice, row_number) AS invoice, arg_min(stock_code, row_number) AS stock_code,
            arg_min(description, row_number) AS description
     FROM ${quoteIdent(table)} GROUP BY step, rule ORDER BY step`,
  );
  return rows.map((r) => ({
    step: r.step,
    rule: r.rule,
    description: RULES[r.rule as keyof typeof RULES]?.description ?? r.rule,
    rows: r.rows,
    lineTotal: r.line_total ?? 0,
    invoices: r.invoices,
    customers: r.customers,
    exampleRows: [...r.example_rows].map(Number),
    example: `invoice ${r.invoice ?? "(none)"}, stock code ${r.stock_code ?? "(none)"}${
      r.description ? `, "${r.description}"` : ""
    }`,
  }));
}
