import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  frequencyRecencyMatrix,
  probabilityAliveHistory,
  probabilityAliveMatrix,
  repeatPurchaseCounts,
} from "../../lib/clv/diagnostics.ts";
import { calibrationVsHoldout, trackingTransactions } from "../../lib/clv/tracking.ts";
import { probabilityAlive } from "../../lib/clv/predict.ts";
import { assertClose, cdnowSummary, sharedFile } from "./_data.ts";

const MLE = {
  model: "bg_nbd",
  params: { r: 0.24259291, alpha: 4.41353118, a: 0.79288625, b: 2.42575366 },
} as const;
const PNBD = {
  model: "pareto_nbd",
  params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
} as const;

/** CDNOW customer ages (committed fixture, derived from the shared summary). */
const ages = JSON.parse(
  readFileSync(new URL("../fixtures/clv/cdnow_T_counts.json", import.meta.url), "utf8"),
) as {
  T: number[];
  count: number[];
};
const cdnowT = ages.T.flatMap((T, i) => Array<number>(ages.count[i]!).fill(T));

Deno.test("repeatPurchaseCounts() gives the exact model-expected CDNOW histogram", () => {
  // Expected counts need only each customer's T; frequencies are set to 0 here (actual tested below).
  const zeros = cdnowT.map(() => 0);
  const rows = repeatPurchaseCounts(MLE, { frequency: zeros, recency: zeros, T: cdnowT });
  [1407.7, 460.3, 192.5, 101.2, 59.8, 38.1, 25.5, 71.9].forEach((v, k) =>
    assertClose(rows[k]!.expected, v, 0.05, `k=${k}`)
  );
  equal(rows[7]!.label, "7+");
  assertClose(rows.reduce((s, r) => s + r.expected, 0), 2357, 1e-8);
});

Deno.test({
  name: "repeatPurchaseCounts() counts the actual CDNOW calibration histogram",
  ignore: cdnowSummary() === null,
  fn() {
    const rows = repeatPurchaseCounts(MLE, cdnowSummary()!);
    deepStrictEqual(rows.map((r) => r.actual), [1411, 439, 214, 100, 62, 38, 29, 64]);
  },
});

Deno.test("frequencyRecencyMatrix() reproduces lifetimes' CDNOW row t_x = 29", () => {
  const m = frequencyRecencyMatrix(MLE, { maxFrequency: 29, maxRecency: 38, t: 1 });
  equal(m.values.length, 39);
  equal(m.values[0]!.length, 30);
  const row = [
    0.005,
    0.020,
    0.037,
    0.054,
    0.070,
    0.085,
    0.099,
    0.110,
    0.120,
    0.127,
    0.133,
    0.136,
    0.136,
    0.135,
    0.131,
    0.125,
    0.119,
    0.111,
    0.102,
    0.093,
    0.084,
    0.075,
    0.066,
    0.058,
    0.050,
    0.044,
    0.038,
    0.032,
    0.027,
    0.023,
  ];
  row.forEach((v, x) => assertClose(m.values[29]![x]!, v, 0.001, `x=${x}`));
  equal(m.cells.length, 39 * 30);
});

Deno.test("probabilityAliveMatrix() reproduces lifetimes' CDNOW row t_x = 35 and matches pointwise values", () => {
  const m = probabilityAliveMatrix(MLE, { maxFrequency: 29, maxRecency: 38 });
  const row = [
    1.0,
    0.736,
    0.785,
    0.814,
    0.833,
    0.846,
    0.855,
    0.862,
    0.866,
    0.869,
    0.871,
    0.872,
    0.873,
    0.873,
    0.872,
    0.871,
    0.869,
    0.867,
    0.865,
    0.862,
    0.859,
    0.856,
    0.852,
    0.848,
    0.844,
    0.839,
    0.834,
    0.829,
    0.823,
    0.817,
  ];
  row.forEach((v, x) => assertClose(m.values[35]![x]!, v, 0.001, `x=${x}`));
  equal(m.values[0]![0], 1);
  assertClose(
    m.values[12]![7]!,
    probabilityAlive(MLE, { frequency: [7], recency: [12], T: [38] })[0]!,
    0,
  );
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

Deno.test("trackingTransactions() reproduces the BTYD walkthrough's Pareto/NBD tracking (weeks 20–25)", () => {
  const maxT = Math.max(...cdnowT);
  const births = cdnowT.map((T) => maxT - T);
  const grid = Array.from({ length: 78 }, (_, i) => i + 1);
  const tr = trackingTransactions(PNBD, births, { grid });
  // Cumulative expected (rounded, BTYD): T here has 2 decimals, so allow ±1.
  [1309, 1385, 1460, 1533, 1604, 1674].forEach((v, i) =>
    assertClose(tr.expectedCumulative[19 + i]!, v, 1, `week ${20 + i}`)
  );
  [78.31, 76.42, 74.65, 72.98, 71.41, 69.93].forEach((v, i) =>
    assertClose(tr.expectedIncremental[19 + i]!, v, 0.05, `week ${20 + i}`)
  );
});

Deno.test({
  name: "trackingTransactions() counts CDNOW's actual repeat transactions (same-day merged)",
  ignore: sharedFile("CDNOW_sample.txt") === null,
  fn() {
    const text = readFileSync(sharedFile("CDNOW_sample.txt")!, "utf8");
    const days = new Map<string, Set<number>>();
    const start = Date.UTC(1997, 0, 1);
    for (const line of text.split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5) continue;
      const d = f[2]!;
      const day =
        (Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) - start) / 86400000 + 1;
      if (!days.has(f[0]!)) days.set(f[0]!, new Set());
      days.get(f[0]!)!.add(day);
    }
    const births: number[] = [];
    const repeatTimes: number[] = [];
    for (const set of days.values()) {
      const sorted = [...set].sort((a, b) => a - b);
      births.push((sorted[0]! - 1) / 7);
      for (const d of sorted.slice(1)) repeatTimes.push(d / 7);
    }
    const tr = trackingTransactions(PNBD, births, {
      grid: Array.from({ length: 78 }, (_, i) => i + 1),
      repeatTimes,
    });
    deepStrictEqual([...tr.actualCumulative!.slice(19, 25)], [1359, 1414, 1484, 1517, 1573, 1672]);
    deepStrictEqual([...tr.actualIncremental!.slice(19, 25)], [73, 55, 70, 33, 56, 99]);
    [1309, 1385, 1460, 1533, 1604, 1674].forEach((v, i) =>
      equal(Math.round(tr.expectedCumulative[19 + i]!), v, `week ${20 + i}`)
    );
  },
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
