import { equal, ok } from "node:assert/strict";
import fc from "fast-check";
import {
  mbgNbdConditionalExpectedPurchases,
  mbgNbdExpectedPurchases,
  mbgNbdLogLikelihood,
  mbgNbdProbabilityAlive,
} from "../../lib/clv/mbg_nbd.ts";
import { fitMbgNbd } from "../../lib/clv/fit_bg_nbd.ts";
import { simulateBgNbd } from "../../lib/clv/simulate.ts";
import { assertRelClose } from "./_data.ts";

const one = (x: number, tx: number, T: number) => ({ frequency: [x], recency: [tx], T: [T] });

Deno.test("fitMbgNbd() recovers simulated MBG/NBD parameters (20,000 customers, seeded)", () => {
  const truth = { r: 0.5, alpha: 6, a: 0.9, b: 1.6 };
  const T = Float64Array.from({ length: 20000 }, (_, i) => 26 + (i % 27));
  const data = simulateBgNbd(truth, T, { seed: 13, modified: true, timeStep: 1 / 7 });
  const fit = fitMbgNbd(data);
  ok(fit.converged);
  // Tolerance: 4 standard errors of the fit itself, and at most 20% relative.
  for (const k of ["r", "alpha", "a", "b"] as const) {
    const err = Math.abs(fit.params[k] - truth[k]);
    ok(
      err < 4 * fit.standardErrors![k] && err < 0.2 * truth[k],
      `${k}: ${fit.params[k]} ± ${fit.standardErrors![k]} vs ${truth[k]}`,
    );
  }
  equal(fit.report.verdict.kind, "interior");
});

Deno.test("fitMbgNbd() predictions do not depend on the time unit (lifetimes: days vs hours, decimal=7)", () => {
  const days = simulateBgNbd(
    { r: 0.4, alpha: 20, a: 0.8, b: 2 },
    new Float64Array(3000).fill(365),
    {
      seed: 5,
      modified: true,
      timeStep: 1,
    },
  );
  const hours = { ...days, recency: days.recency.map((v) => v * 24), T: days.T.map((v) => v * 24) };
  const d = mbgNbdConditionalExpectedPurchases(fitMbgNbd(days).params, days, 30);
  const h = mbgNbdConditionalExpectedPurchases(fitMbgNbd(hours).params, hours, 720);
  for (const i of [0, 1, 2, 3, 4, 100, 2999]) ok(Math.abs(d[i]! - h[i]!) < 1e-7, `customer ${i}`);
});

Deno.test("MBG/NBD: P(alive) in (0, 1], E[Y] non-decreasing in t, finite log-likelihood (property)", () => {
  fc.assert(
    fc.property(
      fc.record({
        r: fc.double({ min: 0.01, max: 20, noNaN: true }),
        alpha: fc.double({ min: 0.01, max: 100, noNaN: true }),
        a: fc.double({ min: 0.01, max: 20, noNaN: true }),
        b: fc.double({ min: 0.01, max: 20, noNaN: true }),
      }),
      fc.integer({ min: 0, max: 3000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 500, noNaN: true }),
      (p, x, u, T) => {
        const s = one(x, x === 0 ? 0 : u * T, T);
        const alive = mbgNbdProbabilityAlive(p, s)[0]!;
        if (!(alive >= 0 && alive <= 1)) return false;
        let previous = 0;
        for (const t of [0.5, 1, 5, 20, 100]) {
          const y = mbgNbdConditionalExpectedPurchases(p, s, t)[0]!;
          if (!Number.isFinite(y) || y < previous * (1 - 1e-9) - 1e-12) return false;
          previous = y;
        }
        return Number.isFinite(mbgNbdLogLikelihood(p, s)[0]!) &&
          Number.isFinite(mbgNbdExpectedPurchases(p, 1e4));
      },
    ),
    { seed: 20240604, numRuns: 300 },
  );
});

Deno.test("mbgNbdExpectedPurchases() is continuous through a = 1", () => {
  const p = { r: 0.525, alpha: 6.183, a: 1, b: 1.614 };
  const at1 = mbgNbdExpectedPurchases(p, 52);
  assertRelClose(mbgNbdExpectedPurchases({ ...p, a: 1 + 1e-7 }, 52), at1, 1e-6);
  assertRelClose(mbgNbdExpectedPurchases({ ...p, a: 1 - 1e-7 }, 52), at1, 1e-6);
});
