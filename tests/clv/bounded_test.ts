/**
 * Bounded memory and time for any input, asserted on sizes and iteration counts (never on wall
 * time): one-customer and tiny fits, the Pareto/NBD series that once needed millions of terms,
 * and a customer with a huge T in the chart matrices.
 */
import { equal, ok, throws } from "node:assert/strict";
import {
  clvAnalysis,
  COUNT_MODEL_NAMES,
  COUNT_MODELS,
  MATRIX_MAX_CELLS,
  matrixGrid,
  probabilityAliveMatrix,
} from "@crm/clv/mod.ts";
import { OptionError } from "@crm/errors.ts";
import { paretoLnA0, paretoLnA0Integral, SERIES_MAX_TERMS } from "../../lib/clv/_pareto_core.ts";
import { lnHyp2f1APlus1 } from "../../lib/clv/_special.ts";

Deno.test("one-customer and two-customer fits of every model stop within the iteration cap, finite", () => {
  const cases = [
    { frequency: [100], recency: [50], T: [53] }, // once 14 s for Pareto/NBD
    { frequency: [0], recency: [0], T: [373] },
    { frequency: [3], recency: [20], T: [30] },
    { frequency: [0, 2], recency: [0, 5], T: [30, 30] },
  ];
  for (const data of cases) {
    for (const name of COUNT_MODEL_NAMES) {
      const fit = COUNT_MODELS[name].fit(data, { maxIterations: 200 });
      ok(fit.iterations <= 200, `${name} ${JSON.stringify(data)}: ${fit.iterations}`);
      ok(Number.isFinite(fit.logLikelihood), name);
      ok(Object.values(fit.params).every(Number.isFinite), name);
      ok(!JSON.stringify(fit.report).includes("NaN"), name);
    }
  }
});

Deno.test("Pareto/NBD A0: a series that would need millions of terms is refused and the integral used", () => {
  // The one-customer Pareto/NBD fit walks to r + s + x ≈ 1e10 and α ≫ β: z = (α − β)/(α + t_x)
  // is 1 − 5e-6 and the terms decay only after k ≈ r + s + x.
  const p = { r: 7.8e9, alpha: 4e9, s: 280, beta: 2e4 };
  const [x, tx, T] = [100, 50, 53];
  const z = (p.alpha - p.beta) / (p.alpha + tx);
  ok(Number.isNaN(lnHyp2f1APlus1(p.r + p.s + x, p.s + 1, z, SERIES_MAX_TERMS)), "refused");
  equal(paretoLnA0(p, x, tx, T), paretoLnA0Integral(p, x, tx, T));
  ok(Number.isFinite(paretoLnA0(p, x, tx, T)));
  // Ordinary parameters still take the series (a few hundred terms at most).
  ok(Number.isFinite(lnHyp2f1APlus1(20, 1.6, 0.8, 400)));
});

Deno.test("a customer with a huge T keeps the chart matrices on a bounded grid", () => {
  const n = 200;
  const T = Float64Array.from({ length: n }, (_, i) => 10 + (i % 40));
  T[0] = 1e6; // a first purchase 19,000 years before the analysis date (a bad date)
  const frequency = Float64Array.from({ length: n }, (_, i) => i % 5);
  const recency = Float64Array.from(frequency, (x, i) => (x > 0 ? T[i]! / 2 : 0));
  const summary = {
    customerIds: Array.from({ length: n }, (_, i) => `c${i}`),
    frequency,
    recency,
    T,
    monetaryValue: Float64Array.from(frequency, (x) => (x > 0 ? 20 : 0)),
  };
  const r = clvAnalysis(summary, { compare: { mbg_nbd: false, pareto_nbd: false } });
  for (const m of [r.diagnostics.probabilityAlive, r.diagnostics.frequencyRecency]) {
    ok(m.recency.length <= 400, String(m.recency.length));
    ok(m.cells.length <= 400 * 41, String(m.cells.length));
    equal(m.recency.at(-1)! <= 1e6, true);
  }
  ok(r.customers.purchases_upper!.every(Number.isFinite));
  const grid = matrixGrid(summary, { matrixMaxFrequency: 40, matrixMaxRows: 400 });
  equal(grid.recencyStep, Math.ceil(1e6 / 399));
  // Asked for a matrix beyond the cap directly: a typed error, not an allocation.
  const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
  throws(
    () => probabilityAliveMatrix(bg, { maxFrequency: 40, maxRecency: 1e6, T: 1e6 }),
    (e: unknown) => e instanceof OptionError && /exceed 1000000 cells/.test(e.message),
  );
  ok(MATRIX_MAX_CELLS === 1_000_000);
});
