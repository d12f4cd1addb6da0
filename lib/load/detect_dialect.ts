import { OptionError } from "../errors.ts";
import { parseRecords } from "./_csv_scan.ts";

/** How the fields of a text file are separated. */
export type Delimiter = "," | ";" | "\t" | "|" | "whitespace";

/** The decimal separator of numbers in a text file. */
export type DecimalSeparator = "." | ",";

/** The delimiters tried, in order of preference when several fit equally well. */
export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];

/** Share of the sampled data lines that must have the header's field count. */
const CONSISTENT = 0.9;
/** Data records looked at. */
const SAMPLE_RECORDS = 200;

/**
 * Finds the delimiter of a text file from its first lines: the candidate (comma, semicolon,
 * tab, pipe) that splits the header into at least two fields and gives at least 90% of the
 * next 200 records the header's field count (quotes respected); of several, the one with the
 * most consistent lines, then the most fields, then `prefer`, then the order above. When none
 * fits, fields separated by runs of spaces (a whitespace-aligned `.txt`) are tried. When nothing
 * reaches 90%, the candidate (whitespace last) that fits at least half of the lines wins, so a
 * ragged file is reported line by line; else the comma (the later error then says what the
 * header looks like).
 *
 * @param text The start of the file, decoded.
 * @param options `complete`: the text is the whole file (else its cut last line is ignored);
 *   `prefer`: the delimiter a file name suggests (tab for `.tsv`).
 * @returns The delimiter.
 *
 * @example
 * ```ts
 * import { detectDelimiter } from "./detect_dialect.ts";
 * import { equal } from "node:assert/strict";
 * equal(detectDelimiter("a,b,c\n1,2,3\n"), ",");
 * equal(detectDelimiter("Invoice;Price;Customer\n1;12,50;7\n2;3,10;8\n"), ";");
 * equal(detectDelimiter("a\tb\n1\t2\n"), "\t");
 * equal(detectDelimiter("customer   date        amount\n   17  2011-01-02   12.50\n"), "whitespace");
 * ```
 */
export function detectDelimiter(
  text: string,
  options: { complete?: boolean; prefer?: Delimiter } = {},
): Delimiter {
  const { complete = true, prefer } = options;
  const order = prefer === undefined
    ? DELIMITERS
    : [prefer, ...DELIMITERS.filter((d) => d !== prefer)];
  let best: { delimiter: Delimiter; share: number; fields: number } | undefined;
  for (const delimiter of order) {
    if (delimiter === "whitespace") continue;
    const share = consistency(parseRecords(text, complete, delimiter).slice(0, SAMPLE_RECORDS + 1));
    if (share === undefined || share.share < CONSISTENT) continue;
    if (
      best === undefined || share.share > best.share ||
      (share.share === best.share && share.fields > best.fields)
    ) {
      best = { delimiter, ...share };
    }
  }
  if (best !== undefined) return best.delimiter;
  const ws = consistency(parseRecords(text, complete, "whitespace").slice(0, SAMPLE_RECORDS + 1));
  if (ws !== undefined && ws.share >= CONSISTENT) return "whitespace";
  let fallback: { delimiter: Delimiter; share: number } | undefined;
  for (const delimiter of [...order, "whitespace" as const]) {
    const c = consistency(parseRecords(text, complete, delimiter).slice(0, SAMPLE_RECORDS + 1));
    if (c !== undefined && c.share >= 0.5 && (fallback === undefined || c.share > fallback.share)) {
      fallback = { delimiter, share: c.share };
    }
  }
  return fallback?.delimiter ?? ",";
}

/** Header field count and the share of data records that have it (undefined below 2 fields). */
function consistency(
  records: readonly (readonly string[])[],
): { share: number; fields: number } | undefined {
  const header = records[0];
  if (header === undefined || header.length < 2) return undefined;
  const data = records.slice(1);
  if (data.length === 0) return { share: 1, fields: header.length };
  const same = data.filter((r) => r.length === header.length).length;
  return { share: same / data.length, fields: header.length };
}

/**
 * Tells the decimal separator from sample number cells, where they are unambiguous: `12,50`,
 * `0,5` or `1.234,50` prove a decimal comma; `12.50` or `1,234.50` a decimal point. Integers and
 * values with exactly three digits after the only separator (`1,250`: a thousands separator or a
 * decimal?) prove nothing. Mixed evidence, or none, gives `undefined` (the loader then reads
 * decimal points, and a value that does not parse is reported with a hint to `--decimal`).
 *
 * @param values Non-empty cells of number columns (price, amount, quantity).
 * @returns `","`, `"."` or `undefined`.
 *
 * @example
 * ```ts
 * import { detectDecimal } from "./detect_dialect.ts";
 * import { equal } from "node:assert/strict";
 * equal(detectDecimal(["12,50", "3", "1.234,5"]), ",");
 * equal(detectDecimal(["12.50", "3"]), ".");
 * equal(detectDecimal(["1,250", "2"]), undefined);
 * equal(detectDecimal(["12,50", "2.5"]), undefined);
 * ```
 */
