import type { Db } from "../db/mod.ts";
import { exactAvg, quoteIdent, quoteLiteral, requireColumns } from "../db/mod.ts";
import { chiSquareTest, wilsonInterval } from "../stats/mod.ts";

/** Statuses counted as resolved unless told otherwise (`--resolved-status`). */
export const RESOLVED_STATUSES: readonly string[] = ["Closed", "Resolved", "Solved", "Done"];

/** One row of `support_channels.csv`. */
export interface SupportChannelRow {
  readonly channel: string;
  readonly interactions: number;
  readonly resolved: number;
  readonly resolution_rate: number;
  /** Wilson 95% interval of the resolution rate. */
  readonly ci_low: number;
  readonly ci_high: number;
  /** Median hours to resolution over resolved interactions with a time; null when none. */
  readonly median_resolution_hours: number | null;
  /** Mean satisfaction over rated interactions; null when none. */
  readonly mean_satisfaction: number | null;
  readonly rated: number;
}

/** Column order of `support_channels.csv`. */
export const SUPPORT_CHANNEL_COLUMNS = [
  "channel",
  "interactions",
  "resolved",
  "resolution_rate",
  "ci_low",
  "ci_high",
  "median_resolution_hours",
  "mean_satisfaction",
  "rated",
] as const satisfies readonly (keyof SupportChannelRow)[];

/** How strongly the data support a difference. */
export type Evidence = "clear" | "none" | "too-few";

/** Facts about channel effectiveness, for the words that come later. */
export interface SupportFacts {
  readonly interactions: number;
  readonly channels: number;
  readonly resolved: number;
  readonly overallRate: number;
  /** `clear`: chi-square p < alpha; `none`: p ≥ alpha; `too-few`: fewer than `minInteractions`, one channel, or small expected counts. */
  readonly evidence: Evidence;
  readonly p: number | null;
  readonly statistic: number | null;
  readonly df: number;
  readonly smallExpected: boolean;
  /** The channel with the highest resolution rate, only when the evidence is clear. */
  readonly bestChannel: string | null;
  readonly bestRate: number | null;
  /** The channel with the lowest rate, only when the evidence is clear. */
  readonly worstChannel: string | null;
  readonly worstRate: number | null;
  /** Highest minus lowest rate (descriptive, whatever the evidence). */
  readonly rateSpread: number;
  /** Channel with the lowest median resolution time (descriptive), and its hours. */
  readonly fastestChannel: string | null;
  readonly fastestHours: number | null;
  /** Channel with the highest mean satisfaction among those with at least 20 ratings (descriptive). */
  readonly mostSatisfiedChannel: string | null;
}

/** Options for {@linkcode supportChannelFacts}. */
export interface SupportFactsOptions {
  /** Significance level. @default {0.05} */
  alpha?: number;
  /** Fewer interactions than this are `too-few`. @default {30} */
  minInteractions?: number;
}

/** Result of {@linkcode supportChannels}. */
export interface SupportChannels {
  /** One row per channel, most interactions first (ties by name). */
  readonly rows: readonly SupportChannelRow[];
  /** Status values found and counted as resolved, with their rows (`(resolved flag)` for a flag). */
  readonly resolvedValues: readonly { readonly value: string; readonly rows: number }[];
  /** Status values found and counted as not resolved. */
  readonly otherValues: readonly { readonly value: string; readonly rows: number }[];
  /** The statuses asked to count as resolved. */
  readonly resolvedStatuses: readonly string[];
  readonly facts: SupportFacts;
}

/** Options for {@linkcode supportChannels}. */
export interface SupportChannelsOptions extends SupportFactsOptions {
  /** The validated interactions table. @default {"crm_interactions"} */
  table?: string;
  /** Statuses counted as resolved (compared without case). @default {RESOLVED_STATUSES} */
  resolvedStatuses?: readonly string[];
}

/**
 * Resolution rate by channel with Wilson 95% intervals, median resolution time and mean
 * satisfaction, and a chi-square test of channel against outcome. An interaction is resolved
 * when its status is one of `resolvedStatuses` (case-insensitive), or, without a status, when
 * its resolved flag is true. Interactions without a channel or outcome are not in the table
 * (validation removed them with a ledger line).
 *
 * @param db The database with the validated interactions.
 * @param options Table, resolved statuses and the evidence thresholds.
 * @returns Rows for `support_channels.csv`, the status values counted, and facts.
 * @throws {SchemaError} If the table lacks `channel`, `status` or `resolved`.
 *
 * @example
 * ```ts
 * import { supportChannels } from "./support_channels.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table crm_interactions as select * from (values
 *   ('Chat', 'Closed', null::boolean, 2.0, 5.0), ('Chat', 'Open', null, null, 1.0), ('Email', 'Solved', null, 30.0, null)
 * ) t(channel, status, resolved, resolution_hours, satisfaction)`);
 * const s = await supportChannels(db);
 * deepStrictEqual(s.rows.map((r) => [r.channel, r.interactions, r.resolved]), [["Chat", 2, 1], ["Email", 1, 1]]);
 * deepStrictEqual(s.resolvedValues.map((v) => v.value), ["Closed", "Solved"]);
 * equal(s.facts.evidence, "too-few");
 * db.close();
 * ```
 */
