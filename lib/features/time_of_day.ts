import { type Db, quoteIdent } from "../db/db.ts";

/**
 * Whether the transactions carry a time of day: false when every timestamp is at midnight (a
 * date-only export), in which case nothing about hours may be computed, charted or recommended.
 *
 * @param db The analysis database.
 * @param options **table**: the clean lines. @default {"clean_transactions"}
 * @returns True when at least one timestamp is not at midnight.
 *
 * @example
 * ```ts
 * import { hasTimeOfDay } from "./time_of_day.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run("create table clean_transactions as select * from (values (timestamp '2011-01-03'), (timestamp '2011-01-04')) t(invoice_date)");
 * equal(await hasTimeOfDay(db), false);
 * await db.run("insert into clean_transactions values (timestamp '2011-01-05 09:30')");
 * equal(await hasTimeOfDay(db), true);
 * db.close();
 * ```
 */
export async function hasTimeOfDay(db: Db, options: { table?: string } = {}): Promise<boolean> {
  const { timed } = await db.one<{ timed: boolean | null }>(
    `SELECT bool_or(CAST(invoice_date AS TIME) <> TIME '00:00:00') AS timed FROM ${
      quoteIdent(options.table ?? "clean_transactions")
    }`,
  );
  return timed === true;
}
