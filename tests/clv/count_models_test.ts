/**
 * The count-model registry: one loop fits BG/NBD, MBG/NBD and Pareto/NBD on CDNOW and gives the
 * published estimates; each entry's predictions equal the model's own functions; the main model
 * of `clvAnalysis` is chosen by name.
 */
import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  clvAnalysis,
  conditionalExpectedPurchases,
  COUNT_MODEL_NAMES,
  COUNT_MODELS,
  countModel,
  mbgNbdProbabilityAlive,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  probabilityAlive,
  purchaseDistribution,
} from "@crm/clv/mod.ts";
import { OptionError } from "@crm/errors.ts";
import { assertClose, assertRelClose, cdnowData } from "./_data.ts";
import * as P from "./_published.ts";

const data = cdnowData();
const PUBLISHED = {
  bg_nbd: {
    values: P.BG_MLE,
    check: (a: number, e: number, k: string) => assertRelClose(a, e, 2e-6, k),
  },
  mbg_nbd: {
    values: P.MBG_BTYDPLUS,
    check: (a: number, e: number, k: string) => assertClose(a, e, 1e-3, k),
  },
  pareto_nbd: {
    values: P.PNBD_MLE,
    check: (a: number, e: number, k: string) => assertRelClose(a, e, 1e-5, k),
  },
} as const;
const LOG_LIKELIHOOD = { bg_nbd: -9582.4256, pareto_nbd: -9594.9739 } as const;

Deno.test("COUNT_MODELS: one loop fits every count model on CDNOW to its published estimates", () => {
  deepStrictEqual([...COUNT_MODEL_NAMES], ["bg_nbd", "mbg_nbd", "pareto_nbd"]);
  for (const name of COUNT_MODEL_NAMES) {
    const model = COUNT_MODELS[name];
    equal(model.name, name);
    const fit = model.fit(data);
    equal(fit.model, name);
    ok(fit.converged, name);
    equal(fit.n, 2357);
    deepStrictEqual(Object.keys(fit.params), [...model.parameters]);
    const published = PUBLISHED[name];
    for (const [k, v] of Object.entries(published.values)) {
      published.check(fit.params[k as keyof typeof fit.params] as number, v, `${name} ${k}`);
    }
    if (name !== "mbg_nbd") assertClose(fit.logLikelihood, LOG_LIKELIHOOD[name], 1e-4, name);
    // The report is data: the same estimates, and the verdict that CDNOW customers drop out.
    deepStrictEqual(fit.report.params, { ...fit.params });
    equal(fit.report.model, name);
    equal(fit.report.verdict.kind, "interior", `${name} verdict`);
    deepStrictEqual(fit.report.limits, []);
    equal(fit.report.repeatCustomers, 2357 - 1411);
    ok(!JSON.stringify(fit.report).includes("NaN"));
  }
});

Deno.test("COUNT_MODELS: each predictor equals the model's own prediction functions", () => {
  const customers = {
    frequency: [0, 2, 26, 7],
    recency: [0, 30.43, 30.86, 12],
    T: [38, 38.86, 31, 39],
  };
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const pn = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
  const check = (
    name: "bg_nbd" | "mbg_nbd" | "pareto_nbd",
    params: object,
    alive: Float64Array,
    expected: Float64Array | null,
  ) => {
    const p = COUNT_MODELS[name].predictor(params);
    customers.frequency.forEach((x, i) => {
      equal(p.probabilityAlive(x, customers.recency[i]!, customers.T[i]!), alive[i]);
      if (expected) {
        equal(
          p.conditionalExpectedPurchases(x, customers.recency[i]!, customers.T[i]!, 52),
          expected[i],
        );
      }
    });
    deepStrictEqual(probabilityAlive({ model: name, params } as never, customers), alive);
  };
  check(
    "bg_nbd",
    bg,
    bgNbdProbabilityAlive(bg, customers),
    bgNbdConditionalExpectedPurchases(bg, customers, 52),
  );
  check("mbg_nbd", bg, mbgNbdProbabilityAlive(bg, customers), null);
  check(
    "pareto_nbd",
    pn,
    paretoNbdProbabilityAlive(pn, customers),
    paretoNbdConditionalExpectedPurchases(pn, customers, 52),
  );
  equal(
    COUNT_MODELS.pareto_nbd.predictor(pn).expectedPurchases(52),
    paretoNbdExpectedPurchases(pn, 52),
  );
  throws(() => COUNT_MODELS.bg_nbd.predictor({ r: 1, alpha: 1, a: 1 }), OptionError);
  throws(
    () => countModel("beta_geo"),
    /--clv-model must be one of "bg_nbd", "mbg_nbd", "pareto_nbd"/,
  );
});

