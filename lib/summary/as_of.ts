/**
 * The default analysis date ("as of") shared by every area: midnight (UTC) at the start
 * of the second day after the last transaction. For Online Retail II, whose last invoice is
 * 2011-12-09 12:50, that is 2011-12-11 00:00, the date the classic tutorials use; for FLO
 * (last order 2021-05-30) it is 2021-06-01, "max date + 2 days".
 *
 * Dates are naive timestamps read as UTC, like every `Date` that DuckDB returns here.
 *
 * @param maxDate The latest transaction timestamp in the data.
 * @returns Midnight UTC two calendar days after `maxDate`'s day.
 * @throws {RangeError} If `maxDate` is an invalid date.
 *
 * @example Online Retail II
 * ```ts
 * import { asOfDefault } from "./as_of.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(asOfDefault(new Date("2011-12-09T12:50:00Z")).toISOString(), "2011-12-11T00:00:00.000Z");
 * equal(asOfDefault(new Date("2021-05-30T00:00:00Z")).toISOString(), "2021-06-01T00:00:00.000Z");
 * ```
 */
export function asOfDefault(maxDate: Date): Date {
  const time = maxDate.getTime();
  if (!Number.isFinite(time)) {
    throw new RangeError(`Cannot compute the default as-of date: maxDate is an invalid date`);
  }
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  return new Date(day + 2 * DAY_MS);
}

const DAY_MS = 86_400_000;
