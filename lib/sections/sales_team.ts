/**
 * Sales team performance: deals, win rate (won / (won + lost)) and won value per rep, manager
 * and region; target attainment where targets exist; top and bottom performers among reps with
 * enough closed deals (each ranking says how many deals it rests on); the region gap, named only
 * when a chi-square test of region against won/lost supports it; the trend by close month.
 *
 * {@linkcode salesTeamFacts} computes the numbers; {@linkcode salesTeamFindings},
 * {@linkcode salesTeamRecommendations} and {@linkcode salesTeamLead} word them;
 * {@linkcode salesTeamBlocks} assembles the charts and tables.
 *
 * @module
 */
import { intervalDots, targetAttainment, winTrend } from "../charts/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import type { RankedRep, SalesFacts, SalesGroupRow, SalesPerformance } from "../sales/mod.ts";
import { salesRegionRows } from "../sales/mod.ts";
import { plural } from "./_blocks.ts";

/** Attainment from which a target looks set too low (worth a review, not only a bonus). */
export const HIGH_ATTAINMENT = 1.3;

/** The numbers and flags the sales-team words read. */
export interface SalesTeamFacts {
  readonly sales: SalesFacts;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  /** The lagging region's row (only when the test supports a gap). */
  readonly lagging: SalesGroupRow | null;
  /** The best region by win rate (descriptive). */
  readonly bestRegion: SalesGroupRow | null;
  readonly regions: number;
  /** Close months, first and last, and the best month by won value. */
  readonly months: number;
  readonly firstMonth: string | null;
  readonly lastMonth: string | null;
  readonly bestMonth: { readonly month: string; readonly wonValue: number } | null;
  /** Stage values counted as won, lost and open. */
  readonly stages: SalesPerformance["stages"];
  readonly unreadPeriods: readonly string[];
}

/**
 * The sales-team facts of a sales performance analysis.
 *
 * @example
 * ```ts
 * import { salesTeamFacts } from "./sales_team.ts";
 * import { exampleSales } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = salesTeamFacts(exampleSales());
 * equal(f.lagging?.group, "East");
 * equal(f.won, 120);
 * ```
 */
export function salesTeamFacts(s: SalesPerformance): SalesTeamFacts {
  const f = s.facts;
  const sum = (k: "won" | "lost" | "open") => s.reps.reduce((a, r) => a + r[k], 0);
  const byRate = s.regions.filter((g) => g.win_rate !== null).sort((a, b) =>
    b.win_rate! - a.win_rate! || (a.group < b.group ? -1 : 1)
  );
  const best =
    [...s.months].sort((a, b) => b.won_value - a.won_value || (a.month < b.month ? -1 : 1))[0];
  return {
    sales: f,
    won: sum("won"),
    lost: sum("lost"),
    open: sum("open"),
    lagging: s.regions.find((g) => g.group === f.laggingRegion) ?? null,
    bestRegion: byRate.length > 1 ? byRate[0]! : null,
    regions: s.regions.length,
    months: s.months.length,
    firstMonth: s.months[0]?.month ?? null,
    lastMonth: s.months.at(-1)?.month ?? null,
    bestMonth: best ? { month: best.month, wonValue: best.won_value } : null,
    stages: s.stages,
    unreadPeriods: s.unreadPeriods,
  };
}

function p(fmt: Format, value: number | null): string {
  return value === null
    ? "p not available"
    : value < 0.001
    ? "p < 0.001"
    : `p = ${fmt.number(value, value < 0.01 ? 3 : 2)}`;
}

function ranked(fmt: Format, reps: readonly RankedRep[]): string {
  return reps.map((r) => `${r.rep} ${fmt.percent(r.winRate)} of ${fmt.int(r.closed)} closed deals`)
    .join(", ");
}

/**
 * The sales-team findings: `overview`, `stages`, `top-reps`, `bottom-reps`, `unranked`,
 * `region-gap` or `no-region-gap`, `targets`, `trend`, `reps-without-deals`, `unread-periods`.
 *
 * @example Rankings say how many deals they rest on
 * ```ts
 * import { salesTeamFacts, salesTeamFindings } from "./sales_team.ts";
 * import { exampleSales } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const words = salesTeamFindings(salesTeamFacts(exampleSales()), createFormat());
 * match(words.find((s) => s.id === "top-reps")!.text, /Ann 80.0% of 50 closed deals/);
 * ```
 */
