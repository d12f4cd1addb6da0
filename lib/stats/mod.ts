/**
 * Statistics primitives, one family per file, shared by every area: quantiles with numpy's
 * linear interpolation and the median, pandas-exact `qcut`, `rank(method="first")`.
 *
 * @example
 * ```ts
 * import { median, qcut, quantileLinear } from "./mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * equal(quantileLinear([1, 2, 3, 4], 0.5), 2.5);
 * equal(median([5, 1, 3]), 3);
 * deepStrictEqual(qcut([1, 2, 3, 4], 2), [0, 0, 1, 1]);
 * ```
 *
 * @module
 */
export * from "./quantile.ts";
export * from "./qcut.ts";
export * from "./rank_first.ts";
