/**
 * Report sections: each turns the results of one analysis into a {@linkcode Section} of the
 * report model, with findings and recommendations written from the numbers, the charts that
 * show them (Observable Plot, rendered once on the server) and the key tables. Pure functions:
 * the same results give the same section. The main job and the notebooks both use them, so a
 * notebook's findings read like the report's.
 *
 * @example
 * ```ts
 * import { retentionAt } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(retentionAt([], 1), null);
 * ```
 *
 * @module
 */
export * from "./data_quality.ts";
export * from "./guards.ts";
export * from "./sales_overview.ts";
export * from "./customer_behaviour.ts";
export * from "./segments.ts";
export * from "./cohorts.ts";
export * from "./executive_summary.ts";
export * from "./lifetime_value.ts";
export * from "./method_notes.ts";
export * from "./crm_quality.ts";
export * from "./products.ts";
export * from "./support.ts";
export * from "./sales_team.ts";
export * from "./purchase_behaviour.ts";
