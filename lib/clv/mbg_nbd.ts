/**
 * MBG/NBD predictions (Batislam, Denizel & Filiztekin 2007; lifetimes'
 * `ModifiedBetaGeoFitter`): like BG/NBD, but a customer may drop out right after the
 * first purchase, so P(alive) < 1 even at frequency 0.
 *
 * @module
 */
import { bgConditional1, bgExpected1, bgLogLikelihood1, bgProbabilityAlive1 } from "./_bg_core.ts";
import { mapRows, toColumns } from "./_input.ts";
import type { BgNbdParams, SummaryInput } from "./types.ts";

/**
 * E[X(t)] of a new customer under MBG/NBD: b/(a − 1)·[1 − (α/(α+t))ʳ ₂F₁(r, b+1; a+b; t/(α+t))],
 * evaluated in the Euler-transformed form (finite at a = 1).
 *
 * @param params MBG/NBD parameters.
 * @param t Period length.
 * @returns E[X(t)].
 *
 * @example Smaller than BG/NBD at the same parameters (earlier dropout)
 * ```ts
 * import { mbgNbdExpectedPurchases } from "./mbg_nbd.ts";
 * import { bgNbdExpectedPurchases } from "./bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
 * ok(mbgNbdExpectedPurchases(params, 39) < bgNbdExpectedPurchases(params, 39));
 * ```
 */
export function mbgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return bgExpected1(params, t, true);
}

/**
 * E[Y(t) | x, t_x, T] under MBG/NBD.
 *
 * @param params MBG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @param t Horizon.
 * @returns One value per customer.
 *
 * @example
 * ```ts
 * import { mbgNbdConditionalExpectedPurchases } from "./mbg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const [y] = mbgNbdConditionalExpectedPurchases({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
 *   { frequency: [2], recency: [30.43], T: [38.86] }, 39);
 * ok(Math.abs(y! - 1.226) < 0.05);
 * ```
 */
export function mbgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  summary: SummaryInput,
  t: number,
): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgConditional1(params, x, tx, T, t, true));
}

/**
 * P(alive | x, t_x, T) under MBG/NBD = 1/(1 + (a/(b+x))((α+T)/(α+t_x))^(r+x)).
 *
 * @param params MBG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One probability per customer.
 *
 * @example
 * ```ts
 * import { mbgNbdProbabilityAlive } from "./mbg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const [p] = mbgNbdProbabilityAlive({ r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, { frequency: [0], recency: [0], T: [30] });
 * ok(p! > 0 && p! < 1);
 * ```
 */
export function mbgNbdProbabilityAlive(params: BgNbdParams, summary: SummaryInput): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgProbabilityAlive1(params, x, tx, T, true));
}

/**
 * Per-customer MBG/NBD log-likelihood.
 *
 * @param params MBG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One ln Lᵢ per customer.
 *
 * @example
 * ```ts
 * import { mbgNbdLogLikelihood } from "./mbg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const ll = mbgNbdLogLikelihood({ r: 0.5, alpha: 6, a: 0.9, b: 1.6 }, { frequency: [5000], recency: [38], T: [40] });
 * ok(Number.isFinite(ll[0]));
 * ```
 */
export function mbgNbdLogLikelihood(params: BgNbdParams, summary: SummaryInput): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgLogLikelihood1(params, x, tx, T, true));
}
