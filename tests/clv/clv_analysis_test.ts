import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  clvAnalysis,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  expectedAverageValue,
  fitBgNbd,
  probabilityAlive,
  simulateBgNbd,
  simulateGammaGamma,
} from "@crm/clv/mod.ts";
import { clvSegments } from "../../lib/clv/_analysis_parts.ts";
import { OptionError, ValidationError } from "@crm/errors.ts";
import { assertClose, assertRelClose, cdnowData, cdnowWithSpend } from "./_data.ts";
import * as P from "./_published.ts";

/** Eight hand-made weekly customers. */
const SMALL = {
  customerIds: ["a", "b", "c", "d", "e", "f", "g", "h"],
  frequency: [0, 1, 3, 0, 2, 6, 1, 0],
  recency: [0, 4, 20, 0, 11, 30, 2, 0],
  T: [30, 31, 32, 20, 25, 35, 10, 0],
  monetaryValue: [0, 20, 35, 0, 15, 50, 0, 0],
};

/** Columns of a simulated population (BG/NBD purchases, Gamma-Gamma spend), with ids. */
function simulated(n: number, seed: number, spend = { p: 6, q: 4, v: 15 }) {
  const T = Float64Array.from({ length: n }, (_, i) => 10 + (i % 43));
  const s = simulateBgNbd({ r: 0.6, alpha: 5, a: 0.8, b: 2.5 }, T, { seed, timeStep: 1 / 7 });
  return {
    customerIds: Array.from({ length: n }, (_, i) => `c${i}`),
    ...s,
    monetaryValue: simulateGammaGamma(spend, s.frequency, { seed: seed + 1 }),
  };
}

function assertAllFinite(result: ReturnType<typeof clvAnalysis>): void {
  const text = JSON.stringify({ params: result.params, diagnostics: result.diagnostics });
  ok(!/NaN|Infinity/.test(text), "params and diagnostics are finite");
  for (const [name, column] of Object.entries(result.customers)) {
    if (column instanceof Float64Array) ok(column.every(Number.isFinite), name);
  }
  deepStrictEqual(JSON.parse(text).params, result.params, "params survive a JSON round trip");
}

Deno.test("clvAnalysis() on eight customers: every column follows from the fit by hand", () => {
  const r = clvAnalysis(SMALL, { compare: { mbg_nbd: false, pareto_nbd: false } });
  assertAllFinite(r);
  const bg = r.fits.main;
  deepStrictEqual(bg.params, fitBgNbd(SMALL).params);
  const c = r.customers;
  deepStrictEqual(c.customer_id, SMALL.customerIds);
  deepStrictEqual(c.p_alive, probabilityAlive(bg, SMALL));
  equal(c.p_alive[0], 1);
  equal(c.p_alive[7], 1); // born at the end of observation (T = 0)
  deepStrictEqual(c.exp_purchases_1w, conditionalExpectedPurchases(bg, SMALL, 1));
  deepStrictEqual(c.exp_purchases_1m, conditionalExpectedPurchases(bg, SMALL, 4));
  deepStrictEqual(c.exp_purchases_3m, conditionalExpectedPurchases(bg, SMALL, 12));
  // Five repeat customers, four with positive spend: too few for Gamma-Gamma, so each keeps its
  // own mean and the rest get the observed mean of those four, (20 + 35 + 15 + 50) / 4 = 30.
  equal(r.params.spend.status, "not-fitted");
  equal(r.params.spend.fallbackValue, 30);
  equal(r.params.spend.fallbackCustomers, 4);
  deepStrictEqual([...c.exp_avg_value], [30, 20, 35, 30, 15, 50, 30, 30]);
  equal(r.fits.gamma_gamma, null);
  equal(r.params.models.gamma_gamma, null);
  // CLV: 6 months at 1% a month, months of 4.345 weeks (lifetimes).
  const clv = customerLifetimeValue(bg, SMALL, {
    averageValue: c.exp_avg_value,
    months: 6,
    discountRate: 0.01,
  });
  deepStrictEqual(c.clv, clv);
  deepStrictEqual(c.clv_segment, clvSegments(clv));
  equal(c.clv_param_lower, undefined);
  equal(r.params.repeatCustomers, 5);
  deepStrictEqual(r.params.penalizer, { countModels: 0, gammaGamma: 0 });
  deepStrictEqual(r.diagnostics.repeatPurchases.map((row) => row.actual), [3, 2, 1, 1, 0, 0, 1, 0]);
  deepStrictEqual(r.diagnostics.probabilityAlive.values.length, 36); // recency 0..35
  equal(r.diagnostics.probabilityAlive.values[0]!.length, 7); // frequency 0..6
  equal(r.diagnostics.clvDistribution.segments.reduce((s, g) => s + g.customers, 0), 8);
});

