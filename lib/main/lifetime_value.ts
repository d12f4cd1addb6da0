/**
 * The customer-lifetime-value stage of the main job: per-customer summaries, the model fits
 * and predictions of {@linkcode clvAnalysis}, the rule-based CLTV, and the diagnostics that
 * need transactions (calibration versus holdout, tracking, one customer's P(alive) history).
 *
 * @module
 */
import type { ClvAnalysis, ClvAnalysisOptions } from "../clv/mod.ts";
import {
  calibrationVsHoldout,
  clvAnalysis,
  fitBgNbd,
  probabilityAliveHistory,
  trackingTable,
} from "../clv/mod.ts";
import type { RuleBasedCltvResult } from "../clv_rule/mod.ts";
import { ruleBasedCltv, ruleBasedCltvFromTotals } from "../clv_rule/mod.ts";
import type { Db } from "../db/mod.ts";
import type { AliveHistoryInput, HoldoutInput } from "../sections/mod.ts";
import { quoteLiteral } from "../db/mod.ts";
import { isUserError, ValidationError } from "../errors.ts";
import type { SummaryTable } from "../summary/mod.ts";
import {
  calibrationHoldout,
  customerSummaryColumns,
  summaryFromCustomerTable,
  trackingActuals,
} from "../summary/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import type { ReportOptions } from "./options.ts";

const DAY_MS = 86_400_000;

/** Calibration versus holdout, with the holdout length. */
export interface HoldoutCheck extends HoldoutInput {
  /** Holdout length in the model's time unit. */
  readonly duration: number;
}

/** What the CLV stage computed. */
export interface LifetimeValueStage {
  readonly summary: SummaryTable;
  readonly analysis: ClvAnalysis;
  /** `null` for customer tables (no transactions) or when the data is too short to split. */
  readonly holdout: HoldoutCheck | null;
  readonly history: AliveHistoryInput | null;
  /** `null` when it is undefined for the data (no churn: every customer bought more than once). */
  readonly ruleBased: RuleBasedCltvResult | null;
  /** Each customer's total spend in the data (for the win-back list of the CLV section). */
  readonly pastSpend: ReadonlyMap<string, number>;
  /** Choices and skipped steps, in words. */
  readonly notes: readonly string[];
}

/** Options for {@linkcode lifetimeValueStage}. */
export interface LifetimeValueOptions {
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
  /**
   * CLV prediction intervals (parameter uncertainty, 90%): `"bootstrap"` (seeded, 200 draws over
   * both fits), `"delta"`, `"none"`; `"auto"` is the bootstrap up to 2,500 customers and the delta
   * method above. @default {"auto"}
   */
  intervals?: "auto" | "bootstrap" | "delta" | "none";
  /** Clean purchase lines (transactions) or the canonical customer table. */
  source?: { readonly kind: "transactions"; readonly table?: string } | {
    readonly kind: "customers";
    readonly table?: string;
  };
  progress?: Progress;
}

/**
 * The CLV stage options that the main job's options stand for (`--clv-convention`,
 * `--time-unit`, `--horizon-months`, `--discount`, `--penalizer`, `--seed`, `--margin`,
 * `--intervals`), so the notebooks and the main job read them the same way.
 *
 * @example
 * ```ts
 * import { lifetimeValueOptions } from "./lifetime_value.ts";
 * import { parseReportArgs } from "./options.ts";
 * import { equal } from "node:assert/strict";
 * const parsed = parseReportArgs(["--clv-convention", "classic", "--horizon-months", "12"]);
 * if (!parsed.help) equal(lifetimeValueOptions(parsed.options).horizonMonths, 12);
 * ```
 */
