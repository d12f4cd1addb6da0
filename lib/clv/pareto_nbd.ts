/**
 * Pareto/NBD predictions (Schmittlein, Morrison & Colombo 1987; Fader & Hardie note 009):
 * expected purchases, conditional expected purchases, P(alive), log-likelihoods.
 *
 * @module
 */
import {
  paretoConditional1,
  paretoExpected1,
  paretoLogLikelihood1,
  paretoProbabilityAlive1,
} from "./_pareto_core.ts";
import { mapRows, toColumns } from "./_input.ts";
import type { ParetoNbdParams, SummaryInput } from "./types.ts";

/**
 * E[X(t)] = rβ/(α(s − 1))·[1 − (β/(β+t))^(s−1)] for a new customer (finite at s = 1).
 *
 * @param params Pareto/NBD parameters.
 * @param t Period length.
 * @returns E[X(t)].
 *
 * @example BTYD walkthrough: E[X(52)] = 1.473434 (at the CDNOW MLE)
 * ```ts
 * import { paretoNbdExpectedPurchases } from "./pareto_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.553276, alpha: 10.577613, s: 0.606214, beta: 11.667917 };
 * ok(Math.abs(paretoNbdExpectedPurchases(params, 52) - 1.473434) < 1e-4);
 * ```
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  return paretoExpected1(params, t);
}

/**
 * E[Y(t) | x, t_x, T] for each customer.
 *
 * @param params Pareto/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @param t Horizon after T.
 * @returns One value per customer.
 *
 * @example BTYD customer 1516: 25.45647
 * ```ts
 * import { paretoNbdConditionalExpectedPurchases } from "./pareto_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
 * const [y] = paretoNbdConditionalExpectedPurchases(params, { frequency: [26], recency: [30.85714], T: [31] }, 52);
 * ok(Math.abs(y! - 25.45647) < 0.01);
 * ```
 */
export function paretoNbdConditionalExpectedPurchases(
  params: ParetoNbdParams,
  summary: SummaryInput,
  t: number,
): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => paretoConditional1(params, x, tx, T, t));
}

/**
 * P(alive | x, t_x, T) for each customer, from ln A₀ in log space (finite for huge x).
 *
 * @param params Pareto/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One probability per customer.
 *
 * @example
 * ```ts
 * import { paretoNbdProbabilityAlive } from "./pareto_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const params = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
 * const [p] = paretoNbdProbabilityAlive(params, { frequency: [26], recency: [30.85714], T: [31] });
 * ok(Math.abs(p! - 0.997874) < 1e-3);
 * ```
 */
export function paretoNbdProbabilityAlive(
  params: ParetoNbdParams,
  summary: SummaryInput,
): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => paretoProbabilityAlive1(params, x, tx, T));
}

/**
 * Per-customer Pareto/NBD log-likelihood (note 009 eq. 18), with A₀ combined in log space.
 *
 * @param params Pareto/NBD parameters.
 * @param summary Customers' frequency, recency and T.
 * @returns One ln Lᵢ per customer.
 *
 * @example Finite at t_x = T (A₀ = 0)
 * ```ts
 * import { paretoNbdLogLikelihood } from "./pareto_nbd.ts";
 * import { ok } from "node:assert/strict";
 *
 * const ll = paretoNbdLogLikelihood({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }, { frequency: [3], recency: [20], T: [20] });
 * ok(Number.isFinite(ll[0]));
 * ```
 */
export function paretoNbdLogLikelihood(
  params: ParetoNbdParams,
  summary: SummaryInput,
): Float64Array {
  return mapRows(toColumns(summary), (x, tx, T) => paretoLogLikelihood1(params, x, tx, T));
}
