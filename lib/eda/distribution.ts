import { type Db, quoteIdent } from "../db/db.ts";
import { oneOf, OptionError, ValidationError } from "../errors.ts";
import type { EdaOptions } from "./kpis.ts";
import { requireColumns } from "../db/require_columns.ts";
import { quantileLinear } from "../stats/mod.ts";

/** A histogram bin, `[start, end)` (the last bin is closed). */
export interface HistogramBin {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/** Summary statistics and a histogram of one numeric column. */
export interface ValueDistribution {
  readonly column: "price" | "quantity" | "line_total";
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly p01: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p99: number;
  readonly max: number;
  /**
   * `bins` equal-width bins from `min` to `p99`, then (when values exceed p99) one overflow bin
   * from p99 to max, so the long tail does not squash the histogram.
   */
  readonly histogram: readonly HistogramBin[];
}

/**
 * Distribution of price, quantity or line total: count, mean, min, max and linear-interpolation
 * quantiles (numpy's default, as `quantileLinear`), plus a histogram. Computed from the column's
 * distinct values and their counts, so it costs one small group-by.
 *
 * @param db The analysis database.
 * @param column `"price"`, `"quantity"` or `"line_total"`.
 * @param options Table and number of bins (`bins` @default {20}).
 * @returns The summary and histogram.
 * @throws {OptionError} If `column` or `bins` is invalid.
 * @throws {ValidationError} If the column has no values.
 *
 * @example
 * ```ts
 * import { valueDistribution } from "./distribution.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select (i + 1)::DOUBLE as price from range(5) r(i)`);
 * const d = await valueDistribution(db, "price", { bins: 2 });
 * equal(d.median, 3);
 * deepStrictEqual(d.histogram.map((b) => b.count), [2, 2, 1]); // [1, 2.98), [2.98, 4.96], (4.96, 5]
 * db.close();
 * ```
 */
export async function valueDistribution(
  db: Db,
  column: "price" | "quantity" | "line_total",
  options: EdaOptions & { bins?: number } = {},
): Promise<ValueDistribution> {
  const { table = "clean_transactions", bins = 20 } = options;
  oneOf("column", column, ["price", "quantity", "line_total"] as const);
  if (!(Number.isInteger(bins) && bins >= 1)) {
    throw new OptionError(
      "bins",
      `Cannot describe ${column}: bins must be a positive integer: current value is "${bins}"`,
    );
  }
  await requireColumns(db, table, [column], `describe ${column}`);
  const c = quoteIdent(column);
  // One small group-by (prices and quantities repeat a lot) instead of a sort of every line:
  // the statistics, quantiles and histogram then come from the distinct values and their counts.
  const r = await db.one<{ v: number[] | null; n: number[] | null }>(
    `SELECT list(v ORDER BY v) AS v, list(n ORDER BY v) AS n FROM (
       SELECT ${c}::DOUBLE AS v, count(*) AS n FROM ${quoteIdent(table)}
       WHERE ${c} IS NOT NULL GROUP BY 1)`,
  );
  const values = r.v ?? [];
  const counts = r.n ?? [];
  if (values.length === 0) {
    throw new ValidationError(`Cannot describe ${column}: table "${table}" has no values`, []);
  }
  const count = counts.reduce((a, b) => a + b, 0);
  const s = {
    count,
    mean: values.reduce((sum, v, i) => sum + v * counts[i]!, 0) / count,
    min: values[0]!,
    p01: quantileOfCounts(values, counts, count, 0.01),
    p25: quantileOfCounts(values, counts, count, 0.25),
    median: quantileOfCounts(values, counts, count, 0.5),
    p75: quantileOfCounts(values, counts, count, 0.75),
    p99: quantileOfCounts(values, counts, count, 0.99),
    max: values.at(-1)!,
  };
  const width = (s.p99 - s.min) / bins;
  const nBins = width > 0 ? bins : 1;
  const byBin = new Array<number>(nBins).fill(0);
  let overflow = 0;
  values.forEach((v, i) => {
    if (v > s.p99) overflow += counts[i]!;
    else {
      byBin[width > 0 ? Math.min(Math.floor((v - s.min) / width), nBins - 1) : 0]! += counts[i]!;
    }
  });
  const histogram: HistogramBin[] = byBin.map((n, b) => ({
    start: s.min + b * width,
    end: b === nBins - 1 ? s.p99 : s.min + (b + 1) * width,
    count: n,
  }));
  if (overflow > 0) histogram.push({ start: s.p99, end: s.max, count: overflow });
  return { column, ...s, histogram };
}

/**
 * The linear-interpolation quantile (numpy's default) of `count` values given as ascending
 * distinct `values` with their `counts`: the order statistics at ⌊(count − 1)·p⌋ and the next,
 * interpolated exactly as {@linkcode quantileLinear} does.
 */
function quantileOfCounts(
  values: readonly number[],
  counts: readonly number[],
  count: number,
  p: number,
): number {
  const h = (count - 1) * p;
  const lo = Math.floor(h);
  const at = (rank: number): number => {
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i]!;
      if (rank < seen) return values[i]!;
    }
    return values.at(-1)!;
  };
  return quantileLinear([at(lo), at(Math.min(lo + 1, count - 1))], h - lo);
}
