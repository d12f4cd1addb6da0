import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import fc from "fast-check";
import { quantileLinear } from "../../lib/stats/mod.ts";
import { openDb } from "../../lib/db/mod.ts";
import { SchemaError } from "../../lib/errors.ts";
import {
  kpis,
  monthlyTrends,
  revenueConcentration,
  topCountries,
  topProductRankings,
  topProducts,
  valueDistribution,
} from "../../lib/eda/mod.ts";

// customer, invoice, stock_code, description, quantity, price, date, country
const LINES = `
  ('a', 'i1', 'P1', 'RED MUG', 2.0, 5.0, timestamp '2011-01-10 10:00', 'UK'),
  ('a', 'i1', 'P2', 'GIFT BAG', 1.0, 10.0, timestamp '2011-01-10 10:00', 'UK'),
  ('b', 'i2', 'P1', 'RED MUG ', 4.0, 5.0, timestamp '2011-01-20 11:00', 'FR'),
  ('a', 'i3', 'P3', 'CANDLE', 10.0, 1.0, timestamp '2011-03-02 09:00', 'UK'),
  ('c', 'i4', 'P2', 'GIFT BAG', 1.0, 10.0, timestamp '2011-03-15 12:00', 'DE'),
  (NULL, 'i5', 'P1', 'RED MUG', 2.0, 5.0, timestamp '2011-03-20 12:00', 'UK')`;

async function db() {
  const d = await openDb({ threads: 1 });
  await d.run(
    `CREATE TABLE clean_transactions AS SELECT *, quantity * price AS line_total FROM (VALUES ${LINES})
    t(customer_id, invoice, stock_code, description, quantity, price, invoice_date, country)`,
  );
  return d;
}

Deno.test("kpis() computes revenue, orders, AOV, items per order and repeat rate by hand", async () => {
  const d = await db();
  const k = await kpis(d);
  // revenue 10+10+20+10+10+10 = 70; 5 invoices; units 20; customers a, b, c (a has 2 orders)
  deepStrictEqual(
    [
      k.revenue,
      k.orders,
      k.customers,
      k.lines,
      k.units,
      k.products,
      k.countries,
      k.averageOrderValue,
      k.itemsPerOrder,
      k.repeatRate,
    ],
    [70, 5, 3, 6, 20, 3, 3, 14, 4, 1 / 3],
  );
  // customer spend a 30, b 20, c 10: revenue per customer 20; top ceil(0.6) = 1 customer: 30/60
  equal(k.revenuePerCustomer, 20);
  equal(k.top20RevenueShare, 0.5);
  // Gini of 10, 20, 30: 2·(10+40+90)/(3·60) − 4/3 = 2/9
  equal(Math.abs(k.gini - 2 / 9) < 1e-12, true);
  deepStrictEqual([k.firstDate, k.lastDate], [
    new Date("2011-01-10T10:00:00Z"),
    new Date("2011-03-20T12:00:00Z"),
  ]);
  const c = await revenueConcentration(d, { points: 4 });
  deepStrictEqual([c.customers, c.topCustomers, c.topShare], [3, 1, 0.5]);
  deepStrictEqual(c.lorenz.map((p) => p.share), [0, 10 / 60, 30 / 60, 1]);
  await rejects(kpis(d, { table: "nope" }), SchemaError);
  d.close();
});

Deno.test("monthlyTrends() fills empty months and splits new from returning revenue", async () => {
  const d = await db();
  const m = await monthlyTrends(d);
  deepStrictEqual(
    m.map((
      r,
    ) => [
      r.month,
      r.revenue,
      r.orders,
      r.customers,
      r.newCustomers,
      r.newRevenue,
      r.returningRevenue,
      r.unattributedRevenue,
    ]),
    [
      ["2011-01", 40, 2, 2, 2, 40, 0, 0],
      ["2011-02", 0, 0, 0, 0, 0, 0, 0],
      ["2011-03", 30, 3, 2, 1, 10, 10, 10],
    ],
  );
  deepStrictEqual(m.map((r) => [r.averageOrderValue, r.revenueChange, r.ordersChange]), [
    [20, null, null],
    [null, -1, -1],
    [10, null, null],
  ]);
  d.close();
});

Deno.test("topProducts() and topCountries() rank by revenue or quantity with documented ties", async () => {
  const d = await db();
  // P1: 10+20+10 = 40 revenue, 8 units; P2: 20, 2; P3: 10, 10
  deepStrictEqual(
    (await topProducts(d)).map((
      p,
    ) => [p.stockCode, p.description, p.revenue, p.quantity, p.orders, p.customers]),
    [
      ["P1", "RED MUG", 40, 8, 3, 2],
      ["P2", "GIFT BAG", 20, 2, 2, 2],
      ["P3", "CANDLE", 10, 10, 1, 1],
    ],
  );
  deepStrictEqual((await topProducts(d, { by: "quantity", limit: 2 })).map((p) => p.stockCode), [
    "P3",
    "P1",
  ]);
  // UK 10+10+10+10 = 40, FR 20, DE 10
  deepStrictEqual((await topCountries(d)).map((c) => [c.country, c.revenue, c.revenueShare]), [
    ["UK", 40, 40 / 70],
    ["FR", 20, 20 / 70],
    ["DE", 10, 10 / 70],
  ]);
  d.close();
});

