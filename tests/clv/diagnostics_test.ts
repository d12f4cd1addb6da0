import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  frequencyRecencyMatrix,
  probabilityAliveHistory,
  probabilityAliveMatrix,
  repeatPurchaseCounts,
} from "../../lib/clv/diagnostics.ts";
import { calibrationVsHoldout, trackingTable } from "../../lib/clv/tracking.ts";
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
} from "../../lib/clv/predict.ts";
import { bgNbdProbabilityOfPurchases } from "../../lib/clv/bg_nbd.ts";
import { assertClose } from "./_data.ts";
import { BG_MLE } from "./_published.ts";

// The CDNOW rows of these diagnostics are in cdnow_reference_test.ts; here, their definitions.
const MLE = { model: "bg_nbd", params: BG_MLE } as const;

Deno.test("probabilityAliveMatrix() and frequencyRecencyMatrix() cells equal the pointwise predictions", () => {
  const alive = probabilityAliveMatrix(MLE, { maxFrequency: 9, maxRecency: 20, T: 30 });
  const fr = frequencyRecencyMatrix(MLE, { maxFrequency: 9, maxRecency: 20, T: 30, t: 4 });
  equal(alive.values[0]![0], 1);
  deepStrictEqual([alive.values.length, alive.values[0]!.length, alive.cells.length], [
    21,
    10,
    210,
  ]);
  for (const [tx, x] of [[12, 7], [20, 9], [3, 1], [0, 0]] as const) {
    const one = { frequency: [x], recency: [x === 0 ? 0 : tx], T: [30] };
    equal(alive.values[tx]![x], probabilityAlive(MLE, one)[0]);
    equal(fr.values[tx]![x], conditionalExpectedPurchases(MLE, one, 4)[0]);
  }
  const cell = fr.cells.find((c) => c.recency === 12 && c.frequency === 7)!;
  equal(cell.value, fr.values[12]![7]);
});

Deno.test("repeatPurchaseCounts() sums the PMF per customer age and pools the tail", () => {
  const rows = repeatPurchaseCounts(MLE, {
    frequency: [0, 2, 5, 1],
    recency: [0, 10, 30, 4],
    T: [20, 20, 39, 39],
  }, { buckets: 3 });
  deepStrictEqual(rows.map((r) => [r.label, r.actual]), [["0", 1], ["1", 1], ["2+", 2]]);
  for (const k of [0, 1]) {
    const expected = 2 * bgNbdProbabilityOfPurchases(BG_MLE, 20, k) +
      2 * bgNbdProbabilityOfPurchases(BG_MLE, 39, k);
    assertClose(rows[k]!.expected, expected, 1e-12, `k=${k}`);
  }
  assertClose(rows.reduce((s, r) => s + r.expected, 0), 4, 1e-12);
});

Deno.test("trackingTable() converts daily actuals for a weekly model and accumulates", () => {
  const rows = trackingTable(
    MLE,
    { birthTimes: [0, 3], repeatTransactions: [0, 0, 1, 0, 2, 1, 0] },
    {
      unitsPerPeriod: 1 / 7,
    },
  );
  deepStrictEqual(rows.map((r) => r.actualCumulative), [0, 0, 1, 1, 3, 4, 4]);
  // End of day 7 = week 1: customer 1 is 1 week old, customer 2 (born day 3) 4/7 of a week.
  assertClose(
    rows[6]!.expectedCumulative,
    expectedPurchases(MLE, 1) + expectedPurchases(MLE, 4 / 7),
    1e-12,
  );
  assertClose(rows.reduce((s, r) => s + r.expected, 0), rows[6]!.expectedCumulative, 1e-12);
});

Deno.test("probabilityAliveHistory() equals P(alive) of the summary at each time", () => {
  const h = probabilityAliveHistory(MLE, [3, 10, 11], [2, 5, 10.5, 30]);
  const expected = [
    probabilityAlive(MLE, { frequency: [0], recency: [0], T: [2] })[0]!,
    probabilityAlive(MLE, { frequency: [1], recency: [3], T: [5] })[0]!,
    probabilityAlive(MLE, { frequency: [2], recency: [10], T: [10.5] })[0]!,
    probabilityAlive(MLE, { frequency: [3], recency: [11], T: [30] })[0]!,
  ];
  expected.forEach((v, i) => assertClose(h[i]!, v, 0));
});

Deno.test("calibrationVsHoldout() pools frequencies above the cap and averages per bucket", () => {
  const rows = calibrationVsHoldout(MLE, [
    { frequency: 0, recency: 0, T: 30, frequencyHoldout: 1, durationHoldout: 10 },
    { frequency: 0, recency: 0, T: 30, frequencyHoldout: 0, durationHoldout: 10 },
    { frequency: 8, recency: 25, T: 30, frequencyHoldout: 4, durationHoldout: 10 },
    { frequency: 12, recency: 29, T: 30, frequencyHoldout: 6, durationHoldout: 10 },
  ], { maxFrequency: 7 });
  deepStrictEqual(rows.map((r) => [r.label, r.customers, r.actual]), [["0", 2, 0.5], ["7+", 2, 5]]);
  ok(rows[1]!.predicted > rows[0]!.predicted);
});

Deno.test("calibrationVsHoldout() takes one durationHoldout for all customers, as calibrationHoldout returns it", () => {
  const columns = {
    frequency: [0, 0, 2],
    recency: [0, 0, 20],
    T: [30, 30, 30],
    frequencyHoldout: [0, 1, 3],
  };
  const scalar = calibrationVsHoldout(MLE, { ...columns, durationHoldout: 39 });
  const perRow = calibrationVsHoldout(MLE, { ...columns, durationHoldout: [39, 39, 39] });
  deepStrictEqual(scalar, perRow);
  ok(scalar.every((b) => Number.isFinite(b.predicted) && b.predicted > 0));
  throws(
    () => calibrationVsHoldout(MLE, { ...columns, durationHoldout: [39, 39] }),
    /3 customers but 3 holdout frequencies and 2 holdout durations/,
  );
});