Deno.test("clvSegments() gives A to the top quarter and keeps ties in the better segment", () => {
  deepStrictEqual(clvSegments([1, 2, 3, 4, 5, 6, 7, 8]), ["D", "D", "C", "C", "B", "B", "A", "A"]);
  // Three customers tie at 5: two customers have more (2/8 = 0.25 → B), so all three are B.
  deepStrictEqual(clvSegments([9, 8, 5, 5, 5, 1, 1, 0]), ["A", "A", "B", "B", "B", "C", "C", "D"]);
  // Everyone equal: all in A (no customer has a larger CLV).
  deepStrictEqual(clvSegments([0, 0, 0]), ["A", "A", "A"]);
  // Independent of row order.
  deepStrictEqual(clvSegments([5, 1, 9, 5, 0, 8, 5, 1]), ["B", "C", "A", "B", "D", "A", "B", "C"]);
});

Deno.test("clvAnalysis() with a daily summary converts 1, 4 and 12 weeks to 7, 28 and 84 days", () => {
  const weekly = simulated(3000, 3);
  const daily = {
    ...weekly,
    recency: weekly.recency.map((v) => v * 7),
    T: weekly.T.map((v) => v * 7),
    timeUnit: "day" as const,
  };
  const w = clvAnalysis(weekly, { compare: { mbg_nbd: false, pareto_nbd: false } });
  const d = clvAnalysis(daily, { compare: { mbg_nbd: false, pareto_nbd: false } });
  assertRelClose(d.fits.main.params.alpha, 7 * w.fits.main.params.alpha, 1e-5);
  for (
    const k of ["p_alive", "exp_purchases_1w", "exp_purchases_1m", "exp_purchases_3m"] as const
  ) {
    for (const i of [0, 1, 2, 10, 2999]) {
      assertClose(d.customers[k][i]!, w.customers[k][i]!, 1e-6, `${k}[${i}]`);
    }
  }
  equal(d.params.timeUnit, "day");
  // CLV months are lifetimes' 4.345 weeks and 30 days: not equal, by the library's convention.
  ok(d.customers.clv[2] !== w.customers.clv[2]);
});

Deno.test("clvAnalysis() fits Gamma-Gamma on repeat customers and checks independence", () => {
  const s = simulated(4000, 7);
  const r = clvAnalysis(s, { compare: { pareto_nbd: false } });
  assertAllFinite(r);
  const gg = r.fits.gamma_gamma!;
  equal(r.params.spend.status, "fitted");
  equal(gg.n, s.frequency.filter((x) => x > 0).length);
  for (const [k, v] of Object.entries({ p: 6, q: 4, v: 15 })) {
    ok(Math.abs(gg.params[k as "p"] - v) < 4 * gg.standardErrors![k as "p"], `${k} recovered`);
  }
  ok(Math.abs(r.params.spend.correlation!) < 0.1, "simulated spend is independent of frequency");
  equal(r.params.spend.correlationWarning, false);
  deepStrictEqual(r.customers.exp_avg_value, expectedAverageValue(gg.params, s));
  ok(r.params.models.mbg_nbd !== null && r.params.models.pareto_nbd === null);
  const pareto = r.params.modelChoices.find((m) => m.model === "pareto_nbd")!;
  ok(!pareto.fitted && pareto.reason === "option", JSON.stringify(pareto));
  deepStrictEqual(r.params.modelChoices.map((m) => [m.model, m.role, m.fitted]), [
    ["bg_nbd", "main", true],
    ["mbg_nbd", "comparison", true],
    ["pareto_nbd", "comparison", false],
  ]);
});

