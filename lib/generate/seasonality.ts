/**
 * Relative daily trading intensity by calendar month (January first). Autumn builds up to
 * a November peak, as in the UCI Online Retail II year 2010–2011.
 */
export const MONTH_WEIGHTS: readonly number[] = [
  0.72,
  0.7,
  0.88,
  0.78,
  0.92,
  0.9,
  0.88,
  0.88,
  1.25,
  1.35,
  2,
  1.2,
];

/**
 * Relative intensity by day of the week (Monday first). The source business did not
 * invoice on Saturdays and traded less on Fridays and Sundays.
 */
export const WEEKDAY_WEIGHTS: readonly number[] = [1, 1.07, 1, 1.09, 0.86, 0, 0.68];

/** Relative intensity by hour of the day (index = hour); trading runs 7–20h, peaking at noon. */
export const HOUR_WEIGHTS: readonly number[] = [
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0.1,
  1.6,
  6.3,
  9,
  10.6,
  14.5,
  13.3,
  12.4,
  14.3,
  10,
  5.3,
  1.5,
  0.7,
  0.16,
  0,
  0,
  0,
];

/**
 * Extra chance, by month, that a product line is drawn from the CHRISTMAS category
 * (Christmas stock sells from late summer to December).
 */
export const CHRISTMAS_BOOST: readonly number[] = [0, 0, 0, 0, 0, 0, 0, 0.04, 0.1, 0.16, 0.2, 0.12];

/**
 * True on days the business is closed over Christmas and New Year (24 December to
 * 3 January), when no invoices are written.
 *
 * @example
 * ```ts
 * import { isClosed } from "./seasonality.ts";
 * import { equal } from "node:assert/strict";
 * equal(isClosed(12, 25), true);
 * equal(isClosed(1, 4), false);
 * ```
 */
export function isClosed(month: number, day: number): boolean {
  return (month === 12 && day >= 24) || (month === 1 && day <= 3);
}
