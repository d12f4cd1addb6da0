import { deepStrictEqual, equal } from "node:assert/strict";
import { type Db, openDb, quoteLiteral } from "../../lib/db/mod.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { cleanTransactions } from "../../lib/clean/mod.ts";
import { orderTable, rfmScores, rfmScoring, rfmTable } from "../../lib/rfm/mod.ts";
import { assignSegments, segmentSummary } from "../../lib/segment/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

const NAME = "online_retail_II_year2010-2011.csv.gz";
const present = hasSharedData(NAME);
const FILE = sharedDataPath(NAME);

// The segment table published by the classic bootcamp tutorials for this data and date
// (2011-12-11): customers exactly, mean recency, frequency and monetary as printed.
const PUBLISHED: Record<string, [number, number, number, number]> = {
  about_to_sleep: [352, 53.312, 1.162, 471.994],
  at_Risk: [593, 153.786, 2.878, 1084.535],
  cant_loose: [63, 132.968, 8.381, 2796.156],
  champions: [633, 6.362, 12.417, 6857.964],
  hibernating: [1071, 217.605, 1.102, 488.643],
  loyal_customers: [819, 33.608, 6.48, 2864.248],
  need_attention: [187, 52.428, 2.326, 897.628],
  new_customers: [42, 7.429, 1, 388.213],
  potential_loyalists: [484, 17.399, 2.01, 1041.222],
  promising: [94, 23.511, 1, 294.007],
};

/**
 * Checks RFM rows against the published 4,338 customers and segment table. Outlier capping
 * changes quantities and prices but not invoices or dates, so with `capped` the segments (they
 * use R and F only) and the recency and frequency means must still match; the monetary means
 * then differ from the uncapped tutorial table and are not compared.
 */
function assertPublished(rows: Parameters<typeof rfmScores>[0], capped = false): void {
  equal(rows.length, 4338);
  // The tutorials' first customer: one order of 74,215 units at 1.04 on 2011-01-18. Capped
  // the classic way, the quantity becomes the tutorials' upper limit 298.5 (298.5 × 1.04).
  deepStrictEqual(rows[0], {
    customerId: "12346",
    recency: 326,
    frequency: 1,
    monetary: capped ? 310.44 : 77183.6,
  });
  const segmented = assignSegments(rfmScores(rows));
  const summary = segmentSummary(segmented);
  equal(summary.reduce((n, s) => n + s.customers, 0), 4338);
  equal(summary.length, 10);
  for (const s of summary) {
    const [customers, ...means] = PUBLISHED[s.segment]!;
    equal(s.customers, customers, s.segment);
    const got = [s.recencyMean, s.frequencyMean, s.monetaryMean].slice(0, capped ? 2 : 3);
    got.forEach((m, i) => {
      equal(Math.abs(m - means[i]!) <= 0.01, true, `${s.segment} mean ${i}: ${m} vs ${means[i]}`);
    });
  }
  // quintiles on 4,338 distinct frequency ranks: 867 or 868 customers per frequency score
  for (let f = 1; f <= 5; f++) {
    const n = segmented.filter((r) => r.frequencyScore === f).length;
    equal(n === 867 || n === 868, true, `frequency score ${f}: ${n}`);
  }
}

async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDb({ threads: 2 });
  try {
    await fn(db);
  } finally {
    db.close();
  }
}

Deno.test({
  name: "rfmTable() and assignSegments() on Online Retail II cleaned the classic way in plain SQL",
  ignore: !present,
  fn: () =>
    withDb(async (db) => {
      // Classic cleaning, emulated here independently of lib/load and lib/clean.
      await db.run(`CREATE TABLE clean_transactions AS
        SELECT Invoice AS invoice, StockCode AS stock_code, Description AS description,
          CAST(Quantity AS DOUBLE) AS quantity, CAST(InvoiceDate AS TIMESTAMP) AS invoice_date,
          CAST(Price AS DOUBLE) AS price, "Customer ID" AS customer_id, Country AS country,
          CAST(Quantity AS DOUBLE) * CAST(Price AS DOUBLE) AS line_total
        FROM read_csv(${quoteLiteral(FILE)}, all_varchar = true)
        WHERE "Customer ID" IS NOT NULL AND NOT starts_with(Invoice, 'C')
          AND CAST(Quantity AS DOUBLE) > 0 AND CAST(Price AS DOUBLE) > 0`);
      const expected = await db.one<{ customers: number; invoices: number; revenue: number }>(
        `SELECT count(DISTINCT customer_id) AS customers, count(DISTINCT invoice) AS invoices,
           sum(line_total) AS revenue FROM clean_transactions`,
      );
      const { asOf, rows } = await rfmTable(db);
      deepStrictEqual(asOf, new Date("2011-12-11T00:00:00Z"));
      equal(expected.customers, 4338);
      equal(rows.reduce((s, r) => s + r.frequency, 0), expected.invoices);
      equal(Math.abs(rows.reduce((s, r) => s + r.monetary, 0) - expected.revenue) < 1e-3, true);
      assertPublished(rows);
    }),
});

const quiet = createProgress({ write: () => {} });

Deno.test({
  name: "the workspace's loader and classic preset reproduce the published RFM segments",
  ignore: !present,
  fn: () =>
    withDb(async (db) => {
      await loadTransactions(db, { path: FILE, progress: quiet });
      await cleanTransactions(db, { preset: "classic" });
      const lines = await rfmTable(db);
      deepStrictEqual(lines.asOf, new Date("2011-12-11T00:00:00Z"));
      assertPublished(lines.rows, true);
      // The prepared order table gives the very same rows, and no scoring fallback is needed.
      const orders = await rfmTable(db, { orders: await orderTable(db) });
      deepStrictEqual(orders, lines);
      const scoring = rfmScoring(lines.rows);
      deepStrictEqual(scoring.fallbacks, []);
      deepStrictEqual(scoring.rows, rfmScores(lines.rows));
    }),
});

Deno.test({
  name: "the classic rules without outlier capping reproduce the published monetary means too",
  ignore: !present,
  fn: () =>
    withDb(async (db) => {
      await loadTransactions(db, { path: FILE, progress: quiet });
      await cleanTransactions(db, {
        preset: "classic",
        rules: [
          "missing_customer_id",
          "cancellation",
          "non_positive_quantity",
          "non_positive_price",
        ],
      });
      assertPublished((await rfmTable(db)).rows);
    }),
});
