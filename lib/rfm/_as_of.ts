// Private copy of the workspace's as-of rule (lib/summary will export asOfDefault).
const DAY_MS = 86_400_000;

/** Midnight UTC at the start of the second day after `maxDate`'s day (2011-12-09 12:50 → 2011-12-11). */
export function defaultAsOf(maxDate: Date): Date {
  const day = Math.floor(maxDate.getTime() / DAY_MS) * DAY_MS;
  return new Date(day + 2 * DAY_MS);
}

/** A `Date` as a naive DuckDB timestamp literal (UTC wall clock). */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
