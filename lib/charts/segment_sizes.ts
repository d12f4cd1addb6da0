import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor } from "./_frame.ts";
import { segmentColorScale, segmentLabel, SEGMENTS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One RFM segment: its customers and its shares of customers and revenue (0–1). */
export interface SegmentRow {
  readonly segment: string;
  readonly customers: number;
  readonly share: number;
  readonly revenueShare: number;
}

/** Options for {@linkcode segmentSizes}. */
export type SegmentSizesOptions = ChartOptions;

/**
 * Segment sizes and what they are worth: for each RFM segment (rows, best first), its share
 * of customers (left panel) next to its share of revenue (right panel). A segment whose
 * revenue bar is longer than its customer bar is worth more than its size.
 *
 * @param rows One row per segment.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { segmentSizes } from "./segment_sizes.ts";
 * import { equal } from "node:assert/strict";
 * const spec = segmentSizes([
 *   { segment: "champions", customers: 10, share: 0.1, revenueShare: 0.4 },
 *   { segment: "hibernating", customers: 90, share: 0.9, revenueShare: 0.6 },
 * ]);
 * equal(spec.subtitle, "Champions: 10.0% of customers, 40.0% of revenue");
 * ```
 */
export function segmentSizes(
  rows: readonly SegmentRow[],
  options: SegmentSizesOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const order = (s: string): number => {
    const i = (SEGMENTS as readonly string[]).indexOf(s);
    return i < 0 ? SEGMENTS.length : i;
  };
  const sorted = [...rows].sort((a, b) =>
    order(a.segment) - order(b.segment) || (a.segment < b.segment ? -1 : 1)
  );
  const labels = sorted.map((r) => segmentLabel(r.segment));
  const metrics = ["Share of customers", "Share of revenue"];
  const tip = (r: SegmentRow): string =>
    `${segmentLabel(r.segment)}\nCustomers: ${fmt.int(r.customers)} (${
      fmt.percent(r.share)
    } of customers)\nRevenue: ${fmt.percent(r.revenueShare)} of revenue`;
  const long = sorted.flatMap((r) => [
    { label: segmentLabel(r.segment), metric: metrics[0], value: r.share, tip: tip(r) },
    { label: segmentLabel(r.segment), metric: metrics[1], value: r.revenueShare, tip: tip(r) },
  ]);
  // The subtitle names the segment worth most relative to its size.
  const ratio = (r: SegmentRow): number => (r.share > 0 ? r.revenueShare / r.share : 0);
  const lead = [...rows].sort((a, b) => ratio(b) - ratio(a))[0];
  return frame({
    title: "Segment sizes and revenue shares",
    subtitle: lead
      ? `${segmentLabel(lead.segment)}: ${fmt.percent(lead.share)} of customers, ` +
        `${fmt.percent(lead.revenueShare)} of revenue`
      : "No segments",
    caption:
      "Left: share of customers; right: share of revenue. Compare the two bars of a segment.",
    height: 70 + 26 * Math.max(1, sorted.length),
    marginLeft: marginFor(labels),
    marginRight: 50,
    fx: { label: null, domain: metrics },
    x: { label: null, tickFormat: (d: number) => fmt.percent(d, 0), grid: true, ticks: 4 },
    y: { label: null, domain: labels },
    color: { ...segmentColorScale(sorted.map((r) => r.segment)), legend: false },
    marks: [
      Plot.barX(long, {
        fx: "metric",
        x: "value",
        y: "label",
        fill: "label",
        title: "tip",
      }),
      Plot.text(long, {
        fx: "metric",
        x: "value",
        y: "label",
        text: (d: { value: number }) => fmt.percent(d.value, 0),
        textAnchor: "start",
        dx: 3,
      }),
      Plot.ruleX([0]),
    ],
  }, options);
}
