/**
 * The main job (`deno task report`): the command line (options from lib/options), the run of
 * the input kind's pipeline (lib/pipeline), and the writing of the tables and the report page.
 *
 * @example
 * ```ts
 * import { commandLine } from "./mod.ts";
 * import { parseReportArgs } from "../options/mod.ts";
 * import { equal } from "node:assert/strict";
 * const parsed = parseReportArgs(["--preset", "classic", "--horizon-months", "12"]);
 * if (!parsed.help) {
 *   equal(commandLine(parsed.options), "deno task report --data data/sample_online_retail.csv.gz --preset classic --horizon-months 12");
 * }
 * ```
 *
 * @module
 */
export * from "./start_report.ts";
export * from "./run_report.ts";
export * from "./report_cli.ts";
