import type { Db } from "../db/mod.ts";
import { exactSum, quoteIdent } from "../db/mod.ts";
import { median as medianOf, ols } from "../stats/mod.ts";
import { quantityDiscounts } from "./quantity_discount.ts";

/**
 * Whether an elasticity was estimated, or why not: `too-few` periods, `flat-price` (prices
 * barely varied), `quantity-discount` (the unit price falls with the quantity bought within a
 * period, so the monthly mean price mixes the discount schedule with demand; see
 * `quantityDiscounts`).
 */
export type ElasticityStatus = "estimated" | "too-few" | "flat-price" | "quantity-discount";

/** One row of `price_elasticity.csv`. */
export interface ElasticityRow {
  readonly level: "product" | "category";
  readonly key: string;
  /** Periods (product-periods for a category) in the fit. */
  readonly n: number;
  readonly products: number;
  /** Slope of log volume on log price; null unless estimated. */
  readonly elasticity: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly std_error: number | null;
  readonly r_squared: number | null;
  /** Standard deviation of log price within products (0.1 is about ±10%). */
  readonly price_variation: number;
  readonly status: ElasticityStatus;
}

/** Column order of `price_elasticity.csv`. */
export const PRICE_ELASTICITY_COLUMNS = [
  "level",
  "key",
  "n",
  "products",
  "elasticity",
  "ci_low",
  "ci_high",
  "std_error",
  "r_squared",
  "price_variation",
  "status",
] as const satisfies readonly (keyof ElasticityRow)[];

/** One product's sales in one period. */
export interface PricePoint {
  readonly product: string;
  /** Mean unit price in the period (revenue / volume), > 0. */
  readonly price: number;
  /** Units sold in the period, > 0. */
  readonly volume: number;
}

/** Options for {@linkcode fitElasticity}. */
export interface ElasticityOptions {
  /** Fewer points than this: `too-few`. @default {8} */
  minPeriods?: number;
  /** Log-price standard deviation below this: `flat-price`. @default {0.03} */
  minPriceVariation?: number;
  /** @default {0.95} */
  confidence?: number;
}

/**
 * The price elasticity of demand as the slope of a log-log regression of volume on price over
 * periods, `ln q = a + ε ln p` (the constant-elasticity demand curve; e.g. Wooldridge,
 * *Introductory Econometrics*, §2.4 on log-log models). With several products (a category) the
 * logs are centred within each product first (the within, or fixed-effects, estimator) so that
 * products of different price levels do not pass for a price effect; the residual degrees of
 * freedom lose one per product mean. Fits with fewer than `minPeriods` points are `too-few`,
 * and with a log-price standard deviation below `minPriceVariation` `flat-price`: neither is
 * estimated, so neither can be read as an elasticity.
 *
 * @param level `"product"` or `"category"`.
 * @param key The product or category.
 * @param points Sales per product and period (non-positive prices or volumes are left out).
 * @param options Thresholds and confidence level.
 *
 * @example Demand q = 1000 p^-2 exactly: elasticity -2, R² 1
 * ```ts
 * import { fitElasticity } from "./price_elasticity.ts";
 * import { equal } from "node:assert/strict";
 * const points = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5].map((price) => ({ product: "A", price, volume: 1000 * price ** -2 }));
 * const row = fitElasticity("product", "A", points);
 * equal(row.status, "estimated");
 * equal(row.elasticity!.toFixed(6), "-2.000000");
 * equal(row.r_squared!.toFixed(6), "1.000000");
 * ```
 */
