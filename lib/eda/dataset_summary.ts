import { type Db, quoteIdent } from "../db/db.ts";
import { exactSum } from "../db/exact.ts";

/** The dataset overview written to `summary.json` and read by the data-quality section. */
export interface DatasetSummary {
  readonly rowsRaw: number;
  readonly rowsClean: number;
  readonly customers: number;
  readonly invoices: number;
  /** First and last transaction day, `YYYY-MM-DD` (empty when there are none). */
  readonly firstDate: string;
  readonly lastDate: string;
  readonly revenue: number;
}

/**
 * The overview of the clean lines: distinct customers and invoices, first and last day,
 * revenue, next to the raw and clean row counts of the cleaning.
 *
 * @param db The analysis database.
 * @param rows Rows read (`rowsRaw`) and kept (`rowsClean`) by the cleaning.
 * @param options **table**: the clean lines. @default {"clean_transactions"}
 * @returns The overview.
 *
 * @example
 * ```ts
 * import { datasetSummary } from "./dataset_summary.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-12-09 12:50', 30.0), ('b', 'i2', timestamp '2011-11-01 10:00', 20.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * deepStrictEqual(await datasetSummary(db, { rowsRaw: 3, rowsClean: 2 }), { rowsRaw: 3, rowsClean: 2,
 *   customers: 2, invoices: 2, firstDate: "2011-11-01", lastDate: "2011-12-09", revenue: 50 });
 * db.close();
 * ```
 */
export async function datasetSummary(
  db: Db,
  rows: { readonly rowsRaw: number; readonly rowsClean: number },
  options: { table?: string } = {},
): Promise<DatasetSummary> {
  const row = await db.one<{
    customers: number;
    invoices: number;
    first: string | null;
    last: string | null;
    revenue: number | null;
  }>(
    `SELECT count(DISTINCT customer_id) AS customers, count(DISTINCT invoice) AS invoices,
            strftime(min(invoice_date), '%Y-%m-%d') AS first, strftime(max(invoice_date), '%Y-%m-%d') AS last,
            ${exactSum("line_total")} AS revenue
     FROM ${quoteIdent(options.table ?? "clean_transactions")}`,
  );
  return {
    rowsRaw: rows.rowsRaw,
    rowsClean: rows.rowsClean,
    customers: row.customers,
    invoices: row.invoices,
    firstDate: row.first ?? "",
    lastDate: row.last ?? "",
    revenue: row.revenue ?? 0,
  };
}
