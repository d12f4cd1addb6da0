import type { Db } from "../db/mod.ts";
import { type PriceElasticity, priceElasticity } from "./price_elasticity.ts";
import { type ProductPerformance, productPerformance } from "./product_performance.ts";
import { createProductSales, type ProductSalesSource } from "./product_sales.ts";

/** Product performance and price elasticity of one source of sales. */
export interface ProductAnalysis {
  /** Where the sales came from: CRM transactions, won pipeline deals or the plain order log. */
  readonly source: ProductSalesSource;
  readonly performance: ProductPerformance;
  readonly elasticity: PriceElasticity;
}

/** Options for {@linkcode analyseProducts}. */
export interface AnalyseProductsOptions {
  /** The source table. @default {the source's canonical table} */
  table?: string;
  /** Name of the product sales view created. @default {"product_sales"} */
  view?: string;
}

/**
 * Product performance and price elasticity in one call: the product sales view of `source`
 * ({@linkcode createProductSales}), then {@linkcode productPerformance} and
 * {@linkcode priceElasticity} (monthly, with the quantity-discount guard).
 *
 * @param db The analysis database.
 * @param source `transactions` (CRM), `pipeline` (won deals) or `order_log` (clean lines).
 * @param options Source table and view name.
 * @throws {SchemaError} If the source lacks its canonical columns.
 *
 * @example
 * ```ts
 * import { analyseProducts } from "./product_analysis.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select 'P' || (i % 2) as stock_code, 'Item' as description,
 *   timestamp '2024-01-01' + to_days(i) as invoice_date, 1.0 as quantity, 2.0 as price, 2.0 as line_total from range(10) t(i)`);
 * const a = await analyseProducts(db, "order_log");
 * equal(a.performance.facts.products, 2);
 * equal(a.elasticity.rows.every((r) => r.status === "too-few"), true);
 * db.close();
 * ```
 */
export async function analyseProducts(
  db: Db,
  source: ProductSalesSource,
  options: AnalyseProductsOptions = {},
): Promise<ProductAnalysis> {
  const view = await createProductSales(db, source, {
    ...(options.table !== undefined ? { table: options.table } : {}),
    ...(options.view !== undefined ? { view: options.view } : {}),
  });
  return {
    source,
    performance: await productPerformance(db, { view }),
    elasticity: await priceElasticity(db, { view }),
  };
}
