/**
 * The customer-lifetime-value stage: from the clean transaction table (or a customer table) to
 * per-customer summaries, the CLV analysis of lib/clv, the rule-based CLTV, the
 * calibration-versus-holdout check, one customer's P(alive) history and the data of an honest
 * headline (holdout error, the same window one year earlier, seasonality). Domain rules are pure
 * functions here: {@linkcode holdoutWindow}, {@linkcode aliveHistoryCustomer},
 * {@linkcode intervalMethod}.
 *
 * @example The stage on a small table
 * ```ts
 * import { holdoutWindow, lifetimeValueStage } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { createProgress } from "../util/mod.ts";
 * import { equal, ok } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as
 *   select 'c' || c as customer_id, 'i' || c || '-' || k as invoice,
 *     timestamp '2024-01-01' + to_days(c % 20 + k * (3 + c % 7)) as invoice_date, 10.0 + c % 5 as line_total
 *   from range(60) t(c), range(12) u(k)`);
 * const progress = createProgress({ write: () => {} });
 * const stage = await lifetimeValueStage(db, { progress, asOf: new Date("2024-05-01") });
 * equal(stage.analysis.customers.clv.length, 60);
 * ok(stage.holdout !== null && stage.holdout.customers > 0);
 * equal(holdoutWindow(new Date("2024-01-01"), new Date("2024-05-01")).holdoutDays, 40);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./holdout.ts";
export * from "./alive_history.ts";
export * from "./headline.ts";
export * from "./lifetime_value_stage.ts";
