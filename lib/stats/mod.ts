/**
 * Statistics primitives shared by the analyses: the Wilson interval of a proportion, Pearson's
 * chi-square test of independence and simple least squares with t intervals. One function family
 * per file; distribution functions come from the `@stdlib` base packages.
 *
 * @example Compare two resolution rates
 * ```ts
 * import { chiSquareTest, wilsonInterval } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * const phone = wilsonInterval(85, 100);
 * const email = wilsonInterval(60, 100);
 * equal(phone.low > email.high, true);
 * equal(chiSquareTest([[85, 15], [60, 40]]).p < 0.001, true);
 * ```
 *
 * @module
 */
export * from "./chi_square_test.ts";
export * from "./ols.ts";
export * from "./wilson_interval.ts";
