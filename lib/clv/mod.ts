/**
 * Customer-base models for customer lifetime value: BG/NBD, MBG/NBD and Pareto/NBD for
 * purchase counts, Gamma-Gamma for spend, fitted by maximum likelihood (analytic or
 * finite-difference gradients, BFGS on log-parameters, lifetimes-compatible penalizer),
 * with standard errors, predictions, prediction intervals, CLV and diagnostics as data.
 *
 * Inputs are per-customer summaries (`frequency` = repeat purchases, `recency`, `T`,
 * `monetaryValue`) as columns (`SummaryColumns`, the fast path) or `CustomerSummary` rows.
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
 * @module
 */
export * from "./types.ts";
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
export * from "./clv_analysis.ts";
