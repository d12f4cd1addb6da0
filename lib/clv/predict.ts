/**
 * Model-agnostic predictions: one call for BG/NBD, MBG/NBD or Pareto/NBD fits (anything
 * with `model` and `params`).
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { bgPmfVector } from "./_bg_core.ts";
import { mapRows, toColumns } from "./_input.ts";
import { COUNT_MODEL_NAMES, COUNT_MODELS, type CountPredictor } from "./count_models.ts";
import type { PurchaseDistributionOptions } from "./count_models.ts";
import type { CountModel, SummaryInput } from "./types.ts";

/** Resolves a count model (a fit, or `{ model, params }`) to its predictor (private to the area). */
export function pointwise(model: CountModel): CountPredictor {
  const name = model.model;
  if (!(COUNT_MODEL_NAMES as readonly string[]).includes(name)) {
    throw new OptionError(
      "model",
      `Cannot predict: model must be one of "bg_nbd", "mbg_nbd", "pareto_nbd": current value is "${name}"`,
    );
  }
  return COUNT_MODELS[name].predictor(model.params);
}

/**
 * Expected repeat purchases of a new customer in (0, t], E[X(t)].
 *
 * @param model A fit or `{ model, params }`.
 * @param t Period length in the data's time unit.
 * @returns E[X(t)].
 *
 * @example
 * ```ts
 * import { expectedPurchases } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 } } as const;
 * ok(Math.abs(expectedPurchases(bg, 52) - 1.444004) < 1e-4);
 * ```
 */
export function expectedPurchases(model: CountModel, t: number): number {
  return pointwise(model).expectedPurchases(t);
}

/**
 * Expected purchases in the next t periods per customer, E[Y(t) | x, t_x, T]. Large
 * inputs are evaluated once per distinct row.
 *
 * @param model A fit or `{ model, params }`.
 * @param summary Customers' frequency, recency and T.
 * @param t Horizon after T.
 * @returns One value per customer (Float64Array).
 *
 * @example
 * ```ts
 * import { conditionalExpectedPurchases } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const [y] = conditionalExpectedPurchases(bg, { frequency: [2], recency: [30.43], T: [38.86] }, 39);
 * ok(Math.abs(y! - 1.226) < 1e-3);
 * ```
 */
export function conditionalExpectedPurchases(
  model: CountModel,
  summary: SummaryInput,
  t: number,
): Float64Array {
  const f = pointwise(model).conditionalExpectedPurchases;
  return mapRows(toColumns(summary), (x, tx, T) => f(x, tx, T, t));
}

/**
 * P(alive | x, t_x, T) per customer.
 *
 * @param model A fit or `{ model, params }`.
 * @param summary Customers' frequency, recency and T.
 * @returns One probability in [0, 1] per customer.
 *
 * @example
 * ```ts
 * import { probabilityAlive } from "./predict.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * equal(probabilityAlive(bg, { frequency: [0], recency: [0], T: [1] })[0], 1);
 * ```
 */
export function probabilityAlive(model: CountModel, summary: SummaryInput): Float64Array {
  const f = pointwise(model).probabilityAlive;
  return mapRows(toColumns(summary), f);
}

/**
 * P(X(t) = n) for n = 0 … maxCount − 1 for a new customer (BG/NBD only; FHL 2005 eq. 8).
 *
 * @param model A BG/NBD fit or `{ model: "bg_nbd", params }`.
 * @param t Period length.
 * @param maxCount Number of probabilities to return.
 * @returns Probabilities for 0, 1, …, maxCount − 1 purchases.
 * @throws {OptionError} For other models.
 *
 * @example
 * ```ts
 * import { probabilityOfPurchases } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const pmf = probabilityOfPurchases(bg, 39, 200);
 * ok(Math.abs(pmf.reduce((s, v) => s + v, 0) - 1) < 1e-6);
 * ```
 */
export function probabilityOfPurchases(
  model: CountModel,
  t: number,
  maxCount: number,
): Float64Array {
  if (model.model !== "bg_nbd") {
    throw new OptionError(
      "model",
      `Cannot compute purchase-count probabilities: model must be "bg_nbd": current value is "${model.model}"`,
    );
  }
  return bgPmfVector(model.params, t, maxCount);
}

/**
 * The distribution of one customer's purchases in the next t periods, P(Y(t) = k | x, t_x, T)
 * for k = 0, 1, … (until less than `tail` probability is left, 1e-10 by default): the chance
 * the customer is already gone, mixed with the model's count distribution for a customer alive
 * now (BG/NBD and MBG/NBD: FHL 2005 eq. 8 with the posterior parameters r + x, α + T, a,
 * b + x (+1); Pareto/NBD: a Poisson count over the remaining lifetime, by quadrature). Its mean
 * is {@linkcode conditionalExpectedPurchases}.
 *
 * @param model A fit or `{ model, params }`.
 * @param customer The customer's frequency, recency and T.
 * @param t Horizon after T.
 * @param options Tail mass left out and a cap on the number of counts.
 * @returns Probabilities of 0, 1, 2, … purchases.
 *
 * @example A CDNOW customer: probabilities sum to 1 and average to E[Y(39)] = 1.226
 * ```ts
 * import { purchaseDistribution } from "./predict.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const pmf = purchaseDistribution(bg, { frequency: 2, recency: 30.43, T: 38.86 }, 39);
 * ok(Math.abs(pmf.reduce((s, p) => s + p, 0) - 1) < 1e-9);
 * ok(Math.abs(pmf.reduce((s, p, k) => s + k * p, 0) - 1.226) < 1e-3);
 * ```
 */
export function purchaseDistribution(
  model: CountModel,
  customer: { readonly frequency: number; readonly recency: number; readonly T: number },
  t: number,
  options: PurchaseDistributionOptions = {},
): Float64Array {
  return pointwise(model).purchaseDistribution(
    customer.frequency,
    customer.recency,
    customer.T,
    t,
    options,
  );
}
