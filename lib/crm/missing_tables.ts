import type { Db } from "../db/mod.ts";
import { quoteIdent } from "../db/mod.ts";
import { sqlType } from "./_convert.ts";
import { CRM_TABLE_KINDS, CRM_TABLES, type CrmTableKind, crmTableName } from "./table_kinds.ts";

/**
 * Creates an empty validated table `crm_<kind>` (its typed fields, no rows) for every kind that
 * is not `present`, so every analysis can run on any dataset and simply finds nothing where a
 * table is missing (an empty channel table, no deals). Whether an analysis is shown is decided
 * from the kinds present, not from these tables.
 *
 * @param db The analysis database.
 * @param present The kinds read and validated.
 * @returns The kinds created empty, in kind order.
 *
 * @example
 * ```ts
 * import { createMissingCrmTables } from "./missing_tables.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const db = await openDb();
 * const made = await createMissingCrmTables(db, ["transactions", "customers", "products", "sales_team", "pipeline", "accounts", "targets"]);
 * deepStrictEqual(made, ["interactions"]);
 * equal((await db.one<{ n: number }>("select count(*) as n from crm_interactions")).n, 0);
 * db.close();
 * ```
 */
export async function createMissingCrmTables(
  db: Db,
  present: readonly CrmTableKind[],
): Promise<CrmTableKind[]> {
  const made: CrmTableKind[] = [];
  for (const kind of CRM_TABLE_KINDS) {
    if (present.includes(kind)) continue;
    const columns = [
      "row_number BIGINT",
      ...CRM_TABLES[kind].fields.map((f) => `${quoteIdent(f.name)} ${sqlType(f.type)}`),
    ];
    await db.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(crmTableName(kind))} (${columns.join(", ")})`,
    );
    made.push(kind);
  }
  return made;
}
