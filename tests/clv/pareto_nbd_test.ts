import { ok } from "node:assert/strict";
import fc from "fast-check";
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from "../../lib/clv/pareto_nbd.ts";
import { fitParetoNbd } from "../../lib/clv/fit_pareto_nbd.ts";
import { simulateParetoNbd } from "../../lib/clv/simulate.ts";
import { paretoLnA0 } from "../../lib/clv/_pareto_core.ts";
import { hyp2f1 } from "../../lib/clv/_special.ts";
import { assertClose, assertRelClose, cdnowSummary } from "./_data.ts";

/** BTYD walkthrough / lifetimes oracle parameters. */
const BTYD = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
const one = (x: number, tx: number, T: number) => ({ frequency: [x], recency: [tx], T: [T] });
const cdnow = cdnowSummary();

Deno.test({
  name: "fitParetoNbd() reproduces Schmittlein, Morrison & Colombo on CDNOW (BTYD, CLVTools)",
  ignore: cdnow === null,
  fn() {
    const t0 = performance.now();
    const fit = fitParetoNbd(cdnow!);
    const ms = performance.now() - t0;
    console.log(`fitParetoNbd(CDNOW) took ${ms.toFixed(0)} ms, ${fit.iterations} iterations`);
    ok(fit.converged);
    const mle = { r: 0.553276, alpha: 10.577613, s: 0.606214, beta: 11.667917 }; // [V]
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      assertRelClose(fit.params[k], mle[k], 1e-4, k);
    }
    const paper = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      assertClose(fit.params[k], paper[k], 2e-3, k);
    }
    assertClose(fit.logLikelihood, -9594.9739, 1e-3, "LL");
    const se = { r: 0.0476264, alpha: 0.8427222, s: 0.1872594, beta: 6.2105448 }; // CLVTools
    for (const k of ["r", "alpha", "s", "beta"] as const) {
      assertRelClose(fit.standardErrors![k], se[k], 2e-3, `se ${k}`);
    }
  },
});

Deno.test("paretoNbdExpectedPurchases() reproduces BTYD", () => {
  const published = [
    0,
    0.05077821,
    0.09916088,
    0.14542507,
    0.18979930,
    0.23247466,
    0.27361274,
    0.31335159,
    0.35181024,
    0.38909211,
  ];
  published.forEach((v, t) => assertClose(paretoNbdExpectedPurchases(BTYD, t), v, 0.01, `t=${t}`)); // lifetimes atol
  // BTYD's 1.473434 is at its own MLE; at the MLE of this summary ([V]) it is 1.47344.
  const mle = { r: 0.553276, alpha: 10.577613, s: 0.606214, beta: 11.667917 };
  assertClose(paretoNbdExpectedPurchases(mle, 52), 1.473434, 2e-5);
});

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
