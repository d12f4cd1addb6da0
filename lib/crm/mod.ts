/**
 * CRM operations over linked tables: the table kinds and their canonical fields, recognition
 * of each file of a folder by its columns or name, per-table mapping (`--map KIND.field="Column"`),
 * reading with lib/load's readers, and cross-table validation into the `crm_checks` ledger.
 *
 * @example Parse the flags and recognise a table
 * ```ts
 * import { parseCrmMapping, parseTableOption, recognizeTable } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const map = parseCrmMapping('interactions.channel="Medium",interactions.status="State"');
 * const t = recognizeTable("export.csv", ["Ticket ID", "Medium", "State"], map);
 * equal("kind" in t && t.kind, "interactions");
 * equal(parseTableOption("pipeline=deals.csv").kind, "pipeline");
 * ```
 *
 * @module
 */
export * from "./crm_check.ts";
export * from "./crm_options.ts";
export * from "./customer_behaviour.ts";
export * from "./missing_tables.ts";
export * from "./read_crm_tables.ts";
export * from "./recognize_table.ts";
export * from "./resolve_crm_columns.ts";
export * from "./table_kinds.ts";
export * from "./validate_crm.ts";