export function lifetimeValueOptions(options: ReportOptions): LifetimeValueOptions {
  return {
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
 * summaries in the chosen convention, {@linkcode clvAnalysis} (BG/NBD, MBG/NBD, Pareto/NBD when
 * cheap, Gamma-Gamma, predictions, CLV and segments, intervals), the rule-based CLTV, and for
 * transactions the calibration-versus-holdout check: a BG/NBD fitted on the data before the
 * calibration end (the last 26 weeks, or the last third of a shorter period, are held out; the
 * `repeat` convention, as lifetimes), compared per calibration frequency and tracked week by week.
 *
 * @param db The analysis database.
 * @param options Convention, unit, horizon, discount, penalizer, seed, margin, source.
 * @returns The summary, analysis, diagnostics and rule-based CLTV.
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
  const notes: string[] = [];

  let done = progress.stage(`CLV summaries (${convention}, ${timeUnit}s)`);
  const summary = source.kind === "transactions"
    ? await customerSummaryColumns(db, {
      ...(source.table ? { table: source.table } : {}),
      convention,
      periodUnit: "day",
      timeUnit,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    })
    : await summaryFromCustomerTable(db, source.table ?? "customer_orders", {
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
    });
  done(`${summary.customerIds.length} customers`);

  done = progress.stage("CLV models");
  // Intervals: a seeded parametric bootstrap (200 draws over both fits) up to 2,500 customers;
  // above, the delta method (the bootstrap recomputes every customer's CLV per draw: about 1 s
  // per 2,000 customers, the delta method a few milliseconds).
  const wantIntervals = options.intervals ?? "auto";
  const method = wantIntervals === "auto"
    ? (summary.customerIds.length <= 2_500 ? "bootstrap" : "delta")
    : wantIntervals;
  const intervals: ClvAnalysisOptions["intervals"] = method === "none" ? false : { method };
  const analysisOptions: ClvAnalysisOptions = {
    convention,
    timeUnit,
    ...(options.horizonMonths !== undefined ? { horizonMonths: options.horizonMonths } : {}),
    ...(options.discount !== undefined ? { discount: options.discount } : {}),
    ...(options.penalizer !== undefined ? { penalizer: options.penalizer } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    intervals,
  };
  const analysis = clvAnalysis(summary, analysisOptions);
  done(`BG/NBD ${analysis.params.models.bg_nbd.converged ? "converged" : "did not converge"}`);

  done = progress.stage("rule-based CLTV");
  const margin = options.margin ?? 0.1;
  let ruleBased: RuleBasedCltvResult | null = null;
  try {
    ruleBased = source.kind === "transactions"
      ? await ruleBasedCltv(db, { ...(source.table ? { table: source.table } : {}), margin })
      : ruleBasedCltvFromTotals(
        await db.all<{ customerId: string; totalTransaction: number; totalPrice: number }>(
          `SELECT customer_id AS "customerId", frequency::DOUBLE AS "totalTransaction", monetary::DOUBLE AS "totalPrice"
           FROM ${source.table ?? "customer_orders"} ORDER BY customer_id`,
        ),
        { margin },
      );
    done(`${ruleBased.customers} customers`);
  } catch (error) {
    if (!isUserError(error)) throw error;
    notes.push(`The rule-based CLTV was skipped: ${error.message}`);
    done("skipped");
  }

  let holdout: HoldoutCheck | null = null;
  let history: AliveHistoryInput | null = null;
  if (source.kind === "transactions") {
    done = progress.stage("calibration vs holdout and tracking");
    try {
      holdout = await holdoutCheck(db, summary.asOf, timeUnit, source.table);
      done(`${holdout.customers} calibration customers`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      notes.push(`Calibration versus holdout was skipped: ${error.message}`);
      done("skipped");
    }
    history = await aliveHistory(db, analysis, summary, timeUnit, source.table);
  }
  const spend = await db.all<{ id: string; spend: number }>(
    source.kind === "transactions"
      ? `SELECT CAST(customer_id AS VARCHAR) AS id, sum(CAST(line_total AS DECIMAL(38, 6)))::DOUBLE AS spend
         FROM ${source.table ?? "clean_transactions"} WHERE customer_id IS NOT NULL GROUP BY 1`
      : `SELECT customer_id AS id, monetary::DOUBLE AS spend FROM ${
        source.table ?? "customer_orders"
      }`,
  );
  const pastSpend = new Map(spend.map((r) => [r.id, r.spend]));
  return { summary, analysis, holdout, history, ruleBased, pastSpend, notes };
}

async function holdoutCheck(
  db: Db,
  asOf: Date,
  timeUnit: "week" | "day",
  table: string | undefined,
): Promise<HoldoutCheck> {
  const t = table ?? "clean_transactions";
  const { first } = await db.one<{ first: Date }>(
    `SELECT date_trunc('day', min(invoice_date)) AS first FROM ${t}`,
  );
  const observationEnd = new Date(Math.floor(asOf.getTime() / DAY_MS) * DAY_MS - DAY_MS);
  const spanDays = (observationEnd.getTime() - first.getTime()) / DAY_MS;
  const holdoutDays = Math.min(26 * 7, Math.floor(spanDays / 3));
  if (holdoutDays < 28) {
    throw new ValidationError(
      `Cannot check calibration against holdout: the data spans ${
        Math.round(spanDays)
      } days; at least 84 are needed`,
      [],
    );
  }
  const calibrationEnd = new Date(observationEnd.getTime() - holdoutDays * DAY_MS);
  const split = await calibrationHoldout(db, {
    ...(table ? { table } : {}),
    calibrationEnd,
    observationEnd,
    periodUnit: "day",
    timeUnit,
  });
  const fit = fitBgNbd(split);
  const buckets = calibrationVsHoldout(fit, split);
  const actualTotal = split.frequencyHoldout.reduce((s, x) => s + x, 0);
  const predictedTotal = buckets.reduce((s, b) => s + b.predicted * b.customers, 0);
  const actuals = await trackingActuals(db, {
    ...(table ? { table } : {}),
    asOf: observationEnd,
    periodUnit: "week",
  });
  const tracking = trackingTable(fit, actuals, { unitsPerPeriod: timeUnit === "week" ? 1 : 7 });
  const calibrationEndPeriod = Math.floor(
    (calibrationEnd.getTime() - actuals.start.getTime()) / (7 * DAY_MS),
  );
  return {
    calibrationEnd,
    observationEnd,
    duration: split.durationHoldout,
    customers: split.customerIds.length,
    buckets,
    actualTotal,
    predictedTotal,
    tracking,
    calibrationEndPeriod,
  };
}

/**
 * The P(alive) history of the customer who says most about the model: the one with the
 * highest past spend whose P(alive) has fallen under 0.5 (a valuable customer the model thinks
 * is probably gone), else the one with the highest CLV. Ties go to the lower customer id.
 */
async function aliveHistory(
  db: Db,
  analysis: ClvAnalysis,
  summary: SummaryTable,
  timeUnit: "week" | "day",
  table: string | undefined,
): Promise<AliveHistoryInput | null> {
  const c = analysis.customers;
  const n = c.customer_id.length;
  if (n === 0) return null;
  let pick = -1;
  let reason = "";
  for (let i = 0; i < n; i++) {
    if (summary.frequency[i]! < 2 || c.p_alive[i]! >= 0.5) continue;
    const value = summary.frequency[i]! * summary.monetaryValue[i]!;
    const best = pick < 0 ? -Infinity : summary.frequency[pick]! * summary.monetaryValue[pick]!;
    if (value > best) pick = i;
  }
  if (pick >= 0) {
    reason = "the most valuable repeat customer whose P(alive) has fallen under 50%";
  } else {
    for (let i = 0; i < n; i++) if (pick < 0 || c.clv[i]! > c.clv[pick]!) pick = i;
    reason = "the customer with the highest predicted CLV";
  }
  const id = c.customer_id[pick]!;
  const unit = timeUnit === "week" ? 7 : 1;
  const days = await db.all<{ d: number }>(
    `SELECT DISTINCT (epoch_ms(date_trunc('day', invoice_date)) - min(epoch_ms(date_trunc('day', invoice_date))) OVER ()) / ${DAY_MS} AS d
     FROM ${table ?? "clean_transactions"} WHERE customer_id = ${quoteLiteral(id)} ORDER BY d`,
  );
  const purchases = days.map((r) => r.d / unit).filter((t) => t > 0);
  const end = summary.T[pick]!;
  const steps = 120;
  const grid = Array.from({ length: steps }, (_, k) => (end * (k + 1)) / steps);
  const alive = probabilityAliveHistory(analysis.fits.bgNbd, purchases, grid);
  return {
    customerId: id,
    reason,
    history: grid.map((t, k) => ({ t, pAlive: alive[k]! })),
    purchases,
  };
}
