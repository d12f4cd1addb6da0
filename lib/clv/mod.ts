/**
 * Customer-base models for customer lifetime value: BG/NBD, MBG/NBD and Pareto/NBD for
 * purchase counts behind one interface (the registry {@linkcode COUNT_MODELS}), Gamma-Gamma
 * for spend ({@linkcode SPEND_MODELS}), fitted by maximum likelihood (analytic or
 * finite-difference gradients, BFGS on log-parameters, lifetimes-compatible penalizer), with
 * standard errors and a fit report as data (convergence, dropout verdict from
 * likelihood-ratio tests), predictions, the distribution of future purchases, predictive and
 * parameter-uncertainty intervals, CLV and diagnostics as data. {@linkcode clvAnalysis} runs
 * all of it in one call, stage by stage. No words: lib/sections writes them.
 *
 * Inputs are per-customer summaries (`frequency` = repeat purchases, `recency`, `T`,
 * `monetaryValue`) as columns (`SummaryColumns`, the fast path) or `CustomerSummary` rows,
 * as lib/summary builds them from a clean transaction table.
 *
 * @example Fit, predict, value
 * ```ts
 * import { customerLifetimeValue, expectedAverageValue, fitBgNbd, probabilityAlive, simulateBgNbd } from "./mod.ts";
 * import { ok } from "node:assert/strict";
 *
 * const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(2000).fill(52), { seed: 1 });
 * const fit = fitBgNbd(data);
 * const alive = probabilityAlive(fit, data);
 * ok(alive.every((p) => p >= 0 && p <= 1));
 * const averageValue = expectedAverageValue({ p: 6, q: 4, v: 15 }, { ...data, monetaryValue: data.frequency.map((x) => (x > 0 ? 30 : 0)) });
 * const clv = customerLifetimeValue(fit, data, { averageValue, months: 12 });
 * ok(clv.every((v) => v >= 0));
 * ```
 *
 * @example From a clean transaction table: CLV, calibration vs holdout, tracking
 * ```ts
 * import { calibrationVsHoldout, clvAnalysis, fitBgNbd, trackingTable } from "./mod.ts";
 * import { calibrationHoldout, customerSummaryColumns, trackingActuals } from "../summary/mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal, ok } from "node:assert/strict";
 *
 * const db = await openDb();
 * // 60 customers buying every 3 to 9 days from January to April (any clean table works).
 * await db.run(`create table clean_transactions as
 *   select 'c' || c as customer_id, 'i' || c || '-' || k as invoice,
 *     timestamp '2024-01-01' + to_days(c % 20 + k * (3 + c % 7)) as invoice_date, 10.0 + c % 5 as line_total
 *   from range(60) t(c), range(12) u(k)`);
 * // CLV for every customer (weekly units; the main job's default).
 * const summary = await customerSummaryColumns(db, { timeUnit: "week", asOf: new Date("2024-05-01") });
 * const result = clvAnalysis(summary, { compare: { pareto_nbd: false } });
 * equal(result.customers.clv.length, 60);
 * // Calibration vs holdout: fit on the calibration summary, compare per calibration frequency.
 * const split = await calibrationHoldout(db, {
 *   calibrationEnd: new Date("2024-02-29"), observationEnd: new Date("2024-04-30"), timeUnit: "week",
 * });
 * const buckets = calibrationVsHoldout(fitBgNbd(split), split);
 * ok(buckets.every((b) => Number.isFinite(b.predicted)));
 * // Tracking: actual repeat transactions per week vs the model's expectation.
 * const rows = trackingTable(result.fits.main, await trackingActuals(db, { periodUnit: "week" }));
 * ok(rows.at(-1)!.expectedCumulative > 0);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./count_models.ts";
export * from "./spend_models.ts";
export * from "./compress.ts";
export * from "./bg_nbd.ts";
export * from "./mbg_nbd.ts";
export * from "./fit_bg_nbd.ts";
export * from "./pareto_nbd.ts";
export * from "./fit_pareto_nbd.ts";
export * from "./gamma_gamma.ts";
export * from "./fit_gamma_gamma.ts";
export * from "./predict.ts";
export * from "./customer_lifetime_value.ts";
export * from "./simulate.ts";
export * from "./diagnostics.ts";
export * from "./tracking.ts";
export * from "./intervals.ts";
export * from "./predictive_intervals.ts";
export * from "./clv_options.ts";
export * from "./fit_models.ts";
export * from "./customer_columns.ts";
export * from "./clv_diagnostics.ts";
export * from "./clv_analysis.ts";
export * from "./off_thread.ts";
