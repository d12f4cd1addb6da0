import { deepStrictEqual, rejects } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import { SchemaError, ValidationError } from "../../lib/errors.ts";
import { rfmTable } from "../../lib/rfm/mod.ts";

const LINES = `
  ('12347', 'A1', timestamp '2011-12-07 15:00', 10.0),
  ('12347', 'A1', timestamp '2011-12-07 15:00', 5.5),
  ('12347', 'A2', timestamp '2011-10-01 09:00', 20.0),
  ('12346', 'B1', timestamp '2011-01-18 10:01', 77183.6),
  (NULL,    'X1', timestamp '2011-12-09 12:50', 99.0),
  ('12348', 'C1', timestamp '2011-12-09 12:50', 1.25)`;

async function withTable<T>(
  values: string,
  fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>,
): Promise<T> {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(
      `CREATE TABLE clean_transactions AS SELECT * FROM (VALUES ${values}) t(customer_id, invoice, invoice_date, line_total)`,
    );
    return await fn(db);
  } finally {
    db.close();
  }
}

Deno.test("rfmTable() computes recency in whole days, distinct invoices and total spend", async () => {
  await withTable(LINES, async (db) => {
    const { asOf, rows } = await rfmTable(db);
    // last customer line 2011-12-09 12:50 -> as of 2011-12-11 00:00
    deepStrictEqual(asOf, new Date("2011-12-11T00:00:00Z"));
    deepStrictEqual(rows, [
      // 2011-01-18 10:01 -> 2011-12-11: 326 days 13:59 -> 326
      { customerId: "12346", recency: 326, frequency: 1, monetary: 77183.6 },
      // 2011-12-07 15:00 -> 3 days 9 h -> 3; invoices A1, A2; 10 + 5.5 + 20
      { customerId: "12347", recency: 3, frequency: 2, monetary: 35.5 },
      // 1 day 11:10 -> 1
      { customerId: "12348", recency: 1, frequency: 1, monetary: 1.25 },
    ]);
  });
});

Deno.test("rfmTable() default as-of ignores lines without a customer id", async () => {
  await withTable(
    `('a', 'i1', timestamp '2011-12-01 08:00', 1.0), (NULL, 'i2', timestamp '2011-12-20 08:00', 1.0)`,
    async (db) => {
      const { asOf, rows } = await rfmTable(db);
      deepStrictEqual(asOf, new Date("2011-12-03T00:00:00Z"));
      deepStrictEqual(rows, [{ customerId: "a", recency: 1, frequency: 1, monetary: 1 }]);
    },
  );
});

Deno.test("rfmTable() with asOf ignores later lines", async () => {
  await withTable(LINES, async (db) => {
    const { rows } = await rfmTable(db, { asOf: new Date("2011-11-01T00:00:00Z") });
    deepStrictEqual(rows, [
      { customerId: "12346", recency: 286, frequency: 1, monetary: 77183.6 }, // 286 days 13:59
      { customerId: "12347", recency: 30, frequency: 1, monetary: 20 }, // 30 days 15 h
    ]);
  });
});

Deno.test("rfmTable() reports a missing column and an empty window", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(
    `CREATE TABLE clean_transactions AS SELECT 'a' AS customer_id, timestamp '2011-01-01' AS invoice_date, 1.0 AS line_total`,
  );
  await rejects(
    rfmTable(db),
    (e: unknown) => e instanceof SchemaError && /has no column "invoice"/.test(e.message),
  );
  await rejects(rfmTable(db, { table: "nope" }), /table "nope" does not exist/);
  await db.run(
    `CREATE TABLE t2 AS SELECT 'a' AS customer_id, 'i' AS invoice, timestamp '2011-01-01' AS invoice_date, 1.0 AS line_total`,
  );
  await rejects(rfmTable(db, { table: "t2", asOf: new Date("2010-01-01") }), ValidationError);
  db.close();
});

Deno.test("rfmTable() gives one row per customer, recency >= 0 and the same result for any row order", async () => {
  const db = await openDb({ threads: 1 });
  const line = fc.record({
    c: fc.constantFrom("1", "2", "3", "10", "20"),
    i: fc.integer({ min: 1, max: 8 }),
    d: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    v: fc.integer({ min: 1, max: 1000 }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { minLength: 1, maxLength: 25 }),
      fc.integer(),
      async (lines, salt) => {
        // one date per invoice, as in real data
        const dateOf = new Map<number, number>();
        for (const l of lines) if (!dateOf.has(l.i)) dateOf.set(l.i, l.d);
        const sql = (ls: typeof lines) =>
          ls.map((l) =>
            `('${l.c}', 'inv${l.i}', timestamp '2011-01-01' + INTERVAL ${dateOf.get(l.i)} MINUTE, ${
              l.v / 100
            })`
          ).join(",");
        const shuffled = [...lines].sort((a, b) =>
          ((a.d * 31 + salt) % 17) - ((b.d * 31 + salt) % 17)
        );
        await db.run(
          `CREATE OR REPLACE TABLE t1 AS SELECT * FROM (VALUES ${
            sql(lines)
          }) t(customer_id, invoice, invoice_date, line_total)`,
        );
        await db.run(
          `CREATE OR REPLACE TABLE t2 AS SELECT * FROM (VALUES ${
            sql(shuffled)
          }) t(customer_id, invoice, invoice_date, line_total)`,
        );
        const a = await rfmTable(db, { table: "t1" });
        const b = await rfmTable(db, { table: "t2" });
        deepStrictEqual(a, b);
        const ids = new Set(lines.map((l) => l.c));
        deepStrictEqual(a.rows.map((r) => r.customerId), [...ids].sort());
        return a.rows.every((r) => r.recency >= 0 && r.frequency >= 1);
      },
    ),
    { seed: 424242, numRuns: 25 },
  );
  db.close();
});
