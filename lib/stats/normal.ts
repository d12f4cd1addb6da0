import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * The standard normal quantile Φ⁻¹(p) (the `@stdlib` implementation, accurate to double
 * precision): the z of a two-sided interval at level L is `normalQuantile(0.5 + L / 2)`.
 *
 * @param p A probability in [0, 1].
 * @returns z with Φ(z) = p (−∞ at 0, +∞ at 1, NaN outside [0, 1]).
 *
 * @example The 95% two-sided z
 * ```ts
 * import { normalQuantile } from "./normal.ts";
 * import { equal } from "node:assert/strict";
 * equal(normalQuantile(0.975).toFixed(6), "1.959964");
 * equal(normalQuantile(0.5), 0);
 * equal(normalQuantile(0.025), -normalQuantile(0.975));
 * ```
 */
export function normalQuantile(p: number): number {
  return stdlibNormalQuantile(p, 0, 1);
}