export function fitElasticity(
  level: "product" | "category",
  key: string,
  points: readonly PricePoint[],
  options: ElasticityOptions = {},
): ElasticityRow {
  const { minPeriods = 8, minPriceVariation = 0.03, confidence = 0.95 } = options;
  const usable = points.filter((p) => p.price > 0 && p.volume > 0);
  const groups = new Map<string, PricePoint[]>();
  for (const p of usable) groups.set(p.product, [...(groups.get(p.product) ?? []), p]);
  const x: number[] = [];
  const y: number[] = [];
  for (const ps of groups.values()) {
    const lx = ps.map((p) => Math.log(p.price));
    const ly = ps.map((p) => Math.log(p.volume));
    const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
    const my = ly.reduce((a, b) => a + b, 0) / ly.length;
    lx.forEach((v, i) => {
      x.push(groups.size > 1 ? v - mx : v);
      y.push(groups.size > 1 ? ly[i]! - my : ly[i]!);
    });
  }
  const n = x.length;
  let ss = 0;
  let count = 0;
  for (const ps of groups.values()) {
    const lx = ps.map((p) => Math.log(p.price));
    const m = lx.reduce((a, b) => a + b, 0) / lx.length;
    for (const v of lx) ss += (v - m) ** 2;
    count += lx.length - 1;
  }
  // Logs of equal prices can differ in the last bits: below 1e-9 the price did not vary.
  const spread = count > 0 ? Math.sqrt(ss / count) : 0;
  const priceVariation = spread < 1e-9 ? 0 : spread;
  const base = { level, key, n, products: groups.size, price_variation: priceVariation };
  const none = { elasticity: null, ci_low: null, ci_high: null, std_error: null, r_squared: null };
  if (n < minPeriods || n - 1 - groups.size < 1) return { ...base, ...none, status: "too-few" };
  if (priceVariation < minPriceVariation) return { ...base, ...none, status: "flat-price" };
  const fit = ols(x, y, { confidence, absorbedParameters: groups.size > 1 ? groups.size - 1 : 0 });
  return {
    ...base,
    elasticity: fit.slope,
    ci_low: fit.slopeCi[0],
    ci_high: fit.slopeCi[1],
    std_error: fit.slopeSe,
    r_squared: fit.rSquared,
    status: "estimated",
  };
}

/** Facts about price elasticity. */
export interface ElasticityFacts {
  readonly estimated: number;
  readonly tooFew: number;
  readonly flatPrice: number;
  /** Products left out for quantity discounts. */
  readonly quantityDiscount: number;
  /** Products tested for quantity discounts (lines at two quantities in a period). */
  readonly discountTested: number;
  /** Estimated products: how many, the median elasticity, and how many intervals lie below 0. */
  readonly products: {
    readonly estimated: number;
    readonly median: number | null;
    readonly negative: number;
    readonly positive: number;
  };
  /** Estimated categories, most elastic first. */
  readonly categories: readonly {
    readonly category: string;
    readonly elasticity: number;
    readonly ciLow: number;
    readonly ciHigh: number;
    readonly n: number;
  }[];
  /** `clear` when the most and least elastic categories' intervals do not overlap. */
  readonly evidence: "clear" | "none" | "too-few";
  readonly mostElastic: string | null;
  readonly leastElastic: string | null;
}

/** Result of {@linkcode priceElasticity}. */
export interface PriceElasticity {
  /** Categories first (by name), then products (by name). */
  readonly rows: readonly ElasticityRow[];
  readonly period: "month" | "week";
  readonly facts: ElasticityFacts;
}

/** Options for {@linkcode priceElasticity}. */
export interface PriceElasticityOptions extends ElasticityOptions {
  /** Product sales view. @default {"product_sales"} */
  view?: string;
  /** Period of aggregation. @default {"month"} */
  period?: "month" | "week";
  /** Also fit each product. @default {true} */
  perProduct?: boolean;
  /**
   * Leave out products whose unit price falls with the quantity bought within a period
   * (status `quantity-discount`), from their own fit and their category's. @default {true}
   */
  discountGuard?: boolean;
}

/**
 * Price elasticity per category (within estimator over its products) and per product, from a
 * product sales view: volume and mean price per product and period, then {@linkcode fitElasticity}.
 * Periods without sales are absent (a log of zero has no value), so an elasticity describes
 * the periods in which a product sold. With `discountGuard` (the default) products whose unit
 * price falls with the quantity of the line within a period are tested first
 * ({@linkcode quantityDiscounts}) and left out with the status `quantity-discount`: their
 * monthly mean price moves with the share of bulk lines, and a slope would mix the discount
 * schedule with demand.
 *
 * @param db The analysis database.
 * @param options View, period, thresholds.
 *
 * @example
 * ```ts
 * import { priceElasticity } from "./price_elasticity.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create view product_sales as select 'A' as product, 'X' as category,
 *   timestamp '2024-01-15' + to_months(i) as sale_date, 1000 * pow(1 + i / 10, -1.5) as quantity,
 *   1 + i / 10 as price, 1000 * pow(1 + i / 10, -1.5) * (1 + i / 10) as revenue from range(12) t(i)`);
 * const e = await priceElasticity(db);
 * equal(e.rows[0]!.level, "category");
 * equal(e.rows[0]!.elasticity!.toFixed(3), "-1.500");
 * db.close();
 * ```
 */
