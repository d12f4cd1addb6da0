/** A date format the loader can parse in SQL. */
export interface DateFormat {
  /** strptime format (DuckDB `strptime`), e.g. `"%m/%d/%Y %H:%M"`. */
  readonly format: string;
  /** True for ISO 8601 text, parsed with a plain cast (faster, accepts `T` or space). */
  readonly iso: boolean;
}

interface Candidate extends DateFormat {
  readonly pattern: RegExp;
  /** For day/month orders: which captured number is the day, to reject impossible values. */
  readonly dayFirst?: boolean;
}

/** Formats tried, in order of preference (US month-first wins when the sample cannot tell). */
const CANDIDATES: readonly Candidate[] = [
  {
    format: "%Y-%m-%d %H:%M:%S",
    iso: true,
    pattern: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/,
  },
  { format: "%Y-%m-%dT%H:%M", iso: true, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/ },
  { format: "%Y-%m-%d %H:%M", iso: true, pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ },
  { format: "%Y-%m-%d", iso: true, pattern: /^\d{4}-\d{2}-\d{2}$/ },
  {
    format: "%m/%d/%Y %H:%M",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}$/,
    dayFirst: false,
  },
  {
    format: "%m/%d/%Y %H:%M:%S",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}:\d{2}$/,
    dayFirst: false,
  },
  { format: "%m/%d/%Y", iso: false, pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4}$/, dayFirst: false },
  {
    format: "%m/%d/%y %H:%M",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{2} \d{1,2}:\d{2}$/,
    dayFirst: false,
  },
  {
    format: "%m/%d/%y %H:%M:%S",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{2} \d{1,2}:\d{2}:\d{2}$/,
    dayFirst: false,
  },
  { format: "%m/%d/%y", iso: false, pattern: /^(\d{1,2})\/(\d{1,2})\/\d{2}$/, dayFirst: false },
  {
    format: "%d/%m/%Y %H:%M",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}$/,
    dayFirst: true,
  },
  {
    format: "%d/%m/%Y %H:%M:%S",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4} \d{1,2}:\d{2}:\d{2}$/,
    dayFirst: true,
  },
  { format: "%d/%m/%Y", iso: false, pattern: /^(\d{1,2})\/(\d{1,2})\/\d{4}$/, dayFirst: true },
  {
    format: "%d/%m/%y %H:%M",
    iso: false,
    pattern: /^(\d{1,2})\/(\d{1,2})\/\d{2} \d{1,2}:\d{2}$/,
    dayFirst: true,
  },
  {
    format: "%d.%m.%Y %H:%M",
    iso: false,
    pattern: /^(\d{1,2})\.(\d{1,2})\.\d{4} \d{1,2}:\d{2}$/,
    dayFirst: true,
  },
  { format: "%d.%m.%Y", iso: false, pattern: /^(\d{1,2})\.(\d{1,2})\.\d{4}$/, dayFirst: true },
];

/**
 * Picks one date format for a whole column from a sample of its values: ISO 8601
 * (`2010-12-01 08:26:00`, `2010-12-01T08:26`), US month-first (`12/1/2010 8:26`, also
 * with 2-digit years `12/1/10 8:26`), day-first (`13/1/2010`) when a first number above
 * 12 proves it, or dotted day-first (`01.12.2010`). The format matching the most sample
 * values wins (ties go to the earlier, ISO then US); values it does not match become
 * invalid-date issues when the column is loaded, so the column never mixes formats.
 *
 * @param sample Non-empty values from the column (trimmed).
 * @returns The format, or `undefined` if no candidate matches any value.
 *
 * @example
 * ```ts
 * import { detectDateFormat } from "./detect_date_format.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * deepStrictEqual(detectDateFormat(["12/1/10 8:26", "12/9/11 12:50"]), { format: "%m/%d/%y %H:%M", iso: false });
 * equal(detectDateFormat(["1/12/2010 8:26", "13/12/2010 9:00"])?.format, "%d/%m/%Y %H:%M");
 * equal(detectDateFormat(["2010-12-01 08:26:00"])?.iso, true);
 * equal(detectDateFormat(["yesterday"]), undefined);
 * ```
 */
export function detectDateFormat(sample: readonly string[]): DateFormat | undefined {
  let best: Candidate | undefined;
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    let count = 0;
    for (const value of sample) if (matches(candidate, value)) count++;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best === undefined ? undefined : { format: best.format, iso: best.iso };
}

function matches(candidate: Candidate, value: string): boolean {
  const m = candidate.pattern.exec(value);
  if (m === null) return false;
  if (candidate.dayFirst === undefined || m[1] === undefined || m[2] === undefined) return true;
  const [day, month] = candidate.dayFirst ? [+m[1], +m[2]] : [+m[2], +m[1]];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
