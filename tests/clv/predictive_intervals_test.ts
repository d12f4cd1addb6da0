/**
 * Predictive intervals against what simulated customers then did: for each count model, a few
 * thousand customers simulated through a 26-week holdout with Gamma-Gamma spend, the models
 * fitted to the calibration period, and the 90% intervals of purchases and spend checked on the
 * holdout. Counts are discrete, so their intervals hold at least 90%: the test compares the
 * share of customers inside with the share the model promises, and checks the distribution
 * itself with randomized probability integral transforms (uniform under a calibrated model).
 */
import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  clvAnalysis,
  COUNT_MODEL_NAMES,
  COUNT_MODELS,
  type CountModelName,
  fitGammaGamma,
  predictiveIntervals,
  purchaseDistribution,
  simulateWithHoldout,
  SPEND_MODELS,
} from "@crm/clv/mod.ts";
import { OptionError, ValidationError } from "@crm/errors.ts";
import { betaRegularized, lnGamma } from "../../lib/clv/_special.ts";
import { createRandom } from "@crm/stats/mod.ts";
import { assertClose } from "./_data.ts";

const TRUTH = {
  bg_nbd: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
  mbg_nbd: { r: 0.6, alpha: 5, a: 0.8, b: 2.5 },
  pareto_nbd: { r: 0.6, alpha: 5, s: 0.8, beta: 12 },
} as const;
const SPEND = { p: 6, q: 4, v: 15 };
const HORIZON = 26;
const N = 3000;

/** Share of values in [lo, hi]. */
function share(values: readonly number[], lo: number, hi: number): number {
  return values.filter((u) => u >= lo && u <= hi).length / values.length;
}

function simulated(name: CountModelName, seed: number) {
  const T = Float64Array.from({ length: N }, (_, i) => 20 + (i % 33));
  return simulateWithHoldout({ model: name, params: TRUTH[name] } as never, T, {
    horizon: HORIZON,
    spend: SPEND,
    seed,
  });
}

for (const name of COUNT_MODEL_NAMES) {
  Deno.test(`predictiveIntervals() with ${name}: 90% intervals hold what they promise on ${N} simulated customers`, () => {
    const sim = simulated(name, 31);
    const fit = COUNT_MODELS[name].fit(sim);
    const gg = fitGammaGamma(sim);
    const pi = predictiveIntervals(fit, sim, { horizon: HORIZON, spend: gg.params });
    const random = createRandom(99);
    const countPit: number[] = [];
    const valuePit: number[] = [];
    let inCount = 0, promisedCount = 0, inValue = 0, promisedValue = 0;
    let openValue = 0, inOpenValue = 0;
    for (let i = 0; i < N; i++) {
      const y = sim.futurePurchases[i]!, v = sim.futureValue![i]!;
      const customer = { frequency: sim.frequency[i]!, recency: sim.recency[i]!, T: sim.T[i]! };
      const pmf = purchaseDistribution(fit, customer, HORIZON);
      const lo = pi.purchases_lower[i]!, hi = pi.purchases_upper[i]!;
      equal(pi.p_no_purchase[i], pmf[0]);
      // The promised coverage of this customer's count interval: at least 90%.
      let promised = 0;
      for (let k = lo; k <= hi; k++) promised += pmf[k] ?? 0;
      ok(promised >= 0.9 - 1e-9, `customer ${i}: interval [${lo}, ${hi}] holds ${promised}`);
      promisedCount += promised;
      if (y >= lo && y <= hi) inCount++;
      let below = 0;
      for (let k = 0; k < y; k++) below += pmf[k] ?? 0;
      countPit.push(below + random.next() * (pmf[y] ?? 0));
      // Spend: P(V ≤ v) from the Gamma-Gamma posterior; the atom at 0 randomized.
      const cdf = (w: number) => {
        let c = pmf[0]!;
        for (let k = 1; k < pmf.length; k++) {
          c += pmf[k]! *
            SPEND_MODELS.gamma_gamma.spendDistribution(
              gg.params,
              customer.frequency,
              sim.monetaryValue![i]!,
              k,
              w,
            );
        }
        return c;
      };
      valuePit.push(v === 0 ? random.next() * pmf[0]! : cdf(v));
      const vlo = pi.value_lower[i]!, vhi = pi.value_upper[i]!;
      const closed = vhi === 0; // [0, 0]: P(no purchase) ≥ 90%
      promisedValue += closed ? pmf[0]! : 0.9;
      const inside = v >= vlo * (1 - 1e-9) && v <= vhi * (1 + 1e-9);
      if (inside) inValue++;
      if (!closed) {
        openValue++;
        if (inside) inOpenValue++;
        assertClose(cdf(vhi) - (vlo > 0 ? cdf(vlo) : 0), 0.9, 1e-6, `customer ${i} spend`);
      }
    }
    // The distributions are calibrated: 90% of the transforms fall in [0.05, 0.95].
    const c = share(countPit, 0.05, 0.95), s = share(valuePit, 0.05, 0.95);
    ok(c >= 0.87 && c <= 0.93, `${name}: count PIT coverage ${c}`);
    ok(s >= 0.87 && s <= 0.93, `${name}: spend PIT coverage ${s}`);
    // The intervals hold as many customers as they promise.
    assertClose(inCount / N, promisedCount / N, 0.02, `${name}: purchases inside vs promised`);
    assertClose(inValue / N, promisedValue / N, 0.02, `${name}: spend inside vs promised`);
    // Where the spend interval is open (not [0, 0]) it holds 90%, within 0.87–0.93.
    ok(openValue > 1000, `${openValue} open spend intervals`);
    const open = inOpenValue / openValue;
    ok(open >= 0.87 && open <= 0.93, `${name}: open spend intervals hold ${open}`);
  });
}

