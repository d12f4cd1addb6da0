/**
 * The seeded generator of multi-table CRM datasets: customers, products, transactions,
 * interactions, sales team, pipeline, accounts and targets, with planted effects and defects
 * whose truth comes with the data ({@linkcode generateCrm}); the committed sample under
 * `data/sample_crm/` is its default output ({@linkcode writeCrmFolder}).
 *
 * @example
 * ```ts
 * import { crmFileCsv, generateCrm } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * const { files, truth } = generateCrm({ seed: 3, customers: 40, transactions: 100, interactions: 60, deals: 80 });
 * const team = files.find((f) => f.name === "sales_teams.csv")!;
 * equal(crmFileCsv(team).split("\n")[0], "sales_agent,manager,regional_office");
 * equal(truth.defects.duplicateDeals, 2);
 * ```
 *
 * @module
 */
export * from "./generate_crm.ts";
export * from "./truth.ts";
export * from "./write_crm_folder.ts";