export function detectDecimal(values: readonly string[]): DecimalSeparator | undefined {
  let comma = false;
  let point = false;
  for (const raw of values) {
    const v = raw.trim().replace(/^[+-]/, "");
    if (/^\d*,(\d{1,2}|\d{4,})$/.test(v) || /^\d{1,3}([. \u00a0\u202f]\d{3})+,\d+$/.test(v)) {
      comma = true;
    } else if (
      /^\d*\.(\d{1,2}|\d{4,})([eE][+-]?\d+)?$/.test(v) || /^\d{1,3}(,\d{3})+\.\d+$/.test(v)
    ) {
      point = true;
    }
  }
  return comma === point ? undefined : comma ? "," : ".";
}

/**
 * Reads the `--delimiter` option: `,`, `;`, `|`, `tab` (or a tab character, or `\t`) and
 * `whitespace` (or `space`).
 *
 * @example
 * ```ts
 * import { parseDelimiter } from "./detect_dialect.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(parseDelimiter("tab"), "\t");
 * equal(parseDelimiter("space"), "whitespace");
 * throws(() => parseDelimiter(":"), /--delimiter must be one of/);
 * ```
 */
export function parseDelimiter(text: string): Delimiter {
  const t = text === "\t" ? "tab" : text.trim().toLowerCase();
  const found: Delimiter | undefined = t === "tab" || t === "\\t"
    ? "\t"
    : t === "whitespace" || t === "space" || t === "spaces"
    ? "whitespace"
    : (DELIMITERS as readonly string[]).includes(t)
    ? t as Delimiter
    : undefined;
  if (found === undefined) {
    throw new OptionError(
      "delimiter",
      `Cannot read options: --delimiter must be one of ",", ";", "|", "tab", "whitespace": current value is "${text}"`,
      'for example --delimiter ";"',
    );
  }
  return found;
}

/**
 * Reads the `--decimal` option: `.` or `,`.
 *
 * @example
 * ```ts
 * import { parseDecimal } from "./detect_dialect.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(parseDecimal(","), ",");
 * throws(() => parseDecimal("comma"), /--decimal must be "." or ","/);
 * ```
 */
export function parseDecimal(text: string): DecimalSeparator {
  const t = text.trim();
  if (t === "." || t === ",") return t;
  throw new OptionError(
    "decimal",
    `Cannot read options: --decimal must be "." or ",": current value is "${text}"`,
    "for example --decimal ,",
  );
}

/** How a delimiter is written in messages and on the command line. */
export function delimiterName(delimiter: Delimiter): string {
  return delimiter === "\t" ? "tab" : delimiter;
}

/** Currency symbols read off money cells (`£2.55`). */
export const CURRENCY_SYMBOLS = "£$€¥₹₺₽₩";
/** The digits of a money cell: grouped by `.`, `,` or (no-break) spaces, as `1 234,50`. */
const MONEY_DIGITS = "\\d(?:[\\d.,]|[ \\u00a0\\u202f](?=\\d))*";
const SYMBOL_MARK = new RegExp(
  `^[+-]?\\s*([${CURRENCY_SYMBOLS}])\\s*[+-]?\\d|^[+-]?${MONEY_DIGITS}\\s*([${CURRENCY_SYMBOLS}])$`,
);
const CODE_MARK = new RegExp(
  `^(?:[+-]?([A-Z]{3})\\s*[+-]?${MONEY_DIGITS}|[+-]?${MONEY_DIGITS}\\s*([A-Z]{3}))$`,
);

/**
 * The one currency mark the money cells of a sample carry, when at least half of them carry
 * it and no cell carries another: a symbol before or after the number (`£2.55`, `-£2.55`,
 * `£ 2.55`, `12,50 €`, `1 234,50 €`) or an ISO code before or after it (`2.55 EUR`, `EUR 2.55`). The loader then reads those cells
 * without the mark (and only that mark: a cell in another currency stays a bad value, so two
 * currencies are never added up).
 *
 * @param values Non-empty cells of the money columns (price, amount).
 * @returns The mark (`"£"`, `"EUR"`), or `undefined`.
 *
 * @example
 * ```ts
 * import { detectCurrency } from "./detect_dialect.ts";
 * import { equal } from "node:assert/strict";
 * equal(detectCurrency(["£2.55", "£10", "-£1.20"]), "£");
 * equal(detectCurrency(["2.55 EUR", "10 EUR", "3"]), "EUR");
 * equal(detectCurrency(["12,50 €", "1 234,00 €", "-3,20€"]), "€");
 * equal(detectCurrency(["£2.55", "€10"]), undefined); // two currencies
 * equal(detectCurrency(["2.55", "10", "£3"]), undefined); // one cell in three
 * ```
 */
export function detectCurrency(values: readonly string[]): string | undefined {
  const marks = new Map<string, number>();
  for (const raw of values) {
    const mark = currencyMark(raw);
    if (mark !== undefined) marks.set(mark, (marks.get(mark) ?? 0) + 1);
  }
  if (marks.size !== 1) return undefined;
  const [mark, n] = [...marks][0]!;
  return n * 2 >= values.length ? mark : undefined;
}