Deno.test("purchaseDistribution(): sums to 1 and averages to E[Y(t)] for every model, customer and horizon", () => {
  const params = {
    bg_nbd: P.BG_PAPER,
    mbg_nbd: P.MBG_BTYDPLUS,
    pareto_nbd: P.PNBD_BTYD,
  } as const;
  const customers = [[0, 0, 38], [2, 30.43, 38.86], [26, 30.86, 31], [200, 38, 40], [3, 10, 38], [
    1,
    0.5,
    0.5,
  ]];
  for (const name of COUNT_MODEL_NAMES) {
    const model = { model: name, params: params[name] } as never;
    for (const [x, tx, T] of customers) {
      for (const t of [1, 26, 52, 300]) {
        const pmf = purchaseDistribution(model, { frequency: x!, recency: tx!, T: T! }, t);
        ok(pmf.every((p) => p >= 0), `${name} ${x} ${t}: probabilities ≥ 0`);
        assertClose(pmf.reduce((s, p) => s + p, 0), 1, 1e-9, `${name} x=${x} t=${t}: total`);
        const mean = pmf.reduce((s, p, k) => s + k * p, 0);
        const expected = conditionalExpectedPurchases(model, {
          frequency: [x!],
          recency: [tx!],
          T: [T!],
        }, t)[0]!;
        assertClose(mean, expected, 1e-7 * Math.max(1, expected), `${name} x=${x} t=${t}: mean`);
      }
    }
  }
});

Deno.test("clvAnalysis() predicts with the model chosen by name; the others are compared", () => {
  const expand = (col: number[]): number[] =>
    col.flatMap((v, i) => Array<number>(data.weights?.[i] ?? 1).fill(v));
  const summary = {
    customerIds: expand(data.frequency).map((_, i) => `c${i}`),
    frequency: expand(data.frequency),
    recency: expand(data.recency),
    T: expand(data.T),
    monetaryValue: expand(data.monetaryValue),
  };
  const r = clvAnalysis(summary, { model: "pareto_nbd", compare: { mbg_nbd: false } });
  equal(r.params.predictionModel, "pareto_nbd");
  equal(r.fits.main, r.fits.pareto_nbd);
  equal(r.params.models.mbg_nbd, null);
  ok(r.params.models.bg_nbd !== null);
  deepStrictEqual(
    r.customers.p_alive,
    paretoNbdProbabilityAlive(r.fits.main.params as never, summary),
  );
  deepStrictEqual(
    r.customers.exp_purchases_1m,
    paretoNbdConditionalExpectedPurchases(r.fits.main.params as never, summary, 4),
  );
  deepStrictEqual(r.params.modelChoices.map((c) => [c.model, c.role, c.fitted]), [
    ["bg_nbd", "comparison", true],
    ["mbg_nbd", "comparison", false],
    ["pareto_nbd", "main", true],
  ]);
  // The repeat-purchase chart's expectation is Pareto/NBD's: its customers sum to everyone.
  assertClose(r.diagnostics.repeatPurchases.reduce((s, b) => s + b.expected, 0), 2357, 1e-6);
  throws(() => clvAnalysis(summary, { model: "nbd" as never }), OptionError);
});
