import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "@crm/db/mod.ts";
import { OptionError, SchemaError } from "@crm/errors.ts";
import { customerSummaries, customerSummaryColumns } from "@crm/summary/mod.ts";
import { byId, LIFETIMES_LARGE as LARGE, type Purchase, purchasesTable } from "./_helpers.ts";

// lifetimes tests/test_utils.py fixtures (transaction_level_data and large_transaction_level_data*).
const SMALL: Purchase[] = [
  [1, "2015-02-01"],
  [1, "2015-02-06"],
  [2, "2015-01-01"],
  [3, "2015-01-01"],
  [3, "2015-01-02"],
  [3, "2015-01-05"],
];
const END = new Date("2015-02-07");

Deno.test("customerSummaries() gives lifetimes' daily summary (test_summary_data_from_transaction_data_returns_correct_results)", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, SMALL);
  const s = await customerSummaryColumns(db, { asOf: END });
  // id1: 02-01 → 02-06 is 5 days, → 02-07 is 6; id2, id3 born 01-01: T = 37 days.
  deepStrictEqual(byId(s), { 1: [1, 5, 6], 2: [0, 0, 37], 3: [2, 4, 37] });
  db.close();
});

Deno.test('customerSummaries() with week periods gives lifetimes\' freq="W" summary', async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  const s = await customerSummaryColumns(db, { asOf: END, periodUnit: "week" });
  // Weeks start Monday: 2014-12-29, 01-05, 01-12, …, 02-02 (which holds 02-07).
  deepStrictEqual(byId(s), {
    1: [1, 5, 5],
    2: [0, 0, 5],
    3: [1, 1, 5], // 01-01 and 01-02 share the week of 2014-12-29
    4: [1, 3, 3], // 02-02 and 02-05 share a week
    5: [0, 0, 3], // 01-16..01-18 all in the week of 01-12
    6: [0, 0, 0],
  });
  equal(s.timeUnit, "week");
  db.close();
});

Deno.test("customerSummaries() monetary value is the mean of repeat days (lifetimes with monetary values)", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  const rows = await customerSummaries(db, { asOf: END });
  deepStrictEqual(
    rows.map((r) => [r.customerId, r.frequency, r.recency, r.T, r.monetaryValue]),
    [
      ["1", 1, 36, 37, 2],
      ["2", 0, 0, 37, 0],
      ["3", 2, 4, 37, 3], // (1 + 5) / 2
      ["4", 2, 20, 22, 3],
      ["5", 2, 2, 22, 4.5], // (1 + 8) / 2
      ["6", 0, 0, 5, 0],
    ],
  );
  db.close();
});

Deno.test("customerSummaries() drops the earliest purchase from monetary value whatever the row order (22.5)", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [[2, "2014-04-09", 20], [2, "2014-03-14", 10], [2, "2014-05-21", 25]]);
  const [row] = await customerSummaries(db, { asOf: new Date("2014-05-21") });
  deepStrictEqual(row, { customerId: "2", frequency: 2, recency: 68, T: 68, monetaryValue: 22.5 });
  db.close();
});

Deno.test("customerSummaries() squashes purchases in one period into one purchase", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [[1, "2015-01-01", 4], [1, "2015-01-01", 6]]);
  const [weekly] = await customerSummaries(db, {
    periodUnit: "week",
    asOf: new Date("2015-01-01"),
  });
  equal(weekly?.frequency, 0);
  db.close();
});

Deno.test("customerSummaries() merges same-day purchases and sums their spend", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [
    ["a", "2020-03-01 09:00", 5],
    ["a", "2020-03-04 10:00", 7],
    ["a", "2020-03-04 18:30", 3],
  ]);
  const rows = await customerSummaries(db, { asOf: new Date("2020-03-10") });
  deepStrictEqual(rows, [{ customerId: "a", frequency: 1, recency: 3, T: 9, monetaryValue: 10 }]);
  db.close();
});

Deno.test("customerSummaries() counts purchases in asOf's period and ignores later ones", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [["a", "2020-03-01"], ["a", "2020-03-10 23:59"], ["a", "2020-03-11"], [
    "b",
    "2020-03-12",
  ]]);
  deepStrictEqual(byId(await customerSummaryColumns(db, { asOf: new Date("2020-03-10") })), {
    a: [1, 9, 9],
  });
  // 2020-03-10 is a Tuesday: its week (03-09..03-15) includes every purchase above.
  const weekly = await customerSummaryColumns(db, {
    asOf: new Date("2020-03-10"),
    periodUnit: "week",
    timeUnit: "day",
  });
  deepStrictEqual(byId(weekly), { a: [1, 14, 14], b: [0, 0, 0] });
  db.close();
});

Deno.test("customerSummaries() defaults asOf to two days after the last purchase's day", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [["a", "2011-12-01 10:00"], ["a", "2011-12-09 12:50"]]);
  const s = await customerSummaryColumns(db);
  equal(s.asOf.toISOString(), "2011-12-11T00:00:00.000Z");
  deepStrictEqual(byId(s), { a: [1, 8, 10] });
  db.close();
});

