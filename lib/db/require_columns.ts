import { type Db, quoteIdent } from "./db.ts";
import { SchemaError } from "../errors.ts";

/**
 * Checks that `table` exists and has every column in `columns`, before an analysis runs SQL on
 * it, so a missing table or column is reported as a {@linkcode SchemaError} that names the table,
 * the missing columns and the columns found, instead of a raw DuckDB binder error.
 *
 * @param db The analysis database.
 * @param table Table (or view) name, unquoted.
 * @param columns Column names the caller needs.
 * @param action What the caller was doing, completing "Cannot …" (e.g. `"compute RFM"`).
 * @returns The table's columns, in table order (so a caller can adapt to optional ones).
 * @throws {SchemaError} If the table does not exist (`missing` lists every needed column) or
 * lacks some columns (`missing` lists them, `found` holds the table's columns).
 *
 * @example A missing column is named
 * ```ts
 * import { requireColumns } from "./require_columns.ts";
 * import { openDb } from "./db.ts";
 * import { deepStrictEqual, rejects } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table t as select 1 as customer_id`);
 * deepStrictEqual(await requireColumns(db, "t", ["customer_id"], "compute RFM"), ["customer_id"]);
 * await rejects(requireColumns(db, "t", ["customer_id", "invoice"], "compute RFM"),
 *   /Cannot compute RFM: table "t" has no column "invoice"/);
 * db.close();
 * ```
 */
export async function requireColumns(
  db: Db,
  table: string,
  columns: readonly string[],
  action: string,
): Promise<string[]> {
  let found: string[];
  try {
    found = (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(table)}`)).map((r) =>
      r.column_name
    );
  } catch {
    throw new SchemaError(`Cannot ${action}: table "${table}" does not exist`, {
      missing: [...columns],
      hint: "load and clean the data first, or pass { table } naming an existing table",
    });
  }
  const missing = columns.filter((c) => !found.includes(c));
  if (missing.length > 0) {
    throw new SchemaError(
      `Cannot ${action}: table "${table}" has no column${missing.length > 1 ? "s" : ""} ${
        missing.map((c) => `"${c}"`).join(", ")
      }`,
      { missing, found, hint: "use a table with the canonical columns of lib/db/canonical.ts" },
    );
  }
  return found;
}
