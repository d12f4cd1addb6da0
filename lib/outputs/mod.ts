/**
 * The main job's output files: declared tables (name, format, columns, meaning, rows from the
 * pipeline's results) and the writers (CSV with a typed Parquet twin, JSON, query results
 * streamed to CSV by the engine).
 *
 * @example
 * ```ts
 * import { outputFiles } from "./mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(outputFiles({ name: "monthly", format: "csv", parquet: true, description: "", needs: [] }),
 *   ["monthly.csv", "monthly.parquet"]);
 * ```
 *
 * @module
 */
export * from "./writers.ts";
export * from "./output_table.ts";
export * from "./compare_folders.ts";
