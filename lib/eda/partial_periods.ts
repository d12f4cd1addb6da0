/**
 * Which calendar months at the edges of the data are only partly covered: a trend, a cohort
 * comparison or a tracking gap read off such a month is an artefact of where the export starts or
 * stops, not a change in the business.
 *
 * @module
 */

/** The partial months at the edges of the data (`"2011-12"`), or `null` when complete. */
export interface PartialMonths {
  /** The first month, when the data starts after its first days. */
  readonly first: string | null;
  /** The last month, when the data stops before its last days. */
  readonly last: string | null;
  /** Days of the last month covered (the last data day), when it is partial. */
  readonly lastDays: number | null;
  /** Days of the first month not covered, when it is partial. */
  readonly firstMissingDays: number | null;
}

/** Days at the start or end of a month a complete month may miss (weekends, holidays). */
export const MONTH_EDGE_TOLERANCE_DAYS = 3;

function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}

function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * The partial months of data running from `firstDate` to `lastDate`: the first month is partial
 * when the data starts more than {@linkcode MONTH_EDGE_TOLERANCE_DAYS} days into it, the last
 * when it stops more than that before its end. A single month is judged on both edges.
 *
 * @example Online Retail II ends on 9 December 2011
 * ```ts
 * import { partialMonths } from "./partial_periods.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(partialMonths(new Date("2010-12-01T08:26:00Z"), new Date("2011-12-09T12:50:00Z")),
 *   { first: null, last: "2011-12", lastDays: 9, firstMissingDays: null });
 * deepStrictEqual(partialMonths(new Date("2011-01-15"), new Date("2011-06-29")),
 *   { first: "2011-01", last: null, lastDays: null, firstMissingDays: 14 });
 * ```
 */
export function partialMonths(firstDate: Date, lastDate: Date): PartialMonths {
  const firstMissing = firstDate.getUTCDate() - 1;
  const lastMissing = daysInMonth(lastDate) - lastDate.getUTCDate();
  const firstPartial = firstMissing > MONTH_EDGE_TOLERANCE_DAYS;
  const lastPartial = lastMissing > MONTH_EDGE_TOLERANCE_DAYS;
  return {
    first: firstPartial ? monthKey(firstDate) : null,
    last: lastPartial ? monthKey(lastDate) : null,
    lastDays: lastPartial ? lastDate.getUTCDate() : null,
    firstMissingDays: firstPartial ? firstMissing : null,
  };
}
