// Test helpers for the summary tests: tiny transaction tables and float comparison.
import { ok } from "node:assert/strict";
import { type Db, openDb } from "@crm/db/mod.ts";
import { readCdnowSample } from "@crm/summary/mod.ts";
import { sharedDataPath } from "../_helpers/shared_data.ts";

/** One purchase: customer, date or timestamp text, spend (default 1), invoice (default per row). */
export type Purchase = readonly [
  id: string | number,
  date: string,
  value?: number,
  invoice?: string,
];

/** lifetimes tests/test_utils.py `large_transaction_level_data_with_monetary_value`. */
export const LIFETIMES_LARGE: Purchase[] = [
  [1, "2015-01-01", 1],
  [1, "2015-02-06", 2],
  [2, "2015-01-01", 2],
  [3, "2015-01-01", 3],
  [3, "2015-01-02", 1],
  [3, "2015-01-05", 5],
  [4, "2015-01-16", 6],
  [4, "2015-02-02", 3],
  [4, "2015-02-05", 3],
  [5, "2015-01-16", 3],
  [5, "2015-01-17", 1],
  [5, "2015-01-18", 8],
  [6, "2015-02-02", 5],
];

/** Creates `table` with customer_id, invoice, invoice_date, line_total from purchase tuples. */
export async function purchasesTable(
  db: Db,
  purchases: readonly Purchase[],
  table = "clean_transactions",
): Promise<void> {
  const values = purchases.map(([id, date, value = 1, invoice], i) =>
    `('${id}', '${invoice ?? `inv${i + 1}`}', TIMESTAMP '${date}', ${value}::DOUBLE)`
  ).join(",\n");
  await db.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM (VALUES ${values})
    t(customer_id, invoice, invoice_date, line_total)`);
}

/** Asserts |actual − expected| ≤ tolerance. */
export function assertClose(actual: number, expected: number, tolerance: number, what = ""): void {
  ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

/** `{ id: [frequency, recency, T] }` of a summary table, for compact comparisons. */
export function byId(
  s: {
    customerIds: readonly string[];
    frequency: ArrayLike<number>;
    recency: ArrayLike<number>;
    T: ArrayLike<number>;
  },
): Record<string, [number, number, number]> {
  return Object.fromEntries(
    s.customerIds.map((id, i) => [id, [s.frequency[i]!, s.recency[i]!, s.T[i]!]]),
  );
}

/** A one-thread database holding `CDNOW_sample.txt` (from ../shared/data) in `table`. */
export async function cdnowSampleDb(table = "cdnow_transactions"): Promise<Db> {
  const db = await openDb({ threads: 1 });
  await readCdnowSample(db, sharedDataPath("CDNOW_sample.txt"), { table });
  return db;
}
