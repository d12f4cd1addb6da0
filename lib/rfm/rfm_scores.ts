import { OptionError, ValidationError } from "../errors.ts";
import { qcut } from "./qcut.ts";
import { rankFirst } from "./rank_first.ts";
import type { RfmRow } from "./rfm_table.ts";

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
 * With an unspecified order the segment counts would change with the input file's order. Here the
 * rows are first sorted by `customerId` (text order, JavaScript `<`), so ties always go to the
 * lower id first and the result does not depend on the input order.
 *
 * **Coinciding edges** of recency or monetary (many tied values, or very few customers) raise a
 * {@linkcode ValidationError} naming the quantiles; pass `{ recency: "rank" }` or
 * `{ monetary: "rank" }` to bin that metric on ranks (ties broken by customer id) instead.
 *
 * @param rows One row per customer, in any order.
 * @param options Bins and score bases.
 * @returns Scored rows sorted by `customerId`.
 * @throws {ValidationError} If a customer id repeats, or quantile edges coincide.
 * @throws {OptionError} If `bins` is not an integer in 1..9.
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
  const { bins = 5, recency = "value", frequency = "rank", monetary = "value" } = options;
  if (!Number.isInteger(bins) || bins < 1 || bins > 9) {
    throw new OptionError(
      "bins",
      `Cannot score RFM: bins must be an integer in 1..9: current value is "${bins}"`,
    );
  }
  for (
    const [name, basis] of [["recency", recency], ["frequency", frequency], [
      "monetary",
      monetary,
    ]] as const
  ) {
    if (basis !== "value" && basis !== "rank") {
      throw new OptionError(
        name,
        `Cannot score RFM: ${name} must be one of "value", "rank": current value is "${
          String(basis)
        }"`,
      );
    }
  }
  const sorted = [...rows].sort((
    a,
    b,
  ) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.customerId === sorted[i - 1]!.customerId) {
      const id = sorted[i]!.customerId;
      throw new ValidationError(
        `Cannot score RFM: customer "${id}" has more than one row`,
        [{ rule: "unique_customer", message: "duplicate customer row", customerId: id }],
        "pass one row per customer (aggregate first)",
      );
    }
  }
  const up = Array.from({ length: bins }, (_, i) => i + 1);
  const down = [...up].reverse();
  const score = (
    metric: "recency" | "frequency" | "monetary",
    basis: ScoreBasis,
    labels: number[],
  ): number[] => {
    const values = sorted.map((r) => r[metric]);
    try {
      return qcut(basis === "rank" ? rankFirst(values) : values, bins, { labels });
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(
          `Cannot score ${metric}: ${error.message.replace(/^Cannot bin values[^:]*: /, "")}`,
          error.issues.map((issue) => ({ ...issue, column: metric })),
          `too many customers share a ${metric} value: pass { ${metric}: "rank" } to score ranks (ties broken by customer id)`,
        );
      }
      throw error;
    }
  };
  const r = score("recency", recency, down);
  const f = score("frequency", frequency, up);
  const m = score("monetary", monetary, up);
  return sorted.map((row, i) => ({
    ...row,
    recencyScore: r[i]!,
    frequencyScore: f[i]!,
    monetaryScore: m[i]!,
    rfScore: `${r[i]}${f[i]}`,
    rfmScore: `${r[i]}${f[i]}${m[i]}`,
  }));
}
