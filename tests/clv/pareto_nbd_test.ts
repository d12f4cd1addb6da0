import { ok } from "node:assert/strict";
import fc from "fast-check";
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from "../../lib/clv/pareto_nbd.ts";
import { fitParetoNbd } from "../../lib/clv/fit_pareto_nbd.ts";
import { simulateParetoNbd } from "../../lib/clv/simulate.ts";
import { paretoLnA0, paretoLnA0Integral } from "../../lib/clv/_pareto_core.ts";
import { simulateBgNbd } from "../../lib/clv/simulate.ts";
import { hyp2f1 } from "../../lib/clv/_special.ts";
import { assertClose, assertRelClose } from "./_data.ts";

/** BTYD walkthrough / lifetimes oracle parameters. */
const BTYD = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
const one = (x: number, tx: number, T: number) => ({ frequency: [x], recency: [tx], T: [T] });

Deno.test("paretoNbdConditionalExpectedPurchases() and P(alive) reproduce BTYD customer 1516 and the paradox", () => {
  // lifetimes' tolerance (abs 0.01): the walkthrough's parameters carry more digits than printed.
  assertClose(
    paretoNbdConditionalExpectedPurchases(BTYD, one(26, 30.85714, 31), 52)[0]!,
    25.45647,
    0.01,
  );
  assertClose(paretoNbdProbabilityAlive(BTYD, one(26, 30.85714, 31))[0]!, 0.997874, 1e-3);
  const paradox = paretoNbdConditionalExpectedPurchases(BTYD, {
    frequency: [10, 15, 20, 25],
    recency: [20, 20, 20, 20],
    T: [39, 39, 39, 39],
  }, 52);
  [0.7062289, 0.1442396, 0.02250658, 0.00309267].forEach((v, i) =>
    assertRelClose(paradox[i]!, v, 2e-3, `x=${[10, 15, 20, 25][i]}`)
  );
});

Deno.test("paretoLnA0() matches the direct note 009 formula", () => {
  for (const p of [BTYD, { r: 0.5, alpha: 3, s: 1.2, beta: 9 }]) {
    for (const [x, tx, T] of [[0, 0, 30], [2, 10, 30], [7, 25, 39]] as const) {
      const { r, alpha, s, beta } = p;
      const rsf = r + s + x;
      const [big, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
      const d = Math.abs(alpha - beta);
      const direct = hyp2f1(rsf, b2, rsf + 1, d / (big + tx)) / Math.pow(big + tx, rsf) -
        hyp2f1(rsf, b2, rsf + 1, d / (big + T)) / Math.pow(big + T, rsf);
      assertRelClose(paretoLnA0(p, x, tx, T), Math.log(direct), 1e-9, `x=${x}`);
      assertRelClose(paretoLnA0Integral(p, x, tx, T), Math.log(direct), 1e-9, `integral x=${x}`);
    }
  }
});

Deno.test("Pareto/NBD survives lifetimes' overflow and underflow stress inputs", () => {
  const stress = { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.820 };
  for (const [x, tx, T] of [[400, 5, 6], [500, 1, 37], [500, 4, 37]] as const) {
    const v = paretoLnA0(stress, x, tx, T);
    ok(Number.isFinite(v) && v < 0, `ln A0 = ${v}`);
  }
  for (const [x, tx, T] of [[40, 5, 6], [50, 1, 37], [50, 4, 37]] as const) {
    const p = paretoNbdProbabilityAlive(stress, one(x, tx, T))[0]!;
    ok(p >= 0 && p <= 1);
  }
  const ce = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
  const a = paretoNbdConditionalExpectedPurchases(ce, one(132, 200, 200), 10)[0]!;
  const b = paretoNbdConditionalExpectedPurchases(ce, one(133, 200, 200), 10)[0]!;
  assertClose(a, 6.2061, 1e-3);
  assertClose(b, 6.2529, 1e-3);
  for (const [x, tx, T] of [[10000, 30, 31], [10000, 1, 31], [3000, 38.9, 39]] as const) {
    ok(Number.isFinite(paretoNbdLogLikelihood(BTYD, one(x, tx, T))[0]!));
    ok(Number.isFinite(paretoNbdConditionalExpectedPurchases(BTYD, one(x, tx, T), 52)[0]!));
  }
});

Deno.test("paretoNbdProbabilityAlive() lies in [0, 1] (property)", () => {
  const arb = fc.record({
    r: fc.double({ min: 0.01, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0.01, max: 100, noNaN: true }),
    s: fc.double({ min: 0.01, max: 20, noNaN: true }),
    beta: fc.double({ min: 0.01, max: 100, noNaN: true }),
  });
  fc.assert(
    fc.property(
      arb,
      fc.integer({ min: 0, max: 2000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.1, max: 300, noNaN: true }),
      (p, x, u, T) => {
        const tx = x === 0 ? 0 : u * T;
        const v = paretoNbdProbabilityAlive(p, one(x, tx, T))[0]!;
        const y = paretoNbdConditionalExpectedPurchases(p, one(x, tx, T), 10)[0]!;
        return v >= 0 && v <= 1 && Number.isFinite(y) && y >= 0;
      },
    ),
    { seed: 7, numRuns: 300 },
  );
});

Deno.test("fitParetoNbd() recovers simulated parameters (seeded)", () => {
  const truth = { r: 0.6, alpha: 8, s: 0.8, beta: 10 };
  const data = simulateParetoNbd(
    truth,
    Float64Array.from({ length: 8000 }, (_, i) => 20 + (i % 30)),
    { seed: 4, timeStep: 1 / 7 },
  );
  const fit = fitParetoNbd(data);
  ok(fit.converged);
  for (const k of ["r", "alpha", "s", "beta"] as const) {
    const err = Math.abs(fit.params[k] - truth[k]);
    ok(err < 4 * fit.standardErrors![k], `${k}: ${fit.params[k]} ± ${fit.standardErrors![k]}`);
  }
});

Deno.test("paretoLnA0Integral() equals the series form, also where the series converges slowly or cancels", () => {
  // Independent check of the integral form A₀ = (r+s+x)·∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ:
  // midpoint rules in τ with 100,000 and 200,000 steps, Richardson-extrapolated (O(h⁴)).
  const midpoint = (p: typeof BTYD, x: number, tx: number, T: number): number => {
    const rule = (n: number): number => {
      const h = (T - tx) / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const tau = tx + (i + 0.5) * h;
        sum += Math.pow(p.alpha + tau, -(p.r + x)) * Math.pow(p.beta + tau, -(p.s + 1));
      }
      return sum * h;
    };
    return Math.log((p.r + p.s + x) * (4 * rule(200_000) - rule(100_000)) / 3);
  };
  const nearBoundary = { r: 0.83, alpha: 0.19, s: 5e-6, beta: 1.8e4 }; // z = 0.99999: slow series
  for (const p of [BTYD, nearBoundary, { r: 2, alpha: 50, s: 0.3, beta: 0.01 }]) {
    for (const [x, tx, T] of [[0, 0, 1], [1, 0.3, 1], [3, 20, 39], [2, 38.99, 39]] as const) {
      assertRelClose(paretoLnA0Integral(p, x, tx, T), midpoint(p, x, tx, T), 1e-9, `x=${x}`);
      assertRelClose(paretoLnA0(p, x, tx, T), midpoint(p, x, tx, T), 1e-9, `x=${x}`);
    }
  }
  ok(paretoLnA0Integral(BTYD, 3, 20, 20) === -Infinity);
});

