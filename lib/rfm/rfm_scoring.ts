import { oneOf } from "../errors.ts";
import {
  isCoincidingEdges,
  type Metric,
  scoreMetric,
  scoreSettings,
  sortByCustomer,
  withScores,
} from "./_score.ts";
import type { RfmScoredRow, RfmScoresOptions, ScoreBasis } from "./rfm_scores.ts";
import type { RfmRow } from "./rfm_table.ts";

/** What {@linkcode rfmScoring} does when a metric's quantile edges coincide. */
export type DuplicateEdgesPolicy = "raise" | "rank";

/** Options for {@linkcode rfmScoring}. */
export interface RfmScoringOptions extends RfmScoresOptions {
  /**
   * When a metric binned on its values has coinciding quantile edges: `"rank"` scores that
   * metric on its `rank(method="first")` instead (ties broken by customer id) and records it in
   * `fallbacks`; `"raise"` throws like {@linkcode rfmScores}.
   * @default {"rank"}
   */
  duplicates?: DuplicateEdgesPolicy;
}

/** One metric that was scored on ranks because its value quantiles coincided. */
export interface ScoreFallback {
  readonly metric: Metric;
  /** The coinciding quantiles, e.g. `"quantiles 0 and 0.2 coincide at 1"`. */
  readonly reason: string;
  /** A sentence for reports and notebooks. */
  readonly note: string;
}

/** Result of {@linkcode rfmScoring}. */
export interface RfmScoring {
  /** Scored rows sorted by `customerId`, exactly as {@linkcode rfmScores} returns them. */
  readonly rows: RfmScoredRow[];
  /** The basis each metric was finally scored on. */
  readonly basis: Readonly<Record<Metric, ScoreBasis>>;
  /** Metrics moved from values to ranks (empty when the classic recipe applied as is). */
  readonly fallbacks: readonly ScoreFallback[];
}

/**
 * RFM scores with a documented fallback for coinciding quantile edges: each metric is scored
 * as {@linkcode rfmScores} scores it, and when a metric binned on its values has coinciding edges
 * (so many customers share a recency or a spend that two quintiles are the same number), that
 * metric alone is binned on its `rank(method="first")` instead, ties broken by customer id, the
 * same fixed order as frequency. Every such switch is returned in `fallbacks` with the
 * coinciding quantiles, so a report can say so; nothing is shifted silently. With
 * `{ duplicates: "raise" }` it throws instead, exactly like `rfmScores`. When no edges coincide
 * the rows are identical to `rfmScores(rows, options)`.
 *
 * @param rows One row per customer, in any order.
 * @param options Bins, score bases and the duplicate-edge policy.
 * @returns Scored rows, the basis used per metric and the fallbacks applied.
 * @throws {ValidationError} If a customer id repeats, a metric is not finite, there are fewer
 * than 2 customers (with `bins` > 1), or edges coincide under `"raise"`.
 * @throws {OptionError} If an option is invalid.
 *
 * @example Four of six customers share a recency: recency falls back to ranks
 * ```ts
 * import { rfmScoring } from "./rfm_scoring.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const rows = [1, 2, 3, 4, 5, 6].map((k) => ({
 *   customerId: `c${k}`, recency: k < 5 ? 7 : k + 10, frequency: k, monetary: 10 * k,
 * }));
 * const { basis, fallbacks, rows: scored } = rfmScoring(rows);
 * deepStrictEqual(basis, { recency: "rank", frequency: "rank", monetary: "value" });
 * equal(fallbacks[0]!.reason, "quantiles 0 and 0.2 coincide at 7; quantiles 0.2 and 0.4 coincide at 7");
 * // recency ranks 1..6 in id order (c1..c4 tie at 7): reversed quintile scores
 * deepStrictEqual(scored.map((r) => r.recencyScore), [5, 5, 4, 3, 2, 1]);
 * ```
 */
export function rfmScoring(rows: readonly RfmRow[], options: RfmScoringOptions = {}): RfmScoring {
  const { duplicates = "rank" } = options;
  oneOf("duplicates", String(duplicates), ["raise", "rank"] as const);
  const { bins, basis } = scoreSettings(options, "score RFM");
  const sorted = sortByCustomer(rows, bins, "score RFM");
  const used: Record<Metric, ScoreBasis> = { ...basis };
  const fallbacks: ScoreFallback[] = [];
  const score = (metric: Metric): number[] => {
    try {
      return scoreMetric(sorted, metric, basis[metric], bins);
    } catch (error) {
      if (duplicates === "raise" || basis[metric] === "rank" || !isCoincidingEdges(error)) {
        throw error;
      }
      const reason = error.message.replace(/^Cannot score \w+: bin edges must be unique: /, "");
      used[metric] = "rank";
      fallbacks.push({
        metric,
        reason,
        note: `${metric} was scored on ranks (ties broken by customer id) because too many ` +
          `customers share a ${metric} value for ${bins} distinct quantile edges (${reason})`,
      });
      return scoreMetric(sorted, metric, "rank", bins);
    }
  };
  const r = score("recency");
  const f = score("frequency");
  const m = score("monetary");
  return { rows: withScores(sorted, r, f, m), basis: used, fallbacks };
}
