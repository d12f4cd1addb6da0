import type { RfmTable } from "../rfm/mod.ts";
import { rfmScoring } from "../rfm/mod.ts";
import { assignSegments, type SegmentedRow } from "./assign_segments.ts";
import { DEFAULT_SEGMENT_MAP, type SegmentRule } from "./segment_map.ts";
import { segmentSummary, type SegmentSummaryRow } from "./segment_summary.ts";

/** The RFM part of the analysis: scores, segments and the segment summary. */
export interface RfmAnalysis {
  /** The analysis date used (the default filled in). */
  readonly asOf: Date;
  /** One row per customer, sorted by customer id. */
  readonly customers: readonly SegmentedRow[];
  /** One row per non-empty segment, in map order. */
  readonly segments: readonly SegmentSummaryRow[];
  /** The segment map used. */
  readonly map: readonly SegmentRule[];
  /** Scoring fallbacks applied, in words (empty when the classic recipe applied as is). */
  readonly notes: readonly string[];
}

/**
 * Scores and segments an RFM table (from transactions or from a customer-level table) with
 * the classic recipe (`rfmScoring` of lib/rfm, then {@linkcode assignSegments} on the RF
 * score).
 *
 * **Fallback on coinciding quantile edges.** When so many customers share a recency or a
 * monetary value that two quantile edges coincide, pandas' `qcut` raises. Here that metric is
 * scored on its `rank(method="first")` instead (ties broken by customer id, like frequency),
 * and the fallback is stated in `notes`, never applied silently.
 *
 * @param table RFM rows and their as-of date.
 * @param map The RF segment map. @default {DEFAULT_SEGMENT_MAP}
 * @returns Segmented customers, the segment summary and any fallback notes.
 *
 * @example Recency ties force the rank fallback
 * ```ts
 * import { rfmAnalysis } from "./rfm_analysis.ts";
 * import { equal, match } from "node:assert/strict";
 * const rows = [1, 2, 3, 4, 5, 6].map((k) => ({ customerId: `c${k}`, recency: k < 5 ? 7 : k, frequency: k, monetary: 10 * k }));
 * const rfm = rfmAnalysis({ asOf: new Date("2011-12-11"), rows });
 * equal(rfm.customers.length, 6);
 * match(rfm.notes[0]!, /recency/);
 * ```
 */
export function rfmAnalysis(
  table: RfmTable,
  map: readonly SegmentRule[] = DEFAULT_SEGMENT_MAP,
): RfmAnalysis {
  const scoring = rfmScoring(table.rows);
  const customers = assignSegments(scoring.rows, { map });
  return {
    asOf: table.asOf,
    customers,
    segments: segmentSummary(customers, { map }),
    map,
    notes: scoring.fallbacks.map((f) => f.note),
  };
}
