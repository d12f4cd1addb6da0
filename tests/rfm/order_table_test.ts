import { deepStrictEqual, rejects } from "node:assert/strict";
import fc from "fast-check";
import { type Db, openDb } from "../../lib/db/mod.ts";
import { SchemaError } from "../../lib/errors.ts";
import { orderRelation, orderTable, rfmTable } from "../../lib/rfm/mod.ts";
import { customerFeatures, interPurchaseGaps, weekdayHourHeatmap } from "../../lib/features/mod.ts";
import { cohortTable } from "../../lib/cohort/mod.ts";
import {
  kpis,
  monthlyTrends,
  revenueConcentration,
  topCountries,
  topProducts,
  valueDistribution,
} from "../../lib/eda/mod.ts";

const COLUMNS = "customer_id, invoice, stock_code, description, quantity, price, invoice_date, " +
  "country, line_total";

Deno.test("orderTable() groups lines into orders with exact sums, the latest time and line counts", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM (VALUES
      ('a', 'i1', 'UK', timestamp '2011-01-03 10:00', 3.0, 0.1),
      ('a', 'i1', 'UK', timestamp '2011-01-03 10:05', 1.0, 0.2),
      (NULL, 'i2', 'FR', timestamp '2011-01-04 09:00', 2.0, 5.0),
      ('b', 'i3', 'DE', timestamp '2011-01-05 11:00', 1.0, 1.25))
      t(customer_id, invoice, country, invoice_date, quantity, line_total)`);
    deepStrictEqual(await orderTable(db), "orders");
    deepStrictEqual(
      await db.all(
        `SELECT customer_id, invoice, country, order_date, revenue, units, lines FROM orders ORDER BY invoice`,
      ),
      [
        // 0.1 + 0.2 is exactly 0.3 in decimal arithmetic (0.30000000000000004 in doubles)
        {
          customer_id: "a",
          invoice: "i1",
          country: "UK",
          order_date: new Date("2011-01-03T10:05:00Z"),
          revenue: 0.3,
          units: 4,
          lines: 2,
        },
        {
          customer_id: null,
          invoice: "i2",
          country: "FR",
          order_date: new Date("2011-01-04T09:00:00Z"),
          revenue: 5,
          units: 2,
          lines: 1,
        },
        {
          customer_id: "b",
          invoice: "i3",
          country: "DE",
          order_date: new Date("2011-01-05T11:00:00Z"),
          revenue: 1.25,
          units: 1,
          lines: 1,
        },
      ],
    );
    await rejects(orderTable(db, { table: "nope" }), SchemaError);
    await db.run(
      `CREATE TABLE bare AS SELECT 'a' AS customer_id, 'i' AS invoice, 1.0 AS line_total`,
    );
    await rejects(
      orderRelation(db, { table: "bare" }, "count orders"),
      /Cannot count orders: table "bare" has no column "invoice_date"/,
    );
    await rejects(
      orderRelation(db, { orders: "bare" }, "count orders"),
      /has no columns "country", "order_date", "revenue", "units", "lines"/,
    );
    // A line table without country and quantity still has orders (NULL there).
    await db.run(
      `CREATE TABLE slim AS SELECT 'a' AS customer_id, 'i' AS invoice, timestamp '2011-01-01' AS invoice_date, 2.0 AS line_total`,
    );
    const from = await orderRelation(db, { table: "slim" }, "count orders");
    deepStrictEqual(await db.all(`SELECT country, units, revenue FROM ${from}`), [
      { country: null, units: null, revenue: 2 },
    ]);
  } finally {
    db.close();
  }
});

interface Line {
  inv: number;
  p: number;
  q: number;
  cents: number;
}

/** The invoice's customer (0: no customer id), derived from the invoice alone. */
const customerOf = (inv: number): number => (inv * 3) % 7;

/** Lines as SQL values; the invoice fixes the customer, the date and the country. */
function values(lines: readonly Line[]): string {
  return lines.map((l) => {
    const c = customerOf(l.inv);
    const minutes = (l.inv * 7919 + c * 104729) % (60 * 24 * 200);
    return `(${c === 0 ? "NULL" : `'c${c}'`}, 'i${l.inv}', 'P${l.p}', 'ITEM ${
      l.p % 3
    }', ${l.q}.0, ` +
      `${l.cents / 100}, timestamp '2011-01-01' + INTERVAL ${minutes} MINUTE, ` +
      `'${["UK", "FR", "DE"][c % 3]}', ${l.q * l.cents / 100})`;
  }).join(",");
}

/** Every order-level analysis of one line table, optionally reading a prepared order table. */
async function analyses(db: Db, table: string, orders?: string): Promise<unknown> {
  const source = { table, ...(orders === undefined ? {} : { orders }) };
  return {
    rfm: await rfmTable(db, source),
    features: await customerFeatures(db, source),
    gaps: await interPurchaseGaps(db, { ...source, binDays: 3, maxDays: 30 }),
    heatmap: await weekdayHourHeatmap(db, source),
    cohorts: await cohortTable(db, source),
    kpis: await kpis(db, source),
    monthly: await monthlyTrends(db, source),
    countries: [
      await topCountries(db, { ...source, by: "revenue" }),
      await topCountries(db, { ...source, by: "quantity" }),
    ],
    concentration: await revenueConcentration(db, { ...source, points: 5 }),
    products: [
      await topProducts(db, { ...source, by: "revenue", limit: 3 }),
      await topProducts(db, { ...source, by: "quantity", limit: 3 }),
    ],
    price: await valueDistribution(db, "price", { ...source, bins: 4 }),
  };
}

Deno.test("the order-level analyses give the same results from lines, from a prepared order table and for any row order", async () => {
  const db = await openDb({ threads: 2 });
  const line = fc.record({
    inv: fc.integer({ min: 1, max: 15 }),
    p: fc.integer({ min: 1, max: 5 }),
    q: fc.integer({ min: 1, max: 12 }),
    cents: fc.integer({ min: 1, max: 2000 }),
  });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 30 }).filter((ls) =>
          ls.some((l) => customerOf(l.inv) > 0)
        ),
        fc.integer(),
        async (lines, salt) => {
          const shuffled = [...lines].sort((a, b) =>
            ((a.cents * 31 + a.inv + salt) % 17) - ((b.cents * 31 + b.inv + salt) % 17)
          );
          await db.run(
            `CREATE OR REPLACE TABLE a AS SELECT * FROM (VALUES ${values(lines)}) t(${COLUMNS})`,
          );
          await db.run(
            `CREATE OR REPLACE TABLE b AS SELECT * FROM (VALUES ${values(shuffled)}) t(${COLUMNS})`,
          );
          const fromLines = await analyses(db, "a");
          deepStrictEqual(await analyses(db, "a", await orderTable(db, { table: "a" })), fromLines);
          deepStrictEqual(await analyses(db, "b"), fromLines);
        },
      ),
      { seed: 1109, numRuns: 20 },
    );
  } finally {
    db.close();
  }
});