export async function supportChannels(
  db: Db,
  options: SupportChannelsOptions = {},
): Promise<SupportChannels> {
  const { table = "crm_interactions", resolvedStatuses = RESOLVED_STATUSES } = options;
  const columns = await requireColumns(
    db,
    table,
    ["channel", "status", "resolved"],
    "compute support channels",
  );
  const t = quoteIdent(table);
  const list = resolvedStatuses.map((s) => quoteLiteral(s.trim().toLowerCase())).join(", ");
  const outcome =
    `coalesce(CASE WHEN status IS NOT NULL THEN lower(trim(status)) IN (${list}) END, resolved)`;
  const has = (c: string) => columns.includes(c);
  const hours = has("resolution_hours") ? "resolution_hours" : "CAST(NULL AS DOUBLE)";
  const sat = has("satisfaction") ? "satisfaction" : "CAST(NULL AS DOUBLE)";
  const counts = await db.all<{
    channel: string;
    interactions: number;
    resolved: number;
    median_hours: number | null;
    mean_satisfaction: number | null;
    rated: number;
  }>(
    `SELECT channel, count(*) AS interactions, count(*) FILTER (WHERE ${outcome}) AS resolved,
       quantile_cont(${hours}, 0.5) FILTER (WHERE ${outcome} AND ${hours} IS NOT NULL) AS median_hours,
       ${exactAvg(sat)} AS mean_satisfaction, count(${sat}) AS rated
     FROM ${t} WHERE channel IS NOT NULL AND ${outcome} IS NOT NULL
     GROUP BY channel ORDER BY interactions DESC, channel`,
  );
  const rows: SupportChannelRow[] = counts.map((c) => {
    const ci = wilsonInterval(c.resolved, c.interactions);
    return {
      channel: c.channel,
      interactions: c.interactions,
      resolved: c.resolved,
      resolution_rate: ci.estimate,
      ci_low: ci.low,
      ci_high: ci.high,
      median_resolution_hours: c.median_hours,
      mean_satisfaction: c.mean_satisfaction,
      rated: c.rated,
    };
  });
  const values = await db.all<{ value: string; resolved: boolean; rows: number }>(
    `SELECT coalesce(status, CASE WHEN resolved THEN '(resolved flag: true)' ELSE '(resolved flag: false)' END) AS value,
       ${outcome} AS resolved, count(*) AS rows
     FROM ${t} WHERE channel IS NOT NULL AND ${outcome} IS NOT NULL GROUP BY ALL ORDER BY rows DESC, value`,
  );
  return {
    rows,
    resolvedValues: values.filter((v) => v.resolved).map(({ value, rows }) => ({ value, rows })),
    otherValues: values.filter((v) => !v.resolved).map(({ value, rows }) => ({ value, rows })),
    resolvedStatuses: [...resolvedStatuses],
    facts: supportChannelFacts(rows, options),
  };
}

/**
 * Facts about channels from their rows: the chi-square test of channel × (resolved, not
 * resolved) decides whether any channel is named best. A difference the test does not support
 * (p ≥ `alpha`) is `evidence: "none"` with its p-value and no best or worst channel.
 *
 * @param rows Rows of {@linkcode supportChannels}.
 * @param options Significance level and minimum size.
 *
 * @example Rates a point apart are no evidence
 * ```ts
 * import { supportChannelFacts } from "./support_channels.ts";
 * import { equal } from "node:assert/strict";
 * const row = (channel: string, interactions: number, resolved: number) => ({ channel, interactions, resolved,
 *   resolution_rate: resolved / interactions, ci_low: 0, ci_high: 1, median_resolution_hours: null, mean_satisfaction: null, rated: 0 });
 * const f = supportChannelFacts([row("Chat", 500, 360), row("Email", 500, 355)]);
 * equal(f.evidence, "none");
 * equal(f.bestChannel, null);
 * equal(f.p! > 0.7, true);
 * ```
 */
export function supportChannelFacts(
  rows: readonly SupportChannelRow[],
  options: SupportFactsOptions = {},
): SupportFacts {
  const { alpha = 0.05, minInteractions = 30 } = options;
  const interactions = rows.reduce((a, r) => a + r.interactions, 0);
  const resolved = rows.reduce((a, r) => a + r.resolved, 0);
  const test = chiSquareTest(rows.map((r) => [r.resolved, r.interactions - r.resolved]));
  const tooFew = interactions < minInteractions || rows.length < 2 || test.df === 0 ||
    test.smallExpected;
  const evidence: Evidence = tooFew ? "too-few" : test.p < alpha ? "clear" : "none";
  const byRate = [...rows].sort((a, b) =>
    b.resolution_rate - a.resolution_rate || (a.channel < b.channel ? -1 : 1)
  );
  const best = evidence === "clear" ? byRate[0] : undefined;
  const worst = evidence === "clear" ? byRate[byRate.length - 1] : undefined;
  const timed = rows.filter((r) => r.median_resolution_hours !== null).sort((a, b) =>
    a.median_resolution_hours! - b.median_resolution_hours! || (a.channel < b.channel ? -1 : 1)
  );
  const rated = rows.filter((r) => r.rated >= 20 && r.mean_satisfaction !== null).sort((a, b) =>
    b.mean_satisfaction! - a.mean_satisfaction! || (a.channel < b.channel ? -1 : 1)
  );
  return {
    interactions,
    channels: rows.length,
    resolved,
    overallRate: interactions === 0 ? NaN : resolved / interactions,
    evidence,
    p: Number.isNaN(test.p) ? null : test.p,
    statistic: Number.isNaN(test.statistic) ? null : test.statistic,
    df: test.df,
    smallExpected: test.smallExpected,
    bestChannel: best?.channel ?? null,
    bestRate: best?.resolution_rate ?? null,
    worstChannel: worst?.channel ?? null,
    worstRate: worst?.resolution_rate ?? null,
    rateSpread: byRate.length === 0
      ? 0
      : byRate[0]!.resolution_rate - byRate[byRate.length - 1]!.resolution_rate,
    fastestChannel: timed[0]?.channel ?? null,
    fastestHours: timed[0]?.median_resolution_hours ?? null,
    mostSatisfiedChannel: rated[0]?.channel ?? null,
  };
}
