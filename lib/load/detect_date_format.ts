/** A date format the loader can parse in SQL. */
export interface DateFormat {
  /** strptime format (DuckDB `strptime`), e.g. `"%m/%d/%Y %H:%M"`. */
  readonly format: string;
  /** True for ISO 8601 text, parsed with a plain cast (faster, accepts `T` or space). */
  readonly iso: boolean;
}

/** A detected date format; `alternative` is set when the sample cannot tell day from month. */
export interface DetectedDateFormat extends DateFormat {
  /**
   * The other reading (day first instead of month first, or the reverse) when every sampled
   * value fits both, i.e. no day is above 12. The loader then checks the whole column.
   */
  readonly alternative?: DateFormat;
}

interface Candidate extends DateFormat {
  readonly pattern: RegExp;
  /** For day/month orders: which captured number is the day, to reject impossible values. */
  readonly dayFirst?: boolean;
}

const TIMES: readonly { fmt: string; re: string }[] = [
  { fmt: " %H:%M", re: " \\d{1,2}:\\d{2}" },
  { fmt: " %H:%M:%S", re: " \\d{1,2}:\\d{2}:\\d{2}" },
  { fmt: "", re: "" },
  { fmt: " %I:%M %p", re: " \\d{1,2}:\\d{2} [AaPp][Mm]" },
  { fmt: " %I:%M:%S %p", re: " \\d{1,2}:\\d{2}:\\d{2} [AaPp][Mm]" },
];

/** Day/month formats: both orders with `/` and `-`, day first only with `.` (German style). */
function dayMonthCandidates(): Candidate[] {
  const out: Candidate[] = [];
  const seps: readonly { sep: string; orders: readonly boolean[] }[] = [
    { sep: "/", orders: [false, true] },
    { sep: ".", orders: [true] },
    { sep: "-", orders: [false, true] },
  ];
  for (const { sep, orders } of seps) {
    const s = sep === "." ? "\\." : sep;
    for (const dayFirst of orders) {
      for (const year of [{ fmt: "%Y", re: "\\d{4}" }, { fmt: "%y", re: "\\d{2}" }]) {
        for (const time of TIMES) {
          const a = dayFirst ? "%d" : "%m";
          const b = dayFirst ? "%m" : "%d";
          out.push({
            format: `${a}${sep}${b}${sep}${year.fmt}${time.fmt}`,
            iso: false,
            pattern: new RegExp(`^(\\d{1,2})${s}(\\d{1,2})${s}${year.re}${time.re}$`),
            dayFirst,
          });
        }
      }
    }
  }
  return out;
}

/** Formats tried, in order of preference (ISO first). */
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
    format: "%Y/%m/%d %H:%M:%S",
    iso: false,
    pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/,
  },
  { format: "%Y/%m/%d %H:%M", iso: false, pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/ },
  { format: "%Y/%m/%d", iso: false, pattern: /^\d{4}\/\d{1,2}\/\d{1,2}$/ },
  ...dayMonthCandidates(),
];

/**
 * Picks one date format for a whole column from a sample of its values: ISO 8601
 * (`2010-12-01 08:26:00`, `2010-12-01T08:26`, `2010-12-01`), `2010/12/01`, month-first
 * (`12/1/2010 8:26`, also with 2-digit years, seconds, AM/PM or no time), day-first
 * (`13/1/2010`), dotted day-first (`01.12.2010`) and dashed (`01-12-2010`). The format
 * matching the most sample values wins (ties go to the earlier: ISO, then month first);
 * values it does not match become invalid-date issues when the column is loaded, so the column
 * never mixes formats.
 *
 * A day above 12 proves the order. When no sampled value proves it (every day is 12 or less),
 * the result carries the other order as `alternative`, so that the caller can check the whole
 * column or ask the user (`--date-format`) instead of guessing.
 *
 * @param sample Non-empty values from the column (trimmed).
 * @returns The format, or `undefined` if no candidate matches any value.
 *
 * @example
 * ```ts
 * import { detectDateFormat } from "./detect_date_format.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * deepStrictEqual(detectDateFormat(["12/13/10 8:26"]), { format: "%m/%d/%y %H:%M", iso: false });
 * equal(detectDateFormat(["1/12/2010 8:26", "13/12/2010 9:00"])?.format, "%d/%m/%Y %H:%M");
 * deepStrictEqual(detectDateFormat(["3/4/2021", "5/6/2021"]), {
 *   format: "%m/%d/%Y", iso: false, alternative: { format: "%d/%m/%Y", iso: false },
 * });
 * equal(detectDateFormat(["2010-12-01 08:26:00"])?.iso, true);
 * equal(detectDateFormat(["yesterday"]), undefined);
 * ```
 */
export function detectDateFormat(sample: readonly string[]): DetectedDateFormat | undefined {
  let best: Candidate | undefined;
  let bestCount = 0;
  const counts = new Map<Candidate, number>();
  for (const candidate of CANDIDATES) {
    let count = 0;
    for (const value of sample) if (matches(candidate, value)) count++;
    counts.set(candidate, count);
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  if (best === undefined) return undefined;
  const found = { format: best.format, iso: best.iso };
  if (best.dayFirst === undefined) return found;
  const other = CANDIDATES.find((c) =>
    c.dayFirst === !best.dayFirst && c.pattern.source === best.pattern.source
  );
  if (other === undefined || counts.get(other) !== bestCount) return found;
  return { ...found, alternative: { format: other.format, iso: other.iso } };
}

function matches(candidate: Candidate, value: string): boolean {
  const m = candidate.pattern.exec(value);
  if (m === null) return false;
  if (candidate.dayFirst === undefined || m[1] === undefined || m[2] === undefined) return true;
  const [day, month] = candidate.dayFirst ? [+m[1], +m[2]] : [+m[2], +m[1]];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * Says in words how a date value reads in a format, for messages that show both readings of
 * an ambiguous value (`"3 April 2021"`), or `undefined` when it does not parse.
 *
 * @example
 * ```ts
 * import { describeDate } from "./detect_date_format.ts";
 * import { equal } from "node:assert/strict";
 * equal(describeDate("03/04/2021", "%m/%d/%Y"), "4 March 2021");
 * equal(describeDate("03/04/2021", "%d/%m/%Y"), "3 April 2021");
 * ```
 */
export function describeDate(value: string, format: string): string | undefined {
  const candidate = CANDIDATES.find((c) => c.format === format);
  const m = candidate?.pattern.exec(value.trim());
  if (candidate?.dayFirst === undefined || !m || m[1] === undefined || m[2] === undefined) {
    return undefined;
  }
  const [day, month] = candidate.dayFirst ? [+m[1], +m[2]] : [+m[2], +m[1]];
  const year = value.trim().split(/\s/)[0]!.split(/[/.-]/)[2];
  const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  const name = months[month - 1];
  if (name === undefined) return undefined;
  return `${day} ${name}${year === undefined ? "" : ` ${year.length === 2 ? `'${year}` : year}`}`;
}
