/**
 * SQL builders for aggregates whose result does not depend on the order rows are added in, so
 * that every table, chart and model fit is byte-identical whatever the number of DuckDB threads.
 *
 * Why: DuckDB aggregates in parallel (each thread sums its share of the rows, then the partial
 * sums are combined in whatever order the threads finish), and a floating-point sum depends on
 * the order of its terms in its last bits: `(0.1 + 0.2) + 0.3` is `0.6000000000000001`,
 * `0.1 + (0.2 + 0.3)` is `0.6`. A last bit is enough to move a customer across a quantile edge,
 * change a count of distinct values or a model's optimum. So:
 *
 * - money and quantities are summed as exact decimals ({@linkcode exactSum}, {@linkcode exactAvg}):
 *   each value is rounded once to {@linkcode EXACT_SCALE} decimals, the sum is integer
 *   arithmetic (DuckDB adds `DECIMAL(38, 6)` in 128-bit integers), and the exact sum is cast back
 *   to `DOUBLE` once;
 * - counts are integers (`count(*)`, `sum` of integers is a 128-bit integer sum);
 * - other floating-point sums (logarithms, centred values) are exact decimal sums too, with
 *   more decimal places (`exactSum(expr, { scale: 11, width: 18 })`);
 * - `min`, `max`, `count(DISTINCT …)` and `quantile_cont`/`median` (computed from the sorted
 *   values) do not depend on the order; `arg_max`, `first`, `list` and window functions need a
 *   total order (tie-breakers), and every result read needs a total `ORDER BY`.
 *
 * Overflow: `DECIMAL(38, 6)` holds 32 digits before the point (|sum| < 10³²). The loaders refuse
 * values beyond ±{@linkcode EXACT_VALUE_LIMIT} (10¹⁵): even 10 million rows of the largest value
 * sum to 10²², ten orders of magnitude inside the type, and 6 decimals keep every cent (and
 * fractions of a cent of unit prices) exact.
 *
 * @module
 */

/** Decimal places every value is rounded to before an exact sum. */
export const EXACT_SCALE = 6;

/** The DuckDB type of exact sums: 38 digits, {@linkcode EXACT_SCALE} of them after the point. */
export const EXACT_TYPE = `DECIMAL(38, ${EXACT_SCALE})`;

/**
 * Largest absolute value (10¹⁵) the loaders accept for a quantity, price, amount or any other
 * number that may be summed: it keeps sums of up to 10¹⁷ rows inside {@linkcode EXACT_TYPE}.
 */
export const EXACT_VALUE_LIMIT = 1e15;

/** Options for {@linkcode exactSum} and {@linkcode exactAvg}. */
export interface ExactAggregateOptions {
  /**
   * Decimal places each value is rounded to (the type is `DECIMAL(38, scale)`). More places for
   * values that are no money (logarithms, centred values): 18 keeps terms below 10³ to 10⁻¹⁸,
   * and sums up to 10²⁰. @default {6 ({@linkcode EXACT_SCALE})}
   */
  scale?: number;
  /**
   * Digits of each rounded value: 38 (128-bit integers) or 18 (64-bit, several times faster;
   * each value must then stay below 10^(18 − scale), while the sum is still a 128-bit integer).
   * @default {38}
   */
  width?: 18 | 38;
  /** A condition: only rows where it is true are aggregated (`FILTER (WHERE …)`). @default {every row} */
  filter?: string;
  /** Keep the result as an exact `DECIMAL(38, 6)` (to sum it again later) instead of a `DOUBLE`. @default {false} */
  decimal?: boolean;
}

/**
 * An SQL expression as an exact decimal (`DECIMAL(38, 6)`, or another scale): the value rounded
 * to 6 decimals.
 *
 * @param expr An SQL expression (a column name, quoted where needed, or any numeric expression).
 * @param scale Decimal places (0 to width − 1). @default {6}
 * @param width Total digits: 38 or 18. @default {38}
 * @returns `CAST((expr) AS DECIMAL(38, 6))`.
 * @throws {RangeError} If `scale` is not an integer from 0 to width − 1.
 *
 * @example
 * ```ts
 * import { exactDecimal } from "./exact.ts";
 * import { equal } from "node:assert/strict";
 * equal(exactDecimal("line_total"), "CAST((line_total) AS DECIMAL(38, 6))");
 * ```
 */
