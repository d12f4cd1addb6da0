/**
 * Statistics primitives, one family per file, shared by every area: the one seeded random
 * generator (sfc32) and its samplers (normal, gamma, beta, Poisson, exponential, weighted index),
 * quantiles with numpy's
 * linear interpolation and the median, pandas-exact `qcut`, `rank(method="first")`, the Wilson
 * interval of a proportion, Pearson's chi-square test of independence and simple least squares
 * with t intervals; the special functions under them (ln Γ, ψ, the regularized incomplete gamma
 * and beta functions, erfc) and the normal, t and χ² distribution functions, written here (no
 * dependency).
 *
 * @example Quantiles, and comparing two resolution rates
 * ```ts
 * import { chiSquareTest, median, qcut, quantileLinear, wilsonInterval } from "./mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * equal(quantileLinear([1, 2, 3, 4], 0.5), 2.5);
 * equal(median([5, 1, 3]), 3);
 * deepStrictEqual(qcut([1, 2, 3, 4], 2), [0, 0, 1, 1]);
 * const phone = wilsonInterval(85, 100);
 * const email = wilsonInterval(60, 100);
 * equal(phone.low > email.high, true);
 * equal(chiSquareTest([[85, 15], [60, 40]]).p < 0.001, true);
 * ```
 *
 * @module
 */
export * from "./random.ts";
export * from "./samplers.ts";
export * from "./quantile.ts";
export * from "./special.ts";
export * from "./normal.ts";
export * from "./student_t.ts";
export * from "./qcut.ts";
export * from "./rank_first.ts";
export * from "./chi_square_test.ts";
export * from "./ols.ts";
export * from "./wilson_interval.ts";
