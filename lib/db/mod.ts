/**
 * The data engine: a thin wrapper over DuckDB (`@duckdb/node-api`). Row-level work on
 * large inputs is SQL that runs here; what leaves lib are small typed tables.
 *
 * @example
 * ```ts
 * import { openDb, quoteIdent } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * const { n } = await db.one<{ n: number }>(`select count(*) as ${quoteIdent("n")} from range(5)`);
 * equal(n, 5);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./db.ts";
export * from "./canonical.ts";
export * from "./require_columns.ts";
export * from "./exact.ts";
