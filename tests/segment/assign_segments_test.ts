import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import { type RfmScoredRow, rfmScores, rfmScoring, rfmTable } from "../../lib/rfm/mod.ts";
import { assignSegments, DEFAULT_SEGMENT_MAP, segmentSummary } from "../../lib/segment/mod.ts";

function scoredRow(rfScore: string, id = `c${rfScore}`): RfmScoredRow {
  return {
    customerId: id,
    recency: 10,
    frequency: 1,
    monetary: 1,
    recencyScore: Number(rfScore[0]),
    frequencyScore: Number(rfScore[1]),
    monetaryScore: 3,
    rfScore,
    rfmScore: `${rfScore}3`,
  };
}

Deno.test("assignSegments() maps RF scores, not RFM scores", () => {
  // rfmScore "545": an unanchored replace of "45" would hit the wrong digits
  deepStrictEqual(
    assignSegments([
      scoredRow("54"),
      scoredRow("45"),
      scoredRow("51"),
      scoredRow("15"),
      scoredRow("33"),
    ]).map((r) => r.segment),
    ["champions", "loyal_customers", "new_customers", "cant_loose", "need_attention"],
  );
});

Deno.test("assignSegments() rejects scores outside the map's cells", () => {
  throws(
    () => assignSegments([scoredRow("61", "x1")]),
    /customer "x1": RF score "61" is not a cell of the map/,
  );
});

Deno.test("assignSegments() and segmentSummary(): counts sum to the customer count", () => {
  const rows = fc.uniqueArray(
    fc.record({
      customerId: fc.string({ minLength: 1, maxLength: 6 }),
      recency: fc.integer({ min: 0, max: 400 }),
      frequency: fc.integer({ min: 1, max: 20 }),
      monetary: fc.integer({ min: 1, max: 5000 }),
    }),
    { selector: (r) => r.customerId, minLength: 2, maxLength: 60 },
  );
  fc.assert(
    fc.property(rows, (input) => {
      const segmented = assignSegments(rfmScores(input, { recency: "rank", monetary: "rank" }));
      const summary = segmentSummary(segmented);
      const known = new Set(DEFAULT_SEGMENT_MAP.map((r) => r.segment));
      const shares = summary.reduce((s, r) => s + r.share, 0);
      const revenue = summary.reduce((s, r) => s + r.revenueShare, 0);
      return segmented.length === input.length &&
        segmented.every((r) => known.has(r.segment)) &&
        summary.reduce((n, r) => n + r.customers, 0) === input.length &&
        Math.abs(shares - 1) < 1e-9 && Math.abs(revenue - 1) < 1e-9;
    }),
    { seed: 31337, numRuns: 150 },
  );
});

Deno.test("segmentSummary() computes means, shares and a data-driven action", () => {
  const row = (id: string, rf: string, recency: number, frequency: number, monetary: number) => ({
    ...scoredRow(rf, id),
    recency,
    frequency,
    monetary,
    segment: rf === "55" ? "champions" : "at_Risk",
  });
  const summary = segmentSummary([
    row("a", "55", 1, 20, 3000),
    row("b", "55", 3, 10, 1000),
    row("c", "13", 100, 3, 500),
    row("d", "13", 200, 4, 300),
    row("e", "13", 300, 2, 200),
  ]);
  // map order: at_Risk before champions
  deepStrictEqual(summary.map((s) => [s.segment, s.customers, s.share]), [["at_Risk", 3, 0.6], [
    "champions",
    2,
    0.4,
  ]]);
  const [risk, champ] = summary;
  equal(risk!.recencyMean, 200);
  equal(risk!.frequencyMean, 3);
  equal(risk!.monetaryMean, 1000 / 3);
  equal(risk!.revenue, 1000);
  equal(risk!.revenueShare, 0.2);
  equal(champ!.revenueShare, 0.8);
  equal(champ!.label, "Champions");
  // 0.8 > 2 × 0.4 is false (equal), so no emphasis
  equal(
    champ!.action,
    "2 customers (40.0%) bring 80.0% of revenue; last bought 2 days ago on average, 15.0 orders, 2000.00 spent: reward them, give early access, ask for reviews and referrals",
  );
  equal(
    risk!.action.startsWith(
      "3 customers (60.0%) bring 20.0% of revenue; last bought 200 days ago on average, 3.0 orders, 333.33 spent: a low-cost channel fits them: ",
    ),
    true,
  );
});

