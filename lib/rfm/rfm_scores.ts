import type { RfmRow } from "./rfm_table.ts";
import { scoreMetric, scoreSettings, sortByCustomer, withScores } from "./_score.ts";

/** How a metric is binned: on its values, or on its `rank(method="first")`. */
export type ScoreBasis = "value" | "rank";

/** Options for {@linkcode rfmScores}. */
export interface RfmScoresOptions {
  /** Number of score levels (quantile bins). @default {5} */
  bins?: number;
  /** Basis of the recency score. @default {"value"} */
  recency?: ScoreBasis;
  /** Basis of the frequency score. @default {"rank"} */
  frequency?: ScoreBasis;
  /** Basis of the monetary score. @default {"value"} */
  monetary?: ScoreBasis;
}

/** An RFM row with its scores. */
export interface RfmScoredRow extends RfmRow {
  /** 1..bins; recent customers score high (reversed bins). */
  readonly recencyScore: number;
  /** 1..bins; frequent customers score high. */
  readonly frequencyScore: number;
  /** 1..bins; big spenders score high. */
  readonly monetaryScore: number;
  /** Recency score then frequency score, e.g. `"54"` (what segments are defined on). */
  readonly rfScore: string;
  /** Recency, frequency and monetary scores, e.g. `"543"`. */
  readonly rfmScore: string;
}

/**
 * Scores RFM rows 1..5 by quantile bins, the classic recipe in pandas:
 * `recency_score = qcut(recency, 5, labels=[5,4,3,2,1])`,
 * `frequency_score = qcut(frequency.rank(method="first"), 5, labels=[1..5])` and
 * `monetary_score = qcut(monetary, 5, labels=[1..5])` (see {@linkcode qcut} for the exact bin
 * semantics).
 *
 * **Why ties need a fixed order.** Frequency has few distinct values (most customers order once
 * or twice), so its quantile edges coincide and `qcut` on the values fails. The recipe bins ranks
 * instead, and `rank(method="first")` gives tied customers consecutive ranks in row order, so two
 * customers with the same frequency can get different scores, decided by which row comes first.
 * With an unspecified order the segment counts would change with the input file's order (the two
 * published FLO segment tables differ for exactly this reason: one ranks in file order, the
 * other after a group-by on the id). Here the rows are first sorted by `customerId` in text order
 * (JavaScript `<`, the order of pandas' group-by on string ids and of DuckDB's `ORDER BY` on
 * VARCHAR), so ties always go to the lower id first and the result does not depend on the input
 * order. Numeric ids of different lengths sort as text ("12347" < "9"); pandas' group-by on
 * float ids sorts them as numbers, and the two orders agree when the ids have the same length
 * (the 5-digit Online Retail ids).
 *
 * **Coinciding edges** of recency or monetary (many tied values, or very few customers) raise a
 * {@linkcode ValidationError} naming the metric and the quantiles, as pandas raises "Bin edges
 * must be unique"; values are never shifted silently. Pass `{ recency: "rank" }` or
 * `{ monetary: "rank" }` to bin that metric on ranks (ties broken by customer id) instead, or use
 * {@linkcode rfmScoring}, which does that per metric only when needed and reports it.
 *
 * @param rows One row per customer, in any order.
 * @param options Bins and score bases.
 * @returns Scored rows sorted by `customerId`.
 * @throws {ValidationError} If a customer id repeats, a metric is not a finite number, there are
 * fewer than 2 customers (with `bins` > 1), or quantile edges coincide.
 * @throws {OptionError} If `bins` is not an integer in 1..9 or a basis is not "value" or "rank".
 *
 * @example Frequency ties broken by customer id: a, b and e all bought once, so they rank 1, 2, 3
 * ```ts
 * import { rfmScores } from "./rfm_scores.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const scored = rfmScores([
 *   { customerId: "e", recency: 50, frequency: 1, monetary: 10 },
 *   { customerId: "a", recency: 1, frequency: 1, monetary: 50 },
 *   { customerId: "b", recency: 10, frequency: 1, monetary: 40 },
 *   { customerId: "c", recency: 20, frequency: 2, monetary: 30 },
 *   { customerId: "d", recency: 30, frequency: 3, monetary: 20 },
 * ]);
 * deepStrictEqual(scored.map((r) => r.customerId), ["a", "b", "c", "d", "e"]);
 * deepStrictEqual(scored.map((r) => r.rfmScore), ["515", "424", "343", "252", "131"]);
 * ```
 */
export function rfmScores(rows: readonly RfmRow[], options: RfmScoresOptions = {}): RfmScoredRow[] {
  const { bins, basis } = scoreSettings(options, "score RFM");
  const sorted = sortByCustomer(rows, bins, "score RFM");
  return withScores(
    sorted,
    scoreMetric(sorted, "recency", basis.recency, bins),
    scoreMetric(sorted, "frequency", basis.frequency, bins),
    scoreMetric(sorted, "monetary", basis.monetary, bins),
  );
}
