// Private helpers shared by the summary functions: option checks, SQL fragments, columns.
import { type Db, quoteIdent } from "../db/db.ts";
import { OptionError, SchemaError } from "../errors.ts";

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Days in one unit. */
export function unitDays(unit: "day" | "week"): number {
  return unit === "week" ? 7 : 1;
}

/** A `Date` as a naive DuckDB timestamp literal (UTC wall clock), for `?::TIMESTAMP`. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** Throws an OptionError unless `value` is a valid Date. */
export function checkDate(option: string, value: unknown): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new OptionError(
      option,
      `Cannot read options: ${option} must be a valid Date: current value is "${String(value)}"`,
      `pass a Date such as new Date("2011-12-11")`,
    );
  }
  return value;
}

/** Start of the day (UTC) or of the calendar week (Monday; weeks end on Sunday) holding `date`. */
export function periodStart(date: Date, unit: "day" | "week"): Date {
  const day = Math.floor(date.getTime() / DAY_MS);
  if (unit === "day") return new Date(day * DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  const monday = day - (((day + 3) % 7) + 7) % 7;
  return new Date(monday * DAY_MS);
}

/** Throws a SchemaError naming the table and the missing columns. */
export async function requireColumns(
  db: Db,
  table: string,
  columns: readonly string[],
): Promise<void> {
  let found: string[];
  try {
    const rows = await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(table)}`);
    found = rows.map((r) => r.column_name);
  } catch {
    throw new SchemaError(`Cannot summarise table "${table}": the table does not exist`, {
      missing: [...columns],
      hint: "load and clean the transactions first, or pass { table } with an existing table",
    });
  }
  const missing = columns.filter((c) => !found.includes(c));
  if (missing.length > 0) {
    throw new SchemaError(
      `Cannot summarise table "${table}": missing column${missing.length > 1 ? "s" : ""} ${
        missing.map((c) => `"${c}"`).join(", ")
      }`,
      { missing, found, hint: "use a table with the canonical columns of lib/db/canonical.ts" },
    );
  }
}

/** Converts a DuckDB column (numbers, maybe null) to a Float64Array (null becomes 0). */
export function toFloat64(values: readonly unknown[] | undefined): Float64Array {
  const out = new Float64Array(values?.length ?? 0);
  values?.forEach((v, i) => {
    out[i] = v === null || v === undefined ? 0 : Number(v);
  });
  return out;
}
