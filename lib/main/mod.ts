/**
 * The main job (`deno task report`) and its stages: the customer-analytics stage that the
 * notebooks share, input detection, option parsing and the report run.
 *
 * @example
 * ```ts
 * import { inputKind, parseReportArgs } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * const parsed = parseReportArgs(["--preset", "classic"]);
 * equal(parsed.help, false);
 * equal(inputKind(["Invoice", "Price"], undefined).kind, "transactions");
 * ```
 *
 * @module
 */
export * from "./customer_analytics.ts";
export * from "./input.ts";
export * from "./options.ts";
export * from "./run_report.ts";
export * from "./tables.ts";
export * from "./output.ts";
