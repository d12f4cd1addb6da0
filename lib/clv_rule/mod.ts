/**
 * Rule-based customer lifetime value, the bootcamp recipe (models.md §3.1): average order
 * value × purchase frequency / churn rate × profit margin, and quartile segments A–D with
 * pandas `qcut` semantics. Totals are aggregated in SQL; the formula is a pure function.
 *
 * @example Totals to segments
 * ```ts
 * import { ruleBasedCltvFromTotals } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const r = ruleBasedCltvFromTotals([
 *   { customerId: "a", totalTransaction: 1, totalPrice: 10 },
 *   { customerId: "b", totalTransaction: 2, totalPrice: 40 },
 *   { customerId: "c", totalTransaction: 1, totalPrice: 20 },
 *   { customerId: "d", totalTransaction: 1, totalPrice: 30 },
 * ], { margin: 0.2 });
 * equal(r.repeatRate, 0.25);
 * equal(r.rows.map((x) => x.segment).join(""), "DACB");
 * ```
 *
 * @module
 */
export * from "./rule_based_cltv.ts";
