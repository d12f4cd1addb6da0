/**
 * The customer-lifetime-value stage of the main job and the notebooks: per-customer summaries,
 * the CLV analysis (lib/clv), the rule-based CLTV, and what needs transactions (calibration
 * versus holdout, tracking, one customer's P(alive) history, the prior-year check), plus each
 * customer's past spend.
 *
 * @module
 */
import {
  type ClvAnalysis,
  clvAnalysis,
  type ClvAnalysisOptions,
  COUNT_MODELS,
  type CountModelName,
  startClvWorker,
} from "../clv/mod.ts";
import type { RuleBasedCltvResult } from "../clv_rule/mod.ts";
import { type CustomerTotals, customerTotals, ruleBasedCltvFromTotals } from "../clv_rule/mod.ts";
import type { Db } from "../db/mod.ts";
import { isUserError } from "../errors.ts";
import type { SummaryTable } from "../summary/mod.ts";
import { customerSummaryColumns, summaryFromCustomerTable } from "../summary/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import { customerTotalsSql, pastSpendSql } from "./_sql.ts";
import { type AliveHistory, aliveHistory } from "./alive_history.ts";
import {
  type HoldoutError,
  holdoutError,
  type PredictedHorizon,
  predictedHorizon,
  type PriorYear,
  priorYear,
} from "./headline.ts";
import { type HoldoutCheck, holdoutCheck } from "./holdout.ts";

/** A step of the stage that could not run on this data, with the error's message. */
export interface StageSkip {
  readonly step: "rule-based-cltv" | "holdout";
  readonly message: string;
}

/** Data for an honest headline (see headline.ts): words come from the report. */
export interface LifetimeValueHeadline {
  /** The model's prediction for the horizon, summed over customers. */
  readonly predicted: PredictedHorizon;
  /** The holdout error, when the holdout check ran. */
  readonly holdoutError: HoldoutError | null;
  /** The same calendar window one year earlier and the year's seasonality, when the data
   * covers the year before the analysis date (transactions only). */
  readonly priorYear: PriorYear | null;
}

/** What the CLV stage computed. */
export interface LifetimeValueStage {
  readonly summary: SummaryTable;
  readonly analysis: ClvAnalysis;
  /** `null` for customer tables (no transactions) or when the data is too short to split. */
  readonly holdout: HoldoutCheck | null;
  readonly history: AliveHistory | null;
  /** `null` when it is undefined for the data (no churn: every customer bought more than once). */
  readonly ruleBased: RuleBasedCltvResult | null;
  /** Each customer's total spend in the data (for the win-back list of the CLV section). */
  readonly pastSpend: ReadonlyMap<string, number>;
  readonly headline: LifetimeValueHeadline;
  /** Steps that could not run on this data. */
  readonly skipped: readonly StageSkip[];
}

/** How the parameter-uncertainty intervals of the CLV are computed. */
export type IntervalChoice = "auto" | "bootstrap" | "delta" | "none";

/** Options for {@linkcode lifetimeValueStage}. */
export interface LifetimeValueOptions {
  /** The count model behind every prediction. @default {"bg_nbd"} */
  model?: CountModelName;
  /** `"repeat"` (lifetimes) or `"classic"` (tutorials). @default {"repeat"} */
  convention?: "repeat" | "classic";
  /** Unit of recency and T. @default {"week"} */
  timeUnit?: "week" | "day";
  /** Analysis date. @default {the summary's default: midnight two days after the last purchase} */
  asOf?: Date;
  horizonMonths?: number;
  discount?: number;
  /** lifetimes' penalizer_coef. @default {0 (repeat); 0.001 / 0.01 (classic)} */
  penalizer?: number;
  seed?: number;
  /** Profit margin of the rule-based CLTV. @default {0.1} */
  margin?: number;
  /** Parameter-uncertainty intervals of the CLV (90%): see {@linkcode intervalMethod}.
   * @default {"auto"} */
  intervals?: IntervalChoice;
  /** Clean purchase lines (transactions) or the canonical customer table. */
  source?: { readonly kind: "transactions"; readonly table?: string } | {
    readonly kind: "customers";
    readonly table?: string;
  };
  progress?: Progress;
  /**
   * Fit the models on a worker thread (`startClvWorker`), so that this thread stays free for
   * the stages that run beside this one (the main job); the result is the same.
   * @default {false}
   */
  offThread?: boolean;
}

