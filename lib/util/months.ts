/**
 * Calendar months as `"YYYY-MM"` keys, the form every monthly table and chart uses.
 *
 * @module
 */

/**
 * The month `count` months after `month` (negative counts go back).
 *
 * @example
 * ```ts
 * import { monthAfter } from "./months.ts";
 * import { equal } from "node:assert/strict";
 * equal(monthAfter("2011-01", 2), "2011-03");
 * equal(monthAfter("2011-11", 2), "2012-01");
 * equal(monthAfter("2011-01", -1), "2010-12");
 * ```
 */
export function monthAfter(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1 + count, 1)).toISOString().slice(0, 7);
}
