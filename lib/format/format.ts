/**
 * The one number formatter of the workspace: every table cell, sentence, tooltip, tick label
 * and chart title formats numbers through a {@linkcode Format}, so the chosen currency reaches
 * all of them and one figure reads the same everywhere.
 *
 * Deterministic (no locale lookup for the main forms): thousands separators are commas, the
 * decimal mark is a point, the minus sign is `-`.
 *
 * @module
 */

/** Formats numbers, money, shares, dates and months for people. */
export interface Format {
  /** Currency symbol put before money (`""`: no symbol). */
  readonly currency: string;
  /** Whole number with separators: `541910` → `"541,910"`; `"–"` when not finite. */
  int(value: number): string;
  /** Fixed decimals with separators: `1234.5` → `"1,234.50"` (2 digits by default). */
  number(value: number, digits?: number): string;
  /** At most `maxDigits` decimals, trailing zeros dropped: `1.5` → `"1.5"`. */
  decimal(value: number, maxDigits?: number): string;
  /** Three significant digits for small and large numbers alike: `0.000578` → `"0.000578"`. */
  significant(value: number, digits?: number): string;
  /** Compact: `1400000` → `"1.4M"`, `2500` → `"2.5K"`. */
  compact(value: number): string;
  /**
   * Money: whole units from 1,000 up (`"£9,747,766"`), two decimals below (`"£12.50"`);
   * `compact` gives `"£1.2M"` (axis ticks).
   */
  money(value: number, options?: { readonly compact?: boolean }): string;
  /** A share 0..1 as a percentage: `0.2493` → `"24.9%"`. */
  percent(value: number, digits?: number): string;
  /** A signed change: `0.123` → `"+12.3%"`, `-0.04` → `"−4.0%"`. */
  signedPercent(change: number, digits?: number): string;
  /** A date as `YYYY-MM-DD` (UTC). */
  date(value: Date): string;
  /** `"2011-05"` → `"May 2011"`. */
  month(month: string): string;
}

/** Options for {@linkcode createFormat}. */
export interface FormatOptions {
  /** Currency symbol of money. @default {""} (no symbol: the data's currency is unknown) */
  currency?: string;
}

const MONTHS = [
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

const compactFormat = new Intl.NumberFormat("en-US", {
  notation: "compact",
  maximumFractionDigits: 1,
});

function separators(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `541910` → `"541,910"`; `"–"` when not finite. */
export function formatInt(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const rounded = Math.round(value);
  return (rounded < 0 ? "-" : "") + separators(String(Math.abs(rounded)));
}

/** Fixed decimals with separators: `1234.5` → `"1,234.50"`. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "–";
  const sign = value < 0 && Math.abs(value).toFixed(digits) !== (0).toFixed(digits) ? "-" : "";
  const [int, frac] = Math.abs(value).toFixed(digits).split(".");
  return sign + separators(int!) + (frac ? "." + frac : "");
}

/** A share 0..1 as a percentage with `digits` decimals: `0.2493` → `"24.9%"`. */
export function formatPercent(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "–";
  return (value * 100).toFixed(digits) + "%";
}

/**
 * Creates the formatter for one report or notebook, with its currency.
 *
 * @param options **currency**: the symbol money carries (none by default).
 * @returns The formatter.
 *
 * @example
 * ```ts
 * import { createFormat } from "./format.ts";
 * import { equal } from "node:assert/strict";
 * const fmt = createFormat({ currency: "€" });
 * equal(fmt.money(9747765.93), "€9,747,766");
 * equal(fmt.money(12.5), "€12.50");
 * equal(fmt.money(-1_200_000, { compact: true }), "-€1.2M");
 * equal(fmt.int(541910), "541,910");
 * equal(fmt.percent(0.2493), "24.9%");
 * equal(fmt.signedPercent(-0.04), "−4.0%");
 * equal(fmt.decimal(1.5), "1.5");
 * equal(fmt.significant(0.000578123), "0.000578");
 * equal(fmt.month("2011-05"), "May 2011");
 * equal(createFormat().money(12.5), "12.50");
 * equal(createFormat({ currency: "EUR" }).money(12.5), "EUR\u00a012.50");
 * ```
 */
export function createFormat(options: FormatOptions = {}): Format {
  const currency = options.currency ?? "";
  // a code is set apart from the number (EUR 12.50), a symbol is not (€12.50)
  const sign = /\p{L}$/u.test(currency) ? `${currency}\u00a0` : currency;
  return {
    currency,
    int: formatInt,
    number: formatNumber,
    decimal(value, maxDigits = 2) {
      if (!Number.isFinite(value)) return "–";
      const text = formatNumber(value, maxDigits);
      return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
    },
    significant(value, digits = 3) {
      if (!Number.isFinite(value)) return "–";
      if (value === 0) return "0";
      const abs = Math.abs(value);
      if (abs >= 1e-4 && abs < 1e6) {
        const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
        return formatNumber(Number(value.toPrecision(digits)), decimals);
      }
      return value.toExponential(digits - 1);
    },
    compact(value) {
      return Number.isFinite(value) ? compactFormat.format(value) : "–";
    },
    money(value, moneyOptions = {}) {
      if (!Number.isFinite(value)) return "–";
      const abs = Math.abs(value);
      const body = moneyOptions.compact
        ? compactFormat.format(abs)
        : abs >= 1000
        ? formatInt(abs)
        : formatNumber(abs);
      const zero = body === "0.00" || body === "0";
      return (value < 0 && !zero ? "-" : "") + sign + body;
    },
    percent: formatPercent,
    signedPercent(change, digits = 1) {
      if (!Number.isFinite(change)) return "–";
      return `${change >= 0 ? "+" : "−"}${formatPercent(Math.abs(change), digits)}`;
    },
    date(value) {
      return Number.isNaN(value.getTime()) ? "–" : value.toISOString().slice(0, 10);
    },
    month(month) {
      const [y, m] = month.split("-").map(Number);
      const name = m === undefined ? undefined : MONTHS[m - 1];
      return name === undefined ? month : `${name} ${y}`;
    },
  };
}
