/**
 * Small shared utilities: progress reporting, deterministic CSV text and file digests.
 *
 * @example
 * ```ts
 * import { snakeCase, toCsv } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(toCsv([{ [snakeCase("rowsIn")]: 3 }], ["rows_in"]), "rows_in\n3\n");
 * ```
 *
 * @module
 */
export * from "./progress.ts";
export * from "./csv.ts";
export * from "./paths.ts";
export * from "./parse_options.ts";
export * from "./months.ts";
export * from "./pairs.ts";
export * from "./sha256_file.ts";