Deno.test("valueDistribution() gives linear quantiles and a histogram with an overflow bin", async () => {
  const d = await openDb({ threads: 1 });
  await d.run(
    `CREATE TABLE clean_transactions AS SELECT * FROM (VALUES (1.0), (2.0), (3.0), (4.0), (100.0)) t(quantity)`,
  );
  const q = await valueDistribution(d, "quantity", { bins: 3 });
  // sorted 1,2,3,4,100: p25 h=1 -> 2; median 3; p75 4; p99 h=3.96 -> 4 + 0.96·96 = 96.16
  deepStrictEqual([q.count, q.mean, q.min, q.p25, q.median, q.p75, q.max], [
    5,
    22,
    1,
    2,
    3,
    4,
    100,
  ]);
  equal(Math.abs(q.p99 - 96.16) < 1e-9, true);
  // width (96.16 − 1)/3 = 31.72: [1, 32.72) holds 1,2,3,4; overflow (96.16, 100] holds 100
  deepStrictEqual(q.histogram.map((b) => b.count), [4, 0, 0, 1]);
  equal(q.histogram[3]!.start, q.p99);
  d.close();
});

Deno.test("topCountries() by quantity, and topProducts() break description ties alphabetically", async () => {
  const d = await db();
  // units: UK 2+1+10+2 = 15, FR 4, DE 1
  deepStrictEqual(
    (await topCountries(d, { by: "quantity" })).map((c) => [c.country, c.quantity, c.orders]),
    [["UK", 15, 3], ["FR", 4, 1], ["DE", 1, 1]],
  );
  // UK lines come from a and from a line without a customer id, which is not a customer
  deepStrictEqual((await topCountries(d, { limit: 1 })).map((c) => c.customers), [1]);
  await d.run(`CREATE TABLE tie AS SELECT * FROM (VALUES
    ('c1', 'i1', 'P9', 'ZEBRA MUG', 1.0, 1.0), ('c1', 'i2', 'P9', 'APPLE MUG', 1.0, 1.0))
    t(customer_id, invoice, stock_code, description, quantity, line_total)`);
  deepStrictEqual((await topProducts(d, { table: "tie" })).map((p) => p.description), [
    "APPLE MUG",
  ]);
  d.close();
});

Deno.test("valueDistribution() on prices with ties, by hand, and rejects bad bins", async () => {
  const d = await db();
  // prices 5, 10, 5, 1, 10, 5 -> sorted 1, 5, 5, 5, 10, 10; h = 5p
  const p = await valueDistribution(d, "price", { bins: 2 });
  deepStrictEqual([p.count, p.min, p.max, p.mean], [6, 1, 10, 6]);
  // p25: h 1.25 -> 5; median: h 2.5 -> 5; p75: h 3.75 -> 5 + 0.75·5 = 8.75; p01: h 0.05 -> 1.2
  deepStrictEqual([p.p25, p.median, p.p75], [5, 5, 8.75]);
  equal(Math.abs(p.p01 - 1.2) < 1e-12, true);
  equal(Math.abs(p.p99 - 10) < 1e-12, true); // h 4.95 between two 10s
  // width (10 − 1)/2 = 4.5: [1, 5.5) holds 1, 5, 5, 5; [5.5, 10] holds 10, 10; no overflow
  deepStrictEqual(p.histogram.map((b) => [b.start, b.end, b.count]), [[1, 5.5, 4], [5.5, 10, 2]]);
  await rejects(valueDistribution(d, "price", { bins: 0 }), /bins must be a positive integer/);
  d.close();
});

Deno.test("valueDistribution() quantiles equal quantileLinear() on the sorted values", async () => {
  const d = await openDb({ threads: 1 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 1, maxLength: 80 }),
        async (xs) => {
          await d.run(
            `CREATE OR REPLACE TABLE clean_transactions AS SELECT * FROM (VALUES ${
              xs.map((x) => `(${x / 4})`).join(",")
            }) t(quantity)`,
          );
          const q = await valueDistribution(d, "quantity", { bins: 5 });
          const sorted = xs.map((x) => x / 4).sort((a, b) => a - b);
          const expected = [0.01, 0.25, 0.5, 0.75, 0.99].map((p) => quantileLinear(sorted, p));
          deepStrictEqual([q.p01, q.p25, q.median, q.p75, q.p99], expected);
          equal(q.histogram.reduce((n, b) => n + b.count, 0), xs.length);
          return q.min === sorted[0] && q.max === sorted.at(-1);
        },
      ),
      { seed: 99, numRuns: 40 },
    );
  } finally {
    d.close();
  }
});

Deno.test("topProductRankings(): lines without a product code take a rank but are not listed", async () => {
  const d = await db();
  await d.run(`INSERT INTO clean_transactions VALUES
    ('d', 'i6', NULL, 'POSTAGE', 90.0, 1.0, timestamp '2011-03-21 12:00', 'UK', 90.0)`);
  // by revenue: (no code) 90, P1 40, P2 20, P3 10; by units: (no code) 90, P3 10, P1 8, P2 2
  const two = await topProductRankings(d, { limit: 2 });
  deepStrictEqual(two.revenue.map((p) => [p.stockCode, p.revenue, p.orders, p.customers]), [
    ["P1", 40, 3, 2],
  ]);
  deepStrictEqual(two.quantity.map((p) => [p.stockCode, p.quantity, p.description]), [
    ["P3", 10, "CANDLE"],
  ]);
  const all = await topProductRankings(d);
  deepStrictEqual(all.revenue.map((p) => p.stockCode), ["P1", "P2", "P3"]);
  deepStrictEqual(all.revenue.map((p) => p.revenueShare), [40 / 160, 20 / 160, 10 / 160]);
  d.close();
});
