/**
 * Monthly acquisition cohorts: customer retention, revenue retention and average order value
 * by cohort and month since acquisition, in long form (one row per cell) for tables and
 * heatmaps. Pass `{ orders }` (lib/rfm `orderTable`) to read a prepared order table.
 *
 * @example
 * ```ts
 * import { cohortSummary, cohortTable } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-01-05', 10.0), ('b', 'i2', timestamp '2011-01-09', 6.0),
 *   ('a', 'i3', timestamp '2011-03-01', 4.0)) t(customer_id, invoice, invoice_date, line_total)`);
 * const cells = await cohortTable(db);
 * equal(cells.find((c) => c.period === 2)!.retention, 0.5);
 * equal(cohortSummary(cells)[0]!.revenuePerCustomer, 10);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./cohort_table.ts";
