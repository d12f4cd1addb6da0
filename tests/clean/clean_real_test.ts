/**
 * Loader + cleaning on the two real UCI files in ../shared/data (skipped with a message when
 * they are absent; under CI=true their absence is an error).
 */
import { deepStrictEqual, equal } from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import type { Db } from "../../lib/db/mod.ts";
import { cleanTransactions } from "../../lib/clean/mod.ts";
import type { CleanResult, Preset } from "../../lib/clean/mod.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

const II = "online_retail_II_year2010-2011.csv.gz";
const ORIGINAL = "online_retail.csv.gz";
const quiet = createProgress({ write: () => {} });

/** Loads and cleans one file; keeps its clean rows (without row_number) as `table`. */
async function loadAndClean(
  db: Db,
  name: string,
  preset: Preset,
  table: string,
): Promise<CleanResult> {
  const load = await loadTransactions(db, { path: sharedDataPath(name), progress: quiet });
  const result = await cleanTransactions(db, {
    preset,
    rowsRead: load.rowsRead,
    rowsRejected: load.rowsRejected,
  });
  await db.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT * EXCLUDE (row_number) FROM clean_transactions`,
  );
  return result;
}

/** The ledger invariant, checked against the tables themselves. */
async function assertReconciles(db: Db, result: CleanResult, rowsRead: number): Promise<void> {
  equal(result.rowsRaw, rowsRead);
  result.ledger.forEach((s, i) => {
    equal(s.rowsOut, s.rowsIn - s.rowsRemoved, s.rule);
    if (i > 0) equal(s.rowsIn, result.ledger[i - 1]!.rowsOut, s.rule);
  });
  const removed = result.ledger.reduce((sum, s) => sum + s.rowsRemoved, 0);
  equal(result.rowsClean + removed, rowsRead);
  deepStrictEqual(
    await db.one(
      `SELECT (SELECT count(*) FROM clean_transactions) AS clean, (SELECT count(*) FROM cleaning_removed) AS removed,
              (SELECT count(*) FROM raw_transactions) AS raw`,
    ),
    { clean: result.rowsClean, removed, raw: rowsRead },
  );
}

async function difference(db: Db, a: string, b: string): Promise<Record<string, unknown>[]> {
  return await db.all(`SELECT invoice, stock_code, customer_id, price FROM (
    SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`);
}

const POSTAGE = [{ invoice: "581587", stock_code: "POST", customer_id: "12680", price: 18 }];

Deno.test({
  name:
    "cleanTransactions() classic on both UCI files through the loader: the published counts, and the files agree but for the extra postage line",
  ignore: !(hasSharedData(II) && hasSharedData(ORIGINAL)),
  fn: async () => {
    const db = await openDb();
    try {
      const ii = await loadAndClean(db, II, "classic", "clean_ii");
      // published: 406,830 rows after missing ids, 397,925 after C invoices, 397,885 after
      // price > 0 (quantity > 0 removes none by then), and 4,338 customers
      deepStrictEqual(ii.ledger.map((s) => [s.rule, s.rowsOut]), [
        ["load", 541_910],
        ["missing_customer_id", 406_830],
        ["cancellation", 397_925],
        ["non_positive_quantity", 397_925],
        ["non_positive_price", 397_885],
        ["outlier_cap_quantity", 397_885],
        ["outlier_cap_price", 397_885],
      ]);
      equal(
        (await db.one<{ n: number }>(
          "SELECT count(DISTINCT customer_id) AS n FROM clean_transactions",
        ))
          .n,
        4_338,
      );
      await assertReconciles(db, ii, 541_910);

      const original = await loadAndClean(db, ORIGINAL, "classic", "clean_original");
      await assertReconciles(db, original, 541_909);
      // one row fewer at every step; the same thresholds and capped counts
      deepStrictEqual(
        original.ledger.map((s) => s.rowsOut),
        ii.ledger.map((s) => s.rowsOut - 1),
      );
      deepStrictEqual(original.thresholds, ii.thresholds);
      deepStrictEqual(
        original.ledger.map((s) => s.rowsChanged),
        ii.ledger.map((s) => s.rowsChanged),
      );
      deepStrictEqual(await difference(db, "clean_ii", "clean_original"), POSTAGE);
      deepStrictEqual(await difference(db, "clean_original", "clean_ii"), []);
    } finally {
      db.close();
    }
  },
});

Deno.test({
  name:
    "cleanTransactions() recommended on both UCI files: ledgers reconcile and the clean rows are the same (postage is a non-product)",
  ignore: !(hasSharedData(II) && hasSharedData(ORIGINAL)),
  fn: async () => {
    const db = await openDb();
    try {
      const ii = await loadAndClean(db, II, "recommended", "clean_ii");
      await assertReconciles(db, ii, 541_910);
      // PROVENANCE.md: 5,268 exact duplicate rows
      equal(ii.ledger.find((s) => s.rule === "duplicate_line")!.rowsRemoved, 5_268);
      const original = await loadAndClean(db, ORIGINAL, "recommended", "clean_original");
      await assertReconciles(db, original, 541_909);
      equal(original.rowsClean, ii.rowsClean);
      deepStrictEqual(await difference(db, "clean_ii", "clean_original"), []);
      deepStrictEqual(await difference(db, "clean_original", "clean_ii"), []);
      deepStrictEqual(
        [original.returnsRows, original.returnsMatched],
        [ii.returnsRows, ii.returnsMatched],
      );
    } finally {
      db.close();
    }
  },
});