/** Customers up to which `"auto"` bootstraps the parameter-uncertainty intervals. */
export const BOOTSTRAP_MAX_CUSTOMERS = 2_500;

/**
 * The interval rule: `"auto"` is a seeded parametric bootstrap (200 draws over both fits) up to
 * 2,500 customers and the delta method above (the bootstrap recomputes every customer's CLV per
 * draw: about 1 s per 2,000 customers, the delta method a few milliseconds).
 *
 * @param choice The option (`--intervals`).
 * @param customers Customers in the summary.
 * @returns The method, or `"none"`.
 *
 * @example
 * ```ts
 * import { intervalMethod } from "./lifetime_value_stage.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(intervalMethod("auto", 2500), "bootstrap");
 * equal(intervalMethod("auto", 2501), "delta");
 * equal(intervalMethod("none", 10), "none");
 * ```
 */
export function intervalMethod(
  choice: IntervalChoice,
  customers: number,
): "bootstrap" | "delta" | "none" {
  if (choice !== "auto") return choice;
  return customers <= BOOTSTRAP_MAX_CUSTOMERS ? "bootstrap" : "delta";
}

/** The command-line options the CLV stage reads (as the main job's options name them). */
export interface LifetimeValueCliOptions {
  readonly clvConvention: "repeat" | "classic";
  /** `--clv-model`. @default {"bg_nbd"} */
  readonly clvModel?: CountModelName;
  readonly timeUnit: "week" | "day";
  readonly horizonMonths: number;
  readonly discount: number;
  readonly penalizer: number | undefined;
  readonly seed: number;
  readonly margin: number;
  readonly intervals: IntervalChoice;
  readonly asOf: Date | undefined;
}

/**
 * The CLV stage options that the main job's options stand for (`--clv-model`,
 * `--clv-convention`, `--time-unit`, `--horizon-months`, `--discount`, `--penalizer`, `--seed`,
 * `--margin`, `--intervals`, `--as-of`), so the notebooks and the main job read them the same way.
 *
 * @param options The main job's parsed options.
 * @returns The stage's options.
 *
 * @example
 * ```ts
 * import { lifetimeValueOptions } from "./lifetime_value_stage.ts";
 * import { equal } from "node:assert/strict";
 *
 * const o = lifetimeValueOptions({ clvConvention: "classic", timeUnit: "week", horizonMonths: 12,
 *   discount: 0.01, penalizer: undefined, seed: 42, margin: 0.1, intervals: "auto", asOf: undefined });
 * equal(o.horizonMonths, 12);
 * equal(o.model, undefined); // the stage's default: BG/NBD
 * ```
 */
export function lifetimeValueOptions(options: LifetimeValueCliOptions): LifetimeValueOptions {
  return {
    ...(options.clvModel !== undefined ? { model: options.clvModel } : {}),
    convention: options.clvConvention,
    timeUnit: options.timeUnit,
    horizonMonths: options.horizonMonths,
    discount: options.discount,
    ...(options.penalizer !== undefined ? { penalizer: options.penalizer } : {}),
    seed: options.seed,
    margin: options.margin,
    intervals: options.intervals,
    ...(options.asOf ? { asOf: options.asOf } : {}),
  };
}

/**
 * Runs the CLV stage on a clean transaction table (or a canonical customer table such as FLO's):
 * summaries in the chosen convention, `clvAnalysis` (the main count model with the others for
 * comparison, Gamma-Gamma, predictions, CLV and segments, intervals), the rule-based CLTV, and
 * for transactions the calibration-versus-holdout check ({@linkcode holdoutCheck}), the P(alive)
 * history of one customer and the prior-year check; each customer's past spend.
 *
 * @param db The analysis database.
 * @param options Model, convention, unit, horizon, discount, penalizer, seed, margin, source.
 * @returns The summary, analysis, diagnostics, rule-based CLTV and headline data.
 * @throws {ValidationError} If the data cannot be summarised (the message names the customers).
 */
