/** A target period as a half-open range of days `[start, end)`. */
export interface TargetPeriod {
  readonly period: string;
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Day after the last, `YYYY-MM-DD`. */
  readonly end: string;
}

/**
 * Reads a target period: a year (`2024`), a quarter (`2024-Q3`, `Q3 2024`, `2024Q3`), a month
 * (`2024-07`) or a day (`2024-07-01`, a period of one day).
 *
 * @param text The period as written.
 * @returns The range, or `undefined` when the text is none of these.
 *
 * @example
 * ```ts
 * import { parseTargetPeriod } from "./target_period.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * deepStrictEqual(parseTargetPeriod("2024-Q4"), { period: "2024-Q4", start: "2024-10-01", end: "2025-01-01" });
 * equal(parseTargetPeriod("Q1 2023")?.end, "2023-04-01");
 * equal(parseTargetPeriod("2023-12")?.end, "2024-01-01");
 * equal(parseTargetPeriod("2023")?.end, "2024-01-01");
 * equal(parseTargetPeriod("soon"), undefined);
 * ```
 */
export function parseTargetPeriod(text: string): TargetPeriod | undefined {
  const t = text.trim();
  const pad = (n: number) => String(n).padStart(2, "0");
  const month = (y: number, m: number) =>
    `${y + Math.floor((m - 1) / 12)}-${pad(((m - 1) % 12) + 1)}-01`;
  let m = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(t) ?? /^Q([1-4])\s*[- ]?\s*(\d{4})$/i.exec(t);
  if (m !== null) {
    const [y, q] = /^\d{4}$/.test(m[1]!) ? [+m[1]!, +m[2]!] : [+m[2]!, +m[1]!];
    return { period: t, start: month(y, 3 * q - 2), end: month(y, 3 * q + 1) };
  }
  m = /^(\d{4})$/.exec(t);
  if (m !== null) return { period: t, start: `${m[1]}-01-01`, end: `${+m[1]! + 1}-01-01` };
  m = /^(\d{4})-(\d{1,2})$/.exec(t);
  if (m !== null && +m[2]! >= 1 && +m[2]! <= 12) {
    return { period: t, start: month(+m[1]!, +m[2]!), end: month(+m[1]!, +m[2]! + 1) };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m !== null) {
    const day = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
    const date = new Date(day).toISOString().slice(0, 10);
    if (date !== t) return undefined;
    return { period: t, start: t, end: new Date(day + 86400000).toISOString().slice(0, 10) };
  }
  return undefined;
}
