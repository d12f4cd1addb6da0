/**
 * Customer segments: the standard ten-segment RF map (as replaceable data, checked to cover
 * every RF cell exactly once), segment assignment and summaries with recommended actions, and
 * product-based segments (what customers buy) crossed with the RFM segments.
 *
 * @example RFM scores to segments to a summary
 * ```ts
 * import { assignSegments, segmentSummary } from "./mod.ts";
 * import { rfmScores } from "../rfm/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const scored = rfmScores([1, 2, 3, 4, 5].map((k) => ({
 *   customerId: `c${k}`, recency: k * 10, frequency: 6 - k, monetary: 100 / k,
 * })));
 * const summary = segmentSummary(assignSegments(scored));
 * equal(summary.reduce((n, s) => n + s.customers, 0), 5);
 * equal(summary.at(-1)!.segment, "champions");
 * ```
 *
 * @module
 */
export * from "./segment_map.ts";
export * from "./assign_segments.ts";
export * from "./segment_summary.ts";
export * from "./product_categories.ts";
export * from "./kmeans.ts";
export * from "./product_segments.ts";
export * from "./cross_segments.ts";
export * from "./customer_profiles.ts";
export * from "./rfm_analysis.ts";
