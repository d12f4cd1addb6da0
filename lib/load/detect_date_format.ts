import { quoteLiteral } from "../db/db.ts";

/** A date format the loader can parse in SQL. */
export interface DateFormat {
  /**
   * strptime format (DuckDB `strptime`), e.g. `"%m/%d/%Y %H:%M"`, or the name of a numeric
   * encoding ({@linkcode NUMERIC_DATE_FORMATS}: `"excel-serial"`, `"unix-seconds"`,
   * `"unix-milliseconds"`).
   */
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

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH_ABBR = `(?:${MONTHS.map((m) => m.slice(0, 3)).join("|")})`;
const MONTH_NAME = `(?:${MONTHS.join("|")})`;

/**
 * Dates with English month names, as reports and Oracle-style exports write them: `01 Dec 2010`,
 * `01-Dec-2010`, `01-DEC-10`, `1 December 2010`, `Dec 1, 2010`, `December 1, 2010` (any case),
 * each with the times of {@linkcode TIMES}.
 */
function monthNameCandidates(): Candidate[] {
  const out: Candidate[] = [];
  const shapes: readonly { fmt: string; re: string }[] = [
    { fmt: "%d %b %Y", re: `\\d{1,2} ${MONTH_ABBR} \\d{4}` },
    { fmt: "%d-%b-%Y", re: `\\d{1,2}-${MONTH_ABBR}-\\d{4}` },
    { fmt: "%d-%b-%y", re: `\\d{1,2}-${MONTH_ABBR}-\\d{2}` },
    { fmt: "%d %B %Y", re: `\\d{1,2} ${MONTH_NAME} \\d{4}` },
    { fmt: "%b %d, %Y", re: `${MONTH_ABBR} \\d{1,2}, \\d{4}` },
    { fmt: "%B %d, %Y", re: `${MONTH_NAME} \\d{1,2}, \\d{4}` },
  ];
  for (const shape of shapes) {
    for (const time of TIMES) {
      out.push({
        format: `${shape.fmt}${time.fmt}`,
        iso: false,
        pattern: new RegExp(`^${shape.re}${time.re}$`, "i"),
      });
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
  // ISO 8601 with a UTC offset or Z (APIs, CRMs): read as UTC times
  {
    format: "%Y-%m-%dT%H:%M:%S%z",
    iso: true,
    pattern: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?| UTC)$/i,
  },
  // the offset after a space (Shopify's "2023-01-05 10:12:33 -0500"), which the cast refuses
  {
    format: "%Y-%m-%d %H:%M:%S %z",
    iso: false,
    pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:?\d{2}$/,
  },
  { format: "%Y-%m-%d %H:%M", iso: true, pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ },
  { format: "%Y-%m-%d", iso: true, pattern: /^\d{4}-\d{2}-\d{2}$/ },
  {
    format: "%Y/%m/%d %H:%M:%S",
    iso: false,
    pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/,
  },
  { format: "%Y/%m/%d %H:%M", iso: false, pattern: /^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}$/ },
  { format: "%Y/%m/%d", iso: false, pattern: /^\d{4}\/\d{1,2}\/\d{1,2}$/ },
  // 20101201: eight digits, a year from 1900 to 2199, a month and a day that exist
  {
    format: "%Y%m%d",
    iso: false,
    pattern: /^(?:19|2[01])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/,
  },
  ...dayMonthCandidates(),
  ...monthNameCandidates(),
  // e-mail and HTTP dates (RFC 2822), as some payment and mailing exports write them
  {
    format: "%a, %d %b %Y %H:%M:%S GMT",
    iso: false,
    pattern: /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  },
  {
    format: "%a, %d %b %Y %H:%M:%S %z",
    iso: false,
    pattern: /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/,
  },
];

/**
 * Dates written as numbers, by the name `--date-format` takes, with the range of values each
 * is recognised in (dates from 1970 or 1980 to 2100, when a column's sampled values are numbers
 * in one such range) and the range it reads at all when named (other values are bad dates).
 */
export const NUMERIC_DATE_FORMATS = {
  /** Days since 30 December 1899, the fraction the time of day (Excel's serial dates). */
  "excel-serial": {
    words: "Excel serial day numbers",
    detect: [25569, 73051], // 1970 to 2100: five-digit ids (12346) are no dates
    read: [61, 2958466],
  },
  /** Days since 1 January 1904 (workbooks in Excel's 1904 date system; never detected). */
  "excel-serial-1904": {
    words: "Excel serial day numbers of the 1904 date system",
    detect: [0, 0],
    read: [0, 2957003],
  },
  /** Seconds since 1 January 1970 UTC (Unix time). */
  "unix-seconds": {
    words: "Unix time in seconds",
    detect: [315532800, 4102444800], // 1980 to 2100
    read: [-1e11, 1e11],
  },
  /** Milliseconds since 1 January 1970 UTC (JavaScript, Java). */
  "unix-milliseconds": {
    words: "Unix time in milliseconds",
    detect: [315532800000, 4102444800000],
    read: [-1e14, 1e14],
  },
} as const satisfies Record<
  string,
  { words: string; detect: readonly [number, number]; read: readonly [number, number] }
>;

/** The name of a numeric date encoding. */
export type NumericDateFormat = keyof typeof NUMERIC_DATE_FORMATS;

/**
 * The numeric encoding `format` names, or `undefined` for a strptime format. `%s` (strftime's
 * seconds since the epoch) is taken for `unix-seconds`.
 *
 * @example
 * ```ts
 * import { numericDateFormat } from "./detect_date_format.ts";
 * import { equal } from "node:assert/strict";
 * equal(numericDateFormat("excel-serial"), "excel-serial");
 * equal(numericDateFormat("%s"), "unix-seconds");
 * equal(numericDateFormat("%d/%m/%Y"), undefined);
 * ```
 */
export function numericDateFormat(format: string): NumericDateFormat | undefined {
  if (format === "%s") return "unix-seconds";
  return Object.hasOwn(NUMERIC_DATE_FORMATS, format) ? format as NumericDateFormat : undefined;
}

const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * SQL for the timestamp `text` (a text expression) reads as in `format`: NULL when it does not
 * (the loader then reports a bad date). The one place a date format becomes SQL, for the
 * transaction log and the CRM tables alike.
 *
 * @example
 * ```ts
 * import { dateSql } from "./detect_date_format.ts";
 * import { openDb } from "../db/db.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * const at = async (v: string, format: string) =>
 *   (await db.one<{ t: string | null }>(
 *     `SELECT CAST(${dateSql(`'${v}'`, { format, iso: false })} AS VARCHAR) AS t`,
 *   )).t;
 * equal(await at("40513.40625", "excel-serial"), "2010-12-01 09:45:00");
 * equal(await at("39051.40625", "excel-serial-1904"), "2010-12-01 09:45:00");
 * equal(await at("1291196700", "unix-seconds"), "2010-12-01 09:45:00");
 * equal(await at("1291196700000", "unix-milliseconds"), "2010-12-01 09:45:00");
 * equal(await at("01-DEC-10", "%d-%b-%y"), "2010-12-01 00:00:00");
 * const iso = async (v: string) =>
 *   (await db.one<{ t: string | null }>(`SELECT CAST(${
 *     dateSql(`'${v}'`, { format: "%Y-%m-%dT%H:%M:%S%z", iso: true })
 *   } AS VARCHAR) AS t`)).t;
 * equal(await iso("2010-12-01T09:45:00+01:00"), "2010-12-01 08:45:00");
 * equal(await iso("2010-12-01T09:45:00.250Z"), "2010-12-01 09:45:00.25");
 * equal(await at("yesterday", "excel-serial"), null);
 * db.close();
 * ```
 */
export function dateSql(text: string, format: DateFormat): string {
  if (format.iso) {
    // an offset is applied only by a TIMESTAMPTZ cast (a TIMESTAMP cast drops it): UTC times
    return /%[zZ]/.test(format.format)
      ? `CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`
      : `TRY_CAST(${text} AS TIMESTAMP)`;
  }
  const numeric = numericDateFormat(format.format);
  if (numeric !== undefined) {
    const v = `TRY_CAST(${text} AS DOUBLE)`;
    const [lo, hi] = NUMERIC_DATE_FORMATS[numeric].read;
    const inRange = `${v} >= ${lo} AND ${v} < ${hi}`;
    // to the nearest second: a serial's fraction of a day is rarely an exact second in binary
    const value = numeric === "excel-serial" || numeric === "excel-serial-1904"
      ? `TIMESTAMP '${
        numeric === "excel-serial" ? "1899-12-30" : "1904-01-01"
      }' + to_seconds(CAST(round(${v} * 86400) AS BIGINT))`
      : numeric === "unix-seconds"
      ? `make_timestamp(CAST(round(${v} * 1000000) AS BIGINT))`
      : `make_timestamp(CAST(round(${v} * 1000) AS BIGINT))`;
    return `(CASE WHEN ${inRange} THEN ${value} END)`;
  }
  const parsed = `TRY_STRPTIME(${text}, ${quoteLiteral(format.format)})`;
  // a format with a UTC offset (%z) gives times with a time zone: kept as UTC times
  return /%[zZ]/.test(format.format) ? `CAST(${parsed} AS TIMESTAMP)` : parsed;
}

/**
 * Says how a format reads dates, for progress lines and the report: the strptime format in
 * quotes, or the numeric encoding in words.
 *
 * @example
 * ```ts
 * import { dateFormatWords } from "./detect_date_format.ts";
 * import { equal } from "node:assert/strict";
 * equal(dateFormatWords("%d/%m/%Y"), '"%d/%m/%Y"');
 * equal(dateFormatWords("excel-serial"), "as Excel serial day numbers (excel-serial)");
 * ```
 */
export function dateFormatWords(format: string): string {
  const numeric = numericDateFormat(format);
  return numeric === undefined
    ? `"${format}"`
    : `as ${NUMERIC_DATE_FORMATS[numeric].words} (${numeric})`;
}

/**
 * Picks one date format for a whole column from a sample of its values: ISO 8601
 * (`2010-12-01 08:26:00`, `2010-12-01T08:26`, `2010-12-01`, and with a UTC offset or `Z`:
 * `2010-12-01T08:26:00+01:00`, read as UTC times), `2010/12/01`, month-first
 * (`12/1/2010 8:26`, also with 2-digit years, seconds, AM/PM or no time), day-first
 * (`13/1/2010`), dotted day-first (`01.12.2010`), dashed (`01-12-2010`), compact (`20101201`),
 * with month names (`01 Dec 2010`, `01-DEC-10`, `December 1, 2010`) and, when no text format
 * reads the sample, dates written as numbers (`40513.40625` Excel serial days, `1291196700`
 * Unix seconds, `1291196700000` Unix milliseconds, told apart by their size). The format
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
 * equal(detectDateFormat(["2010-12-01T09:45:00Z"])?.format, "%Y-%m-%dT%H:%M:%S%z");
 * equal(detectDateFormat(["01-Dec-2010 09:45"])?.format, "%d-%b-%Y %H:%M");
 * equal(detectDateFormat(["40513.40625", "40514"])?.format, "excel-serial");
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
  if (best === undefined) return numericDates(sample);
  const found = { format: best.format, iso: best.iso };
  if (best.dayFirst === undefined) return found;
  const other = CANDIDATES.find((c) =>
    c.dayFirst === !best.dayFirst && c.pattern.source === best.pattern.source
  );
  if (other === undefined || counts.get(other) !== bestCount) return found;
  return { ...found, alternative: { format: other.format, iso: other.iso } };
}

/** The numeric encoding whose detection range holds the most sampled values (all numbers). */
function numericDates(sample: readonly string[]): DetectedDateFormat | undefined {
  let best: NumericDateFormat | undefined;
  let bestCount = 0;
  for (const [name, { detect: [lo, hi] }] of Object.entries(NUMERIC_DATE_FORMATS)) {
    let count = 0;
    for (const value of sample) {
      if (!PLAIN_NUMBER.test(value)) continue;
      const n = Number(value);
      if (n >= lo && n < hi) count++;
    }
    if (count > bestCount) {
      best = name as NumericDateFormat;
      bestCount = count;
    }
  }
  return best === undefined ? undefined : { format: best, iso: false };
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