export function salesTeamFindings(f: SalesTeamFacts, fmt: Format): Statement[] {
  const s = f.sales;
  const stageList = (o: "won" | "lost" | "open") =>
    f.stages.filter((x) => x.outcome === o).map((x) => `${x.stage} ${fmt.int(x.deals)}`).join(", ");
  const ranked_ = s.reps - s.unrankedReps;
  return statements({
    overview: `${fmt.int(s.deals)} ${plural(s.deals, "deal")} by ${fmt.int(s.reps)} ${
      plural(s.reps, "rep")
    }: ${fmt.int(f.won)} won, ${fmt.int(f.lost)} lost, ${fmt.int(f.open)} open; win rate ${
      s.winRate === null ? "–" : fmt.percent(s.winRate)
    } (won / (won + lost)), won value ${fmt.money(s.wonValue)}.`,
    stages: f.stages.length > 0
      ? `Stages counted as won: ${stageList("won") || "none"}; lost: ${
        stageList("lost") || "none"
      }; open: ${stageList("open") || "none"}.`
      : null,
    "top-reps": s.topReps.length > 0
      ? `Highest win rates among the ${fmt.int(ranked_)} reps with at least ${
        fmt.int(s.minDeals)
      } closed deals: ${ranked(fmt, s.topReps)}.`
      : null,
    "bottom-reps": s.bottomReps.length > 0
      ? `Lowest win rates: ${ranked(fmt, s.bottomReps)}.`
      : null,
    unranked: s.unrankedReps > 0
      ? `${fmt.int(s.unrankedReps)} ${plural(s.unrankedReps, "rep has", "reps have")} fewer than ${
        fmt.int(s.minDeals)
      } closed deals and ${
        plural(s.unrankedReps, "is", "are")
      } not ranked (--min-deals changes the threshold).`
      : null,
    "region-gap": s.regionEvidence === "clear" && f.lagging !== null && f.lagging.win_rate !== null
      ? `${f.lagging.group} lags: win rate ${fmt.percent(f.lagging.win_rate)} (95% CI ${
        fmt.percent(f.lagging.ci_low!)
      } to ${fmt.percent(f.lagging.ci_high!)}, ${
        fmt.int(f.lagging.won + f.lagging.lost)
      } closed deals) against ${fmt.percent(s.winRate!)} overall, ${
        fmt.number(Math.abs(s.laggingGap! * 100), 1)
      } points below; a chi-square test of region against won/lost supports the gap (${
        p(fmt, s.regionP)
      }).`
      : null,
    "no-region-gap": s.regionEvidence === "none"
      ? `Win rates of the ${fmt.int(f.regions)} regions show no clear difference (chi-square ${
        p(fmt, s.regionP)
      }).`
      : s.regionEvidence === "too-few" && f.regions > 1
      ? `Too few closed deals to compare regions (${fmt.int(s.closed)}).`
      : null,
    targets: s.hasTargets
      ? `${fmt.int(s.repsAboveTarget.length)} of ${
        fmt.int(s.repsWithTarget)
      } reps with targets are at or above target${
        s.repsAboveTarget.length > 0
          ? `: ${
            s.repsAboveTarget.map((r) => `${r.rep} ${fmt.percent(r.attainment!, 0)}`).join(", ")
          }`
          : ""
      }.`
      : null,
    trend: f.firstMonth !== null && f.lastMonth !== null && f.bestMonth !== null
      ? `Deals closed from ${fmt.month(f.firstMonth)} to ${
        fmt.month(f.lastMonth)
      }; the best month for won value was ${fmt.month(f.bestMonth.month)} (${
        fmt.money(f.bestMonth.wonValue)
      }).`
      : null,
    "reps-without-deals": s.repsWithoutDeals.length > 0
      ? `${fmt.int(s.repsWithoutDeals.length)} ${
        plural(s.repsWithoutDeals.length, "rep")
      } in the team ${plural(s.repsWithoutDeals.length, "has", "have")} no deals: ${
        s.repsWithoutDeals.join(", ")
      }.`
      : null,
    "unread-periods": f.unreadPeriods.length > 0
      ? `Targets with periods that could not be read were left out: ${
        f.unreadPeriods.map((x) => `"${x}"`).join(", ")
      } (write 2024, 2024-Q3 or 2024-07).`
      : null,
  });
}

