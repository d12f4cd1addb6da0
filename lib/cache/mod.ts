/**
 * The workspace's cache: entries of derived tables (a loaded file, a workbook's conversion, the
 * cleaned tables of a load) kept as Parquet with a `meta.json`, keyed by a digest of everything
 * they depend on, written atomically and pruned least recently used first.
 *
 * @example An entry's key changes with any of its parts
 * ```ts
 * import { cacheKey } from "./mod.ts";
 * import { notEqual } from "node:assert/strict";
 * notEqual(cacheKey({ area: "clean", load: "a" }), cacheKey({ area: "clean", load: "b" }));
 * ```
 *
 * @module
 */
export * from "./store.ts";
export * from "./table_file.ts";
