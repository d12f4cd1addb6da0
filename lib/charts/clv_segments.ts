import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor } from "./_frame.ts";
import { CLV_SEGMENT_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One CLV segment (A = most valuable): customers, mean CLV and share of total CLV (0–1). */
export interface ClvSegmentRow {
  readonly segment: string;
  readonly customers: number;
  readonly clvMean: number;
  readonly clvShare: number;
}

/** Options for {@linkcode clvSegments}. */
export type ClvSegmentsOptions = ChartOptions;

/**
 * CLV segments: for each segment (A best), its share of customers next to its share of
 * total predicted value; the axis label gives the mean CLV. Segment A is usually small
 * and holds most of the value.
 *
 * @param rows One row per CLV segment.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { clvSegments } from "./clv_segments.ts";
 * import { equal } from "node:assert/strict";
 * const spec = clvSegments([{ segment: "A", customers: 25, clvMean: 400, clvShare: 0.7 },
 *   { segment: "B", customers: 75, clvMean: 57, clvShare: 0.3 }]);
 * equal(spec.subtitle, "Segment A: 25.0% of customers hold 70.0% of predicted value");
 * ```
 */
export function clvSegments(
  rows: readonly ClvSegmentRow[],
  options: ClvSegmentsOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const sorted = [...rows].sort((
    a,
    b,
  ) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
  const customers = rows.reduce((s, r) => s + r.customers, 0);
  const label = (r: ClvSegmentRow): string => `${r.segment} · mean ${fmt.money(r.clvMean)}`;
  const metrics = ["Share of customers", "Share of predicted value"];
  const tip = (r: ClvSegmentRow): string =>
    `Segment ${r.segment}\nCustomers: ${fmt.int(r.customers)}${
      customers > 0 ? ` (${fmt.percent(r.customers / customers)})` : ""
    }\nMean predicted value: ${fmt.money(r.clvMean)}\nShare of predicted value: ${
      fmt.percent(r.clvShare)
    }`;
  const long = sorted.flatMap((r) => [
    {
      label: label(r),
      segment: r.segment,
      metric: metrics[0],
      value: customers > 0 ? r.customers / customers : 0,
      tip: tip(r),
    },
    { label: label(r), segment: r.segment, metric: metrics[1], value: r.clvShare, tip: tip(r) },
  ]);
  const first = sorted[0];
  const segments = sorted.map((r) => r.segment);
  return frame({
    title: "CLV segments: size and value",
    subtitle: first && customers > 0
      ? `Segment ${first.segment}: ${fmt.percent(first.customers / customers)} of customers hold ` +
        `${fmt.percent(first.clvShare)} of predicted value`
      : "No segments",
    caption: "Left: share of customers; right: share of total predicted lifetime value.",
    height: 70 + 30 * Math.max(1, sorted.length),
    marginLeft: marginFor(sorted.map(label)),
    marginRight: 50,
    fx: { label: null, domain: metrics },
    x: { label: null, tickFormat: (d: number) => fmt.percent(d, 0), grid: true, ticks: 4 },
    y: { label: null, domain: sorted.map(label) },
    color: {
      domain: segments,
      range: segments.map((s) => CLV_SEGMENT_COLORS[s] ?? "#bdbdbd"),
    },
    marks: [
      Plot.barX(long, {
        fx: "metric",
        x: "value",
        y: "label",
        fill: "segment",
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
