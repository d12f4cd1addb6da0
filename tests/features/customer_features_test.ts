import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import {
  customerFeatures,
  interPurchaseGaps,
  shoppingPeaks,
  weekdayHourHeatmap,
} from "../../lib/features/mod.ts";

// 2011-01-03 is a Monday.
const LINES = `
  ('a', 'i1', 'P1', 2.0, timestamp '2011-01-03 10:00', 10.0),
  ('a', 'i1', 'P2', 1.0, timestamp '2011-01-03 10:00', 4.0),
  ('a', 'i2', 'P1', 1.0, timestamp '2011-01-03 15:00', 6.0),
  ('a', 'i3', 'P3', 5.0, timestamp '2011-01-04 15:30', 20.0),
  ('a', 'i4', 'P1', 2.0, timestamp '2011-01-12 15:10', 10.0),
  ('b', 'i5', 'P2', 1.0, timestamp '2011-01-08 09:00', 7.0),
  (NULL, 'i6', 'P2', 1.0, timestamp '2011-01-13 09:00', 7.0)`;

async function setup(withReturns: boolean) {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM (VALUES ${LINES})
    t(customer_id, invoice, stock_code, quantity, invoice_date, line_total)`);
  if (withReturns) {
    await db.run(`CREATE TABLE returns AS SELECT * FROM (VALUES
      ('a', 'C1', timestamp '2011-01-04 09:00', 'i1'), ('a', 'C2', timestamp '2011-01-06 09:00', NULL),
      ('a', 'C4', timestamp '2011-01-13 09:00', 'i4'), ('b', 'C3', timestamp '2011-01-09 09:00', 'i5'))
      t(customer_id, invoice, invoice_date, matched_invoice)`);
  }
  return db;
}

Deno.test("customerFeatures() computes rhythm, basket, modes and tenure by hand", async () => {
  const db = await setup(false);
  const [a, b] = await customerFeatures(db);
  // a: purchase days 01-03, 01-04, 01-12 -> gaps 1, 8: mean 4.5, median 4.5, CV = 3.5 / 4.5
  // orders i1..i4, spend 50 -> AOV 12.5; units 11 -> 2.75; products per order (2+1+1+1)/4 = 1.25
  // weekdays: Mon (i1, i2), Tue (i3), Wed (i4) -> Monday; hours: 10 (i1), 15 (i2, i3, i4) -> 15
  // as of 2011-01-14 (last customer line 01-12): tenure 01-03 10:00 -> 10 days 14 h -> 10
  deepStrictEqual(a, {
    customerId: "a",
    firstPurchase: new Date("2011-01-03T10:00:00Z"),
    lastPurchase: new Date("2011-01-12T15:10:00Z"),
    tenureDays: 10,
    orders: 4,
    purchaseDays: 3,
    avgDaysBetweenPurchases: 4.5,
    medianDaysBetweenPurchases: 4.5,
    regularity: 3.5 / 4.5,
    averageOrderValue: 12.5,
    itemsPerOrder: 2.75,
    productsPerOrder: 1.25,
    returnLines: null,
    returnRate: null,
    preferredWeekday: "Monday",
    peakHour: 15,
  });
  // b: one purchase day -> no gaps; 2011-01-08 is a Saturday
  deepStrictEqual([
    b!.avgDaysBetweenPurchases,
    b!.medianDaysBetweenPurchases,
    b!.regularity,
    b!.preferredWeekday,
    b!.peakHour,
    b!.tenureDays,
  ], [null, null, null, "Saturday", 9, 5]);
  db.close();
});

Deno.test("customerFeatures() counts only matched return lines against purchase lines", async () => {
  const db = await setup(true);
  const [a, b] = await customerFeatures(db);
  // a: C1 and C4 are matched (C2 is not), against 5 purchase lines
  deepStrictEqual([a!.returnLines, a!.returnRate], [2, 2 / 5]);
  deepStrictEqual([b!.returnLines, b!.returnRate], [1, 1]);
  // as of 01-05: orders i1, i2, i3 (4 lines); only C1 is dated before the as-of date
  const early = await customerFeatures(db, { asOf: new Date("2011-01-05T00:00:00Z") });
  deepStrictEqual(
    early.map((f) => [f.customerId, f.orders, f.tenureDays, f.returnLines, f.returnRate]),
    [["a", 3, 1, 1, 1 / 4]],
  );
  db.close();
});

Deno.test("interPurchaseGaps(), weekdayHourHeatmap() and shoppingPeaks() on the same lines", async () => {
  const db = await setup(false);
  const gaps = await interPurchaseGaps(db, { binDays: 7, maxDays: 14 });
  deepStrictEqual(gaps.map((g) => [g.start, g.end, g.gaps, g.share]), [[0, 7, 1, 0.5], [
    7,
    14,
    1,
    0.5,
  ], [14, null, 0, 0]]);
  const cells = await weekdayHourHeatmap(db);
  equal(cells.reduce((s, c) => s + c.orders, 0), 6);
  deepStrictEqual(
    cells.filter((c) => c.orders > 0).map((c) => [c.weekdayName, c.hour, c.orders, c.revenue]),
    [
      ["Monday", 10, 1, 14],
      ["Monday", 15, 1, 6],
      ["Tuesday", 15, 1, 20],
      ["Wednesday", 15, 1, 10],
      ["Thursday", 9, 1, 7],
      ["Saturday", 9, 1, 7],
    ],
  );
  const peaks = shoppingPeaks(cells, { top: 2 });
  deepStrictEqual([
    peaks.busiestWeekday,
    peaks.busiestHour,
    peaks.topSlots.map((s) => `${s.weekday}@${s.hour}`),
  ], ["Monday", 15, ["1@10", "1@15"]]);
  throws(() => shoppingPeaks([]), /no weekday × hour cells/);
  db.close();
});

Deno.test("customerFeatures() breaks weekday and hour ties towards the earlier one", async () => {
  const db = await openDb({ threads: 1 });
  try {
    // c: one order on Sunday 08:00, one on Monday 20:00, one on Friday 20:00 (2011-01-02 is a
    // Sunday). Weekdays tie 1:1:1 -> Monday (ISO week starts on Monday); hours 8 (1) vs 20 (2).
    // d: Tuesday 23:00 and Wednesday 01:00 -> Tuesday, hour 1.
    await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM (VALUES
      ('c', 'o1', 'P1', 1.0, timestamp '2011-01-02 08:00', 1.0),
      ('c', 'o2', 'P1', 1.0, timestamp '2011-01-03 20:00', 1.0),
      ('c', 'o3', 'P1', 1.0, timestamp '2011-01-07 20:30', 1.0),
      ('d', 'o4', 'P1', 1.0, timestamp '2011-01-04 23:00', 1.0),
      ('d', 'o4', 'P2', 1.0, timestamp '2011-01-04 23:00', 1.0),
      ('d', 'o5', 'P1', 1.0, timestamp '2011-01-05 01:00', 1.0))
      t(customer_id, invoice, stock_code, quantity, invoice_date, line_total)`);
    const rows = await customerFeatures(db);
    deepStrictEqual(rows.map((r) => [r.customerId, r.preferredWeekday, r.peakHour]), [
      ["c", "Monday", 20],
      ["d", "Tuesday", 1], // o4 has two lines but counts as one order
    ]);
    // d: o4 has 2 distinct products, o5 one -> 1.5; 3 units over 2 orders
    deepStrictEqual([rows[1]!.productsPerOrder, rows[1]!.itemsPerOrder, rows[1]!.orders], [
      1.5,
      1.5,
      2,
    ]);
  } finally {
    db.close();
  }
});

