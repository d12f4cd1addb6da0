import { ok } from "node:assert/strict";
import { digamma, hyp2f1, lnGamma, lnHyp2f1APlus1, log1mExp } from "../../lib/clv/_special.ts";
import { assertClose, assertRelClose } from "./_data.ts";

Deno.test("lnGamma() and digamma() match known values", () => {
  assertClose(lnGamma(1), 0, 5e-15); // cancellation of ~10-magnitude terms
  assertClose(lnGamma(2), 0, 5e-15);
  assertClose(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 5e-15);
  assertRelClose(lnGamma(101), 363.73937555556347, 1e-15); // ln 100!
  assertRelClose(lnGamma(1e-8), 18.420680738180209, 1e-12);
  assertClose(digamma(1), -0.5772156649015329, 1e-15);
  assertClose(digamma(0.5), -0.5772156649015329 - 2 * Math.LN2, 1e-14);
  assertRelClose(digamma(1000), 6.907255195648812, 1e-15);
  // ψ is the derivative of ln Γ.
  for (const x of [0.03, 0.7, 3.3, 12, 480]) {
    const h = 1e-5 * x;
    assertRelClose(digamma(x), (lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 1e-7, `x=${x}`);
  }
});

Deno.test("lnHyp2f1APlus1() equals the log of the Gauss series and never overflows", () => {
  for (const [a, b, z] of [[1.5, 1.6, 0.3], [3, 2.2, 0.8], [30, 12, 0.5]] as const) {
    assertRelClose(lnHyp2f1APlus1(a, b, z), Math.log(hyp2f1(a, b, a + 1, z)), 1e-12);
  }
  const huge = lnHyp2f1APlus1(10000.6, 10000.5, 0.99);
  ok(Number.isFinite(huge) && huge > 700, String(huge)); // the plain series would overflow
});

Deno.test("log1mExp() is accurate on both branches", () => {
  assertRelClose(log1mExp(-1e-20), Math.log(1e-20), 1e-12);
  assertRelClose(log1mExp(-50), -Math.exp(-50), 1e-12);
  ok(log1mExp(0) === -Infinity);
});
