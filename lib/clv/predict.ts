/**
 * Model-agnostic predictions: one call for BG/NBD, MBG/NBD or Pareto/NBD fits (anything
 * with `model` and `params`).
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { bgConditional1, bgExpected1, bgPmfVector, bgProbabilityAlive1 } from "./_bg_core.ts";
import { mapRows, toColumns } from "./_input.ts";
import { paretoConditional1, paretoExpected1, paretoProbabilityAlive1 } from "./_pareto_core.ts";
import type { BgNbdParams, CountModel, ParetoNbdParams, SummaryInput } from "./types.ts";

/** Pointwise functions of a count model (private to the area). */
export interface PointwiseModel {
  readonly expected: (t: number) => number;
  readonly conditional: (x: number, tx: number, T: number, t: number) => number;
  readonly alive: (x: number, tx: number, T: number) => number;
}

/** Resolves a count model to its pointwise functions. */
export function pointwise(model: CountModel): PointwiseModel {
  switch (model.model) {
    case "bg_nbd":
    case "mbg_nbd": {
      const p = model.params as BgNbdParams;
      const mod = model.model === "mbg_nbd";
      return {
        expected: (t) => bgExpected1(p, t, mod),
        conditional: (x, tx, T, t) => bgConditional1(p, x, tx, T, t, mod),
        alive: (x, tx, T) => bgProbabilityAlive1(p, x, tx, T, mod),
      };
    }
    case "pareto_nbd": {
      const p = model.params as ParetoNbdParams;
      return {
        expected: (t) => paretoExpected1(p, t),
        conditional: (x, tx, T, t) => paretoConditional1(p, x, tx, T, t),
        alive: (x, tx, T) => paretoProbabilityAlive1(p, x, tx, T),
      };
    }
    default:
      throw new OptionError(
        "model",
        `Cannot predict: model must be one of "bg_nbd", "mbg_nbd", "pareto_nbd": current value is "${
          (model as { model: string }).model
        }"`,
      );
  }
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
  return pointwise(model).expected(t);
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
  const f = pointwise(model).conditional;
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
  const f = pointwise(model).alive;
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