Deno.test("clvAnalysis() falls back explicitly when q ≤ 1 and when nobody spends", () => {
  // Spend with q = 0.6: the mixing distribution has no finite mean.
  const heavy = simulated(4000, 11, { p: 4, q: 0.6, v: 4 });
  const r = clvAnalysis(heavy, { compare: { mbg_nbd: false, pareto_nbd: false } });
  assertAllFinite(r);
  ok(r.fits.gamma_gamma!.params.q <= 1, String(r.fits.gamma_gamma!.params.q));
  equal(r.params.spend.status, "fitted-q-le-1");
  const repeaters = heavy.monetaryValue.filter((_, i) => heavy.frequency[i]! > 0);
  const observed = repeaters.reduce((a, b) => a + b, 0) / repeaters.length;
  assertRelClose(r.params.spend.fallbackValue, observed, 1e-12);
  heavy.frequency.forEach((x, i) => {
    if (x === 0) equal(r.customers.exp_avg_value[i], r.params.spend.fallbackValue);
  });
  equal(r.params.spend.fallbackRule, "observed-mean");
  equal(r.params.models.gamma_gamma!.populationMean, null);

  const nobody = { ...SMALL, monetaryValue: SMALL.monetaryValue.map(() => 0) };
  const z = clvAnalysis(nobody, { compare: { mbg_nbd: false, pareto_nbd: false } });
  assertAllFinite(z);
  equal(z.params.spend.status, "not-fitted");
  equal(z.params.spend.excludedNonPositiveSpend, 5);
  ok(z.customers.clv.every((v) => v === 0));
  ok(z.customers.clv_segment.every((g) => g === "A"));
});

Deno.test("clvAnalysis() CLV intervals: seeded, bracket the estimate, off by default", () => {
  const s = simulated(2000, 5);
  const a = clvAnalysis(s, {
    compare: { mbg_nbd: false, pareto_nbd: false },
    intervals: { draws: 100 },
  });
  const b = clvAnalysis(s, {
    compare: { mbg_nbd: false, pareto_nbd: false },
    intervals: { draws: 100 },
  });
  deepStrictEqual(a.customers.clv_param_lower, b.customers.clv_param_lower);
  const { clv, clv_param_lower: lo, clv_param_upper: hi } = a.customers;
  ok(clv.every((v, i) => lo![i]! <= v + 1e-9 && v <= hi![i]! + 1e-9));
  ok(hi!.some((v, i) => v > lo![i]!));
  deepStrictEqual(a.params.parameterIntervals, {
    computed: true,
    method: "bootstrap",
    level: 0.9,
    draws: 100,
    seed: 42,
    withSpend: true,
  });
  const c = clvAnalysis(s, {
    compare: { mbg_nbd: false, pareto_nbd: false },
    intervals: { draws: 100 },
    seed: 7,
  });
  ok(c.customers.clv_param_lower!.some((v, i) => v !== lo![i]), "another seed, other draws");
});

Deno.test("clvAnalysis() at the no-dropout boundary says so and never prints NaN", () => {
  const T = new Float64Array(1500).fill(40);
  // No dropout at all; most samples (not all: the test for dropout has a 5% level) put both
  // models' optimum on the boundary, as this seed does.
  const s = simulateBgNbd({ r: 1.5, alpha: 6, a: 1e-9, b: 1e6 }, T, { seed: 2, timeStep: 1 / 7 });
  const summary = {
    customerIds: Array.from(T, (_, i) => String(i)),
    ...s,
    monetaryValue: simulateGammaGamma({ p: 6, q: 4, v: 15 }, s.frequency, { seed: 9 }),
  };
  const r = clvAnalysis(summary, { intervals: true });
  assertAllFinite(r);
  equal(r.params.models.bg_nbd!.verdict.kind, "no-dropout-boundary");
  equal(r.params.models.pareto_nbd!.verdict.kind, "no-dropout-boundary");
  // No intervals from an unidentified covariance: said as data, columns left out.
  equal(r.customers.clv_param_lower, undefined);
  deepStrictEqual(r.params.parameterIntervals, { computed: false, reason: "boundary" });
});

