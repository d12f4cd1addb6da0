/**
 * Options declared once: each option of the main job and the notebooks is one record (flag,
 * notebook parameter, type, default, allowed values, help), and the command-line parser,
 * `--help`, the notebook parameters and the README's option table come from that record.
 *
 * @example
 * ```ts
 * import { parseReportArgs, readReportOptions } from "./mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const cli = parseReportArgs(["--as-of", "2011-12-11", "--horizon-months", "12"]);
 * const notebook = readReportOptions({ asOf: "2011-12-11", horizonMonths: 12 }, "notebook");
 * deepStrictEqual(cli, { help: false, options: notebook });
 * ```
 *
 * @module
 */
export * from "./spec.ts";
export * from "./report_options.ts";
