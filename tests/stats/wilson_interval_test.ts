import { equal, throws } from "node:assert/strict";
import { wilsonInterval } from "../../lib/stats/mod.ts";
import { assertClose } from "./_assert.ts";

// Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison
// of seven methods. Statistics in Medicine 17, 857-872. Table II, method 3 (score, no continuity
// correction), the five worked examples, to 4 decimals.
const NEWCOMBE: readonly [number, number, number, number][] = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
  [29, 29, 0.8830, 1],
];

Deno.test("wilsonInterval() matches Newcombe's (1998) worked examples", () => {
  for (const [x, n, low, high] of NEWCOMBE) {
    const ci = wilsonInterval(x, n);
    assertClose(ci.low, low, 5e-5, `${x}/${n} low`);
    assertClose(ci.high, high, 5e-5, `${x}/${n} high`);
    equal(ci.estimate, x / n);
  }
});

Deno.test("wilsonInterval() follows the closed form at another confidence level", () => {
  // 90%: z = 1.6448536269514722; x = 7, n = 20 by hand from Wilson's formula.
  const z = 1.6448536269514722;
  const p = 0.35;
  const n = 20;
  const centre = p + z * z / (2 * n);
  const spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  const ci = wilsonInterval(7, 20, { confidence: 0.9 });
  assertClose(ci.low, (centre - spread) / (1 + z * z / n), 1e-12);
  assertClose(ci.high, (centre + spread) / (1 + z * z / n), 1e-12);
});

Deno.test("wilsonInterval() contains the estimate, stays in [0, 1] and narrows with n", () => {
  for (const n of [1, 5, 30, 400]) {
    for (let x = 0; x <= n; x += Math.max(1, Math.floor(n / 7))) {
      const ci = wilsonInterval(x, n);
      equal(ci.low >= 0 && ci.high <= 1 && ci.low <= ci.estimate && ci.estimate <= ci.high, true);
    }
  }
  const small = wilsonInterval(5, 10);
  const large = wilsonInterval(500, 1000);
  equal(large.high - large.low < small.high - small.low, true);
});

Deno.test("wilsonInterval() gives NaN for no trials and refuses impossible counts", () => {
  equal(Number.isNaN(wilsonInterval(0, 0).low), true);
  throws(() => wilsonInterval(5, 4), /0 <= successes <= trials: current values are 5 of 4/);
  throws(() => wilsonInterval(1.5, 4), RangeError);
  throws(() => wilsonInterval(1, 4, { confidence: 1 }), /confidence must be in \(0, 1\)/);
});
