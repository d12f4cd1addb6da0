/**
 * Product sales performance for CRM tables and for the plain order log: volume, revenue,
 * categories, concentration on the top products, and price elasticity per product and category
 * (log-log regression over periods, with interval, R² and n; flagged, not estimated, when prices
 * barely vary, periods are few, or the unit price falls with the quantity bought).
 *
 * @example
 * ```ts
 * import { fitElasticity, PRICE_ELASTICITY_COLUMNS } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(fitElasticity("product", "A", [{ product: "A", price: 1, volume: 5 }]).status, "too-few");
 * equal(PRICE_ELASTICITY_COLUMNS[0], "level");
 * ```
 *
 * @module
 */
export * from "./price_elasticity.ts";
export * from "./product_analysis.ts";
export * from "./product_performance.ts";
export * from "./product_sales.ts";
export * from "./quantity_discount.ts";