export async function priceElasticity(
  db: Db,
  options: PriceElasticityOptions = {},
): Promise<PriceElasticity> {
  const { view = "product_sales", period = "month", perProduct = true, discountGuard = true } =
    options;
  const tested = discountGuard ? await quantityDiscounts(db, { view, period }) : [];
  const discounted = new Set(tested.filter((t) => t.discounted).map((t) => t.product));
  const points = await db.all<
    { product: string; category: string | null; price: number; volume: number }
  >(
    `SELECT product, min(category) AS category, ${exactSum("revenue")} / ${
      exactSum("quantity")
    } AS price, ${exactSum("quantity")} AS volume
     FROM ${quoteIdent(view)} WHERE sale_date IS NOT NULL AND product IS NOT NULL AND quantity > 0
     GROUP BY product, date_trunc('${period}', sale_date)
     HAVING ${exactSum("quantity", { decimal: true })} > 0 AND ${
      exactSum("revenue", { decimal: true })
    } > 0
     ORDER BY product, date_trunc('${period}', sale_date)`,
  );
  const byCategory = new Map<string, PricePoint[]>();
  const byProduct = new Map<string, PricePoint[]>();
  const push = (m: Map<string, PricePoint[]>, k: string, p: PricePoint) => {
    const list = m.get(k);
    if (list === undefined) m.set(k, [p]);
    else list.push(p);
  };
  for (const p of points) {
    if (p.category !== null && !discounted.has(p.product)) push(byCategory, p.category, p);
    push(byProduct, p.product, p);
  }
  const sortKeys = (m: Map<string, unknown>) =>
    [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const productRow = (p: string): ElasticityRow => {
    const row = fitElasticity("product", p, byProduct.get(p)!, options);
    return discounted.has(p)
      ? {
        ...row,
        elasticity: null,
        ci_low: null,
        ci_high: null,
        std_error: null,
        r_squared: null,
        status: "quantity-discount",
      }
      : row;
  };
  const rows: ElasticityRow[] = [
    ...sortKeys(byCategory).map((c) => fitElasticity("category", c, byCategory.get(c)!, options)),
    ...(perProduct ? sortKeys(byProduct).map(productRow) : []),
  ];
  return { rows, period, facts: elasticityFacts(rows, tested.length) };
}

/**
 * Facts from elasticity rows: counts by status, estimated products (median elasticity, intervals
 * below and above 0), estimated categories from most to least elastic, and whether the extremes
 * differ (`clear` when their intervals do not overlap).
 *
 * @param rows The rows of {@linkcode priceElasticity}.
 * @param discountTested Products tested for quantity discounts.
 *
 * @example
 * ```ts
 * import { elasticityFacts } from "./price_elasticity.ts";
 * import { equal } from "node:assert/strict";
 * const row = (key: string, e: number, lo: number, hi: number) => ({ level: "category" as const, key, n: 40, products: 5,
 *   elasticity: e, ci_low: lo, ci_high: hi, std_error: 0.1, r_squared: 0.5, price_variation: 0.1, status: "estimated" as const });
 * const f = elasticityFacts([row("A", -2, -2.3, -1.7), row("B", -0.5, -0.8, -0.2)]);
 * equal(f.evidence, "clear");
 * equal(f.mostElastic, "A");
 * ```
 */
export function elasticityFacts(
  rows: readonly ElasticityRow[],
  discountTested = 0,
): ElasticityFacts {
  const categories = rows.filter((r) => r.level === "category" && r.status === "estimated")
    .map((r) => ({
      category: r.key,
      elasticity: r.elasticity!,
      ciLow: r.ci_low!,
      ciHigh: r.ci_high!,
      n: r.n,
    }))
    .sort((a, b) => a.elasticity - b.elasticity || (a.category < b.category ? -1 : 1));
  const most = categories[0];
  const least = categories[categories.length - 1];
  const evidence = categories.length < 2
    ? "too-few"
    : most!.ciHigh < least!.ciLow
    ? "clear"
    : "none";
  const products = rows.filter((r) => r.level === "product" && r.status === "estimated");
  const median = products.length === 0 ? null : medianOf(products.map((r) => r.elasticity!));
  return {
    estimated: rows.filter((r) => r.status === "estimated").length,
    tooFew: rows.filter((r) => r.status === "too-few").length,
    flatPrice: rows.filter((r) => r.status === "flat-price").length,
    quantityDiscount: rows.filter((r) => r.status === "quantity-discount").length,
    discountTested,
    products: {
      estimated: products.length,
      median,
      negative: products.filter((r) => r.ci_high! < 0).length,
      positive: products.filter((r) => r.ci_low! > 0).length,
    },
    categories,
    evidence,
    mostElastic: evidence === "clear" ? most!.category : null,
    leastElastic: evidence === "clear" ? least!.category : null,
  };
}