/**
 * The sales-team recommendations: `coach-region` (a lagging region the test supports),
 * `coach-bottom` (ranked reps at the bottom), `review-targets` (attainment of 130% or more),
 * `assign-deals` (reps without deals).
 *
 * @example No clear region gap: no region advice
 * ```ts
 * import { salesTeamFacts, salesTeamRecommendations } from "./sales_team.ts";
 * import { exampleSales } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal } from "node:assert/strict";
 * const f = salesTeamFacts(exampleSales());
 * const ids = salesTeamRecommendations({ ...f, lagging: null, sales: { ...f.sales, regionEvidence: "none", laggingRegion: null } }, createFormat()).map((s) => s.id);
 * equal(ids.includes("coach-region"), false);
 * ```
 */
export function salesTeamRecommendations(f: SalesTeamFacts, fmt: Format): Statement[] {
  const s = f.sales;
  const high = s.repsAboveTarget.filter((r) => r.attainment! >= HIGH_ATTAINMENT);
  return statements({
    "coach-region":
      s.regionEvidence === "clear" && f.lagging !== null && f.lagging.win_rate !== null
        ? `Review ${f.lagging.group}'s pipeline deal by deal: its win rate is ${
          fmt.number(Math.abs(s.laggingGap! * 100), 1)
        } points below the company's${
          f.bestRegion !== null && f.bestRegion.group !== f.lagging.group
            ? `; pair its reps with ${f.bestRegion.group}'s (${
              fmt.percent(f.bestRegion.win_rate!)
            })`
            : ""
        }.`
        : null,
    "coach-bottom": s.bottomReps.length > 0
      ? `Coach the lowest win rates first (${
        s.bottomReps.map((r) => `${r.rep}, ${fmt.int(r.closed)} closed deals`).join("; ")
      }): each rests on at least ${
        fmt.int(s.minDeals)
      } closed deals, so the gap is not a few unlucky deals.`
      : null,
    "review-targets": high.length > 0
      ? `Check the targets of ${
        high.map((r) => `${r.rep} (${fmt.percent(r.attainment!, 0)})`).join(", ")
      }: attainment this far above 100% often means a target set too low, not only a strong rep.`
      : null,
    "assign-deals": s.repsWithoutDeals.length > 0
      ? `Give ${s.repsWithoutDeals.join(", ")} deals or take them off the team table.`
      : null,
  });
}

/** The sales-team section's one-sentence answer. */
export function salesTeamLead(f: SalesTeamFacts, fmt: Format): string {
  const s = f.sales;
  return `${fmt.int(s.deals)} deals, win rate ${
    s.winRate === null ? "–" : fmt.percent(s.winRate)
  }, won value ${fmt.money(s.wonValue)}; ${
    f.lagging !== null
      ? `${f.lagging.group} lags (${fmt.percent(f.lagging.win_rate!)}).`
      : "no region clearly lags."
  }${
    s.hasTargets
      ? ` ${fmt.int(s.repsAboveTarget.length)} of ${
        fmt.int(s.repsWithTarget)
      } reps at or above target.`
      : ""
  }`;
}

