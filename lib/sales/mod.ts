/**
 * Sales-team performance from the pipeline (and targets): per rep, manager and region the
 * deals, won, lost, open, win rate, won value, target and attainment; rankings that say how
 * many deals they rest on; region gaps judged by a chi-square test; the monthly trend.
 *
 * @example
 * ```ts
 * import { parseTargetPeriod, SALES_REP_COLUMNS } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(parseTargetPeriod("2024-Q2")?.start, "2024-04-01");
 * equal(SALES_REP_COLUMNS.join(","), "rep,manager,region,deals,won,lost,open,win_rate,won_value,target,attainment");
 * ```
 *
 * @module
 */
export * from "./sales_performance.ts";
export * from "./target_period.ts";
