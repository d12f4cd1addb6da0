import type { Db } from "../db/mod.ts";
import { exactSum, quoteIdent } from "../db/mod.ts";

/** One row of `product_performance.csv`. */
export interface ProductPerformanceRow {
  readonly rank: number;
  readonly product: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly lines: number;
  readonly volume: number;
  readonly revenue: number;
  readonly revenue_share: number;
  /** Share of revenue of this product and every product ranked above it. */
  readonly cumulative_share: number;
  /** Revenue / volume. */
  readonly mean_price: number | null;
  readonly min_price: number | null;
  readonly max_price: number | null;
}

/** Column order of `product_performance.csv`. */
export const PRODUCT_PERFORMANCE_COLUMNS = [
  "rank",
  "product",
  "description",
  "category",
  "lines",
  "volume",
  "revenue",
  "revenue_share",
  "cumulative_share",
  "mean_price",
  "min_price",
  "max_price",
] as const satisfies readonly (keyof ProductPerformanceRow)[];

/** One category's totals. */
export interface CategoryPerformanceRow {
  readonly category: string;
  readonly products: number;
  readonly volume: number;
  readonly revenue: number;
  readonly revenue_share: number;
  readonly mean_price: number | null;
}

/** Facts about product performance. */
export interface ProductFacts {
  readonly products: number;
  readonly volume: number;
  readonly revenue: number;
  readonly topProduct: string | null;
  readonly topProductShare: number | null;
  /** Revenue share of the ten best-selling products (all of them when fewer). */
  readonly top10Share: number;
  /** Revenue share of the top fifth of products (rounded up). */
  readonly topFifthShare: number;
  /** Fewest products that make 80% of revenue. */
  readonly productsFor80: number;
  readonly categories: number;
  readonly topCategory: string | null;
  readonly topCategoryShare: number | null;
}

/** Result of {@linkcode productPerformance}. */
export interface ProductPerformance {
  /** By revenue, highest first (ties by product). */
  readonly products: readonly ProductPerformanceRow[];
  /** By revenue, highest first; empty when no category is known. */
  readonly categories: readonly CategoryPerformanceRow[];
  readonly facts: ProductFacts;
}

/**
 * Volume, revenue, prices and revenue shares per product and per category, and how concentrated
 * revenue is on the top products, from a product sales view (`createProductSales`).
 *
 * @param db The analysis database.
 * @param options The view name.
 *
 * @example
 * ```ts
 * import { productPerformance } from "./product_performance.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create view product_sales as select * from (values
 *   ('A', 'a', 'X', 2.0, 5.0, 10.0), ('A', 'a', 'X', 1.0, 6.0, 6.0), ('B', 'b', 'Y', 4.0, 1.0, 4.0)
 * ) t(product, description, category, quantity, price, revenue)`);
 * const p = await productPerformance(db);
 * equal(p.products[0]!.product, "A");
 * equal(p.products[0]!.revenue_share, 0.8);
 * equal(p.facts.productsFor80, 1);
 * equal(p.categories[1]!.category, "Y");
 * db.close();
 * ```
 */
export async function productPerformance(
  db: Db,
  options: { view?: string } = {},
): Promise<ProductPerformance> {
  const v = quoteIdent(options.view ?? "product_sales");
  const rows = await db.all<
    Omit<ProductPerformanceRow, "rank" | "revenue_share" | "cumulative_share">
  >(
    // The most frequent description (ties: the first in order) from the small table of
    // (product, description) counts: an ordered aggregate over every line costs a sort per group.
    `WITH a AS (
       SELECT product, min(category) AS category, count(*) AS lines, ${
      exactSum("quantity")
    } AS volume,
         ${exactSum("revenue")} AS revenue, min(price) AS min_price, max(price) AS max_price
       FROM ${v} WHERE product IS NOT NULL GROUP BY product),
     d AS (
       SELECT product, description, count(*) AS n FROM ${v}
       WHERE product IS NOT NULL AND description IS NOT NULL GROUP BY product, description),
     m AS (SELECT product, first(description ORDER BY n DESC, description) AS description FROM d GROUP BY product)
     SELECT a.product, m.description, a.category, a.lines, a.volume, a.revenue,
       CASE WHEN a.volume > 0 THEN a.revenue / a.volume END AS mean_price, a.min_price, a.max_price
     FROM a LEFT JOIN m USING (product) ORDER BY a.revenue DESC, a.product`,
  );
  const total = rows.reduce((a, r) => a + r.revenue, 0);
  let cumulative = 0;
  const products = rows.map((r, i) => {
    cumulative += r.revenue;
    return {
      rank: i + 1,
      ...r,
      revenue_share: total > 0 ? r.revenue / total : 0,
      cumulative_share: total > 0 ? cumulative / total : 0,
    };
  });
  const categoryMap = new Map<string, ProductPerformanceRow[]>();
  for (const p of products) {
    if (p.category === null) continue;
    categoryMap.set(p.category, [...(categoryMap.get(p.category) ?? []), p]);
  }
  const categories = [...categoryMap.entries()].map(([category, ps]) => {
    const volume = ps.reduce((a, p) => a + p.volume, 0);
    const revenue = ps.reduce((a, p) => a + p.revenue, 0);
    return {
      category,
      products: ps.length,
      volume,
      revenue,
      revenue_share: total > 0 ? revenue / total : 0,
      mean_price: volume > 0 ? revenue / volume : null,
    };
  }).sort((a, b) => b.revenue - a.revenue || (a.category < b.category ? -1 : 1));
  const shareOf = (
    k: number,
  ) => (k === 0 ? 0 : products[Math.min(k, products.length) - 1]?.cumulative_share ?? 0);
  const idx80 = products.findIndex((p) => p.cumulative_share >= 0.8 - 1e-12);
  return {
    products,
    categories,
    facts: {
      products: products.length,
      volume: products.reduce((a, p) => a + p.volume, 0),
      revenue: total,
      topProduct: products[0]?.product ?? null,
      topProductShare: products[0]?.revenue_share ?? null,
      top10Share: shareOf(10),
      topFifthShare: shareOf(Math.ceil(products.length / 5)),
      productsFor80: idx80 < 0 ? products.length : idx80 + 1,
      categories: categories.length,
      topCategory: categories[0]?.category ?? null,
      topCategoryShare: categories[0]?.revenue_share ?? null,
    },
  };
}