Deno.test("customerSummaries() classic convention on a hand-made fixture", async () => {
  const db = await openDb({ threads: 1 });
  const fixture = new URL("../fixtures/summary/classic_small.csv", import.meta.url).pathname;
  await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM read_csv('${fixture}',
    columns = {'invoice': 'VARCHAR', 'invoice_date': 'TIMESTAMP', 'customer_id': 'VARCHAR', 'line_total': 'DOUBLE'})`);
  const rows = await customerSummaries(db, { convention: "classic", asOf: new Date("2011-12-11") });
  // Hand computation (see the fixture's comments in classic_small.md):
  // c1: invoices 1001, 1002, 1003 (1001 has two lines) → f 3; total 10 + 5 + 20 + 15 = 50 → M 50/3;
  //     first 2011-11-01 10:00, last 2011-12-01 09:00 → 29 days 23 h → 29 → recency 29/7;
  //     T: 2011-11-01 10:00 → 2011-12-11 00:00 = 39 days 14 h → 39 → 39/7.
  // c2: one invoice on two lines → f 1 → dropped.
  // c3: invoices 3001, 3002 at 2011-12-09 08:00 and 12:50 → recency 0; T = 1 day 16 h → 1/7; M = 30/2.
  deepStrictEqual(rows, [
    { customerId: "c1", frequency: 3, recency: 29 / 7, T: 39 / 7, monetaryValue: 50 / 3 },
    { customerId: "c3", frequency: 2, recency: 0, T: 1 / 7, monetaryValue: 15 },
  ]);
  db.close();
});

Deno.test("customerSummaries() rejects unknown options and missing columns with typed errors", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, SMALL);
  await rejects(
    customerSummaryColumns(db, { periodUnit: "month" as "day" }),
    (e: unknown) =>
      e instanceof OptionError &&
      /periodUnit must be one of "day", "week": current value is "month"/.test(e.message),
  );
  await rejects(customerSummaryColumns(db, { asOf: new Date("nope") }), OptionError);
  await rejects(customerSummaryColumns(db, { table: "nowhere" }), SchemaError);
  await db.run("CREATE TABLE no_money AS SELECT customer_id, invoice_date FROM clean_transactions");
  await rejects(
    customerSummaryColumns(db, { table: "no_money" }),
    (e: unknown) => e instanceof SchemaError && /missing column "line_total"/.test(e.message),
  );
  db.close();
});

Deno.test("customerSummaries() properties: 0 ≤ recency ≤ T, frequency 0 ⇒ recency 0 and monetary 0, order-free", async () => {
  const db = await openDb({ threads: 1 });
  const purchase = fc.tuple(
    fc.constantFrom("a", "b", "c", "d"),
    fc.integer({ min: 0, max: 60 * 24 - 1 }), // hour offset within 60 days
    fc.integer({ min: 1, max: 500 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(purchase, { minLength: 1, maxLength: 25 }),
      fc.constantFrom("day", "week"),
      async (ps, unit) => {
        const rows: Purchase[] = ps.map((
          [id, h, v],
        ) => [
          id,
          new Date(Date.UTC(2020, 0, 1) + h * 3_600_000).toISOString().slice(0, 19).replace(
            "T",
            " ",
          ),
          v,
        ]);
        const asOf = new Date(Date.UTC(2020, 2, 15));
        await purchasesTable(db, rows);
        const s = await customerSummaryColumns(db, { asOf, periodUnit: unit as "day" | "week" });
        await purchasesTable(db, [...rows].reverse());
        const reversed = await customerSummaryColumns(db, {
          asOf,
          periodUnit: unit as "day" | "week",
        });
        deepStrictEqual(reversed, s);
        equal(s.customerIds.length, new Set(ps.map((p) => p[0])).size);
        s.customerIds.forEach((_, i) => {
          const [f, r, t, m] = [s.frequency[i]!, s.recency[i]!, s.T[i]!, s.monetaryValue[i]!];
          if (!(0 <= r && r <= t)) throw new Error(`recency ${r} outside [0, T ${t}]`);
          if (f === 0 && (r !== 0 || m !== 0)) {
            throw new Error(`frequency 0 with recency ${r}, monetary ${m}`);
          }
          if (f > 0 && !(m > 0)) throw new Error(`frequency ${f} with monetary ${m}`);
        });
      },
    ),
    { seed: 20240611, numRuns: 40 },
  );
  db.close();
});

Deno.test("customerSummaries() returns customer ids as text even from an integer column", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM (VALUES
    (17850, 'i1', TIMESTAMP '2011-01-01 10:00', 5.0), (17850, 'i2', TIMESTAMP '2011-01-03 10:00', 7.0))
    t(customer_id, invoice, invoice_date, line_total)`);
  deepStrictEqual(
    (await customerSummaries(db, { asOf: new Date("2011-01-05") })).map((r) => r.customerId),
    ["17850"],
  );
  deepStrictEqual(
    (await customerSummaries(db, { convention: "classic", asOf: new Date("2011-01-05") })).map((
      r,
    ) => r.customerId),
    ["17850"],
  );
  db.close();
});