/**
 * A currency column's value as the report's currency: an ISO code (`GBP`) or a symbol (`£`), else
 * `undefined` (a name such as `EURO` is not printed beside amounts).
 *
 * @example
 * ```ts
 * import { reportCurrency } from "./detect_dialect.ts";
 * import { equal } from "node:assert/strict";
 * equal(reportCurrency("GBP"), "GBP");
 * equal(reportCurrency("€"), "€");
 * equal(reportCurrency("EURO"), undefined);
 * ```
 */
export function reportCurrency(value: string | undefined): string | undefined {
  return value !== undefined && /^([A-Z]{3}|[^\p{L}\p{N}\s]{1,3})$/u.test(value)
    ? value
    : undefined;
}

/**
 * The currencies a column names, most frequent first, in words for a refusal: `"EUR on 3 lines,
 * GBP on 1 line"` (the first four, then `…`).
 *
 * @example
 * ```ts
 * import { currencyCounts } from "./detect_dialect.ts";
 * import { equal } from "node:assert/strict";
 * equal(currencyCounts([{ code: "USD", n: 2445 }, { code: "EUR", n: 1 }], "row"), "USD on 2,445 rows, EUR on 1 row");
 * ```
 */
export function currencyCounts(
  found: readonly { readonly code: string; readonly n: number }[],
  unit: string,
): string {
  return found.slice(0, 4).map((c) =>
    `${c.code} on ${c.n.toLocaleString("en-US")} ${unit}${c.n === 1 ? "" : "s"}`
  ).join(", ") + (found.length > 4 ? ", …" : "");
}

/**
 * What `--only-currency code` removes, from a currency column's counts (most frequent first,
 * `code: null` for the rows naming none): those rows' count and the most frequent other currency.
 * The order log's cleaning and the CRM tables' validation both decide with it.
 *
 * @param subject The rows in words, for the messages (`the transactions from "orders.csv"`).
 * @param unit What a row is called (`"line"`, `"row"`).
 * @throws {OptionError} If the table has no currency column (`found` undefined), or no row names
 *   `code`; `mapFlag` is the `--map` of the column (`currency`, `transactions.currency`).
 *
 * @example
 * ```ts
 * import { otherCurrencyRows } from "./detect_dialect.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const found = [{ code: "USD", n: 5 }, { code: "EUR", n: 3 }, { code: null, n: 1 }];
 * deepStrictEqual(otherCurrencyRows(found, "EUR", { subject: "the lines", unit: "line", mapFlag: "currency" }), { removed: 6, other: "USD" });
 * ```
 */
export function otherCurrencyRows(
  found: readonly { readonly code: string | null; readonly n: number }[] | undefined,
  code: string,
  words: { readonly subject: string; readonly unit: string; readonly mapFlag: string },
): { removed: number; other: string | undefined } {
  if (found === undefined) {
    throw new OptionError(
      "only-currency",
      `Cannot read options: --only-currency ${code} picks the ${words.unit}s of one currency, but ${words.subject} have no currency column`,
      `Map the column that names each ${words.unit}'s currency (--map ${words.mapFlag}="Column"), or leave --only-currency out`,
    );
  }
  const named = found.filter((f): f is { code: string; n: number } => f.code !== null);
  if (!named.some((f) => f.code === code)) {
    throw new OptionError(
      "only-currency",
      `Cannot read options: --only-currency ${code} names none of ${words.subject}: ${
        named.length === 0
          ? "their currency column is empty"
          : `they are in ${currencyCounts(named, words.unit)}`
      }`,
      named.length === 0
        ? "Leave --only-currency out"
        : `Pass one of the currencies found: --only-currency ${named[0]!.code}`,
    );
  }
  const others = found.filter((f) => f.code !== code);
  return {
    removed: others.reduce((sum, f) => sum + f.n, 0),
    other: named.find((f) => f.code !== code)?.code,
  };
}

/** The currency mark of one cell (`"£"` of `-£2.55`, `"EUR"` of `2.55 EUR`), if any. */
export function currencyMark(raw: string): string | undefined {
  const v = raw.trim();
  const symbol = SYMBOL_MARK.exec(v);
  if (symbol !== null) return symbol[1] ?? symbol[2];
  const code = CODE_MARK.exec(v);
  return code === null ? undefined : code[1] ?? code[2];
}

/**
 * SQL for the text `text` without the currency mark `mark` (before or after the number; a
 * sign before the mark is kept): what {@linkcode detectCurrency} found is read as a number.
 */
export function withoutCurrencySql(text: string, mark: string): string {
  const m = mark.replace(/[$.*+?^()[\]{}|\\]/g, "\\$&");
  return `regexp_replace(regexp_replace(${text}, '^\\s*([+-]?)\\s*${m}\\s*', '\\1'), '\\s*${m}\\s*$', '')`;
}
