import { civilFromDays, formatDay, weekday } from "./date_time.ts";
import type { Random } from "../stats/mod.ts";
import { cumulativeSum, firstAbove, sampleIndex } from "../stats/mod.ts";
import { HOUR_WEIGHTS, isClosed, MONTH_WEIGHTS, WEEKDAY_WEIGHTS } from "./seasonality.ts";

/**
 * The trading calendar of a period. Customers live on a "business clock": one unit is
 * one average trading day, and `cumulative[d]` is the business time at the end of day `d`.
 * Poisson processes on the business clock, mapped back to days, follow the seasonal,
 * weekday and closing-day pattern exactly.
 */
export interface Calendar {
  readonly startDay: number;
  readonly days: number;
  /** Business time at the end of each day; `total = cumulative[days - 1]`. */
  readonly cumulative: Float64Array;
  readonly total: number;
  /** Calendar month (1–12) of each day. */
  readonly month: Uint8Array;
  /** `YYYY-MM-DD ` prefix of each day. */
  readonly dayText: readonly string[];
}

const HOUR_CUMULATIVE = cumulativeSum(HOUR_WEIGHTS);
const MINUTE_TEXT: readonly string[] = Array.from({ length: 1440 }, (_, m) => {
  const h = Math.floor(m / 60);
  const mm = m % 60;
  return `${h < 10 ? "0" : ""}${h}:${mm < 10 ? "0" : ""}${mm}:00`;
});

/** Builds the calendar from `startDay` to `endDay` inclusive (epoch days). */
export function buildCalendar(startDay: number, endDay: number): Calendar {
  const days = endDay - startDay + 1;
  const weights: number[] = [];
  const month = new Uint8Array(days);
  const dayText: string[] = [];
  for (let d = 0; d < days; d++) {
    const civil = civilFromDays(startDay + d);
    month[d] = civil.month;
    dayText.push(`${formatDay(startDay + d)} `);
    weights.push(
      isClosed(civil.month, civil.day)
        ? 0
        : MONTH_WEIGHTS[civil.month - 1]! * WEEKDAY_WEIGHTS[weekday(startDay + d)]!,
    );
  }
  const mean = weights.reduce((s, w) => s + w, 0) / days;
  const cumulative = cumulativeSum(weights.map((w) => w / mean));
  return { startDay, days, cumulative, total: cumulative[days - 1]!, month, dayText };
}

/** The day (0-based) in which business time `u` falls; `u` must be in [0, total). */
export function dayAt(calendar: Calendar, u: number): number {
  return firstAbove(calendar.cumulative, u);
}

/** A minute of the trading day (hour by {@linkcode HOUR_WEIGHTS}, minute uniform). */
export function sampleMinuteOfDay(random: Random): number {
  return sampleIndex(random, HOUR_CUMULATIVE) * 60 + Math.floor(random.next() * 60);
}

/** Minute of the period (from the start day's midnight) of business time `u`. */
export function minuteAt(calendar: Calendar, u: number, random: Random): number {
  return dayAt(calendar, u) * 1440 + sampleMinuteOfDay(random);
}

/** `YYYY-MM-DD HH:MM:00` of a minute of the period. */
export function formatPeriodMinute(calendar: Calendar, minute: number): string {
  const day = Math.floor(minute / 1440);
  return calendar.dayText[day]! + MINUTE_TEXT[minute - day * 1440]!;
}
