import { equal, ok, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  expectedAverageValue,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMean,
} from "../../lib/clv/gamma_gamma.ts";
import { fitGammaGamma } from "../../lib/clv/fit_gamma_gamma.ts";
import { simulateGammaGamma } from "../../lib/clv/simulate.ts";
import { ValidationError } from "../../lib/errors.ts";
import { assertClose, assertRelClose, cdnowWithSpend } from "./_data.ts";

const cdnow = cdnowWithSpend();

Deno.test({
  name: "expectedAverageValue() reproduces lifetimes' first ten CDNOW customers",
  ignore: cdnow === null,
  fn() {
    const values = expectedAverageValue({ p: 6.25, q: 3.74, v: 15.44 }, cdnow!);
    // lifetimes (atol 0.1) at its MLE; models.md [V] at the rounded parameters.
    [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17].forEach((v, i) =>
      assertClose(values[i]!, v, 0.1, `customer ${i + 1}`)
    );
  },
});

Deno.test("expectedAverageValue() is a weighted average of population and observed means (property)", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.1, max: 50, noNaN: true }),
      fc.double({ min: 1.01, max: 50, noNaN: true }),
      fc.double({ min: 0.1, max: 500, noNaN: true }),
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 0.01, max: 1e5, noNaN: true }),
      (p, q, v, x, z) => {
        const [m] = expectedAverageValue({ p, q, v }, {
          frequency: [x],
          recency: [1],
          T: [2],
          monetaryValue: [z],
        });
        const pop = gammaGammaPopulationMean({ p, q, v })!;
        return m! >= Math.min(pop, z) * (1 - 1e-12) && m! <= Math.max(pop, z) * (1 + 1e-12);
      },
    ),
    { seed: 42, numRuns: 500 },
  );
});

Deno.test("expectedAverageValue() with q ≤ 1 is finite for repeaters and explicit for the rest", () => {
  const params = { p: 3.79, q: 0.34, v: 3.73 }; // Online Retail II, penalizer 0.01
  const s = {
    frequency: [2, 7, 1],
    recency: [5, 9, 3],
    T: [10, 10, 10],
    monetaryValue: [20, 15, 8],
  };
  const m = expectedAverageValue(params, s);
  m.forEach((v, i) => ok(Number.isFinite(v) && v > 0, `row ${i}: ${v}`));
  assertClose(m[0]!, (3.79 * (3.73 + 2 * 20)) / (3.79 * 2 + 0.34 - 1), 1e-9);
  equal(gammaGammaPopulationMean(params), null);
  const withNew = {
    ...s,
    frequency: [0, ...s.frequency],
    recency: [0, ...s.recency],
    T: [10, ...s.T],
    monetaryValue: [0, ...s.monetaryValue],
  };
  throws(
    () => expectedAverageValue(params, withNew),
    (e: unknown) =>
      e instanceof ValidationError &&
      /1 rows have px \+ q − 1 ≤ 0 because q = 0.34 ≤ 1 \(first: row 0/.test(e.message),
  );
  equal(expectedAverageValue(params, withNew, { undefinedValue: 0 })[0], 0);
});

Deno.test("fitGammaGamma() recovers simulated parameters (seeded)", () => {
  const truth = { p: 6, q: 4, v: 15 };
  const frequency = Float64Array.from({ length: 20000 }, (_, i) => 1 + (i % 8));
  const monetaryValue = simulateGammaGamma(truth, frequency, { seed: 9 });
  const fit = fitGammaGamma({ frequency, recency: frequency, T: frequency, monetaryValue });
  for (const k of ["p", "q", "v"] as const) {
    const err = Math.abs(fit.params[k] - truth[k]);
    ok(err < 4 * fit.standardErrors![k] && err < 0.15 * truth[k], `${k}: ${fit.params[k]}`);
  }
});

Deno.test("gammaGammaLogLikelihood() is the density of the mean of x Gamma(p, ν) spends mixed over ν", () => {
  // Numerical check: integrate Gamma(px, xν) density of z̄ over ν ~ Gamma(q, v) with the trapezoid rule.
  const params = { p: 2.5, q: 3, v: 10 };
  const x = 3, z = 7;
  const lnGammaFn = (a: number): number => {
    // Independent of the library's lnGamma: Lanczos g=7.
    const c = [
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7,
    ];
    a -= 1;
    let s = c[0]!;
    for (let i = 1; i < 9; i++) s += c[i]! / (a + i);
    const t = a + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (a + 0.5) * Math.log(t) - t + Math.log(s);
  };
  const dens = (nu: number): number =>
    Math.exp(
      params.p * x * Math.log(x * nu) + (params.p * x - 1) * Math.log(z) - x * nu * z -
        lnGammaFn(params.p * x),
    ) *
    Math.exp(
      params.q * Math.log(params.v) + (params.q - 1) * Math.log(nu) - params.v * nu -
        lnGammaFn(params.q),
    );
  let integral = 0;
  const h = 1e-4;
  for (let nu = h; nu < 20; nu += h) integral += dens(nu) * h;
  const [ll] = gammaGammaLogLikelihood(params, {
    frequency: [x],
    recency: [1],
    T: [2],
    monetaryValue: [z],
  });
  assertRelClose(Math.exp(ll!), integral, 1e-5);
});

Deno.test("fitGammaGamma() and expectedAverageValue() stay finite with frequencies in the thousands", () => {
  const frequency = Float64Array.from({ length: 2000 }, (_, i) => 1 + (i % 6));
  frequency[0] = 5000;
  frequency[1] = 20000;
  const monetaryValue = simulateGammaGamma({ p: 6, q: 4, v: 15 }, frequency, { seed: 3 });
  monetaryValue[2] = 1e-3;
  monetaryValue[3] = 1e6;
  const summary = { frequency, recency: frequency, T: frequency, monetaryValue };
  const fit = fitGammaGamma(summary);
  ok(fit.converged && !JSON.stringify(fit).includes("NaN"));
  const m = expectedAverageValue(fit.params, summary);
  ok(m.every((v) => Number.isFinite(v) && v > 0));
  // At x = 20000 the customer's own mean dominates.
  assertRelClose(m[1]!, monetaryValue[1]!, 1e-3);
});
