/**
 * One customer's P(alive) over time for the report: which customer to show (pure) and the
 * history itself.
 *
 * @module
 */
import { type CountModel, probabilityAliveHistory } from "../clv/mod.ts";
import type { Db } from "../db/mod.ts";
import { purchaseDaysSql } from "./_sql.ts";

/** Why the example customer was chosen: `"valuable-likely-lost"`, the repeat customer with the
 * highest past spend (frequency × mean spend) whose P(alive) fell under ½; else
 * `"highest-clv"`, the customer with the highest predicted CLV. */
export type AliveHistoryReason = "valuable-likely-lost" | "highest-clv";

/** One customer's P(alive) over time, for the history chart. */
export interface AliveHistory {
  readonly customerId: string;
  readonly reason: AliveHistoryReason;
  /** P(alive) at each grid time (in the model's time unit since the first purchase). */
  readonly history: readonly { readonly t: number; readonly pAlive: number }[];
  /** Repeat purchase times since the first purchase. */
  readonly purchases: readonly number[];
}

/** What the report section reads of the history (the same type). */
export type AliveHistoryInput = AliveHistory;

/**
 * The customer whose P(alive) history says most about the model: the repeat customer (at least
 * 2 repeat purchases) with the highest past spend frequency × monetaryValue whose P(alive) has
 * fallen under 0.5, a valuable customer the model thinks is probably gone; else the one with
 * the highest CLV. Ties go to the first in row order (rows are sorted by customer id).
 *
 * @param customers P(alive) and CLV per customer.
 * @param summary Frequency and mean spend per customer, same order.
 * @returns The row index and why, or null without customers.
 *
 * @example
 * ```ts
 * import { aliveHistoryCustomer } from "./alive_history.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const pick = aliveHistoryCustomer(
 *   { p_alive: [0.9, 0.3, 0.2], clv: [50, 5, 1] },
 *   { frequency: [5, 3, 4], monetaryValue: [10, 20, 10] },
 * );
 * deepStrictEqual(pick, { index: 1, reason: "valuable-likely-lost" });
 * ```
 */
export function aliveHistoryCustomer(
  customers: { readonly p_alive: ArrayLike<number>; readonly clv: ArrayLike<number> },
  summary: { readonly frequency: ArrayLike<number>; readonly monetaryValue: ArrayLike<number> },
): { readonly index: number; readonly reason: AliveHistoryReason } | null {
  const n = customers.p_alive.length;
  if (n === 0) return null;
  let pick = -1;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    if (summary.frequency[i]! < 2 || customers.p_alive[i]! >= 0.5) continue;
    const value = summary.frequency[i]! * summary.monetaryValue[i]!;
    if (value > best) {
      pick = i;
      best = value;
    }
  }
  if (pick >= 0) return { index: pick, reason: "valuable-likely-lost" };
  for (let i = 0; i < n; i++) if (pick < 0 || customers.clv[i]! > customers.clv[pick]!) pick = i;
  return { index: pick, reason: "highest-clv" };
}

/** Points of the history grid. */
const HISTORY_STEPS = 120;

/**
 * The P(alive) history of the customer {@linkcode aliveHistoryCustomer} picks, from the
 * customer's purchase days, on 120 even steps up to its age T.
 *
 * @param db The analysis database with the clean transaction table.
 * @param model The count model behind the predictions.
 * @param input Customers' P(alive), CLV and summary columns (ids, frequency, mean spend, T).
 * @param options Time unit and table.
 * @returns The history, or null without customers.
 */
export async function aliveHistory(
  db: Db,
  model: CountModel,
  input: {
    readonly customerIds: readonly string[];
    readonly p_alive: ArrayLike<number>;
    readonly clv: ArrayLike<number>;
    readonly frequency: ArrayLike<number>;
    readonly monetaryValue: ArrayLike<number>;
    readonly T: ArrayLike<number>;
  },
  options: { readonly timeUnit: "week" | "day"; readonly table?: string },
): Promise<AliveHistory | null> {
  const pick = aliveHistoryCustomer(input, input);
  if (pick === null) return null;
  const id = input.customerIds[pick.index]!;
  const unit = options.timeUnit === "week" ? 7 : 1;
  const days = await db.all<{ d: number }>(
    purchaseDaysSql(options.table ?? "clean_transactions", id),
  );
  const purchases = days.map((r) => r.d / unit).filter((t) => t > 0);
  const end = input.T[pick.index]!;
  const grid = Array.from({ length: HISTORY_STEPS }, (_, k) => (end * (k + 1)) / HISTORY_STEPS);
  const alive = probabilityAliveHistory(model, purchases, grid);
  return {
    customerId: id,
    reason: pick.reason,
    history: grid.map((t, k) => ({ t, pAlive: alive[k]! })),
    purchases,
  };
}
