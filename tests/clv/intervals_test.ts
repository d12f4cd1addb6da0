import { ok, throws } from "node:assert/strict";
import { predictionInterval } from "../../lib/clv/intervals.ts";
import { fitBgNbd } from "../../lib/clv/fit_bg_nbd.ts";
import { bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchases } from "../../lib/clv/bg_nbd.ts";
import { simulateBgNbd } from "../../lib/clv/simulate.ts";
import { assertRelClose } from "./_data.ts";
import type { BgNbdParams } from "../../lib/clv/types.ts";

const truth = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
const data = simulateBgNbd(truth, new Float64Array(3000).fill(40), { seed: 21 });
const fit = fitBgNbd(data);
const customers = { frequency: [0, 2, 8], recency: [0, 20, 39], T: [40, 40, 40] };
const predict = (p: BgNbdParams) => bgNbdConditionalExpectedPurchases(p, customers, 20);

Deno.test("predictionInterval() bootstrap is seeded, brackets the estimate and agrees with the delta method", () => {
  const a = predictionInterval(fit, predict, { draws: 400, seed: 5 });
  const b = predictionInterval(fit, predict, { draws: 400, seed: 5 });
  ok(a.lower.every((v, i) => v === b.lower[i]));
  const d = predictionInterval(fit, predict, { method: "delta" });
  for (let i = 0; i < 3; i++) {
    ok(a.lower[i]! < a.estimate[i]! && a.estimate[i]! < a.upper[i]!);
    // For a well-identified fit the two methods give similar half-widths (within 25%).
    assertRelClose(a.upper[i]! - a.lower[i]!, d.upper[i]! - d.lower[i]!, 0.25, `customer ${i}`);
  }
});

Deno.test("predictionInterval() covers the true E[X(t)] in about 90% of seeded replications", () => {
  // Coverage check: refit on 40 independent simulated data sets; count how often the
  // 90% delta interval of E[X(39)] contains the value at the true parameters.
  const target = bgNbdExpectedPurchases(truth, 39);
  let covered = 0;
  const reps = 40;
  for (let s = 0; s < reps; s++) {
    const sim = simulateBgNbd(truth, new Float64Array(1500).fill(40), { seed: 100 + s });
    const f = fitBgNbd(sim);
    const pi = predictionInterval(f, (p) => [bgNbdExpectedPurchases(p, 39)], { method: "delta" });
    if (pi.lower[0]! <= target && target <= pi.upper[0]!) covered++;
  }
  ok(covered >= 30 && covered <= 40, `covered ${covered}/${reps}`);
});

Deno.test("predictionInterval() refuses a fit without covariance", () => {
  throws(
    () => predictionInterval({ ...fit, covariance: null, standardErrors: null }, predict),
    /has no covariance matrix/,
  );
});

Deno.test("predictionInterval() refuses parameters that are not identified (boundary optimum)", () => {
  const cov = new Float64Array(16);
  [0.01, 0.01, 5e9, 500].forEach((v, i) => (cov[i * 4 + i] = v));
  throws(
    () => predictionInterval({ ...fit, covariance: cov }, predict),
    /parameter a is not identified \(standard deviation of ln a is 7\.07e\+4\)/,
  );
});