Deno.test("fitParetoNbd() on customers who never leave reports the no-dropout boundary", () => {
  // A pure NBD population (BG/NBD with a → 0): Pareto/NBD's optimum runs to s → 0 or β → ∞
  // (on most samples, this seed's among them; a few look like weak dropout by chance).
  const data = simulateBgNbd(
    { r: 1.5, alpha: 6, a: 1e-9, b: 1e6 },
    new Float64Array(1500).fill(40),
    {
      seed: 2,
      timeStep: 1 / 7,
    },
  );
  const fit = fitParetoNbd(data);
  const v = fit.report.verdict;
  ok(v.kind === "no-dropout-boundary", JSON.stringify(v));
  ok(v.noDropout.p > 0.05 && v.heavyDropout.p <= 0.05);
  ok(!JSON.stringify(fit).includes("NaN") && !JSON.stringify(fit).includes("null,null"));
  for (const v of [...Object.values(fit.params), fit.logLikelihood, fit.gradientNorm]) {
    ok(Number.isFinite(v), String(v));
  }
});

Deno.test("paretoNbdConditionalExpectedPurchases() is non-decreasing in t (property)", () => {
  fc.assert(
    fc.property(
      fc.record({
        r: fc.double({ min: 0.01, max: 20, noNaN: true }),
        alpha: fc.double({ min: 0.01, max: 100, noNaN: true }),
        s: fc.double({ min: 0.01, max: 20, noNaN: true }),
        beta: fc.double({ min: 0.01, max: 100, noNaN: true }),
      }),
      fc.integer({ min: 0, max: 3000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.1, max: 300, noNaN: true }),
      (p, x, u, T) => {
        const s = one(x, x === 0 ? 0 : u * T, T);
        let previous = 0;
        for (const t of [0.5, 2, 10, 50, 500]) {
          const y = paretoNbdConditionalExpectedPurchases(p, s, t)[0]!;
          if (!Number.isFinite(y) || y < previous * (1 - 1e-9) - 1e-12) return false;
          previous = y;
        }
        return true;
      },
    ),
    { seed: 20240603, numRuns: 300 },
  );
});