Deno.test("clvAnalysis(): predictive spend intervals hold about 90% of customers, the parameter intervals few", () => {
  const T = Float64Array.from({ length: N }, (_, i) => 20 + (i % 33));
  const horizon = 6 * 4.345;
  const sim = simulateWithHoldout({ model: "bg_nbd", params: TRUTH.bg_nbd }, T, {
    horizon,
    spend: SPEND,
    seed: 5,
  });
  const r = clvAnalysis(
    { customerIds: Array.from(T, (_, i) => `c${i}`), ...sim, monetaryValue: sim.monetaryValue! },
    { compare: { mbg_nbd: false, pareto_nbd: false }, intervals: { method: "delta" }, discount: 0 },
  );
  const c = r.customers;
  deepStrictEqual(r.params.predictiveIntervals, { level: 0.9, horizon, spend: "gamma-gamma" });
  let predictive = 0, parameter = 0;
  for (let i = 0; i < N; i++) {
    const v = sim.futureValue![i]!;
    if (v >= c.value_lower![i]! * (1 - 1e-9) && v <= c.value_upper![i]! * (1 + 1e-9)) predictive++;
    if (v >= c.clv_param_lower![i]! && v <= c.clv_param_upper![i]!) parameter++;
  }
  ok(predictive / N >= 0.87, `predictive: ${predictive / N}`);
  ok(parameter / N < 0.1, `parameter-uncertainty intervals hold only ${parameter / N}`);
  // Without Gamma-Gamma (too few repeat customers) spend is each purchase at exp_avg_value.
  const few = clvAnalysis({
    customerIds: ["a", "b", "c"],
    frequency: [0, 2, 5],
    recency: [0, 10, 30],
    T: [30, 31, 32],
    monetaryValue: [0, 20, 35],
  });
  equal(few.params.predictiveIntervals!.spend, "fixed-value");
  few.customers.value_upper!.forEach((v, i) =>
    assertClose(v, few.customers.purchases_upper![i]! * few.customers.exp_avg_value[i]!, 1e-12)
  );
});

Deno.test("predictiveIntervals(): spend without spread (every purchase worth the same) stays finite", () => {
  // A homogeneous-spend fit runs p and q to infinity: k purchases then cost k times the value.
  const T = Float64Array.from({ length: 400 }, (_, i) => 10 + (i % 40));
  const s = simulateWithHoldout({ model: "bg_nbd", params: TRUTH.bg_nbd }, T, {
    horizon: 26,
    seed: 3,
  });
  const monetaryValue = s.frequency.map((x) => (x > 0 ? 20 : 0));
  const gg = fitGammaGamma({ ...s, monetaryValue });
  ok(gg.params.p > 1e7 && gg.params.q > 1e7, JSON.stringify(gg.params));
  const pi = predictiveIntervals(
    { model: "bg_nbd", params: TRUTH.bg_nbd },
    { ...s, monetaryValue },
    {
      horizon: 26,
      spend: gg.params,
    },
  );
  pi.value_upper.forEach((v, i) =>
    assertClose(v, 20 * pi.purchases_upper[i]!, 0.02 * Math.max(1, v))
  );
});

Deno.test("predictiveIntervals() rejects a bad horizon, level or missing values", () => {
  const bg = { model: "bg_nbd", params: TRUTH.bg_nbd } as const;
  const s = { frequency: [1], recency: [2], T: [10], monetaryValue: [5] };
  throws(() => predictiveIntervals(bg, s, { horizon: 0, spend: SPEND }), OptionError);
  throws(() => predictiveIntervals(bg, s, { horizon: 5, level: 1, spend: SPEND }), OptionError);
  throws(() => predictiveIntervals(bg, s, { horizon: 5, spend: null }), ValidationError);
});

/** P(Binomial(n, x) ≥ k), summed in log space. */
function binomialTail(n: number, k: number, x: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) {
    s += Math.exp(
      lnGamma(n + 1) - lnGamma(j + 1) - lnGamma(n - j + 1) + j * Math.log(x) +
        (n - j) * Math.log1p(-x),
    );
  }
  return s;
}

Deno.test("betaRegularized() agrees with closed forms, symmetry and the binomial tail", () => {
  for (const x of [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999]) {
    for (const b of [0.2, 1, 3.5, 40]) {
      assertClose(betaRegularized(x, 1, b), -Math.expm1(b * Math.log1p(-x)), 1e-13, `a=1 b=${b}`);
      assertClose(betaRegularized(x, b, 1), Math.pow(x, b), 1e-13, `b=1 a=${b}`);
      assertClose(
        betaRegularized(x, 2.5, b),
        1 - betaRegularized(1 - x, b, 2.5),
        1e-13,
        "symmetry",
      );
    }
  }
  // Integer a, b: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a), including large ones.
  for (const [a, b, x] of [[3, 4, 0.2], [10, 2, 0.9], [500, 800, 0.385], [1200, 30, 0.97]]) {
    assertClose(betaRegularized(x!, a!, b!), binomialTail(a! + b! - 1, a!, x!), 1e-11, `${a} ${b}`);
  }
  equal(betaRegularized(0, 2, 3), 0);
  equal(betaRegularized(1, 2, 3), 1);
});
