import { ValidationError } from "../errors.ts";
import type { RfmScoredRow } from "../rfm/mod.ts";
import { compileSegmentMap, DEFAULT_SEGMENT_MAP, type SegmentRule } from "./segment_map.ts";

/** A scored RFM row with its segment. */
export interface SegmentedRow extends RfmScoredRow {
  /** Segment id from the map, e.g. `"champions"`. */
  readonly segment: string;
}

/** Options for {@linkcode assignSegments}. */
export interface AssignSegmentsOptions {
  /** The RF segment map. @default {DEFAULT_SEGMENT_MAP} */
  map?: readonly SegmentRule[];
  /** Score levels the map must cover. @default {5} */
  bins?: number;
}

/**
 * Assigns each scored customer the segment of its two-character RF score. The map is checked
 * first ({@linkcode compileSegmentMap}): every cell must belong to exactly one segment, so every
 * customer lands in exactly one segment.
 *
 * @param rows Scored rows (from `rfmScores`).
 * @param options The segment map.
 * @returns The rows, same order, with `segment`.
 * @throws {ValidationError} If the map is incomplete or overlapping, or a row's RF score is not
 * a cell of the map (scores from another number of bins).
 *
 * @example
 * ```ts
 * import { assignSegments } from "./assign_segments.ts";
 * import { rfmScores } from "../rfm/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const scored = rfmScores([1, 2, 3, 4, 5].map((k) => ({
 *   customerId: `c${k}`, recency: k, frequency: 6 - k, monetary: k,
 * })));
 * deepStrictEqual(assignSegments(scored).map((r) => [r.rfScore, r.segment]), [
 *   ["55", "champions"], ["44", "loyal_customers"], ["33", "need_attention"],
 *   ["22", "hibernating"], ["11", "hibernating"],
 * ]);
 * ```
 */
export function assignSegments(
  rows: readonly RfmScoredRow[],
  options: AssignSegmentsOptions = {},
): SegmentedRow[] {
  const { map = DEFAULT_SEGMENT_MAP, bins = 5 } = options;
  const { cells } = compileSegmentMap(map, { bins });
  return rows.map((row) => {
    const segment = cells.get(row.rfScore);
    if (segment === undefined) {
      throw new ValidationError(
        `Cannot assign a segment to customer "${row.customerId}": RF score "${row.rfScore}" is not a cell of the map`,
        [{
          rule: "rf_score",
          message: "not a map cell",
          customerId: row.customerId,
          column: "rf_score",
          value: row.rfScore,
        }],
        `score with ${bins} bins, or pass { bins } matching the scores`,
      );
    }
    return { ...row, segment };
  });
}
