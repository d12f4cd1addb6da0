/**
 * The product tables, `product_performance.csv` and `price_elasticity.csv`, declared once for
 * every input kind that analyses products (the CRM tables and the plain order log).
 *
 * @module
 */
import type { OutputTable } from "../outputs/mod.ts";
import type { ProductAnalysis } from "../products/mod.ts";
import { PRICE_ELASTICITY_COLUMNS, PRODUCT_PERFORMANCE_COLUMNS } from "../products/mod.ts";
import type { OutputContext } from "./kind.ts";

/**
 * The product tables of a kind whose `products` result holds a product analysis (absent when it
 * does not apply to the run).
 *
 * @param applies Whether the run has products to show. @default {always}
 * @param reads The results `applies` reads besides `products`. @default {none}
 */
export function productOutputs<R extends { products: ProductAnalysis }>(
  applies: (r: R) => boolean = () => true,
  reads: readonly (keyof R & string)[] = [],
): OutputTable<R, OutputContext>[] {
  return [
    {
      name: "product_performance",
      format: "csv",
      description:
        "per product: rank, volume, revenue, share, cumulative share, mean/min/max price, category",
      needs: ["products", ...reads],
      columns: () => PRODUCT_PERFORMANCE_COLUMNS,
      rows: (r) => (applies(r) ? r.products.performance.products : null),
    },
    {
      name: "price_elasticity",
      format: "csv",
      description:
        "log-log price elasticity per category and product: n, estimate, 95% interval, R², price variation, status (estimated, too-few, flat-price, quantity-discount)",
      needs: ["products", ...reads],
      columns: () => PRICE_ELASTICITY_COLUMNS,
      rows: (r) => (applies(r) ? r.products.elasticity.rows : null),
    },
  ];
}
