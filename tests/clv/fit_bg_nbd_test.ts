import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { fitBgNbd, fitMbgNbd } from "../../lib/clv/fit_bg_nbd.ts";
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood as bgLl,
  bgNbdProbabilityAlive,
} from "../../lib/clv/bg_nbd.ts";
import { simulateBgNbd } from "../../lib/clv/simulate.ts";
import { ValidationError } from "../../lib/errors.ts";
import { assertClose, assertRelClose, cdnowData, cdnowSummary } from "./_data.ts";
import { BG_MLE } from "./_published.ts";

const cdnow = cdnowSummary();
const noData = cdnow === null;

Deno.test("fitBgNbd() penalizer follows lifetimes: mean NLL + coef·Σθ² in time rescaled by 1/max(T)", () => {
  // CDNOW from ../shared or the committed weighted fixture of the same customers.
  const data = cdnowData();
  const w = data.weights ?? data.T.map(() => 1);
  const base = fitBgNbd(data, { standardErrors: false });
  const small = fitBgNbd(data, { penalizer: 0.1, standardErrors: false });
  const large = fitBgNbd(data, { penalizer: 10, standardErrors: false });
  for (const k of ["r", "alpha", "a", "b"] as const) {
    ok(small.params[k] < base.params[k], `${k} shrinks at 0.1`); // lifetimes test_penalizer_term…
    ok(large.params[k] < small.params[k], `${k} shrinks more at 10`);
  }
  // The exact objective of models.md Part 4, written out here; the reported optimum must be its
  // minimum (stationary under ±0.1% moves of each parameter).
  const fit = fitBgNbd(data, { penalizer: 0.001, standardErrors: false });
  const maxT = Math.max(...data.T);
  const scaled = {
    frequency: data.frequency,
    recency: data.recency.map((v) => v / maxT),
    T: data.T.map((v) => v / maxT),
  };
  const N = w.reduce((a, b) => a + b, 0);
  const objective = (p: { r: number; alpha: number; a: number; b: number }): number => {
    const ps = { ...p, alpha: p.alpha / maxT };
    const ll = bgLl(ps, scaled).reduce((sum, v, i) => sum + w[i]! * v, 0);
    return -ll / N + 0.001 * (ps.r ** 2 + ps.alpha ** 2 + ps.a ** 2 + ps.b ** 2);
  };
  const f0 = objective(fit.params);
  for (const k of ["r", "alpha", "a", "b"] as const) {
    for (const step of [1.001, 0.999]) {
      ok(
        objective({ ...fit.params, [k]: fit.params[k] * step }) >= f0 - 1e-12,
        `minimum along ${k}`,
      );
    }
  }
  // Without the penalty the rescaling changes nothing.
  for (const k of ["r", "alpha", "a", "b"] as const) {
    assertRelClose(base.params[k], BG_MLE[k], 2e-6, k);
  }
});

Deno.test({
  name: "fitBgNbd() gives the same P(alive) when recency and T are scaled by 10",
  ignore: noData,
  fn() {
    const scaled = {
      frequency: cdnow!.frequency,
      recency: cdnow!.recency.map((v) => v * 10),
      T: cdnow!.T.map((v) => v * 10),
    };
    const a = bgNbdProbabilityAlive(fitBgNbd(cdnow!).params, cdnow!);
    const b = bgNbdProbabilityAlive(fitBgNbd(scaled).params, scaled);
    for (let i = 0; i < a.length; i++) assertClose(b[i]!, a[i]!, 1e-4, `customer ${i}`);
  },
});

