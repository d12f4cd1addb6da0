import { deepStrictEqual, equal, ok, rejects, throws } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "@crm/db/mod.ts";
import { OptionError, ValidationError } from "@crm/errors.ts";
import { ruleBasedCltv, ruleBasedCltvFromTotals } from "@crm/clv_rule/mod.ts";
import { qcut } from "../../lib/stats/mod.ts";

const FOUR = [
  { customerId: "a", totalTransaction: 2, totalPrice: 200 },
  { customerId: "b", totalTransaction: 1, totalPrice: 50 },
  { customerId: "c", totalTransaction: 3, totalPrice: 300 },
  { customerId: "d", totalTransaction: 1, totalPrice: 100 },
];

Deno.test("ruleBasedCltvFromTotals() matches a hand-computed 4-customer example", () => {
  const r = ruleBasedCltvFromTotals(FOUR);
  equal(r.customers, 4);
  equal(r.repeatRate, 0.5); // a and c
  equal(r.churnRate, 0.5);
  // By hand, margin 0.10:             AOV  PF    CV    PM   CLTV = CV / 0.5 × PM
  const expected = [
    ["a", 100, 0.5, 50, 20, 2000],
    ["b", 50, 0.25, 12.5, 5, 125],
    ["c", 100, 0.75, 75, 30, 4500],
    ["d", 100, 0.25, 25, 10, 500],
  ] as const;
  r.rows.forEach((row, i) => {
    const [id, aov, pf, cv, pm, cltv] = expected[i]!;
    equal(row.customerId, id);
    equal(row.averageOrderValue, aov);
    equal(row.purchaseFrequency, pf);
    equal(row.customerValue, cv);
    ok(Math.abs(row.profitMargin - pm) < 1e-9);
    ok(Math.abs(row.cltv - cltv) < 1e-9);
  });
  // Quartile edges of [125, 500, 2000, 4500] (linear): 125, 406.25, 1250, 2625, 4500.
  deepStrictEqual(r.rows.map((x) => x.segment), ["B", "D", "A", "C"]);
});

Deno.test("ruleBasedCltv() aggregates distinct invoices and spend per customer in SQL", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    ('a', 'i1', 120.0), ('a', 'i1', 80.0), ('b', 'i2', 50.0), ('c', 'i3', 100.0), ('c', 'i4', 100.0),
    ('c', 'i5', 100.0), ('d', 'i6', 100.0), (NULL, 'i7', 999.0)) v(customer_id, invoice, line_total)`);
  const r = await ruleBasedCltv(db, { table: "t", margin: 0.2 });
  deepStrictEqual(
    r.rows.map((x) => [x.customerId, x.totalTransaction, x.totalPrice]),
    [["a", 1, 200], ["b", 1, 50], ["c", 3, 300], ["d", 1, 100]],
  );
  equal(r.repeatRate, 0.25);
  // c by hand: CLTV = 0.2 · 300² / (4 · 0.75) = 6000.
  ok(Math.abs(r.rows[2]!.cltv - 6000) < 1e-9);
  db.close();
});

Deno.test("ruleBasedCltvFromTotals() obeys CLTV = margin·M²/(N·churn) and segments are spend quartiles", () => {
  const customer = fc.record({
    totalTransaction: fc.integer({ min: 1, max: 20 }),
    cents: fc.integer({ min: 1, max: 10_000_000 }),
  });
  fc.assert(
    fc.property(
      fc.array(customer, { minLength: 4, maxLength: 60 }),
      fc.constantFrom(0.05, 0.1, 0.25),
      (cs, margin) => {
        const rows = cs.map((c, i) => ({
          customerId: `c${i}`,
          totalTransaction: c.totalTransaction,
          totalPrice: c.cents / 100,
        }));
        if (rows.every((r) => r.totalTransaction > 1)) {
          rows[0] = { ...rows[0]!, totalTransaction: 1 };
        }
        const n = rows.length;
        const churn = 1 - rows.filter((r) => r.totalTransaction > 1).length / n;
        let spendBins: number[] | undefined;
        try {
          spendBins = qcut(rows.map((r) => r.totalPrice), 4);
        } catch (e) {
          ok(e instanceof ValidationError);
        }
        if (spendBins === undefined) {
          throws(() => ruleBasedCltvFromTotals(rows, { margin }), ValidationError);
          return;
        }
        const r = ruleBasedCltvFromTotals(rows, { margin });
        equal(r.churnRate, churn);
        r.rows.forEach((row, i) => {
          const expected = margin * row.totalPrice ** 2 / (n * churn);
          ok(Math.abs(row.cltv - expected) <= 1e-9 * expected, `${row.cltv} vs ${expected}`);
          equal(row.segment, "DCBA"[spendBins![i]!]);
        });
      },
    ),
    { seed: 31415, numRuns: 300 },
  );
});

Deno.test("ruleBasedCltvFromTotals() cuts CLTV like pandas qcut: repeated quartile edges are refused", () => {
  // CLTV is proportional to total spend: [10, 10, 10, 10, 10, 20, 30] has quartiles 10, 10, 10,
  // 15, 30, and pandas.qcut(..., 4) raises "Bin edges must be unique".
  const totals = [10, 10, 10, 10, 10, 20, 30].map((totalPrice, i) => ({
    customerId: `c${i}`,
    totalTransaction: 1 + (i % 2),
    totalPrice,
  }));
  throws(
    () => ruleBasedCltvFromTotals(totals),
    (e: unknown) => e instanceof ValidationError && /bin edges must be unique/.test(e.message),
  );
});

Deno.test("ruleBasedCltvFromTotals() rejects bad input with typed errors", () => {
  throws(() => ruleBasedCltvFromTotals([]), ValidationError);
  throws(
    () =>
      ruleBasedCltvFromTotals([...FOUR, { customerId: "z", totalTransaction: 0, totalPrice: 5 }]),
    (e: unknown) =>
      e instanceof ValidationError && e.issues[0]?.customerId === "z" &&
      /customer "z" has totalTransaction "0"/.test(e.message),
  );
  throws(
    () => ruleBasedCltvFromTotals(FOUR.map((r) => ({ ...r, totalTransaction: 2 }))),
    (e: unknown) => e instanceof ValidationError && /churn rate is 0/.test(e.message),
  );
  throws(() => ruleBasedCltvFromTotals(FOUR, { margin: -1 }), OptionError);
});

Deno.test("ruleBasedCltv() reports a missing table as a typed error", async () => {
  const db = await openDb({ threads: 1 });
  await rejects(
    ruleBasedCltv(db, { table: "nowhere" }),
    (e: unknown) => (e as Error).name === "SchemaError",
  );
  db.close();
});
