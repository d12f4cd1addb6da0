/**
 * The words of lib/sections/_clv_words.ts, for every verdict and report state, including the
 * cases where nothing must be said (a sound fit, a well-behaved spend model, intervals not
 * asked for).
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { createFormat } from "../../lib/format/mod.ts";
import type {
  ClvSpendReport,
  CountFitReport,
  DropoutVerdict,
  LikelihoodRatioTest,
  SpendFitReport,
} from "@crm/clv/mod.ts";
import {
  aliveHistoryReasonWords,
  conventionWords,
  fitPlainWords,
  fitTechnicalWords,
  modelChoiceWords,
  parameterIntervalWords,
  predictiveIntervalWords,
  spendPlainWords,
  spendTechnicalWords,
  stageSkipWords,
} from "../../lib/sections/_clv_words.ts";

const rejected: LikelihoodRatioTest = {
  statistic: 52.3,
  df: 1,
  p: 2e-13,
  logLikelihood: -9608.58,
  params: { r: 0.38, alpha: 6.1 },
};
const notRejected: LikelihoodRatioTest = {
  statistic: 0.002,
  df: 1,
  p: 0.48,
  logLikelihood: -100.001,
  params: { r: 1.2, alpha: 3 },
};

function countReport(verdict: DropoutVerdict, extra: Partial<CountFitReport> = {}): CountFitReport {
  return {
    model: "bg_nbd",
    customers: 2357,
    distinctRows: 1030,
    penalizer: 0,
    params: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
    standardErrors: { r: 0.0126, alpha: 0.378, a: 0.186, b: 0.705 },
    ci95: null,
    standardErrorStatus: "available",
    logLikelihood: -9582.4256,
    converged: true,
    iterations: 31,
    gradientNorm: 1.2e-9,
    stop: "gradient",
    limits: [],
    repeatCustomers: 946,
    verdict,
    ...extra,
  };
}

Deno.test("fitPlainWords(): nothing to say for a sound fit; each boundary verdict in plain words", () => {
  equal(fitPlainWords(countReport({ kind: "interior", noDropout: rejected })), null);
  equal(fitPlainWords(countReport({ kind: "not-checked" })), null);
  match(
    fitPlainWords(countReport({ kind: "interior", noDropout: rejected }, { converged: false }))!,
    /did not settle/,
  );
  const none = fitPlainWords(
    countReport({ kind: "no-dropout-boundary", noDropout: notRejected, heavyDropout: rejected }),
  )!;
  match(none, /no sign of customers leaving/);
  const weak = fitPlainWords(
    countReport({ kind: "weak-dropout", noDropout: notRejected, heavyDropout: rejected }),
  )!;
  match(weak, /little sign of customers leaving/);
  ok(!/no sign/.test(weak));
  match(
    fitPlainWords(
      countReport(
        { kind: "undetermined", noDropout: notRejected, heavyDropout: notRejected },
        { repeatCustomers: 0 },
      ),
    )!,
    /No customer has bought a second time yet/,
  );
  match(
    fitPlainWords(
      countReport({ kind: "undetermined", noDropout: notRejected, heavyDropout: notRejected }),
    )!,
    /cannot tell whether customers leave/,
  );
  const same = fitPlainWords(
    countReport({ kind: "homogeneous-dropout", noDropout: rejected, meanDropout: 0.153 }),
  )!;
  match(same, /Customers do leave/);
  match(same, /same chance \(15%\) of stopping after each purchase/);
  ok(!/no sign|little sign/.test(same));
  match(
    fitPlainWords(
      countReport({ kind: "homogeneous-dropout", noDropout: rejected, meanDropout: 0.02 }, {
        model: "pareto_nbd",
      }),
    )!,
    /chance of leaving per time unit/,
  );
});

Deno.test("fitTechnicalWords(): estimates, likelihood, convergence, then tests and verdict", () => {
  const w = fitTechnicalWords(countReport({ kind: "interior", noDropout: rejected }));
  equal(w.fitted, "BG/NBD fitted to 2357 customers (1030 distinct rows).");
  equal(
    w.parameters,
    "Parameters: r 0.243 (se 0.0126), alpha 4.41 (se 0.378), a 0.793 (se 0.186), b 2.43 (se 0.705).",
  );
  equal(
    w.likelihood,
    "Log-likelihood -9582.4256 after 31 iterations; largest gradient component 1.20e-9.",
  );
  equal(w.convergence, "Converged (gradient below tolerance).");
  deepStrictEqual(w.findings, [
    "No-dropout test: against the NBD model without dropout (log-likelihood -9608.5800), 2ΔLL = 52.300, p < 0.001 (df 1).",
    "Verdict: customers drop out (no dropout rejected at 5%).",
  ]);
  const boundary = fitTechnicalWords(
    countReport({ kind: "no-dropout-boundary", noDropout: notRejected, heavyDropout: rejected }, {
      limits: [{ parameter: "a", limit: "zero" }],
      standardErrors: null,
      standardErrorStatus: "not-identified",
      converged: false,
      stop: "max-iterations",
    }),
  );
  match(boundary.convergence, /Did not converge \(max-iterations\)/);
  match(boundary.findings[0]!, /At a limit of the parameter space: a → 0/);
  match(boundary.findings.join(" "), /Heavy-dropout test: against heavy dropout \(a = b = 1\)/);
  match(boundary.findings.join(" "), /on the no-dropout boundary/);
  match(boundary.findings.at(-1)!, /not identified/);
  equal(fitTechnicalWords(countReport({ kind: "not-checked" })).findings.length, 0);
  const gg: SpendFitReport = {
    ...countReport({ kind: "not-checked" }),
    model: "gamma_gamma",
    params: { p: 3.79, q: 0.34, v: 3.73 },
    verdict: { kind: "interior" },
    populationMean: null,
    moneyScale: 1,
  } as unknown as SpendFitReport;
  deepStrictEqual(fitTechnicalWords(gg).findings, [
    "q = 0.340 ≤ 1: the population mean spend is infinite; expected values exist only for repeat customers with p·x + q − 1 > 0.",
  ]);
  match(
    fitTechnicalWords({ ...gg, populationMean: 20, moneyScale: 2 ** 24 }).findings.join(" "),
    /divided by 16777216/,
  );
});

const spendBase: ClvSpendReport = {
  status: "fitted",
  repeatCustomersWithSpend: 946,
  customersFitted: 946,
  minimumCustomers: 10,
  excludedNonPositiveSpend: 0,
  correlation: 0.114,
  correlationWarning: false,
  correlationLimit: 0.3,
  fallbackRule: "population-mean",
  fallbackCustomers: 1411,
  fallbackValue: 35.08,
  observedMean: 35.2,
};
const money = (x: number) => `£${x.toFixed(2)}`;

Deno.test("spendPlainWords() and spendTechnicalWords(): silent when all is well, explicit on fallbacks", () => {
  equal(spendPlainWords(spendBase, money), null);
  match(
    spendPlainWords({ ...spendBase, correlation: 0.45, correlationWarning: true }, money)!,
    /spend more per purchase \(correlation 0.45\)/,
  );
  match(
    spendPlainWords({ ...spendBase, status: "not-fitted", customersFitted: 0 }, money)!,
    /Too few repeat customers.*£35.08/,
  );
  deepStrictEqual(spendTechnicalWords(spendBase, money), [
    "Gamma-Gamma fitted to 946 repeat customers with positive spend: exp_avg_value = E[M | x, z̄] for them.",
    "1411 customers without usable spend get the population mean p·v/(q − 1) = £35.08.",
    "Pearson correlation of frequency and spend 0.114: weak, consistent with Gamma-Gamma's independence assumption.",
  ]);
  match(
    spendTechnicalWords(
      { ...spendBase, status: "fitted-q-le-1", fallbackRule: "observed-mean" },
      money,
    )
      .join(" "),
    /q ≤ 1, so the population mean is infinite/,
  );
  match(
    spendTechnicalWords(
      { ...spendBase, excludedNonPositiveSpend: 3, correlation: null },
      money,
    )[0]!,
    /^3 repeat customers have a mean spend ≤ 0/,
  );
});

Deno.test("choices, intervals, history and skipped steps in words (null when there is nothing)", () => {
  deepStrictEqual(
    modelChoiceWords([
      {
        model: "mbg_nbd",
        role: "comparison",
        fitted: false,
        reason: "option",
        distinctRows: 10,
        limit: 10,
      },
      { model: "pareto_nbd", role: "main", fitted: true },
      { model: "bg_nbd", role: "comparison", fitted: true },
    ], createFormat().int),
    [
      "Pareto/NBD drives P(alive), the expected purchases and CLV.",
      "MBG/NBD not fitted (switched off).",
      "BG/NBD fitted for comparison.",
    ],
  );
  match(conventionWords("repeat"), /repeat purchase periods/);
  equal(parameterIntervalWords({ computed: false, reason: "off" }, "bg_nbd"), null);
  match(
    parameterIntervalWords({
      computed: true,
      method: "delta",
      level: 0.9,
      draws: 200,
      seed: 42,
      withSpend: false,
    }, "mbg_nbd")!,
    /90% range of the expected CLV by the delta method over the MBG\/NBD parameter uncertainty only/,
  );
  equal(predictiveIntervalWords(null, 6), null);
  match(
    predictiveIntervalWords({ level: 0.8, horizon: 26, spend: "fixed-value" }, 6)!,
    /with 80% probability \(spend undiscounted, each purchase at its expected value\)/,
  );
  match(aliveHistoryReasonWords("valuable-likely-lost"), /fallen under 50%/);
  equal(
    stageSkipWords({ step: "rule-based-cltv", message: "no churn" }),
    "The rule-based CLTV was skipped: no churn",
  );
});
