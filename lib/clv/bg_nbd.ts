/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005): expected purchases, conditional expected
 * purchases, P(alive), the purchase-count distribution and per-customer log-likelihoods.
 * MBG/NBD versions live in `mbg_nbd.ts`.
 *
 * @module
 */
import {
  bgConditional1,
  bgExpected1,
  bgLogLikelihood1,
  bgPmfVector,
  bgProbabilityAlive1,
} from "./_bg_core.ts";
import { mapRows, toColumns } from "./_input.ts";
import type { BgNbdParams, SummaryInput } from "./types.ts";

/**
 * Expected number of repeat purchases of a new customer in (0, t]: E[X(t)], FHL 2005
 * eq. 9, evaluated through Euler's transformation so that it is finite for a ≤ 1,
 * a = 1 exactly and a + b < 1.
 *
 * @param params BG/NBD parameters.
 * @param t Length of the period, in the data's time unit.
 * @returns E[X(t)] ≥ 0.
 *
 * @example CDNOW at the paper's estimates (BTYD walkthrough: 1.444004)
 * ```ts
 * import { bgNbdExpectedPurchases } from "./bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 };
 * ok(Math.abs(bgNbdExpectedPurchases(params, 52) - 1.444004) < 1e-4);
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return bgExpected1(params, t, false);
}

/**
 * Expected purchases in the next t periods of each customer, E[Y(t) | x, t_x, T]
 * (FHL 2005 eq. 10, Euler-transformed: a few series terms even at frequency 10,000).
 *
 * @param params BG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @param t Horizon after T, in the data's time unit.
 * @returns One value per customer.
 *
 * @example A CDNOW customer (lifetimes/Hardie: 1.226)
 * ```ts
 * import { bgNbdConditionalExpectedPurchases } from "./bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 };
 * const [ey] = bgNbdConditionalExpectedPurchases(params, { frequency: [2], recency: [30.43], T: [38.86] }, 39);
 * ok(Math.abs(ey! - 1.226) < 1e-3);
 * ```
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  summary: SummaryInput,
  t: number,
): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgConditional1(params, x, tx, T, t, false));
}

/**
 * Probability that each customer is still alive at T (FHL 2008, note 021), computed as a
 * logistic of the log-odds: exactly 1 at frequency 0 and exactly 0 (not NaN) for huge
 * frequencies with an old last purchase.
 *
 * @param params BG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One probability in [0, 1] per customer.
 *
 * @example
 * ```ts
 * import { bgNbdProbabilityAlive } from "./bg_nbd.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const params = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };
 * const p = bgNbdProbabilityAlive(params, { frequency: [0, 1000], recency: [0, 10], T: [1, 100] });
 * deepStrictEqual([...p], [1, 0]);
 * ```
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, summary: SummaryInput): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgProbabilityAlive1(params, x, tx, T, false));
}

/**
 * P(X(t) = n): probability that a new customer makes exactly n repeat purchases in
 * (0, t] (FHL 2005 eq. 8).
 *
 * @param params BG/NBD parameters.
 * @param t Period length.
 * @param n Number of purchases (whole number ≥ 0).
 * @returns The probability.
 *
 * @example lifetimes/BTYD: P(X(39) = 0) = 0.5737864
 * ```ts
 * import { bgNbdProbabilityOfPurchases } from "./bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * ok(Math.abs(bgNbdProbabilityOfPurchases(params, 39, 0) - 0.5737864) < 1e-6);
 * ```
 */
export function bgNbdProbabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  return bgPmfVector(params, t, n + 1)[n]!;
}

/**
 * Per-customer log-likelihood ln Lᵢ (FHL 2005 eq. 6, stable log form of Hardie note 027).
 *
 * @param params BG/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One ln Lᵢ per customer.
 *
 * @example PyMC-Marketing's stability case
 * ```ts
 * import { bgNbdLogLikelihood } from "./bg_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const ll = bgNbdLogLikelihood({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { frequency: [200], recency: [38], T: [40] });
 * ok(Math.abs(ll[0]! - 100.7957) < 1e-4);
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, summary: SummaryInput): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => bgLogLikelihood1(params, x, tx, T, false));
}
