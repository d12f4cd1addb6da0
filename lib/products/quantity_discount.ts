import type { Db } from "../db/mod.ts";
import { exactSum, quoteIdent } from "../db/mod.ts";

/**
 * Exact decimal sums of logarithms (`ln` of a positive double is within ±745). The period means
 * round each logarithm to 11 places in 64-bit decimals (a mean's rounding moves the centred
 * values together, which changes the sums of their products only at second order); the sums of
 * centred products, at most 2.3·10⁶ each, round to 18 places in 128-bit decimals (sums up to
 * 10²⁰).
 */
const LOGS = { scale: 11, width: 18 } as const;
const PRODUCTS = { scale: 18 } as const;

/** The mean of a logarithm over a group, from its exact sum. */
function mean(expr: string): string {
  return `(CAST(${exactSum(expr, { ...LOGS, decimal: true })} AS DOUBLE) / count(*))`;
}

/** One product's test for quantity discounts. */
export interface QuantityDiscountRow {
  readonly product: string;
  /** Lines in periods with at least two lines of the product. */
  readonly lines: number;
  /**
   * Slope of log unit price on log line quantity within periods (0 when quantities or prices
   * never differ within a period): -0.1 means 10 times the quantity costs about 21% less per
   * unit.
   */
  readonly slope: number;
  /** t statistic of the slope (`-Infinity` when every line sits on the price schedule). */
  readonly t: number;
  /** The unit price falls with the quantity bought: `slope <= maxSlope` and `t <= tCritical`. */
  readonly discounted: boolean;
}

/** Options for {@linkcode quantityDiscounts}. */
export interface QuantityDiscountOptions {
  /** Product sales view (`product`, `sale_date`, `quantity`, `price`). @default {"product_sales"} */
  view?: string;
  /** Period within which lines are compared. @default {"month"} */
  period?: "month" | "week";
  /** Slopes above this are too small to matter. @default {-0.01} */
  maxSlope?: number;
  /** One-sided critical value of the t statistic. @default {-2} */
  tCritical?: number;
}

/**
 * Tests each product for quantity discounts: within each period, does a line that buys more
 * units pay less per unit? The slope is the within estimator of log unit price on log quantity
 * (both centred per product and period, so list-price changes between periods do not count),
 * with its standard error from the residuals (degrees of freedom: lines minus periods minus
 * one). A product is `discounted` when the slope is below `maxSlope` and its t statistic below
 * `tCritical`.
 *
 * Why: on an order log such as Online Retail, bulk lines are cheaper per unit, so a month with
 * more wholesale orders has a lower mean price and a higher volume. A log-log slope of volume on
 * the monthly mean price then measures the discount schedule, not demand. Products that pass
 * this test have one price per period whatever the quantity, and their monthly mean prices move
 * only when the price itself changes.
 *
 * @param db The analysis database.
 * @param options View, period and thresholds.
 * @returns One row per product with lines in a period that has at least two, by product.
 *
 * @example A tiered price (10 for 1 unit, 8 for 12 units) and a flat one
 * ```ts
 * import { quantityDiscounts } from "./quantity_discount.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create view product_sales as select p as product, timestamp '2024-01-01' + to_days(i) as sale_date,
 *   q as quantity, case when p = 'tiered' and q >= 12 then 8.0 when p = 'tiered' then 10.0 else 5.0 end as price
 *   from (values ('tiered'), ('flat')) a(p), (values (1), (12), (2), (24)) b(q), range(3) t(i)`);
 * const rows = await quantityDiscounts(db);
 * deepStrictEqual(rows.map((r) => [r.product, r.discounted]), [["flat", false], ["tiered", true]]);
 * db.close();
 * ```
 */
export async function quantityDiscounts(
  db: Db,
  options: QuantityDiscountOptions = {},
): Promise<QuantityDiscountRow[]> {
  const { view = "product_sales", period = "month", maxSlope = -0.01, tCritical = -2 } = options;
  const rows = await db.all<
    { product: string; lines: number; groups: number; sxx: number; sxy: number; syy: number }
  >(
    `WITH l AS (
       SELECT product, date_trunc('${period}', sale_date) AS p, ln(price) AS lp, ln(quantity) AS lq
       FROM ${quoteIdent(view)}
       WHERE product IS NOT NULL AND sale_date IS NOT NULL AND price > 0 AND quantity > 0),
     -- Each (product, period) with two lines or more, and its means: one aggregation joined back
     -- to the lines (a hash join, where a window over the partitions would sort every line).
     -- Sums of logarithms and of their centred products are exact decimals, so that they do not
     -- depend on how DuckDB splits the rows among threads.
     g AS (
       SELECT product, p, ${mean("lp")} AS mean_lp, ${mean("lq")} AS mean_lq
       FROM l GROUP BY product, p HAVING count(*) > 1),
     d AS (
       SELECT product, p, lp - mean_lp AS y, lq - mean_lq AS x FROM l JOIN g USING (product, p))
     SELECT product, count(*) AS lines, count(DISTINCT p) AS groups,
       ${exactSum("x * x", PRODUCTS)} AS sxx, ${exactSum("x * y", PRODUCTS)} AS sxy,
       ${exactSum("y * y", PRODUCTS)} AS syy
     FROM d GROUP BY product ORDER BY product`,
  );
  return rows.map((r) => {
    const dof = r.lines - r.groups - 1;
    if (!(r.sxx > 1e-12) || dof < 1) {
      return { product: r.product, lines: r.lines, slope: 0, t: 0, discounted: false };
    }
    const slope = r.sxy / r.sxx;
    const sse = Math.max(r.syy - slope * r.sxy, 0);
    const se = Math.sqrt(sse / dof / r.sxx);
    const t = se > 0 ? slope / se : slope < 0 ? -Infinity : slope > 0 ? Infinity : 0;
    return {
      product: r.product,
      lines: r.lines,
      slope,
      t,
      discounted: slope <= maxSlope && t <= tCritical,
    };
  });
}
