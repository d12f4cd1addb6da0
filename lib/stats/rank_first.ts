/**
 * Ranks values 1..n in ascending order, giving tied values consecutive ranks in the order they
 * appear: pandas `rank(method="first")`. The ranks are all distinct, so quantile bins on them
 * never have coinciding edges (for n ≥ 2), which is why the RFM recipe scores frequency on its
 * rank. The price is that **ties are broken by position**: the same customers in another row
 * order get other scores. Callers must therefore fix the order first (the RFM functions sort
 * customers by id).
 *
 * @param values Numbers in a fixed order.
 * @returns One rank per value, same order.
 *
 * @example Ties ranked by position
 * ```ts
 * import { rankFirst } from "./rank_first.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(rankFirst([3, 1, 3, 2, 1]), [4, 1, 5, 3, 2]);
 * ```
 */
export function rankFirst(values: ArrayLike<number>): number[] {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (values[a]! - values[b]!) || a - b);
  const ranks = new Array<number>(n);
  order.forEach((index, r) => {
    ranks[index] = r + 1;
  });
  return ranks;
}
