/**
 * Formats minutes since 1970-01-01 00:00 UTC as `YYYY-MM-DD HH:MM:00`, the Online Retail II
 * timestamp layout. Pure integer arithmetic (Hinnant's `civil_from_days`), no `Date`.
 *
 * @param epochMinutes Whole minutes since the UNIX epoch.
 * @returns The timestamp text.
 *
 * @example
 * ```ts
 * import { formatDateTime } from "./date_time.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatDateTime(Date.UTC(2010, 11, 1, 8, 26) / 60000), "2010-12-01 08:26:00");
 * ```
 */
export function formatDateTime(epochMinutes: number): string {
  const days = Math.floor(epochMinutes / 1440);
  const minuteOfDay = epochMinutes - days * 1440;
  return `${formatDay(days)} ${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}:00`;
}

/**
 * Formats days since 1970-01-01 as `YYYY-MM-DD` (proleptic Gregorian, UTC).
 *
 * @example
 * ```ts
 * import { formatDay } from "./date_time.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatDay(0), "1970-01-01");
 * equal(formatDay(15317), "2011-12-09");
 * ```
 */
export function formatDay(epochDays: number): string {
  const { year, month, day } = civilFromDays(epochDays);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Parses `YYYY-MM-DD` into days since 1970-01-01, or returns `undefined` when the text is
 * not a valid calendar date.
 *
 * @example
 * ```ts
 * import { parseDay } from "./date_time.ts";
 * import { equal } from "node:assert/strict";
 * equal(parseDay("2011-12-09"), 15317);
 * equal(parseDay("2011-02-30"), undefined);
 * equal(parseDay("9/12/2011"), undefined);
 * ```
 */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  return back.month === month && back.day === day ? days : undefined;
}

/**
 * Day of the week of an epoch day: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
 *
 * @example
 * ```ts
 * import { weekday } from "./date_time.ts";
 * import { equal } from "node:assert/strict";
 * equal(weekday(15317), 4); // 2011-12-09, a Friday
 * ```
 */
export function weekday(epochDays: number): number {
  return (((epochDays + 3) % 7) + 7) % 7;
}

/** Year, month (1–12) and day of an epoch day. */
export function civilFromDays(epochDays: number): { year: number; month: number; day: number } {
  const z = epochDays + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
