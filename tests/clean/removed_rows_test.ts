import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { cleanTransactions, removedRowsByRule } from "../../lib/clean/mod.ts";
import { openDb } from "../../lib/db/mod.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { OptionError, SchemaError } from "../../lib/errors.ts";
import { createProgress } from "../../lib/util/mod.ts";

const SAMPLE = new URL("../../data/sample_online_retail.csv.gz", import.meta.url).pathname;

Deno.test("removedRowsByRule() agrees with the cleaning ledger on the embedded sample", async () => {
  const db = await openDb();
  try {
    const load = await loadTransactions(db, {
      path: SAMPLE,
      progress: createProgress({ write: () => {} }),
    });
    const clean = await cleanTransactions(db, { rowsRead: load.rowsRead });
    const removed = await removedRowsByRule(db, { examples: 2 });
    const fromLedger = clean.ledger.filter((s) => s.step > 0 && s.rowsRemoved > 0)
      .map((s) => [s.step, s.rule, s.rowsRemoved]);
    deepStrictEqual(removed.map((r) => [r.step, r.rule, r.rows]), fromLedger);
    for (const r of removed) {
      equal(r.exampleRows.length, Math.min(2, r.rows));
      ok(r.exampleRows[0]! < (r.exampleRows[1] ?? Infinity), "examples in file order");
      ok(r.invoices >= 1 && r.invoices <= r.rows);
    }
    const cancellations = removed.find((r) => r.rule === "cancellation");
    ok(cancellations && cancellations.lineTotal < 0, "cancellations carry negative totals");
    equal(removed.find((r) => r.rule === "missing_customer_id")?.customers, 0);
  } finally {
    db.close();
  }
});

Deno.test("removedRowsByRule() names a missing table and rejects a bad examples option", async () => {
  const db = await openDb();
  try {
    await rejects(removedRowsByRule(db), SchemaError);
    await rejects(removedRowsByRule(db, { examples: -1 }), OptionError);
  } finally {
    db.close();
  }
});
