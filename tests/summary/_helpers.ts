// Test helpers for the summary tests: tiny transaction tables and float comparison.
import { ok } from "node:assert/strict";
import type { Db } from "@crm/db/mod.ts";

/** One purchase: customer, date or timestamp text, spend (default 1), invoice (default per row). */
export type Purchase = readonly [
  id: string | number,
  date: string,
  value?: number,
  invoice?: string,
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
