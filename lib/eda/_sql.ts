// Private SQL helpers for the EDA area.
import { type Db, quoteIdent } from "../db/db.ts";
import { SchemaError } from "../errors.ts";

/** Throws a SchemaError naming the table and its missing columns. */
export async function requireColumns(
  db: Db,
  table: string,
  columns: readonly string[],
  action: string,
): Promise<void> {
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
      {
        missing,
        found,
        hint: "use a table with the canonical columns of lib/db/canonical.ts",
      },
    );
  }
}
