import { deepStrictEqual, equal } from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTransactions, readHeader } from "../../lib/load/mod.ts";
import { recordingProgress, RETAIL_II_HEADER, withDb } from "./_helpers.ts";

// Published in shared/data/PROVENANCE.md (recomputed there with pandas).
const II = fileURLToPath(
  new URL("../../../shared/data/online_retail_II_year2010-2011.csv.gz", import.meta.url),
);
const ORIGINAL = fileURLToPath(
  new URL("../../../shared/data/online_retail.csv.gz", import.meta.url),
);
const FLO = fileURLToPath(new URL("../../../shared/data/flo_data_20k.csv", import.meta.url));
const exists = existsSync(II) && existsSync(ORIGINAL) && existsSync(FLO);
if (!exists) {
  console.warn(
    `skipping real-data load tests: ${II} or its siblings are absent (no ../shared beside the repo)`,
  );
}

interface Facts {
  n: number;
  total: number;
  cancellations: number;
  missingCustomers: number;
  customers: number;
  first: string;
  last: string;
}

const FACTS_SQL = `SELECT count(*) AS n, round(sum(line_total), 2) AS total,
  count(*) FILTER (WHERE is_cancellation) AS cancellations,
  count(*) FILTER (WHERE customer_id IS NULL) AS "missingCustomers",
  count(DISTINCT customer_id) AS customers,
  strftime(min(invoice_date), '%Y-%m-%d %H:%M:%S') AS first, strftime(max(invoice_date), '%Y-%m-%d %H:%M:%S') AS last
  FROM raw_transactions`;

Deno.test({
  name:
    "loadTransactions() reproduces the published counts and totals of both UCI Online Retail files",
  ignore: !exists,
  fn: async () => {
    await withDb(async (db) => {
      const ii = await loadTransactions(db, { path: II, progress: recordingProgress().progress });
      deepStrictEqual([ii.schema, ii.rowsRead, ii.rowsLoaded], [
        "online_retail_ii",
        541_910,
        541_910,
      ]);
      deepStrictEqual(await db.one<Facts>(FACTS_SQL), {
        n: 541_910,
        total: 9_747_765.93,
        cancellations: 9_288,
        missingCustomers: 135_080,
        customers: 4_372,
        first: "2010-12-01 08:26:00",
        last: "2011-12-09 12:50:00",
      });
      // file order: the extra row named in PROVENANCE.md is the last line (`zcat | tail -1`)
      const last = await db.one(
        `SELECT invoice, stock_code, customer_id, country FROM raw_transactions WHERE row_number = 541910`,
      );
      deepStrictEqual(last, {
        invoice: "581587",
        stock_code: "POST",
        customer_id: "12680",
        country: "France",
      });

      const orig = await loadTransactions(db, {
        path: ORIGINAL,
        progress: recordingProgress().progress,
      });
      deepStrictEqual([orig.schema, orig.rowsRead, orig.rowsLoaded], [
        "online_retail",
        541_909,
        541_909,
      ]);
      const facts = await db.one<Facts>(FACTS_SQL);
      deepStrictEqual([
        facts.n,
        facts.total,
        facts.cancellations,
        facts.missingCustomers,
        facts.customers,
      ], [
        541_909,
        9_747_747.93,
        9_288,
        135_080,
        4_372,
      ]);
    });
  },
});

Deno.test({
  name: "readHeader() tells the FLO customer table from a transaction log",
  ignore: !exists,
  fn: async () => {
    const flo = await readHeader(FLO);
    equal(flo.length, 12);
    equal(flo[0], "master_id");
    deepStrictEqual(await readHeader(II), RETAIL_II_HEADER);
  },
});