export async function lifetimeValueStage(
  db: Db,
  options: LifetimeValueOptions = {},
): Promise<LifetimeValueStage> {
  const progress = options.progress ?? createProgress();
  const source = options.source ?? { kind: "transactions" };
  const timeUnit = options.timeUnit ?? "week";
  const convention = options.convention ?? "repeat";
  const model = options.model ?? "bg_nbd";
  const skipped: StageSkip[] = [];
  // Started now, the worker loads its modules while the summaries are computed.
  const worker = options.offThread ? startClvWorker() : undefined;

  let done = progress.stage(`CLV summaries (${convention}, ${timeUnit}s)`);
  const summary = await (source.kind === "transactions"
    ? customerSummaryColumns(db, {
      ...(source.table ? { table: source.table } : {}),
      convention,
      periodUnit: "day",
      timeUnit,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    })
    : summaryFromCustomerTable(db, source.table ?? "customer_orders", {
      mapping: {
        customerId: "customer_id",
        firstOrderDate: "first_order_date",
        lastOrderDate: "last_order_date",
        orders: ["frequency"],
        value: ["monetary"],
      },
      convention,
      timeUnit,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    })).catch((error) => {
      worker?.close();
      throw error;
    });
  done(`${summary.customerIds.length} customers`);

  done = progress.stage("CLV models");
  const method = intervalMethod(options.intervals ?? "auto", summary.customerIds.length);
  const analysisOptions: ClvAnalysisOptions = {
    model,
    convention,
    timeUnit,
    ...(options.horizonMonths !== undefined ? { horizonMonths: options.horizonMonths } : {}),
    ...(options.discount !== undefined ? { discount: options.discount } : {}),
    ...(options.penalizer !== undefined ? { penalizer: options.penalizer } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    intervals: method === "none" ? false : { method },
  };
  const analysis = worker !== undefined
    ? await worker.run(summary, analysisOptions)
    : clvAnalysis(summary, analysisOptions);
  done(
    `${COUNT_MODELS[model].label} ${
      analysis.fits.main.converged ? "converged" : "did not converge"
    }`,
  );

  done = progress.stage("rule-based CLTV");
  const margin = options.margin ?? 0.1;
  let ruleBased: RuleBasedCltvResult | null = null;
  // The per-customer totals are also each customer's past spend (below).
  let totals: readonly CustomerTotals[] | null = null;
  try {
    totals = source.kind === "transactions"
      ? await customerTotals(db, source.table ?? "clean_transactions")
      : await db.all<CustomerTotals>(customerTotalsSql(source.table ?? "customer_orders"));
    ruleBased = ruleBasedCltvFromTotals(totals, { margin });
    done(`${ruleBased.customers} customers`);
  } catch (error) {
    if (!isUserError(error)) throw error;
    skipped.push({ step: "rule-based-cltv", message: error.message });
    done("skipped");
  }

  let holdout: HoldoutCheck | null = null;
  let history: AliveHistory | null = null;
  let prior: PriorYear | null = null;
  if (source.kind === "transactions") {
    done = progress.stage("calibration vs holdout and tracking");
    try {
      holdout = await holdoutCheck(db, {
        asOf: summary.asOf,
        timeUnit,
        model,
        ...(source.table ? { table: source.table } : {}),
      });
      done(`${holdout.customers} calibration customers`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      skipped.push({ step: "holdout", message: error.message });
      done("skipped");
    }
    history = await aliveHistory(db, analysis.fits.main, {
      customerIds: summary.customerIds,
      p_alive: analysis.customers.p_alive,
      clv: analysis.customers.clv,
      frequency: summary.frequency,
      monetaryValue: summary.monetaryValue,
      T: summary.T,
    }, { timeUnit, ...(source.table ? { table: source.table } : {}) });
    prior = await priorYear(db, {
      asOf: summary.asOf,
      horizonMonths: analysis.params.horizonMonths,
      ...(source.table ? { table: source.table } : {}),
    });
  }
  // Without totals (their query failed on a transaction table), the spend is summed on its own.
  const spend = totals !== null
    ? totals.map((t) => ({ id: t.customerId, spend: t.totalPrice }))
    : await db.all<{ id: string; spend: number }>(
      pastSpendSql(source.table ?? "clean_transactions"),
    );
  const pastSpend = new Map(spend.map((r) => [r.id, r.spend]));
  const headline: LifetimeValueHeadline = {
    predicted: predictedHorizon(analysis.fits.main, summary, analysis.customers, {
      horizonMonths: analysis.params.horizonMonths,
      timeUnit,
    }),
    holdoutError: holdout ? holdoutError(holdout) : null,
    priorYear: prior,
  };
  return { summary, analysis, holdout, history, ruleBased, pastSpend, headline, skipped };
}