Deno.test("clvAnalysis() classic convention defaults to the tutorials' penalizers", () => {
  const s = { ...simulated(1000, 21), convention: "classic" as const };
  const r = clvAnalysis(s, { compare: { mbg_nbd: false, pareto_nbd: false } });
  deepStrictEqual(r.params.penalizer, { countModels: 0.001, gammaGamma: 0.01 });
  equal(r.fits.main.penalizer, 0.001);
  equal(r.fits.gamma_gamma!.penalizer, 0.01);
  const o = clvAnalysis(s, { compare: { mbg_nbd: false, pareto_nbd: false }, penalizer: 0.1 });
  deepStrictEqual(o.params.penalizer, { countModels: 0.1, gammaGamma: 0.01 });
  const g = clvAnalysis({ ...s, convention: "repeat" }, {
    compare: { mbg_nbd: false, pareto_nbd: false },
    penalizer: 0.1,
  });
  deepStrictEqual(g.params.penalizer, { countModels: 0.1, gammaGamma: 0.1 });
});

Deno.test("clvAnalysis() rejects bad options and inconsistent summaries", () => {
  throws(() => clvAnalysis(SMALL, { horizonMonths: 2.5 }), OptionError);
  throws(() => clvAnalysis(SMALL, { discount: -0.1 }), /discount must be a finite number ≥ 0/);
  throws(
    () => clvAnalysis({ ...SMALL, convention: "classic" }, { convention: "repeat" }),
    /convention must match the summary's/,
  );
  throws(() => clvAnalysis({ ...SMALL, timeUnit: "day" }, { timeUnit: "week" }), OptionError);
  throws(() => clvAnalysis({ ...SMALL, customerIds: ["a"] }), ValidationError);
  throws(
    () => clvAnalysis({ ...SMALL, recency: [0, 40, 20, 0, 11, 30, 2, 0] }),
    (e: unknown) =>
      e instanceof ValidationError && /customer "b", recency 40, T 31/.test(e.message),
  );
});

Deno.test('clvAnalysis() on CDNOW: the Quickstart fits, E[M], correlation and (with lifetimes\' freq="D") CLV', () => {
  const shared = cdnowWithSpend();
  const data = cdnowData();
  // Expand the fixture's weights (when ../shared is absent) to one row per customer.
  const expand = (col: number[]): number[] =>
    col.flatMap((v, i) => Array<number>(data.weights?.[i] ?? 1).fill(v));
  const summary = {
    customerIds: expand(data.frequency).map((_, i) => String(i + 1)),
    frequency: expand(data.frequency),
    recency: expand(data.recency),
    T: expand(data.T),
    monetaryValue: expand(data.monetaryValue),
  };
  // The Quickstart calls customer_lifetime_value with lifetimes' default freq="D": 30 units a month.
  const r = clvAnalysis(summary, { timeUnit: "day", horizonMonths: 12, discount: 0.01 });
  assertAllFinite(r);
  const bg = r.params.models.bg_nbd!;
  for (const k of ["r", "alpha", "a", "b"] as const) {
    assertRelClose(bg.params[k]!, P.BG_MLE[k], 2e-6, k);
    assertRelClose(bg.standardErrors![k]!, P.BG_SE[k], 1e-4, `se ${k}`);
    ok(bg.ci95!.lower[k]! < bg.params[k]! && bg.params[k]! < bg.ci95!.upper[k]!);
  }
  assertClose(bg.logLikelihood, -9582.4256, 1e-4);
  ok(bg.converged && bg.limits.length === 0 && bg.verdict.kind === "interior");
  for (const k of ["p", "q", "v"] as const) {
    assertRelClose(r.params.models.gamma_gamma!.params[k]!, P.GG_MLE[k], 2e-6, k);
  }
  assertClose(r.params.spend.correlation!, 0.113884, 1e-6);
  assertClose(r.params.models.pareto_nbd!.logLikelihood, -9594.9739, 1e-4);
  assertClose(r.params.models.mbg_nbd!.params.b!, P.MBG_BTYDPLUS.b, 1e-3);
  deepStrictEqual(r.diagnostics.repeatPurchases.map((x) => x.actual), [...P.BG_HISTOGRAM_ACTUAL]);
  if (shared !== null) {
    P.CLV_FIRST_10.forEach((v, i) =>
      assertClose(r.customers.clv[i]!, v, 2e-3, `customer ${i + 1}`)
    );
  }
});
