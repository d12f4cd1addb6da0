/**
 * Every fitted model is invariant to the scale of money and time: spend × 10⁶ (rupiah, dong)
 * multiplies Gamma-Gamma's v, the expected values, CLV and spend intervals by 10⁶ and changes no
 * verdict; days instead of weeks multiply the count models' α (and Pareto/NBD's β) by 7 and
 * change no prediction or verdict.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  clvAnalysis,
  COUNT_MODEL_NAMES,
  COUNT_MODELS,
  fitGammaGamma,
  simulateBgNbd,
  simulateGammaGamma,
} from "@crm/clv/mod.ts";
import { assertRelClose, cdnowData } from "./_data.ts";
import * as P from "./_published.ts";

const data = cdnowData();
const MONEY = 1e6;

Deno.test("fitGammaGamma(): spend × 1e6 gives v × 1e6, the same p and q, no false boundary", () => {
  const unscaled = fitGammaGamma(data);
  for (const k of ["p", "q", "v"] as const) {
    assertRelClose(unscaled.params[k], P.GG_MLE[k], 2e-6, k);
  }
  for (const factor of [1e5, MONEY, 1e7]) {
    const scaled = fitGammaGamma({
      ...data,
      monetaryValue: data.monetaryValue.map((m) => m * factor),
    });
    ok(scaled.converged, `${factor}`);
    assertRelClose(scaled.params.p, unscaled.params.p, 1e-6, `p at ×${factor}`);
    assertRelClose(scaled.params.q, unscaled.params.q, 1e-6, `q at ×${factor}`);
    assertRelClose(scaled.params.v, unscaled.params.v * factor, 1e-6, `v at ×${factor}`);
    assertRelClose(
      scaled.logLikelihood,
      unscaled.logLikelihood - 946 * Math.log(factor),
      1e-9,
      "LL",
    );
    deepStrictEqual(scaled.report.verdict, unscaled.report.verdict, `verdict at ×${factor}`);
    deepStrictEqual(scaled.report.limits, []);
    assertRelClose(scaled.standardErrors!.v, unscaled.standardErrors!.v * factor, 1e-3, "se v");
    ok(scaled.report.moneyScale > 1, "money was rescaled during the fit");
  }
  equal(unscaled.report.moneyScale, 1); // pounds and dollars: lifetimes' fit exactly
});

/** A simulated weekly population with spend, and ids. */
function population(n: number, seed: number) {
  const T = Float64Array.from({ length: n }, (_, i) => 10 + (i % 43));
  const s = simulateBgNbd({ r: 0.6, alpha: 5, a: 0.8, b: 2.5 }, T, { seed, timeStep: 1 / 7 });
  return {
    customerIds: Array.from({ length: n }, (_, i) => `c${i}`),
    ...s,
    monetaryValue: simulateGammaGamma({ p: 6, q: 4, v: 15 }, s.frequency, { seed: seed + 1 }),
  };
}

Deno.test("clvAnalysis(): spend × 1e6 scales every money column by 1e6 and keeps every verdict", () => {
  const s = population(2000, 5);
  const options = {
    compare: { mbg_nbd: false, pareto_nbd: false },
    intervals: { method: "delta" as const },
  };
  const a = clvAnalysis(s, options);
  const b = clvAnalysis({ ...s, monetaryValue: s.monetaryValue.map((m) => m * MONEY) }, options);
  equal(a.params.spend.status, b.params.spend.status);
  deepStrictEqual(b.params.models.gamma_gamma!.verdict, a.params.models.gamma_gamma!.verdict);
  deepStrictEqual(b.params.models.bg_nbd, a.params.models.bg_nbd); // money does not enter it
  for (
    const k of [
      "exp_avg_value",
      "clv",
      "clv_param_lower",
      "clv_param_upper",
      "value_lower",
      "value_upper",
    ] as const
  ) {
    const x = a.customers[k]!, y = b.customers[k]!;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === 0) equal(y[i], 0, `${k}[${i}]`);
      else assertRelClose(y[i]!, x[i]! * MONEY, 1e-5, `${k}[${i}]`);
    }
  }
  deepStrictEqual(b.customers.purchases_upper, a.customers.purchases_upper);
  deepStrictEqual(b.customers.clv_segment, a.customers.clv_segment);
});

Deno.test("every count model: days instead of weeks scale α (and β) by 7; predictions and verdicts equal", () => {
  const weekly = simulateBgNbd(
    { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
    Float64Array.from({ length: 1500 }, (_, i) => 20 + (i % 33)),
    {
      seed: 12,
      timeStep: 1 / 7,
    },
  );
  const daily = {
    ...weekly,
    recency: weekly.recency.map((v) => v * 7),
    T: weekly.T.map((v) => v * 7),
  };
  const customers = { frequency: [0, 2, 5], recency: [0, 10, 30], T: [30, 31, 32] };
  const customersDaily = {
    ...customers,
    recency: customers.recency.map((v) => v * 7),
    T: customers.T.map((v) => v * 7),
  };
  for (const name of COUNT_MODEL_NAMES) {
    const w = COUNT_MODELS[name].fit(weekly);
    const d = COUNT_MODELS[name].fit(daily);
    const wp = w.params as unknown as Record<string, number>,
      dp = d.params as unknown as Record<string, number>;
    for (const k of COUNT_MODELS[name].parameters) {
      const unit = k === "alpha" || k === "beta" ? 7 : 1;
      assertRelClose(dp[k]!, wp[k]! * unit, 1e-4, `${name} ${k}`);
    }
    assertRelClose(
      d.logLikelihood,
      w.logLikelihood - Math.log(7) * sumRepeat(weekly),
      1e-6,
      `${name} LL`,
    );
    equal(d.report.verdict.kind, w.report.verdict.kind, name);
    const pw = COUNT_MODELS[name].predictor(w.params), pd = COUNT_MODELS[name].predictor(d.params);
    customers.frequency.forEach((x, i) => {
      assertRelClose(
        pd.probabilityAlive(x, customersDaily.recency[i]!, customersDaily.T[i]!),
        pw.probabilityAlive(x, customers.recency[i]!, customers.T[i]!),
        1e-4,
        `${name} P(alive)`,
      );
      assertRelClose(
        pd.conditionalExpectedPurchases(x, customersDaily.recency[i]!, customersDaily.T[i]!, 28),
        pw.conditionalExpectedPurchases(x, customers.recency[i]!, customers.T[i]!, 4),
        1e-4,
        `${name} E[Y]`,
      );
    });
  }
});

/** Each repeat purchase's density is per time unit: days instead of weeks lower the
 * log-likelihood by ln 7 per repeat purchase (the densities of the purchase times). */
function sumRepeat(s: { frequency: Float64Array }): number {
  let n = 0;
  for (const x of s.frequency) n += x;
  return n;
}
