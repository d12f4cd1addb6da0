/**
 * The one chart theme: width, font, the fixed colour of every RFM and CLV segment, and
 * number formats for ticks, labels and tables. Every chart builds on these values, so
 * "At risk" has the same colour in the segment bars, the RFM grid and the report.
 *
 * @module
 */

/**
 * Default chart width in pixels: the report's column (fixed, so goldens and reports are
 * stable). Charts scale down with the page (narrow windows, print), never up.
 */
export const WIDTH = 960;

/** Font stack for all charts: DejaVu Sans is installed on the CI and report machines. */
export const FONT_FAMILY = '"DejaVu Sans", system-ui, sans-serif';

/** Base font size in pixels. Tick labels smaller than this are hard to read. */
export const FONT_SIZE = 13;

/** Font size of small labels inside a chart (cell values, counts under an axis). */
export const SMALL_FONT_SIZE = 11;

/**
 * Size and font of colour-ramp legends (Plot draws them at 10 px in a 240 × 50 box): wider and
 * taller, so the 12 px labels of a report page neither clip nor run into each other.
 */
export const RAMP_LEGEND = Object.freeze({
  width: 360,
  height: 62,
  marginTop: 24,
  marginBottom: 26,
  style: { fontSize: "12px", fontFamily: '"DejaVu Sans", system-ui, sans-serif' },
});

/** Inline style shared by every chart (`style` option of Plot). */
export const CHART_STYLE: Readonly<Record<string, string>> = Object.freeze({
  fontFamily: FONT_FAMILY,
  fontSize: `${FONT_SIZE}px`,
  overflow: "visible",
});

/** The ten RFM segments in display order (best first), plus the catch-all "Other". */
export const SEGMENTS = [
  "champions",
  "loyal_customers",
  "potential_loyalists",
  "new_customers",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_Risk",
  "cant_loose",
  "hibernating",
  "Other",
] as const;

/** An RFM segment key, as produced by lib/segment. */
export type SegmentKey = typeof SEGMENTS[number];

/** Fixed colour per RFM segment key: greens are good, reds need action, grey is lost. */
export const SEGMENT_COLORS: Readonly<Record<SegmentKey, string>> = Object.freeze({
  champions: "#137333",
  loyal_customers: "#5bb450",
  potential_loyalists: "#a6d96a",
  new_customers: "#2b83ba",
  promising: "#7fc6e6",
  need_attention: "#f2c12e",
  about_to_sleep: "#f59b42",
  at_Risk: "#e0573a",
  cant_loose: "#a50f15",
  hibernating: "#8c7fa8",
  Other: "#bdbdbd",
});

/** Plain-words label per RFM segment key, used in legends and axes. */
export const SEGMENT_LABELS: Readonly<Record<SegmentKey, string>> = Object.freeze({
  champions: "Champions",
  loyal_customers: "Loyal customers",
  potential_loyalists: "Potential loyalists",
  new_customers: "New customers",
  promising: "Promising",
  need_attention: "Need attention",
  about_to_sleep: "About to sleep",
  at_Risk: "At risk",
  cant_loose: "Can't lose them",
  hibernating: "Hibernating",
  Other: "Other",
});

/** CLV value segments, A (most valuable) to D. */
export const CLV_SEGMENTS = ["A", "B", "C", "D"] as const;

/** Fixed colour per CLV segment: darker is more valuable. */
export const CLV_SEGMENT_COLORS: Readonly<Record<string, string>> = Object.freeze({
  A: "#08519c",
  B: "#3182bd",
  C: "#9ecae1",
  D: "#c6c6c6",
});

/** Colours for "actual" versus "model" series in the CLV diagnostics. */
export const SERIES_COLORS: Readonly<Record<string, string>> = Object.freeze({
  actual: "#1f2937",
  expected: "#e0573a",
  newCustomers: "#2b83ba",
  returning: "#137333",
  kept: "#3182bd",
  removed: "#e0573a",
});

/**
 * Human label for an RFM segment key; unknown keys are returned unchanged.
 *
 * @example
 * ```ts
 * import { segmentLabel } from "./theme.ts";
 * import { equal } from "node:assert/strict";
 * equal(segmentLabel("at_Risk"), "At risk");
 * equal(segmentLabel("vip"), "vip");
 * ```
 */
export function segmentLabel(key: string): string {
  return (SEGMENT_LABELS as Record<string, string>)[key] ?? key;
}

/** Plot colour scale options for segments: fixed domain (labels) and range. */
export interface SegmentColorScale {
  readonly type: "ordinal";
  readonly domain: string[];
  readonly range: string[];
  readonly unknown: string;
  readonly legend: boolean;
}

/**
 * Colour scale mapping segment labels to their fixed colours, limited to `present`
 * keys when given (so legends list only segments that occur, in the fixed order).
 *
 * @example
 * ```ts
 * import { segmentColorScale } from "./theme.ts";
 * import { deepEqual } from "node:assert/strict";
 * const s = segmentColorScale(["at_Risk", "champions"]);
 * deepEqual(s.domain, ["Champions", "At risk"]);
 * deepEqual(s.range, ["#137333", "#e0573a"]);
 * ```
 */
export function segmentColorScale(present?: Iterable<string>): SegmentColorScale {
  const keep = present === undefined ? undefined : new Set(present);
  const keys = SEGMENTS.filter((k) => keep === undefined || keep.has(k));
  return {
    type: "ordinal",
    domain: keys.map((k) => SEGMENT_LABELS[k]),
    range: keys.map((k) => SEGMENT_COLORS[k]),
    unknown: SEGMENT_COLORS.Other,
    legend: true,
  };
}
