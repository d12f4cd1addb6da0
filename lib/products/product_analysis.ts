import type { Db } from "../db/mod.ts";
import { type ElasticityFacts, type PriceElasticity, priceElasticity } from "./price_elasticity.ts";
import { type ProductPerformance, productPerformance } from "./product_performance.ts";
import { createProductSales, type ProductSalesSource } from "./product_sales.ts";

/** Product performance and price elasticity of one source of sales. */
export interface ProductAnalysis {
  /** Where the sales came from: CRM transactions, won pipeline deals or the plain order log. */
  readonly source: ProductSalesSource;
  readonly performance: ProductPerformance;
  readonly elasticity: PriceElasticity;
  /**
   * Why volume counts lines rather than units, when it does (a file without a quantity column:
   * one unit per line). Price elasticity is then left out: a line's amount is not a unit price.
   */
  readonly noQuantity?: string;
}

/** Options for {@linkcode analyseProducts}. */
export interface AnalyseProductsOptions {
  /** The source table. @default {the source's canonical table} */
  table?: string;
  /** Name of the product sales view created. @default {"product_sales"} */
  view?: string;
  /**
   * Why the source's quantities are not real (`"the file has no quantity column"`): volume then
   * counts lines and no elasticity is estimated. @default {quantities are real}
   */
  noQuantity?: string;
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
  const performance = await productPerformance(db, { view });
  if (options.noQuantity !== undefined) {
    return {
      source,
      performance,
      elasticity: { rows: [], period: "month", facts: NO_ELASTICITY },
      noQuantity: options.noQuantity,
    };
  }
  return { source, performance, elasticity: await priceElasticity(db, { view }) };
}

/** The elasticity facts of an analysis that estimated none. */
const NO_ELASTICITY: ElasticityFacts = {
  estimated: 0,
  tooFew: 0,
  flatPrice: 0,
  quantityDiscount: 0,
  discountTested: 0,
  products: { estimated: 0, median: null, negative: 0, positive: 0 },
  categories: [],
  evidence: "too-few",
  mostElastic: null,
  leastElastic: null,
};