Deno.test("fitBgNbd() with weights equals the expanded data", () => {
  const frequency = [0, 1, 3, 0, 2, 5];
  const recency = [0, 4, 20, 0, 11, 30];
  const T = [30, 31, 32, 20, 25, 35];
  const weights = [3, 1, 2, 4, 1, 2];
  const expanded = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
  weights.forEach((w, i) => {
    for (let k = 0; k < w; k++) {
      expanded.frequency.push(frequency[i]!);
      expanded.recency.push(recency[i]!);
      expanded.T.push(T[i]!);
    }
  });
  const a = fitBgNbd({ frequency, recency, T, weights }, { penalizer: 0.01 });
  const b = fitBgNbd(expanded, { penalizer: 0.01 });
  for (const k of ["r", "alpha", "a", "b"] as const) {
    assertRelClose(a.params[k], b.params[k], 1e-6, k);
  }
  assertClose(a.logLikelihood, b.logLikelihood, 1e-8);
  equal(a.n, 13);
});

Deno.test("fitBgNbd() recovers simulated parameters (20,000 customers, seeded)", () => {
  const truth = { r: 0.6, alpha: 5, a: 0.9, b: 3 };
  const T = Float64Array.from({ length: 20000 }, (_, i) => 20 + (i % 40));
  const data = simulateBgNbd(truth, T, { seed: 11 });
  const fit = fitBgNbd(data);
  ok(fit.converged);
  // Tolerance: 4 standard errors of the fit itself, and at most 15% relative.
  for (const k of ["r", "alpha", "a", "b"] as const) {
    const err = Math.abs(fit.params[k] - truth[k]);
    ok(
      err < 4 * fit.standardErrors![k] && err < 0.15 * truth[k],
      `${k}: ${fit.params[k]} vs ${truth[k]}`,
    );
  }
});

Deno.test("fitBgNbd() reports the no-dropout boundary as data, without NaN", () => {
  // Customers who never stop buying: a pure NBD population (p = 0), regular repeaters.
  const data = simulateBgNbd({ r: 2, alpha: 4, a: 1e-9, b: 1e6 }, new Float64Array(3000).fill(40), {
    seed: 3,
  });
  const fit = fitBgNbd(data);
  const v = fit.report.verdict;
  ok(v.kind === "no-dropout-boundary", JSON.stringify(v));
  for (const p of Object.values(fit.params)) ok(Number.isFinite(p));
  ok(Number.isFinite(fit.logLikelihood) && Number.isFinite(fit.gradientNorm));
  ok(!JSON.stringify(fit).includes("NaN"));
  // The NBD model (no dropout) fits exactly as well; heavy dropout is rejected.
  ok(Math.abs(v.noDropout.logLikelihood - fit.logLikelihood) < 0.005);
  ok(v.noDropout.statistic < 0.01 && v.heavyDropout.p < 0.05, JSON.stringify(v));
});

Deno.test("fitBgNbd() says when the optimum is near, not on, the no-dropout boundary", () => {
  // Very little dropout (mean p = 0.0001 per purchase) in 1,000 customers: the data cannot tell
  // it from none. Most samples put the optimum on the boundary (a → 0); this seed is one of
  // those (about 1 in 8) where the optimiser stops at a small interior a (0.0047).
  const data = simulateBgNbd({ r: 1, alpha: 5, a: 0.005, b: 50 }, new Float64Array(1000).fill(52), {
    seed: 1,
    timeStep: 1 / 7,
  });
  const fit = fitBgNbd(data);
  const v = fit.report.verdict;
  ok(v.kind === "weak-dropout", JSON.stringify(v));
  deepStrictEqual(fit.report.limits, []);
  ok(v.noDropout.p > 0.05 && v.noDropout.statistic > 0.01);
  deepStrictEqual(fitBgNbd(data, { noDropoutCheck: false }).report.verdict, {
    kind: "not-checked",
  });
});