Deno.test("assignSegments() and segmentSummary() take a replaced map as data", () => {
  // A three-segment map on the same RF cells: recency score decides.
  const map = [
    {
      segment: "gone",
      pattern: "[1-2][1-5]",
      label: "Gone",
      description: "",
      action: "wake them up",
    },
    { segment: "warm", pattern: "3[1-5]", label: "Warm", description: "", action: "nudge" },
    { segment: "hot", pattern: "[4-5][1-5]", label: "Hot", description: "", action: "reward" },
  ];
  const rows = ["11", "35", "52", "44", "21"].map((rf) => scoredRow(rf));
  const segmented = assignSegments(rows, { map });
  deepStrictEqual(segmented.map((r) => r.segment), ["gone", "warm", "hot", "hot", "gone"]);
  const summary = segmentSummary(segmented, { map });
  deepStrictEqual(summary.map((s) => [s.segment, s.label, s.customers]), [
    ["gone", "Gone", 2],
    ["warm", "Warm", 1],
    ["hot", "Hot", 2],
  ]);
  equal(summary[2]!.action.endsWith(": reward"), true);
  // an incomplete replacement is refused before any customer is assigned
  throws(() => assignSegments(rows, { map: map.slice(0, 2) }), /uncovered cells 41, 42/);
});

Deno.test("segmentSummary() flags segments worth prioritising and segments missing from the map", () => {
  const row = (id: string, segment: string, monetary: number) => ({
    ...scoredRow("55", id),
    recency: 4,
    frequency: 6,
    monetary,
    segment,
  });
  const [hib, champ, vip] = segmentSummary([
    row("a", "champions", 900),
    row("b", "hibernating", 50),
    row("c", "hibernating", 50),
    row("d", "vip", 0),
  ]);
  // champions: 25% of customers bring 90% of revenue (> 2 × 25%)
  equal(
    champ!.action,
    "1 customer (25.0%) brings 90.0% of revenue; last bought 4 days ago on average, 6.0 orders, 900.00 spent: worth prioritising: reward them, give early access, ask for reviews and referrals",
  );
  equal(hib!.action.includes(": a low-cost channel fits them: "), true);
  // a segment the map does not know comes last, labelled by its id, with a generic playbook
  deepStrictEqual([vip!.segment, vip!.label, vip!.revenueShare], ["vip", "vip", 0]);
  equal(vip!.action.endsWith(": a low-cost channel fits them: review this segment"), true);
});

Deno.test("transactions to segments: counts sum to the customers, whatever the row order", async () => {
  const db = await openDb({ threads: 2 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            c: fc.integer({ min: 1, max: 25 }),
            day: fc.integer({ min: 0, max: 365 }),
            cents: fc.integer({ min: 1, max: 50000 }),
          }),
          { minLength: 2, maxLength: 60 },
        ),
        fc.integer(),
        async (orders, salt) => {
          const sql = (os: typeof orders) =>
            os.map((o) =>
              `('${o.c}', 'inv-${o.c}-${o.day}', timestamp '2011-01-01' + INTERVAL ${o.day} DAY, ${
                o.cents / 100
              })`
            ).join(",");
          const shuffled = [...orders].sort((a, b) =>
            ((a.cents ^ salt) % 11) - ((b.cents ^ salt) % 11)
          );
          const segmentsOf = async (os: typeof orders) => {
            await db.run(
              `CREATE OR REPLACE TABLE clean_transactions AS SELECT * FROM (VALUES ${
                sql(os)
              }) t(customer_id, invoice, invoice_date, line_total)`,
            );
            const { rows } = await rfmTable(db);
            if (rows.length < 2) return null;
            const segmented = assignSegments(rfmScoring(rows).rows);
            return { segmented, summary: segmentSummary(segmented) };
          };
          const a = await segmentsOf(orders);
          deepStrictEqual(await segmentsOf(shuffled), a);
          if (a === null) return true;
          const customers = new Set(orders.map((o) => o.c)).size;
          return a.segmented.length === customers &&
            a.summary.reduce((n, s) => n + s.customers, 0) === customers &&
            a.segmented.every((r) => r.recency >= 0);
        },
      ),
      { seed: 2011, numRuns: 25 },
    );
  } finally {
    db.close();
  }
});