export function exactDecimal(
  expr: string,
  scale: number = EXACT_SCALE,
  width: 18 | 38 = 38,
): string {
  if (!(Number.isInteger(scale) && scale >= 0 && scale < width)) {
    throw new RangeError(
      `Cannot build an exact decimal: scale must be 0 to ${width - 1}: current value is "${scale}"`,
    );
  }
  return `CAST((${expr}) AS DECIMAL(${width}, ${scale}))`;
}

/**
 * The sum of an SQL expression, exact whatever the order of the rows: the values are summed as
 * `DECIMAL(38, 6)`, then the sum is cast to `DOUBLE` (unless `decimal`). NULL values are skipped
 * and the sum of no rows is NULL, as with `sum`. Values must stay within ±10¹⁵
 * ({@linkcode EXACT_VALUE_LIMIT}).
 *
 * @param expr An SQL expression.
 * @param options A filter, the scale, and whether to keep the sum as a decimal.
 * @returns An aggregate expression, e.g. `CAST(sum(CAST((x) AS DECIMAL(38, 6))) AS DOUBLE)`.
 *
 * @example The same sum in any order
 * ```ts
 * import { exactSum } from "./exact.ts";
 * import { openDb } from "./db.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run("create table t as select * from (values (1, 0.1), (2, 0.2), (3, 0.3)) v(i, x)");
 * // In floating point, (0.1 + 0.2) + 0.3 and 0.1 + (0.2 + 0.3) differ in their last bit.
 * equal((0.1 + 0.2) + 0.3 === 0.1 + (0.2 + 0.3), false);
 * const { s, odd } = await db.one<{ s: number; odd: number }>(
 *   `select ${exactSum("x")} as s, ${exactSum("x", { filter: "i % 2 = 1" })} as odd from t`,
 * );
 * equal(s, 0.6);
 * equal(odd, 0.4);
 * db.close();
 * ```
 *
 * @example Logarithms, to 11 decimal places in 64-bit decimals
 * ```ts
 * import { exactSum } from "./exact.ts";
 * import { openDb } from "./db.ts";
 * import { ok } from "node:assert/strict";
 *
 * const db = await openDb();
 * const { s } = await db.one<{ s: number }>(
 *   `select ${exactSum("ln(i + 1)", { scale: 11, width: 18 })} as s from range(1000) r(i)`,
 * );
 * let expected = 0;
 * for (let i = 0; i < 1000; i++) expected += Math.log(i + 1);
 * ok(Math.abs(s - expected) < 1e-9); // ln(1000!)
 * db.close();
 * ```
 */
export function exactSum(expr: string, options: ExactAggregateOptions = {}): string {
  const value = exactDecimal(expr, options.scale, options.width);
  const sum = `sum(${value})${filterClause(options.filter)}`;
  return options.decimal ? sum : `CAST(${sum} AS DOUBLE)`;
}

/**
 * The mean of an SQL expression from its exact sum: `exactSum(expr) / count(expr)`, a `DOUBLE`;
 * NULL values are skipped and the mean of no values is NULL, as with `avg`.
 *
 * @param expr An SQL expression.
 * @param options A filter (`decimal` is ignored: a mean is a `DOUBLE`).
 * @returns An aggregate expression.
 *
 * @example
 * ```ts
 * import { exactAvg } from "./exact.ts";
 * import { openDb } from "./db.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run("create table t as select * from (values ('a', 0.1), ('a', 0.2), ('b', null)) v(g, x)");
 * deepStrictEqual(
 *   await db.all(`select g, ${exactAvg("x")} as mean from t group by g order by g`),
 *   [{ g: "a", mean: 0.15 }, { g: "b", mean: null }],
 * );
 * db.close();
 * ```
 */
export function exactAvg(expr: string, options: ExactAggregateOptions = {}): string {
  const filter = filterClause(options.filter);
  return `(${exactSum(expr, { ...options, decimal: false })} / count(${expr})${filter})`;
}

function filterClause(filter: string | undefined): string {
  return filter === undefined ? "" : ` FILTER (WHERE ${filter})`;
}