/** The sales-team evidence: key figures, region and rep win rates, attainment, trend, tables. */
export function salesTeamBlocks(sp: SalesPerformance, f: SalesTeamFacts, fmt: Format): Block[] {
  const s = f.sales;
  const rankedReps = sp.reps.filter((r) => r.won + r.lost >= s.minDeals && r.win_rate !== null);
  const withTarget = sp.reps.filter((r) => r.attainment !== null && r.target !== null);
  return [
    {
      kind: "kpis",
      id: "sales-team.kpis",
      items: [
        { label: "Deals", value: fmt.int(s.deals) },
        { label: "Won", value: fmt.int(f.won) },
        { label: "Win rate", value: s.winRate === null ? "–" : fmt.percent(s.winRate) },
        { label: "Won value", value: fmt.money(s.wonValue) },
        { label: "Reps", value: fmt.int(s.reps) },
        ...(s.hasTargets
          ? [{
            label: "At or above target",
            value: `${fmt.int(s.repsAboveTarget.length)} / ${fmt.int(s.repsWithTarget)}`,
          }]
          : []),
      ],
    },
    ...(sp.regions.length > 0
      ? [{
        kind: "chart" as const,
        id: "sales-team.regions",
        spec: intervalDots(
          sp.regions.filter((g) => g.win_rate !== null).map((g) => ({
            label: g.group,
            estimate: g.win_rate!,
            low: g.ci_low,
            high: g.ci_high,
            n: g.won + g.lost,
            highlight: g.group === s.laggingRegion,
          })),
          {
            title: "Win rate by region",
            subtitle: s.regionEvidence === "clear" && f.lagging !== null
              ? `${f.lagging.group} lags (chi-square ${p(fmt, s.regionP)})`
              : s.regionEvidence === "none"
              ? `No clear difference between regions (chi-square ${p(fmt, s.regionP)})`
              : "Too few closed deals to compare regions",
            reference: s.winRate ?? undefined,
            referenceLabel: "the overall win rate",
            xLabel: "Won / (won + lost)",
            format: fmt,
          },
        ),
      }]
      : []),
    ...(rankedReps.length > 0
      ? [{
        kind: "chart" as const,
        id: "sales-team.reps",
        spec: intervalDots(
          rankedReps.map((r) => ({
            label: r.rep,
            estimate: r.win_rate!,
            low: null,
            high: null,
            n: r.won + r.lost,
          })),
          {
            title: `Win rate by rep (at least ${fmt.int(s.minDeals)} closed deals)`,
            caption:
              `Each dot is a rep's won / (won + lost); n is the closed deals it rests on; the dashed line is the overall win rate. ${
                fmt.int(s.unrankedReps)
              } reps with fewer closed deals are not shown.`,
            reference: s.winRate ?? undefined,
            referenceLabel: "the overall win rate",
            xLabel: "Win rate",
            format: fmt,
          },
        ),
      }]
      : []),
    ...(withTarget.length > 0
      ? [{
        kind: "chart" as const,
        id: "sales-team.attainment",
        spec: targetAttainment(
          withTarget.map((r) => ({ label: r.rep, attainment: r.attainment!, target: r.target! })),
          { format: fmt },
        ),
      }]
      : []),
    ...(sp.months.length > 0
      ? [{
        kind: "chart" as const,
        id: "sales-team.trend",
        spec: winTrend(sp.months, { format: fmt }),
      }]
      : []),
    {
      kind: "table",
      id: "sales-team.reps-table",
      title: "Reps",
      file: "sales_reps.csv",
      limit: 40,
      columns: [
        { key: "rep", format: "text" },
        { key: "manager", format: "text" },
        { key: "region", format: "text" },
        { key: "deals", format: "int" },
        { key: "won", format: "int" },
        { key: "lost", format: "int" },
        { key: "open", format: "int" },
        { key: "win_rate", label: "win rate", format: "percent" },
        { key: "won_value", label: "won value", format: "money" },
        { key: "target", format: "money" },
        { key: "attainment", format: "percent" },
      ],
      rows: sp.reps as unknown as Record<string, unknown>[],
    },
    {
      kind: "table",
      id: "sales-team.regions-table",
      title: "Regions",
      file: "sales_regions.csv",
      columns: [
        { key: "region", format: "text" },
        { key: "reps", format: "int" },
        { key: "deals", format: "int" },
        { key: "won", format: "int" },
        { key: "lost", format: "int" },
        { key: "win_rate", label: "win rate", format: "percent" },
        { key: "ci_low", label: "95% low", format: "percent" },
        { key: "ci_high", label: "95% high", format: "percent" },
        { key: "won_value", label: "won value", format: "money" },
        { key: "attainment", format: "percent" },
      ],
      rows: salesRegionRows(sp.regions) as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The sales-team section: facts, then words, then evidence.
 *
 * @param sp The sales performance of lib/sales.
 * @param fmt The report's formatter.
 */
export function salesTeamSection(sp: SalesPerformance, fmt: Format): Section {
  const facts = salesTeamFacts(sp);
  return {
    id: "sales-team",
    title: "Sales team",
    lead: salesTeamLead(facts, fmt),
    findings: salesTeamFindings(facts, fmt),
    recommendations: salesTeamRecommendations(facts, fmt),
    blocks: salesTeamBlocks(sp, facts, fmt),
  };
}