Deno.test("customerFeatures() gives one row per customer with consistent rhythm fields", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            c: fc.integer({ min: 1, max: 5 }),
            day: fc.integer({ min: 0, max: 90 }),
            hour: fc.integer({ min: 0, max: 23 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (orders) => {
          const sql = orders.map((o, i) =>
            `('k${o.c}', 'o${i}', 'P1', 1.0, timestamp '2011-03-01' + INTERVAL ${
              o.day * 24 + o.hour
            } HOUR, 2.0)`
          ).join(",");
          await db.run(`CREATE OR REPLACE TABLE clean_transactions AS SELECT * FROM (VALUES ${sql})
            t(customer_id, invoice, stock_code, quantity, invoice_date, line_total)`);
          const rows = await customerFeatures(db);
          deepStrictEqual(
            rows.map((r) => r.customerId),
            [...new Set(orders.map((o) => `k${o.c}`))].sort(),
          );
          return rows.every((r) =>
            r.orders >= r.purchaseDays && r.purchaseDays >= 1 &&
            (r.purchaseDays === 1) === (r.avgDaysBetweenPurchases === null) &&
            (r.purchaseDays <= 2) === (r.regularity === null) &&
            (r.regularity === null || r.regularity >= 0) &&
            r.tenureDays >= 0 && r.firstPurchase <= r.lastPurchase &&
            (r.avgDaysBetweenPurchases === null ||
              Math.abs(
                  r.avgDaysBetweenPurchases * (r.purchaseDays - 1) -
                    (Date.UTC(
                        r.lastPurchase.getUTCFullYear(),
                        r.lastPurchase.getUTCMonth(),
                        r.lastPurchase.getUTCDate(),
                      ) -
                        Date.UTC(
                          r.firstPurchase.getUTCFullYear(),
                          r.firstPurchase.getUTCMonth(),
                          r.firstPurchase.getUTCDate(),
                        )) / 86_400_000,
                ) < 1e-9) &&
            r.averageOrderValue === 2 && r.peakHour !== null && r.peakHour >= 0 && r.peakHour <= 23
          );
        },
      ),
      { seed: 77, numRuns: 30 },
    );
  } finally {
    db.close();
  }
});