Deno.test("fitBgNbd() and fitMbgNbd() stay finite with frequencies in the thousands", () => {
  const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(500).fill(52), {
    seed: 6,
  });
  const frequency = Float64Array.from(data.frequency);
  const recency = Float64Array.from(data.recency);
  [[5000, 51.9], [12000, 52], [3000, 0.5]].forEach(([x, tx], i) => {
    frequency[i] = x!;
    recency[i] = tx!;
  });
  for (
    const fit of [
      fitBgNbd({ frequency, recency, T: data.T }),
      fitMbgNbd({ frequency, recency, T: data.T }),
    ]
  ) {
    ok(!JSON.stringify(fit).includes("NaN") && !JSON.stringify(fit).includes("Infinity"));
    for (const v of [...Object.values(fit.params), fit.logLikelihood]) ok(Number.isFinite(v));
    ok(fit.converged, JSON.stringify(fit.report));
  }
});

Deno.test("fitBgNbd() accepts customers born at the end of observation (T = 0): they add nothing", () => {
  const base = {
    frequency: [0, 1, 3, 0, 2, 5],
    recency: [0, 4, 20, 0, 11, 30],
    T: [30, 31, 32, 20, 25, 35],
  };
  const withNew = {
    frequency: [...base.frequency, 0, 0],
    recency: [...base.recency, 0, 0],
    T: [...base.T, 0, 0],
  };
  // Unpenalized (a penalty on the mean objective would weigh differently with 8 customers).
  const a = fitBgNbd(base, { noDropoutCheck: false });
  const b = fitBgNbd(withNew, { noDropoutCheck: false });
  assertClose(a.logLikelihood, b.logLikelihood, 1e-6);
  for (const k of ["r", "alpha", "a", "b"] as const) {
    assertRelClose(a.params[k], b.params[k], 1e-4, k);
  }
  equal(b.n, 8);
});

Deno.test("fitBgNbd() names the offending customers in a ValidationError", () => {
  throws(
    () =>
      fitBgNbd([
        { customerId: "A-1", frequency: 1, recency: 5, T: 10, monetaryValue: 1 },
        { customerId: "B-2", frequency: 2, recency: 12, T: 10, monetaryValue: 1 },
        { customerId: "C-3", frequency: 0, recency: 3, T: 10, monetaryValue: 0 },
      ]),
    (e: unknown) => {
      ok(e instanceof ValidationError);
      ok(e.message.startsWith("Cannot fit BG/NBD model: "), e.message);
      ok(e.message.includes('customer "B-2", recency 12, T 10'), e.message);
      ok(e.message.includes('customer "C-3"'), e.message);
      deepStrictEqual(e.issues.map((i) => i.customerId), ["B-2", "C-3"]);
      return true;
    },
  );
  throws(
    () => fitBgNbd({ frequency: [1, -1], recency: [1, 0], T: [2, 2] }),
    /1 row breaks "non-negative" \(first: row 1/,
  );
});

Deno.test("fitBgNbd() on very regular buyers reports homogeneous dropout (a and b growing together), and predictions stay finite", () => {
  // 60 customers buying every 3 to 9 days, 12 times each: the same dropout for everyone.
  const frequency: number[] = [], recency: number[] = [], T: number[] = [];
  for (let c = 0; c < 60; c++) {
    const first = c % 20, gap = 3 + (c % 7);
    frequency.push(11);
    recency.push((11 * gap) / 7);
    T.push((121 - first) / 7);
  }
  const fit = fitBgNbd({ frequency, recency, T });
  const v = fit.report.verdict;
  ok(v.kind === "homogeneous-dropout", JSON.stringify(v));
  deepStrictEqual(
    fit.report.limits.filter((l) => l.parameter === "a" || l.parameter === "b"),
    [{ parameter: "a", limit: "infinity" }, { parameter: "b", limit: "infinity" }],
  );
  ok(v.noDropout.p < 0.05 && v.meanDropout > 0 && v.meanDropout < 1);
  for (const t of [1, 4, 12]) {
    ok(
      bgNbdConditionalExpectedPurchases(fit.params, { frequency, recency, T }, t).every(
        Number.isFinite,
      ),
    );
  }
});
