import { type Db, quoteIdent } from "../db/db.ts";
import { oneOf, ValidationError } from "../errors.ts";
import type { EdaOptions } from "./kpis.ts";
import { requireColumns } from "../db/require_columns.ts";

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
 * quantiles (DuckDB `quantile_cont`, numpy's default), plus a histogram.
 *
 * @param db The analysis database.
 * @param column `"price"`, `"quantity"` or `"line_total"`.
 * @param options Table and number of bins (`bins` @default {20}).
 * @returns The summary and histogram.
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
  await requireColumns(db, table, [column], `describe ${column}`);
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  const s = await db.one<Omit<ValueDistribution, "column" | "histogram">>(
    `SELECT count(${c}) AS count, avg(${c})::DOUBLE AS mean, min(${c})::DOUBLE AS min,
       quantile_cont(${c}::DOUBLE, 0.01)::DOUBLE AS p01, quantile_cont(${c}::DOUBLE, 0.25)::DOUBLE AS p25,
       quantile_cont(${c}::DOUBLE, 0.5)::DOUBLE AS median, quantile_cont(${c}::DOUBLE, 0.75)::DOUBLE AS p75,
       quantile_cont(${c}::DOUBLE, 0.99)::DOUBLE AS p99, max(${c})::DOUBLE AS max
     FROM ${t}`,
  );
  if (s.count === 0) {
    throw new ValidationError(`Cannot describe ${column}: table "${table}" has no values`, []);
  }
  const width = (s.p99 - s.min) / bins;
  const nBins = width > 0 ? bins : 1;
  // bin -1 is the overflow above p99
  const counts = await db.all<{ bin: number; n: number }>(
    `SELECT CASE WHEN ${c} > ?::DOUBLE THEN -1 WHEN ?::DOUBLE <= 0 THEN 0
       ELSE least(CAST(floor((${c} - ?::DOUBLE) / ?::DOUBLE) AS INTEGER), ?::INTEGER - 1) END AS bin, count(*) AS n
     FROM ${t} WHERE ${c} IS NOT NULL GROUP BY 1`,
    [s.p99, width, s.min, width > 0 ? width : 1, nBins],
  );
  const byBin = new Map(counts.map((r) => [r.bin, r.n]));
  const histogram: HistogramBin[] = [];
  for (let b = 0; b < nBins; b++) {
    histogram.push({
      start: s.min + b * width,
      end: b === nBins - 1 ? s.p99 : s.min + (b + 1) * width,
      count: byBin.get(b) ?? 0,
    });
  }
  const overflow = byBin.get(-1) ?? 0;
  if (overflow > 0) histogram.push({ start: s.p99, end: s.max, count: overflow });
  return { column, ...s, histogram };
}
