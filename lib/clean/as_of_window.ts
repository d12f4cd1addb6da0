import { type Db, quoteIdent } from "../db/db.ts";
import type { LedgerStep } from "../types.ts";
import type { CleanResult } from "./clean_transactions.ts";

/** The ledger rule of the lines at or after the analysis date. */
export const AFTER_AS_OF_RULE = "after_as_of";

/**
 * Leaves the clean lines at or after the analysis date out of every analysis: they move from
 * `clean_transactions` to `cleaning_removed` (rule `after_as_of`) and the ledger gains a step,
 * so an `--as-of` inside the data gives a report that agrees with itself (every section reads
 * the same lines) and says how many lines it left out; returns after the date are dropped from
 * the `returns` table too. Without such lines the cleaning result is returned unchanged.
 *
 * @param db The analysis database, after `cleanTransactions`.
 * @param clean The cleaning result.
 * @param asOf The analysis date (midnight UTC): lines at or after it are left out.
 * @returns The cleaning result with the extra ledger step, or `clean` itself.
 *
 * @example
 * ```ts
 * import { applyAsOfWindow } from "./as_of_window.ts";
 * import { cleanTransactions } from "./clean_transactions.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table raw_transactions as select * from (values
 *   (1, '1', 'A', 'a', 1.0, timestamp '2011-01-01', 2.0, '10', 'UK', 2.0, false),
 *   (2, '2', 'A', 'a', 1.0, timestamp '2011-02-01', 2.0, '10', 'UK', 2.0, false),
 *   (3, '3', 'A', 'a', 1.0, timestamp '2011-03-01', 2.0, '11', 'UK', 2.0, false)
 * ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, line_total, is_cancellation)`);
 * const clean = await applyAsOfWindow(db, await cleanTransactions(db, { preset: "classic" }), new Date("2011-02-01"));
 * equal(clean.rowsClean, 1);
 * deepStrictEqual(clean.ledger.at(-1), { step: clean.ledger.length - 1, rule: "after_as_of", rowsIn: 3, rowsRemoved: 2, rowsChanged: 0, rowsOut: 1,
 *   description: "on or after the analysis date 2011-02-01 (--as-of): left out of every analysis" });
 * equal((await db.one<{ n: number }>("select count(*) as n from cleaning_removed where rule = 'after_as_of'")).n, 2);
 * db.close();
 * ```
 */
export async function applyAsOfWindow(
  db: Db,
  clean: CleanResult,
  asOf: Date,
): Promise<CleanResult> {
  const at = `TIMESTAMP '${asOf.toISOString().slice(0, 19).replace("T", " ")}'`;
  const { n } = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM clean_transactions WHERE invoice_date >= ${at}`,
  );
  if (n === 0) return clean;
  const step = Math.max(0, ...clean.ledger.map((s) => s.step)) + 1;
  const target = (await db.all<{ column_name: string }>("DESCRIBE cleaning_removed")).map((r) =>
    r.column_name
  );
  const source = new Set(
    (await db.all<{ column_name: string }>("DESCRIBE clean_transactions")).map((r) =>
      r.column_name
    ),
  );
  const select = target.map((c) =>
    c === "step"
      ? `${step}::INTEGER AS step`
      : c === "rule"
      ? `'${AFTER_AS_OF_RULE}' AS rule`
      : source.has(c)
      ? quoteIdent(c)
      : `NULL AS ${quoteIdent(c)}`
  );
  await db.run(
    `INSERT INTO cleaning_removed SELECT ${select.join(", ")}
     FROM clean_transactions WHERE invoice_date >= ${at}`,
  );
  await db.run(`DELETE FROM clean_transactions WHERE invoice_date >= ${at}`);
  // Returns after the analysis date did not happen yet either (kept by the recommended preset).
  const returns = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'returns'",
  );
  if (returns.n > 0) await db.run(`DELETE FROM returns WHERE invoice_date >= ${at}`);
  const last: LedgerStep = {
    step,
    rule: AFTER_AS_OF_RULE,
    description: `on or after the analysis date ${
      asOf.toISOString().slice(0, 10)
    } (--as-of): left out of every analysis`,
    rowsIn: clean.rowsClean,
    rowsRemoved: n,
    rowsChanged: 0,
    rowsOut: clean.rowsClean - n,
  };
  return { ...clean, ledger: [...clean.ledger, last], rowsClean: clean.rowsClean - n };
}
