/**
 * Words for the CLV results (private to lib/sections): pure functions of the typed fit reports,
 * spend report, model choices and stage results of lib/clv and lib/lifetime_value. Two
 * registers: plain words for managers (`…PlainWords`, `null` when there is nothing worth saying)
 * and technical words for an appendix (`…TechnicalWords`). No number is re-derived here: every
 * value comes from the report.
 *
 * @module
 */
import type {
  ClvSpendReport,
  CountFitReport,
  CountModelName,
  FitReport,
  LikelihoodRatioTest,
  ModelChoice,
  ParameterIntervalRecord,
  PredictiveIntervalRecord,
  SpendFitReport,
} from "../clv/mod.ts";
import type { AliveHistoryReason, StageSkip } from "../lifetime_value/mod.ts";

/** Names of the models in words. */
export const MODEL_LABELS: Readonly<Record<CountModelName | "gamma_gamma", string>> = {
  bg_nbd: "BG/NBD",
  mbg_nbd: "MBG/NBD",
  pareto_nbd: "Pareto/NBD",
  gamma_gamma: "Gamma-Gamma",
};

/** Money in the report's currency (the section passes its formatter). */
export type MoneyFormat = (value: number) => string;

/** A parameter value: 3 significant digits, exponent form when extreme. */
function param(v: number): string {
  return v >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(3);
}

function percent(v: number): string {
  return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
}

function pValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p ≈ ${p.toFixed(3)}`;
}

function statistic(s: number): string {
  return s < 1e-3 ? s.toExponential(1) : s.toFixed(3);
}

/**
 * What a count-model fit means for a manager, or `null` when there is nothing to say (dropout
 * is well supported and the fit converged). The words follow the verdict, which follows the
 * likelihood: "no sign of customers leaving" only when the no-dropout model fits as well and
 * heavy dropout is rejected; never together with "customers drop out".
 *
 * @param report A count model's fit report.
 * @returns One or two sentences, or null.
 *
 * @example Nothing to say about a sound interior fit
 * ```ts
 * import { fitPlainWords } from "./_clv_words.ts";
 * import type { CountFitReport } from "../clv/mod.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const lr = { statistic: 40, df: 1, p: 1e-10, logLikelihood: -120, params: {} };
 * const base = { model: "bg_nbd", converged: true, verdict: { kind: "interior", noDropout: lr } } as unknown as CountFitReport;
 * equal(fitPlainWords(base), null);
 * const none = { ...base, verdict: { kind: "no-dropout-boundary", noDropout: { ...lr, statistic: 0, p: 1 }, heavyDropout: lr } } as CountFitReport;
 * match(fitPlainWords(none)!, /no sign of customers leaving/);
 * ```
 */
export function fitPlainWords(report: CountFitReport): string | null {
  const words: string[] = [];
  if (!report.converged) {
    words.push(
      "The model's fit did not settle on a best answer, so treat its numbers with care.",
    );
  }
  const v = report.verdict;
  switch (v.kind) {
    case "no-dropout-boundary":
      words.push(
        "The data show no sign of customers leaving, so the model sees almost everyone as still active (P(alive) close to 100%): rank customers by CLV, but watch how long since each last ordered to spot the ones drifting away.",
      );
      break;
    case "weak-dropout":
      words.push(
        "The data show little sign of customers leaving and cannot say how many do, so P(alive) stays close to 100% for most customers: watch how long since each last ordered to spot the ones drifting away.",
      );
      break;
    case "undetermined":
      words.push(
        report.repeatCustomers === 0
          ? "No customer has bought a second time yet, so the data cannot tell whether customers leave: P(alive) says nothing reliable yet."
          : "The data cannot tell whether customers leave or not, so P(alive) says nothing reliable yet: watch how long since each last ordered instead.",
      );
      break;
    case "homogeneous-dropout":
      words.push(
        `Customers do leave, and the data show no difference between them in how likely they are to: every customer has about the same ${
          report.model === "pareto_nbd"
            ? "chance of leaving per time unit"
            : `chance (${percent(v.meanDropout)}) of stopping after each purchase`
        }.`,
      );
      break;
    case "interior":
    case "not-checked":
      break;
  }
  return words.length > 0 ? words.join(" ") : null;
}

/** A fit report in technical words, part by part. */
export interface FitTechnicalWords {
  /** "BG/NBD fitted to 2,357 customers (1,030 distinct rows)." */
  readonly fitted: string;
  /** "Parameters: r 0.243 (se 0.0126), …" */
  readonly parameters: string;
  /** "Log-likelihood −9,582.4256 after 31 iterations; largest gradient component 1.2e-9." */
  readonly likelihood: string;
  /** "Converged (gradient below tolerance)." or why not. */
  readonly convergence: string;
  /** Limits, tests, verdict, standard errors, spend-model notes: zero or more sentences. */
  readonly findings: readonly string[];
}

function testWords(name: string, against: string, t: LikelihoodRatioTest): string {
  return `${name}: against ${against} (log-likelihood ${t.logLikelihood.toFixed(4)}), 2ΔLL = ${
    statistic(t.statistic)
  }, ${pValue(t.p)} (df ${t.df}).`;
}

/**
 * A fit report in technical words for an appendix: what was fitted, the estimates, the
 * likelihood, convergence, then the findings (parameters at a limit, the likelihood-ratio tests
 * and verdict, standard errors, Gamma-Gamma's q ≤ 1 and money scale).
 *
 * @param report Any fit report.
 * @returns The sentences, part by part.
 *
 * @example
 * ```ts
 * import { fitTechnicalWords } from "./_clv_words.ts";
 * import { fitBgNbd } from "../clv/mod.ts";
 * import { match } from "node:assert/strict";
 *
 * const fit = fitBgNbd({ frequency: [0, 1, 4, 0, 2, 3], recency: [0, 3, 20, 0, 9, 25], T: [30, 30, 30, 25, 25, 30] });
 * const w = fitTechnicalWords(fit.report);
 * match(w.fitted, /^BG\/NBD fitted to 6 customers/);
 * match(w.findings.join(" "), /No-dropout test/);
 * ```
 */
export function fitTechnicalWords(report: FitReport): FitTechnicalWords {
  const label = MODEL_LABELS[report.model];
  const se = report.standardErrors;
  const fitted =
    `${label} fitted to ${report.customers} customers (${report.distinctRows} distinct rows)${
      report.penalizer > 0 ? ` with penalizer ${report.penalizer}` : ""
    }.`;
  const parameters = `Parameters: ${
    Object.entries(report.params).map(([k, v]) =>
      `${k} ${param(v)}${se && se[k] !== undefined ? ` (se ${param(se[k]!)})` : ""}`
    ).join(", ")
  }.`;
  const likelihood = `Log-likelihood ${
    report.logLikelihood.toFixed(4)
  } after ${report.iterations} iterations; largest gradient component ${
    report.gradientNorm === null ? "not finite" : report.gradientNorm.toExponential(2)
  }.`;
  const convergence = report.converged
    ? `Converged (${
      report.stop === "gradient" ? "gradient below tolerance" : "objective no longer decreasing"
    }).`
    : `Did not converge (${report.stop}): try a larger penalizer or other initial values.`;
  const findings: string[] = [];
  if (report.limits.length > 0) {
    findings.push(
      `At a limit of the parameter space: ${
        report.limits.map((l) => `${l.parameter} → ${l.limit === "zero" ? "0" : "∞"}`).join(", ")
      }.`,
    );
  }
  if (report.model === "gamma_gamma") findings.push(...spendFitFindings(report));
  else findings.push(...dropoutFindings(report));
  if (report.standardErrorStatus === "hessian-not-positive-definite") {
    findings.push(
      "Standard errors are unavailable: the Hessian is not positive definite at the optimum.",
    );
  } else if (report.standardErrorStatus === "not-identified") {
    findings.push(
      "Standard errors are unavailable: the log-scale 95% intervals of some parameters reach 0 or infinity (the parameters are not identified).",
    );
  }
  return { fitted, parameters, likelihood, convergence, findings };
}

function dropoutFindings(report: CountFitReport): string[] {
  const v = report.verdict;
  if (v.kind === "not-checked") return [];
  const nbd = "the NBD model without dropout";
  const out = [testWords("No-dropout test", nbd, v.noDropout)];
  const [a, b] = report.model === "pareto_nbd" ? ["s", "β"] : ["a", "b"];
  switch (v.kind) {
    case "interior":
      out.push("Verdict: customers drop out (no dropout rejected at 5%).");
      break;
    case "homogeneous-dropout":
      out.push(
        `Verdict: customers drop out, and ${a} and ${b} grow without bound together: every customer has the same dropout ${
          report.model === "pareto_nbd"
            ? `rate s/β = ${param(v.meanDropout)} per time unit`
            : `probability per purchase a/(a+b) = ${param(v.meanDropout)}`
        } (no heterogeneity).`,
      );
      break;
    case "no-dropout-boundary":
    case "weak-dropout":
    case "undetermined": {
      const heavy = report.model === "pareto_nbd"
        ? `heavy dropout (s = 1, β = ${param(v.heavyDropout.params.beta ?? NaN)})`
        : "heavy dropout (a = b = 1)";
      out.push(testWords("Heavy-dropout test", heavy, v.heavyDropout));
      out.push(
        v.kind === "no-dropout-boundary"
          ? `Verdict: the optimum is on the no-dropout boundary (${a} → 0 or ${b} → ∞): the NBD model fits as well and heavy dropout is rejected, so P(alive) is close to 1 for everyone.`
          : v.kind === "weak-dropout"
          ? "Verdict: near the no-dropout boundary: no dropout is not rejected, heavy dropout is; the dropout parameters are poorly determined and P(alive) stays close to 1 for most customers."
          : `Verdict: dropout is undetermined: neither no dropout nor heavy dropout is rejected${
            report.repeatCustomers === 0 ? " (no customer has a repeat purchase)" : ""
          }.`,
      );
      break;
    }
  }
  return out;
}

function spendFitFindings(report: SpendFitReport): string[] {
  const out: string[] = [];
  if (report.verdict.kind === "homogeneous-spend") {
    out.push(
      `q and v grow without bound together: spend levels show no heterogeneity across customers (mean transaction value ${
        param(report.verdict.meanSpend)
      }).`,
    );
  }
  if (report.populationMean === null) {
    out.push(
      `q = ${
        param(report.params.q ?? NaN)
      } ≤ 1: the population mean spend is infinite; expected values exist only for repeat customers with p·x + q − 1 > 0.`,
    );
  }
  if (report.moneyScale !== 1) {
    out.push(`Spend was divided by ${report.moneyScale} during the fit (v is reported in money).`);
  }
  return out;
}

/**
 * What the spend model means for a manager, or `null` when there is nothing to say (Gamma-Gamma
 * fitted with a finite mean and no sign that spend depends on frequency).
 *
 * @param spend The spend report.
 * @param money The report's money formatter.
 * @returns A sentence or two, or null.
 *
 * @example
 * ```ts
 * import { spendPlainWords } from "./_clv_words.ts";
 * import type { ClvSpendReport } from "../clv/mod.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const fine = { status: "fitted", correlationWarning: false } as ClvSpendReport;
 * equal(spendPlainWords(fine, (x) => `£${x}`), null);
 * const few = { ...fine, status: "not-fitted", customersFitted: 0, minimumCustomers: 10, fallbackValue: 30 } as ClvSpendReport;
 * match(spendPlainWords(few, (x) => `£${x}`)!, /£30/);
 * ```
 */
export function spendPlainWords(spend: ClvSpendReport, money: MoneyFormat): string | null {
  const words: string[] = [];
  if (spend.status === "not-fitted") {
    words.push(
      `Too few repeat customers to model spend: each repeat customer's own average purchase is used, and the others count at ${
        money(spend.fallbackValue)
      } per purchase.`,
    );
  }
  if (spend.correlationWarning && spend.correlation !== null) {
    words.push(
      `Customers who buy more often also spend ${
        spend.correlation > 0 ? "more" : "less"
      } per purchase (correlation ${
        spend.correlation.toFixed(2)
      }), which the spend model leaves out: the expected value per purchase is less reliable.`,
    );
  }
  return words.length > 0 ? words.join(" ") : null;
}

/**
 * How the expected value per purchase was obtained, in technical words.
 *
 * @param spend The spend report.
 * @param money The report's money formatter.
 * @returns The sentences.
 *
 * @example
 * ```ts
 * import { spendTechnicalWords } from "./_clv_words.ts";
 * import { fitSpendModel } from "../clv/mod.ts";
 * import { match } from "node:assert/strict";
 *
 * const s = fitSpendModel({ frequency: Float64Array.of(0, 2, 1), monetaryValue: Float64Array.of(0, 20, 40) }, { penalizer: 0 });
 * match(spendTechnicalWords(s.report, (x) => x.toFixed(2)).join(" "), /Gamma-Gamma not fitted: 2 repeat customers/);
 * ```
 */
export function spendTechnicalWords(spend: ClvSpendReport, money: MoneyFormat): string[] {
  const out: string[] = [];
  if (spend.excludedNonPositiveSpend > 0) {
    out.push(
      `${spend.excludedNonPositiveSpend} repeat customers have a mean spend ≤ 0 and are left out of the Gamma-Gamma fit; they get the fallback value.`,
    );
  }
  if (spend.status === "not-fitted") {
    out.push(
      `Gamma-Gamma not fitted: ${spend.repeatCustomersWithSpend} repeat customers with positive spend (at least ${spend.minimumCustomers} needed). exp_avg_value is each repeat customer's observed mean spend; the others get the observed mean of the repeat customers (${
        money(spend.fallbackValue)
      }).`,
    );
  } else {
    out.push(
      `Gamma-Gamma fitted to ${spend.customersFitted} repeat customers with positive spend: exp_avg_value = E[M | x, z̄] for them.`,
    );
    out.push(
      spend.fallbackCustomers === 0
        ? "Every customer has usable spend."
        : spend.fallbackRule === "population-mean"
        ? `${spend.fallbackCustomers} customers without usable spend get the population mean p·v/(q − 1) = ${
          money(spend.fallbackValue)
        }.`
        : `q ≤ 1, so the population mean is infinite: ${spend.fallbackCustomers} customers without a finite E[M] get the observed mean spend of the repeat customers (${
          money(spend.fallbackValue)
        }) instead.`,
    );
  }
  if (spend.correlation !== null) {
    out.push(
      `Pearson correlation of frequency and spend ${spend.correlation.toFixed(3)}: ${
        spend.correlationWarning
          ? "Gamma-Gamma assumes spend independent of frequency, so treat exp_avg_value with care."
          : "weak, consistent with Gamma-Gamma's independence assumption."
      }`,
    );
  }
  return out;
}

/**
 * Which count models were fitted, in technical words (the main one first).
 *
 * @param choices The model choices of `clvAnalysis`.
 * @param int The report's whole-number formatter (`fmt.int`).
 * @returns One sentence per model.
 *
 * @example
 * ```ts
 * import { modelChoiceWords } from "./_clv_words.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(modelChoiceWords([
 *   { model: "bg_nbd", role: "main", fitted: true },
 *   { model: "pareto_nbd", role: "comparison", fitted: false, reason: "too-many-rows", distinctRows: 3000, limit: 2500 },
 * ], createFormat().int), [
 *   "BG/NBD drives P(alive), the expected purchases and CLV.",
 *   "Pareto/NBD not fitted: 3,000 distinct summary rows is above the 2,500 up to which it is fitted automatically (its numerical gradient makes it slow).",
 * ]);
 * ```
 */
export function modelChoiceWords(
  choices: readonly ModelChoice[],
  int: (value: number) => string,
): string[] {
  const n = int;
  return [...choices].sort((x, y) => (x.role === "main" ? -1 : 0) - (y.role === "main" ? -1 : 0))
    .map((c) => {
      const label = MODEL_LABELS[c.model];
      if (c.fitted) {
        return c.role === "main"
          ? `${label} drives P(alive), the expected purchases and CLV.`
          : `${label} fitted for comparison.`;
      }
      return c.reason === "option"
        ? `${label} not fitted (switched off).`
        : `${label} not fitted: ${n(c.distinctRows)} distinct summary rows is above the ${
          n(c.limit)
        } up to which it is fitted automatically (its numerical gradient makes it slow).`;
    });
}

/**
 * The summary convention in technical words.
 *
 * @param convention `"repeat"` or `"classic"`.
 * @returns One sentence.
 *
 * @example
 * ```ts
 * import { conventionWords } from "./_clv_words.ts";
 * import { match } from "node:assert/strict";
 *
 * match(conventionWords("classic"), /counts invoices/);
 * ```
 */
export function conventionWords(convention: "repeat" | "classic"): string {
  return convention === "classic"
    ? "Classic convention (the tutorials): frequency counts invoices, not repeat purchases, and monetary is the mean invoice value (only customers with more than one invoice are modelled)."
    : "Repeat convention (lifetimes, the literature): frequency counts repeat purchase periods and monetary is their mean value.";
}

/**
 * The parameter-uncertainty intervals of the CLV in technical words, or null when they were
 * not asked for.
 *
 * @param record How they were obtained.
 * @param model The main model.
 * @returns One sentence, or null.
 *
 * @example
 * ```ts
 * import { parameterIntervalWords } from "./_clv_words.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * equal(parameterIntervalWords({ computed: false, reason: "off" }, "bg_nbd"), null);
 * match(parameterIntervalWords({ computed: false, reason: "boundary" }, "bg_nbd")!, /not computed/);
 * ```
 */
export function parameterIntervalWords(
  record: ParameterIntervalRecord,
  model: CountModelName,
): string | null {
  const label = MODEL_LABELS[model];
  if (!record.computed) {
    return record.reason === "off"
      ? null
      : `CLV parameter intervals not computed: the ${label} optimum is on a boundary of the parameter space, where its parameters are not identified and there is no meaningful covariance to propagate.`;
  }
  return `clv_param_lower/upper: ${Math.round(record.level * 100)}% range of the expected CLV by ${
    record.method === "bootstrap"
      ? `a seeded parametric bootstrap (${record.draws} draws, seed ${record.seed})`
      : "the delta method"
  } over the ${label}${record.withSpend ? " and Gamma-Gamma" : ""} parameter uncertainty${
    record.withSpend ? "" : " only (no Gamma-Gamma covariance)"
  }: how well the average is known, not what a customer will spend.`;
}

/**
 * The predictive intervals in plain words, or null when they were not computed.
 *
 * @param record How they were obtained.
 * @param horizonMonths The horizon.
 * @returns One sentence, or null.
 *
 * @example
 * ```ts
 * import { predictiveIntervalWords } from "./_clv_words.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * equal(predictiveIntervalWords(null, 6), null);
 * match(predictiveIntervalWords({ level: 0.9, horizon: 26.07, spend: "gamma-gamma" }, 6)!, /9 times out of 10/);
 * ```
 */
export function predictiveIntervalWords(
  record: PredictiveIntervalRecord | null,
  horizonMonths: number,
): string | null {
  if (record === null) return null;
  const times = Math.round(record.level * 10);
  return `Per customer, purchases_lower–purchases_upper and value_lower–value_upper hold the number of purchases and the spend over the next ${horizonMonths} months ${
    times === 9 ? "9 times out of 10" : `with ${Math.round(record.level * 100)}% probability`
  } (spend undiscounted${
    record.spend === "fixed-value" ? ", each purchase at its expected value" : ""
  }); customers likely to buy nothing have a range starting at 0.`;
}

/**
 * Why the example customer of the P(alive) history was chosen.
 *
 * @param reason The stage's reason.
 * @returns A phrase.
 *
 * @example
 * ```ts
 * import { aliveHistoryReasonWords } from "./_clv_words.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(aliveHistoryReasonWords("highest-clv"), "the customer with the highest predicted CLV");
 * ```
 */
export function aliveHistoryReasonWords(reason: AliveHistoryReason): string {
  return reason === "valuable-likely-lost"
    ? "the most valuable repeat customer whose P(alive) has fallen under 50%"
    : "the customer with the highest predicted CLV";
}

/**
 * A step of the CLV stage that could not run, in words.
 *
 * @param skip The step and the error's message.
 * @returns One sentence.
 *
 * @example
 * ```ts
 * import { stageSkipWords } from "./_clv_words.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(stageSkipWords({ step: "holdout", message: "too short" }), "Calibration versus holdout was skipped: too short");
 * ```
 */
export function stageSkipWords(skip: StageSkip): string {
  return `${
    skip.step === "holdout" ? "Calibration versus holdout" : "The rule-based CLTV"
  } was skipped: ${skip.message}`;
}
