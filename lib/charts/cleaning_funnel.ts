import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One cleaning step (the shape of `LedgerStep` in lib/types.ts; `description` optional). */
export interface FunnelStep {
  readonly step: number;
  readonly rule: string;
  readonly rowsIn: number;
  readonly rowsRemoved: number;
  readonly rowsChanged: number;
  readonly rowsOut: number;
}

/** Options for {@linkcode cleaningFunnel}. */
export type CleaningFunnelOptions = ChartOptions;

/** Short names in words of the cleaning rules of lib/clean and lib/customer_table. */
export const RULE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  load: "Rows read",
  order_field_fill: "Order fields filled in",
  duplicate_line: "Duplicate lines",
  order_status: "Orders cancelled, refunded, failed",
  missing_customer_id: "No customer id",
  cancellation: "Cancellations",
  non_product_code: "Postage, fees, other non-products",
  non_positive_quantity: "Quantity zero or less",
  non_positive_price: "Price zero or less",
  outlier_cap_quantity: "Extreme quantities capped",
  outlier_cap_price: "Extreme prices capped",
  after_as_of: "After the as-of date",
  duplicate_customer: "Duplicate customers",
});

/**
 * A cleaning rule's name in words: the short name of a known rule, else the identifier with
 * spaces for underscores and a capital first letter.
 *
 * @example
 * ```ts
 * import { ruleLabel } from "./cleaning_funnel.ts";
 * import { equal } from "node:assert/strict";
 * equal(ruleLabel("duplicate_line"), "Duplicate lines");
 * equal(ruleLabel("late_refund_line"), "Late refund line");
 * ```
 */
export function ruleLabel(rule: string): string {
  const known = RULE_LABELS[rule];
  if (known !== undefined) return known;
  const words = rule.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The cleaning funnel: one horizontal bar per ledger step, in step order, named in words. The
 * full bar is the rows that entered the step; the blue part is kept, the red part removed, and
 * the label names the rows removed (and changed).
 *
 * @param steps Ledger steps, any order (sorted by *step*).
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { cleaningFunnel } from "./cleaning_funnel.ts";
 * import { deepEqual, equal } from "node:assert/strict";
 * const spec = cleaningFunnel([
 *   { step: 1, rule: "missing_customer_id", rowsIn: 100, rowsRemoved: 20, rowsChanged: 0, rowsOut: 80 },
 * ]);
 * equal(spec.title, "Cleaning funnel: rows kept at each step");
 * deepEqual((spec.y as { domain: string[] }).domain, ["1. No customer id"]);
 * ```
 */
export function cleaningFunnel(
  steps: readonly FunnelStep[],
  options: CleaningFunnelOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const sorted = [...steps].sort((a, b) => a.step - b.step);
  const label = (s: FunnelStep): string => `${s.step}. ${ruleLabel(s.rule)}`;
  const labels = sorted.map(label);
  const tip = (s: FunnelStep): string =>
    [
      label(s),
      `Rows in: ${fmt.int(s.rowsIn)}`,
      `Removed: ${fmt.int(s.rowsRemoved)}`,
      ...(s.rowsChanged > 0 ? [`Changed: ${fmt.int(s.rowsChanged)}`] : []),
      `Kept: ${fmt.int(s.rowsOut)}`,
    ].join("\n");
  const long = sorted.flatMap((s) => [
    { label: label(s), part: "Kept", rows: s.rowsOut, tip: tip(s) },
    { label: label(s), part: "Removed", rows: s.rowsRemoved, tip: tip(s) },
  ]);
  const notes = sorted.map((s) => ({
    label: label(s),
    rowsIn: s.rowsIn,
    text: [
      s.rowsRemoved > 0 ? `−${fmt.int(s.rowsRemoved)}` : "",
      s.rowsChanged > 0 ? `${fmt.int(s.rowsChanged)} changed` : "",
    ].filter((t) => t !== "").join(", ") || "no change",
  }));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const subtitle = first && last
    ? `${fmt.int(first.rowsIn)} rows in, ${fmt.int(last.rowsOut)} kept ` +
      `(${fmt.int(first.rowsIn - last.rowsOut)} removed)`
    : "No cleaning steps";
  return frame({
    title: "Cleaning funnel: rows kept at each step",
    subtitle,
    caption: "Each bar is the rows entering a step: blue is kept, red is removed by the rule.",
    height: 70 + 34 * Math.max(1, sorted.length),
    marginLeft: marginFor(labels),
    marginRight: 150,
    x: { label: "Rows", grid: true, tickFormat: fmt.compact },
    y: { label: null, domain: labels },
    color: {
      domain: ["Kept", "Removed"],
      range: [SERIES_COLORS.kept!, SERIES_COLORS.removed!],
      legend: true,
    },
    marks: [
      Plot.barX(long, { x: "rows", y: "label", fill: "part", title: "tip" }),
      Plot.text(notes, {
        x: "rowsIn",
        y: "label",
        text: "text",
        textAnchor: "start",
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  }, options);
}
