/**
 * Cleaning with an audit ledger: named, switchable rules applied in order to the canonical
 * `raw_transactions` table, two presets (`classic`, `recommended`) that are sets of those
 * switches, cancellations recognised by the data's own convention (`--cancellations`), a ledger
 * in which every removed or changed row is accounted for, and stops (a typed user error
 * carrying the ledger) when the result would mislead.
 *
 * @example
 * ```ts
 * import { PRESET_RULES, RULES } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(PRESET_RULES.classic[0], "missing_customer_id");
 * equal(RULES.order_field_fill.kind, "fill");
 * equal(RULES.cancellation.kind, "remove");
 * ```
 *
 * @module
 */
export * from "./rules.ts";
export * from "./clean_transactions.ts";
export * from "./removed_rows.ts";
export * from "./as_of_window.ts";
export * from "./cleaning_stop_error.ts";
export * from "./clean_cache.ts";
