// Private SQL helpers for the features area.
import type { Db } from "../db/db.ts";

/** True when the table exists. */
export async function tableExists(db: Db, table: string): Promise<boolean> {
  const { n } = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?`,
    [table],
  );
  return n > 0;
}

/** ISO weekday names, Monday = 1. */
export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
