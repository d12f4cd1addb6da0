import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import { SchemaError } from "../../lib/errors.ts";
import { cohortSummary, cohortTable } from "../../lib/cohort/mod.ts";

const LINES = `
  ('a', 'i1', timestamp '2010-12-05 10:00', 10.0),
  ('a', 'i2', timestamp '2010-12-20 10:00', 20.0),
  ('a', 'i3', timestamp '2011-02-03 10:00', 30.0),
  ('b', 'i4', timestamp '2010-12-31 23:59', 5.0),
  ('b', 'i5', timestamp '2011-01-01 00:00', 15.0),
  ('c', 'i6', timestamp '2011-01-15 09:00', 25.0),
  ('c', 'i6', timestamp '2011-01-15 09:00', 15.0),
  ('c', 'i7', timestamp '2011-03-02 09:00', 8.0),
  ('d', 'i8', timestamp '2011-03-30 09:00', 12.0),
  (NULL, 'i9', timestamp '2011-01-10 09:00', 100.0)`;

Deno.test("cohortTable() builds the retention triangle across a year boundary, with empty months", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(
    `CREATE TABLE clean_transactions AS SELECT * FROM (VALUES ${LINES}) t(customer_id, invoice, invoice_date, line_total)`,
  );
  const cells = await cohortTable(db);
  // [cohort, period, cohortSize, customers, retention, orders, revenue, revenueRetention, aov], by hand
  deepStrictEqual(
    cells.map((
      c,
    ) => [
      c.cohort,
      c.period,
      c.cohortSize,
      c.customers,
      c.retention,
      c.orders,
      c.revenue,
      c.revenueRetention,
      c.averageOrderValue,
    ]),
    [
      ["2010-12", 0, 2, 2, 1, 3, 35, 1, 35 / 3],
      ["2010-12", 1, 2, 1, 0.5, 1, 15, 15 / 35, 15],
      ["2010-12", 2, 2, 1, 0.5, 1, 30, 30 / 35, 30],
      ["2010-12", 3, 2, 0, 0, 0, 0, 0, null],
      ["2011-01", 0, 1, 1, 1, 1, 40, 1, 40],
      ["2011-01", 1, 1, 0, 0, 0, 0, 0, null],
      ["2011-01", 2, 1, 1, 1, 1, 8, 0.2, 8],
      ["2011-03", 0, 1, 1, 1, 1, 12, 1, 12],
    ],
  );
  deepStrictEqual(
    cohortSummary(cells).map((
      r,
    ) => [r.cohort, r.customers, r.orders, r.revenue, r.averageOrderValue, r.revenuePerCustomer]),
    [
      ["2010-12", 2, 5, 80, 16, 40],
      ["2011-01", 1, 2, 48, 24, 48],
      ["2011-03", 1, 1, 12, 12, 12],
    ],
  );
  await rejects(cohortTable(db, { table: "missing" }), SchemaError);
  db.close();
});

Deno.test("cohortTable(): period 0 is 100%, active customers never exceed the cohort, totals add up", async () => {
  const db = await openDb({ threads: 1 });
  const line = fc.record({
    c: fc.integer({ min: 1, max: 6 }),
    inv: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 0, max: 400 }),
    v: fc.integer({ min: 1, max: 500 }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
      const values = lines.map((l) =>
        `('c${l.c}', 'c${l.c}-i${l.inv}', timestamp '2010-06-01' + INTERVAL ${l.day} DAY, ${l.v})`
      ).join(",");
      await db.run(
        `CREATE OR REPLACE TABLE clean_transactions AS SELECT * FROM (VALUES ${values}) t(customer_id, invoice, invoice_date, line_total)`,
      );
      const cells = await cohortTable(db);
      const sizes = cohortSummary(cells).reduce((n, r) => n + r.customers, 0);
      const revenue = cells.reduce((s, c) => s + c.revenue, 0);
      const expectedRevenue = lines.reduce((s, l) => s + l.v, 0);
      equal(sizes, new Set(lines.map((l) => l.c)).size);
      equal(revenue, expectedRevenue);
      return cells.every((c) =>
        (c.period !== 0 || c.retention === 1) && c.customers <= c.cohortSize && c.retention >= 0
      );
    }),
    { seed: 2011, numRuns: 20 },
  );
  db.close();
});
