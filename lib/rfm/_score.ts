// Private scoring steps shared by rfmScores() and rfmScoring().
import { oneOf, OptionError, ValidationError } from "../errors.ts";
import { qcut, rankFirst } from "../stats/mod.ts";
import type { RfmRow } from "./rfm_table.ts";
import type { RfmScoredRow, RfmScoresOptions, ScoreBasis } from "./rfm_scores.ts";

/** The three RFM metrics, in score order. */
export type Metric = "recency" | "frequency" | "monetary";

/** Options of rfmScores() with their defaults filled in and checked. */
export interface ScoreSettings {
  readonly bins: number;
  readonly basis: Readonly<Record<Metric, ScoreBasis>>;
}

/** Fills in and checks the scoring options (`action` completes "Cannot …"). */
export function scoreSettings(options: RfmScoresOptions, action: string): ScoreSettings {
  const { bins = 5, recency = "value", frequency = "rank", monetary = "value" } = options;
  if (!Number.isInteger(bins) || bins < 1 || bins > 9) {
    throw new OptionError(
      "bins",
      `Cannot ${action}: bins must be an integer in 1..9: current value is "${bins}"`,
    );
  }
  const basis = { recency, frequency, monetary };
  for (const [name, value] of Object.entries(basis)) {
    oneOf(name, String(value), ["value", "rank"] as const);
  }
  return { bins, basis };
}

/**
 * Rows sorted by customer id (text order, JavaScript `<`): the fixed order that breaks rank
 * ties. Throws on a repeated id, a non-finite metric, or too few customers for `bins`.
 */
export function sortByCustomer(rows: readonly RfmRow[], bins: number, action: string): RfmRow[] {
  const sorted = [...rows].sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0
  );
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.customerId === sorted[i - 1]!.customerId) {
      const id = sorted[i]!.customerId;
      throw new ValidationError(
        `Cannot ${action}: customer "${id}" has more than one row`,
        [{ rule: "unique_customer", message: "duplicate customer row", customerId: id }],
        "pass one row per customer (aggregate first)",
      );
    }
  }
  for (const row of sorted) {
    for (const metric of ["recency", "frequency", "monetary"] as const) {
      if (!Number.isFinite(row[metric])) {
        throw new ValidationError(
          `Cannot ${action}: customer "${row.customerId}" has ${metric} "${
            row[metric]
          }", not a finite number`,
          [{
            rule: "finite",
            message: "not a finite number",
            customerId: row.customerId,
            column: metric,
            value: String(row[metric]),
          }],
          "remove or fill missing values before scoring",
        );
      }
    }
  }
  if (bins > 1 && sorted.length < 2) {
    throw new ValidationError(
      `Cannot ${action}: RFM scores need at least 2 customers: the data has ${sorted.length}`,
      [],
      "use a longer period or a larger export",
    );
  }
  return sorted;
}

/** True for the error qcut() throws when quantile edges coincide. */
export function isCoincidingEdges(error: unknown): error is ValidationError {
  return error instanceof ValidationError && error.issues.length > 0 &&
    error.issues.every((issue) => issue.rule === "unique_edges");
}

/**
 * Scores one metric of sorted rows: qcut of the values or of their `rank(method="first")`,
 * labels 1..bins (reversed for recency). Coinciding edges throw a ValidationError that names the
 * metric and suggests the rank basis.
 */
export function scoreMetric(
  sorted: readonly RfmRow[],
  metric: Metric,
  basis: ScoreBasis,
  bins: number,
): number[] {
  const up = Array.from({ length: bins }, (_, i) => i + 1);
  const labels = metric === "recency" ? up.reverse() : up;
  const values = sorted.map((r) => r[metric]);
  try {
    return qcut(basis === "rank" ? rankFirst(values) : values, bins, { labels });
  } catch (error) {
    if (!isCoincidingEdges(error)) throw error;
    throw new ValidationError(
      `Cannot score ${metric}: ${error.message.replace(/^Cannot bin values[^:]*: /, "")}`,
      error.issues.map((issue) => ({ ...issue, column: metric })),
      `too many customers share a ${metric} value for quantile scores: score ${metric} on ranks (ties broken by customer id), as the report does`,
    );
  }
}

/** Joins sorted rows with their three score columns. */
export function withScores(
  sorted: readonly RfmRow[],
  r: readonly number[],
  f: readonly number[],
  m: readonly number[],
): RfmScoredRow[] {
  return sorted.map((row, i) => ({
    ...row,
    recencyScore: r[i]!,
    frequencyScore: f[i]!,
    monetaryScore: m[i]!,
    rfScore: `${r[i]}${f[i]}`,
    rfmScore: `${r[i]}${f[i]}${m[i]}`,
  }));
}
