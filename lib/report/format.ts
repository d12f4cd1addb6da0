/**
 * Number formats used in reports and findings (en-GB style, deterministic).
 *
 * @example
 * ```ts
 * import { formatInt, formatMoney, formatPercent } from "./format.ts";
 * import { equal } from "node:assert/strict";
 * equal(formatInt(541910), "541,910");
 * equal(formatMoney(9747765.93), "£9,747,766");
 * equal(formatPercent(0.2493), "24.9%");
 * ```
 *
 * @module
 */

/** `541910` → `"541,910"`. */
export function formatInt(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Two decimals with separators: `1234.5` → `"1,234.50"`. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const [int, frac] = Math.abs(value).toFixed(digits).split(".");
  return sign + int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? "." + frac : "");
}

/** Money in the data's currency (UCI data is in pounds sterling). Whole units above 1,000. */
export function formatMoney(value: number, currency = "£"): string {
  if (!Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return sign + currency + (abs >= 1000 ? formatInt(abs) : formatNumber(abs));
}

/** A share 0..1 as a percentage with one decimal. */
export function formatPercent(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "–";
  return (value * 100).toFixed(digits) + "%";
}
