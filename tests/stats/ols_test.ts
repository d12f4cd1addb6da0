import { equal, throws } from "node:assert/strict";
import { ols } from "../../lib/stats/mod.ts";
import { assertClose } from "./_assert.ts";

Deno.test("ols() reproduces the rocket propellant example (Montgomery, Peck & Vining, ex. 2.1-2.5)", () => {
  // Shear strength (psi) against age of propellant (weeks), n = 20. Published: slope -37.15,
  // intercept 2627.82, se(slope) 2.89, 95% CI of the slope -43.22 to -31.08, R² 0.9018.
  const age = [
    15.5,
    23.75,
    8,
    17,
    5.5,
    19,
    24,
    2.5,
    7.5,
    11,
    13,
    3.75,
    25,
    9.75,
    22,
    18,
    6,
    12.5,
    2,
    21.5,
  ];
  const strength = [
    2158.7,
    1678.15,
    2316,
    2061.3,
    2207.5,
    1708.3,
    1784.7,
    2575,
    2357.9,
    2256.7,
    2165.2,
    2399.55,
    1779.8,
    2336.75,
    1765.3,
    2053.5,
    2414.4,
    2200.5,
    2654.2,
    1753.7,
  ];
  const fit = ols(age, strength);
  assertClose(fit.slope, -37.15, 0.005);
  assertClose(fit.intercept, 2627.82, 0.005);
  assertClose(fit.slopeSe, 2.89, 0.005);
  assertClose(fit.slopeCi[0], -43.22, 0.005);
  assertClose(fit.slopeCi[1], -31.08, 0.005);
  assertClose(fit.rSquared, 0.9018, 0.00005);
  equal(fit.n, 20);
  equal(fit.df, 18);
});

Deno.test("ols() on a hand-computed case: y = 2, 4, 5, 4, 5 on x = 1..5", () => {
  // Sxx = 10, Sxy = 6, slope 0.6, intercept 2.2; residuals -0.8, 0.6, 1, -0.6, -0.2, SSE 2.4,
  // Syy 6, R² 0.6; s² = 0.8, se(slope) = sqrt(0.08); t(0.975, 3) = 3.182446305284263.
  const fit = ols([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
  assertClose(fit.slope, 0.6, 1e-12);
  assertClose(fit.intercept, 2.2, 1e-12);
  assertClose(fit.rSquared, 0.6, 1e-12);
  assertClose(fit.slopeSe, Math.sqrt(0.08), 1e-12);
  assertClose(fit.interceptSe, Math.sqrt(0.8 * (1 / 5 + 9 / 10)), 1e-12);
  const t = 3.182446305284263;
  assertClose(fit.slopeCi[0], 0.6 - t * Math.sqrt(0.08), 1e-9);
  assertClose(fit.slopeCi[1], 0.6 + t * Math.sqrt(0.08), 1e-9);
});

Deno.test("ols() counts absorbed parameters in the degrees of freedom", () => {
  const plain = ols([1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 4, 6]);
  const within = ols([1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 4, 6], { absorbedParameters: 1 });
  equal(plain.df, 4);
  equal(within.df, 3);
  equal(within.slope, plain.slope);
  assertClose(within.slopeSe / plain.slopeSe, Math.sqrt(4 / 3), 1e-12);
});

Deno.test("ols() gives NaN errors when x does not vary or too few points", () => {
  const flat = ols([2, 2, 2], [1, 2, 3]);
  equal(Number.isNaN(flat.slope), true);
  const two = ols([1, 2], [1, 3]);
  equal(two.slope, 2);
  equal(Number.isNaN(two.slopeSe), true);
  throws(() => ols([1, 2], [1]), /differ in length/);
  throws(() => ols([1, NaN], [1, 2]), /point 2 is not finite/);
});
