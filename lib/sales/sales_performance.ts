import type { Db } from "../db/mod.ts";
import { exactSum, quoteIdent, quoteLiteral } from "../db/mod.ts";
import { chiSquareTest, wilsonInterval } from "../stats/mod.ts";
import { parseTargetPeriod } from "./target_period.ts";

/** How strongly the data support a difference. */
export type SalesEvidence = "clear" | "none" | "too-few";

/** One row of `sales_reps.csv`. */
export interface SalesRepRow {
  readonly rep: string;
  readonly manager: string | null;
  readonly region: string | null;
  readonly deals: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  /** won / (won + lost); null without closed deals. */
  readonly win_rate: number | null;
  readonly won_value: number;
  /** Sum of the rep's targets; null without targets. */
  readonly target: number | null;
  /** Won value in the target periods / target; null without targets. */
  readonly attainment: number | null;
}

/** Column order of `sales_reps.csv`. */
export const SALES_REP_COLUMNS = [
  "rep",
  "manager",
  "region",
  "deals",
  "won",
  "lost",
  "open",
  "win_rate",
  "won_value",
  "target",
  "attainment",
] as const satisfies readonly (keyof SalesRepRow)[];

/** One row of `sales_regions.csv` (and of the manager table, with `group` the manager). */
export interface SalesGroupRow {
  readonly group: string;
  readonly reps: number;
  readonly deals: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  readonly win_rate: number | null;
  /** Wilson 95% interval of the win rate. */
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  readonly won_value: number;
  readonly target: number | null;
  readonly attainment: number | null;
}

/** Column order of `sales_regions.csv` (`group` written as `region`). */
export const SALES_REGION_COLUMNS = [
  "region",
  "reps",
  "deals",
  "won",
  "lost",
  "open",
  "win_rate",
  "ci_low",
  "ci_high",
  "won_value",
  "target",
  "attainment",
] as const satisfies readonly (keyof SalesRegionRow)[];

/** Closed deals by close month. */
export interface SalesMonthRow {
  readonly month: string;
  readonly won: number;
  readonly lost: number;
  readonly win_rate: number | null;
  readonly won_value: number;
}

/** A rep in a ranking, with the deals the rank rests on. */
export interface RankedRep {
  readonly rep: string;
  readonly region: string | null;
  readonly winRate: number;
  /** Closed deals (won + lost) the win rate rests on. */
  readonly closed: number;
  readonly attainment: number | null;
}

/** Facts about sales performance. */
export interface SalesFacts {
  readonly reps: number;
  readonly deals: number;
  readonly closed: number;
  readonly winRate: number | null;
  readonly wonValue: number;
  /** Reps ranked by win rate among those with at least `minDeals` closed deals. */
  readonly topReps: readonly RankedRep[];
  readonly bottomReps: readonly RankedRep[];
  /** Reps left out of the ranking for too few closed deals. */
  readonly unrankedReps: number;
  readonly minDeals: number;
  readonly hasTargets: boolean;
  /** Reps whose attainment is at least 1, highest first. */
  readonly repsAboveTarget: readonly RankedRep[];
  readonly repsWithTarget: number;
  /** Chi-square test of region against won/lost. */
  readonly regionEvidence: SalesEvidence;
  readonly regionP: number | null;
  /** The region with the lowest win rate, only when the evidence is clear. */
  readonly laggingRegion: string | null;
  readonly laggingWinRate: number | null;
  /** Win rate of the lagging region minus the overall rate (negative). */
  readonly laggingGap: number | null;
  readonly repsWithoutDeals: readonly string[];
}

/** Result of {@linkcode salesPerformance}. */
export interface SalesPerformance {
  /** Reps by region, manager and name. */
  readonly reps: readonly SalesRepRow[];
  readonly managers: readonly SalesGroupRow[];
  readonly regions: readonly SalesGroupRow[];
  readonly months: readonly SalesMonthRow[];
  /** Stage values counted as won, lost and open, with their deals. */
  readonly stages: readonly {
    readonly stage: string;
    readonly outcome: "won" | "lost" | "open";
    readonly deals: number;
  }[];
  /** Target periods that could not be read (their targets are left out). */
  readonly unreadPeriods: readonly string[];
  readonly facts: SalesFacts;
}

/** Options for {@linkcode salesPerformance}. */
export interface SalesPerformanceOptions {
  /** @default {"crm_pipeline"} */
  pipeline?: string;
  /** Team table (reps without deals are shown). @default {"crm_sales_team"} */
  team?: string;
  /** Targets table (rep or region, period, target). @default {"crm_targets"} */
  targets?: string;
  /** Stages counted as won (case-insensitive). @default {["won", "closed won"]} */
  wonStages?: readonly string[];
  /** Stages counted as lost. @default {["lost", "closed lost"]} */
  lostStages?: readonly string[];
  /** Fewest closed deals for a rep to be ranked. @default {20} */
  minDeals?: number;
  /** How many reps the top and bottom lists hold. @default {3} */
  topN?: number;
  /** Significance level of the region test. @default {0.05} */
  alpha?: number;
}

/**
 * Sales-team performance from the pipeline: per rep, manager and region the deals, won, lost
 * and open, win rate `won / (won + lost)`, won value, and with targets the target and
 * attainment (won value of deals closed within the target periods / target). Reps of the team
 * without deals are shown with zeros; deals of reps missing from the team keep their rep with no
 * manager or region. Targets come from the targets table (rows per rep; rows per region give
 * the region's target), else from a `target` column of the team table (one period: all time).
 *
 * @param db The database with the validated tables.
 * @param options Tables, stage names and ranking thresholds.
 *
 * @example Attainment by hand: 300 won in 2024-Q1 against a target of 250 is 1.2
 * ```ts
 * import { salesPerformance } from "./sales_performance.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table crm_pipeline as select * from (values
 *   ('O1', 'Ann', 'Won', timestamp '2024-02-01', 300.0), ('O2', 'Ann', 'Lost', timestamp '2024-02-03', 0.0),
 *   ('O3', 'Ann', 'Won', timestamp '2024-05-01', 100.0), ('O4', 'Ann', 'Engaging', null, null)
 * ) t(opportunity_id, rep, stage, close_date, close_value)`);
 * await db.run(`create table crm_targets as select 'Ann' as rep, null::varchar as region, '2024-Q1' as period, 250.0 as target`);
 * const s = await salesPerformance(db);
 * const ann = s.reps[0]!;
 * equal(ann.win_rate, 2 / 3);
 * equal(ann.won_value, 400);
 * equal(ann.attainment, 1.2);
 * db.close();
 * ```
 */
export async function salesPerformance(
  db: Db,
  options: SalesPerformanceOptions = {},
): Promise<SalesPerformance> {
  const {
    pipeline = "crm_pipeline",
    team = "crm_sales_team",
    targets = "crm_targets",
    wonStages = ["won", "closed won"],
    lostStages = ["lost", "closed lost"],
    minDeals = 20,
    topN = 3,
    alpha = 0.05,
  } = options;
  const columnsOf = async (t: string): Promise<string[] | undefined> => {
    try {
      return (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(t)}`)).map((r) =>
        r.column_name
      );
    } catch {
      return undefined;
    }
  };
  const teamCols = await columnsOf(team);
  const targetCols = await columnsOf(targets);
  const pipeCols = (await columnsOf(pipeline)) ?? [];
  const list = (xs: readonly string[]) => xs.map((s) => quoteLiteral(s.toLowerCase())).join(", ");
  const outcome = `CASE WHEN lower(trim(stage)) IN (${list(wonStages)}) THEN 'won'
    WHEN lower(trim(stage)) IN (${list(lostStages)}) THEN 'lost' ELSE 'open' END`;
  const value = pipeCols.includes("close_value") ? "coalesce(close_value, 0)" : "0";
  const closeDate = pipeCols.includes("close_date") ? "close_date" : "CAST(NULL AS TIMESTAMP)";
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __sales_deals AS SELECT rep, ${outcome} AS outcome,
       CASE WHEN ${outcome} = 'won' THEN ${value} ELSE 0 END AS value, ${closeDate} AS close_date, stage
     FROM ${quoteIdent(pipeline)} WHERE rep IS NOT NULL`,
  );
  const teamSql = teamCols === undefined
    ? `SELECT NULL::VARCHAR AS rep, NULL::VARCHAR AS manager, NULL::VARCHAR AS region WHERE false`
    : `SELECT rep, ${teamCols.includes("manager") ? "manager" : "NULL::VARCHAR"} AS manager, ${
      teamCols.includes("region") ? "region" : "NULL::VARCHAR"
    } AS region FROM ${quoteIdent(team)}`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __sales_reps AS
     SELECT rep, manager, region FROM (${teamSql})
     UNION ALL SELECT DISTINCT rep, NULL, NULL FROM __sales_deals WHERE rep NOT IN (SELECT rep FROM (${teamSql}))`,
  );

  // Targets as ranges.
  const unreadPeriods: string[] = [];
  const targetRows: {
    rep: string | null;
    region: string | null;
    start: string;
    end: string;
    target: number;
  }[] = [];
  if (targetCols !== undefined && targetCols.includes("target")) {
    const raw = await db.all<
      { rep: string | null; region: string | null; period: string | null; target: number | null }
    >(
      `SELECT ${targetCols.includes("rep") ? "rep" : "NULL"} AS rep, ${
        targetCols.includes("region") ? "region" : "NULL"
      } AS region, period, target FROM ${quoteIdent(targets)} ORDER BY ${
        targetCols.includes("row_number") ? "row_number" : "ALL"
      }`,
    );
    for (const r of raw) {
      if (r.target === null || r.period === null) continue;
      const p = parseTargetPeriod(r.period);
      if (p === undefined) {
        if (!unreadPeriods.includes(r.period)) unreadPeriods.push(r.period);
        continue;
      }
      targetRows.push({
        rep: r.rep,
        region: r.region,
        start: p.start,
        end: p.end,
        target: r.target,
      });
    }
  } else if (teamCols?.includes("target")) {
    for (
      const r of await db.all<{ rep: string; target: number | null }>(
        `SELECT rep, target FROM ${quoteIdent(team)} WHERE target IS NOT NULL ORDER BY ${
          teamCols.includes("row_number") ? "row_number" : "ALL"
        }`,
      )
    ) {
      targetRows.push({
        rep: r.rep,
        region: null,
        start: "0001-01-01",
        end: "9999-01-01",
        target: r.target!,
      });
    }
  }
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __sales_targets (rep VARCHAR, region VARCHAR, start_day DATE, end_day DATE, target DOUBLE)`,
  );
  for (const t of targetRows) {
    await db.run(`INSERT INTO __sales_targets VALUES (?, ?, ?::DATE, ?::DATE, ?)`, [
      t.rep,
      t.region,
      t.start,
      t.end,
      t.target,
    ]);
  }
  const hasTargets = targetRows.length > 0;

  const repRows = await db.all<SalesRepRow>(
    `WITH d AS (
       SELECT r.rep, r.manager, r.region, count(s.rep) AS deals,
         count(*) FILTER (WHERE s.outcome = 'won') AS won, count(*) FILTER (WHERE s.outcome = 'lost') AS lost,
         count(*) FILTER (WHERE s.outcome = 'open') AS open,
         coalesce(${exactSum("s.value")}, 0) AS won_value
       FROM __sales_reps r LEFT JOIN __sales_deals s USING (rep) GROUP BY ALL),
     t AS (
       SELECT t.rep, ${exactSum("t.target")} AS target, CAST(sum((SELECT coalesce(${
      exactSum("value", { decimal: true })
    }, 0) FROM __sales_deals s
         WHERE s.rep = t.rep AND s.close_date >= t.start_day AND s.close_date < t.end_day)) AS DOUBLE)
         AS won_in_periods
       FROM __sales_targets t WHERE t.rep IS NOT NULL GROUP BY t.rep)
     SELECT d.rep, d.manager, d.region, d.deals, d.won, d.lost, d.open,
       CASE WHEN d.won + d.lost > 0 THEN d.won / (d.won + d.lost) END AS win_rate, d.won_value,
       t.target, CASE WHEN t.target > 0 THEN t.won_in_periods / t.target END AS attainment
     FROM d LEFT JOIN t USING (rep)
     ORDER BY d.region NULLS LAST, d.manager NULLS LAST, d.rep`,
  );
  const regionTargets = await db.all<{ region: string; target: number; won: number }>(
    `SELECT t.region, ${exactSum("t.target")} AS target, CAST(sum((SELECT coalesce(${
      exactSum("s.value", { decimal: true })
    }, 0) FROM __sales_deals s
       JOIN __sales_reps r USING (rep) WHERE r.region = t.region AND s.close_date >= t.start_day AND s.close_date < t.end_day)) AS DOUBLE) AS won
     FROM __sales_targets t WHERE t.rep IS NULL AND t.region IS NOT NULL GROUP BY t.region
     ORDER BY t.region`,
  );
  const group = (
    key: (r: SalesRepRow) => string | null,
    useRegionTargets: boolean,
  ): SalesGroupRow[] => {
    const groups = new Map<string, SalesRepRow[]>();
    for (const r of repRows) {
      const k = key(r);
      if (k === null) continue;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([g, rs]) => {
      const won = rs.reduce((a, r) => a + r.won, 0);
      const lost = rs.reduce((a, r) => a + r.lost, 0);
      const ci = won + lost > 0 ? wilsonInterval(won, won + lost) : undefined;
      const own = useRegionTargets ? regionTargets.find((t) => t.region === g) : undefined;
      const withTarget = rs.filter((r) => r.target !== null && r.attainment !== null);
      const target = own?.target ??
        (withTarget.length > 0 ? withTarget.reduce((a, r) => a + r.target!, 0) : null);
      const wonInPeriods = own?.won ??
        withTarget.reduce((a, r) => a + r.attainment! * r.target!, 0);
      return {
        group: g,
        reps: rs.length,
        deals: rs.reduce((a, r) => a + r.deals, 0),
        won,
        lost,
        open: rs.reduce((a, r) => a + r.open, 0),
        win_rate: ci?.estimate ?? null,
        ci_low: ci?.low ?? null,
        ci_high: ci?.high ?? null,
        won_value: rs.reduce((a, r) => a + r.won_value, 0),
        target,
        attainment: target !== null && target > 0 ? wonInPeriods / target : null,
      };
    });
  };
  const regions = group((r) => r.region, true);
  const managers = group((r) => r.manager, false);
  const months = await db.all<SalesMonthRow>(
    `SELECT strftime(close_date, '%Y-%m') AS month, count(*) FILTER (WHERE outcome = 'won') AS won,
       count(*) FILTER (WHERE outcome = 'lost') AS lost,
       CASE WHEN count(*) > 0 THEN count(*) FILTER (WHERE outcome = 'won') / count(*) END AS win_rate,
       ${exactSum("value")} AS won_value
     FROM __sales_deals WHERE outcome <> 'open' AND close_date IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const stages = await db.all<{ stage: string; outcome: "won" | "lost" | "open"; deals: number }>(
    `SELECT stage, outcome, count(*) AS deals FROM __sales_deals GROUP BY ALL ORDER BY deals DESC, stage`,
  );
  for (const t of ["__sales_deals", "__sales_reps", "__sales_targets"]) {
    await db.run(`DROP TABLE ${t}`);
  }
  return {
    reps: repRows,
    managers,
    regions,
    months,
    stages,
    unreadPeriods,
    facts: salesFacts(repRows, regions, { minDeals, topN, alpha, hasTargets }),
  };
}

/**
 * Facts from the rep and region rows: rankings by win rate among reps with at least `minDeals`
 * closed deals (each with the deals it rests on), reps at or above target, and the region gap,
 * named only when a chi-square test of region against won/lost supports it.
 *
 * @example
 * ```ts
 * import { salesFacts } from "./sales_performance.ts";
 * import { equal } from "node:assert/strict";
 * const rep = (rep: string, region: string, won: number, lost: number) => ({ rep, manager: null, region, deals: won + lost,
 *   won, lost, open: 0, win_rate: won / (won + lost), won_value: won, target: null, attainment: null });
 * const region = (group: string, won: number, lost: number) => ({ group, reps: 1, deals: won + lost, won, lost, open: 0,
 *   win_rate: won / (won + lost), ci_low: null, ci_high: null, won_value: won, target: null, attainment: null });
 * const f = salesFacts([rep("A", "East", 20, 80), rep("B", "West", 60, 40)], [region("East", 20, 80), region("West", 60, 40)]);
 * equal(f.laggingRegion, "East");
 * equal(f.topReps[0]!.rep, "B");
 * equal(f.topReps[0]!.closed, 100);
 * ```
 */
export function salesFacts(
  reps: readonly SalesRepRow[],
  regions: readonly SalesGroupRow[],
  options: { minDeals?: number; topN?: number; alpha?: number; hasTargets?: boolean } = {},
): SalesFacts {
  const { minDeals = 20, topN = 3, alpha = 0.05 } = options;
  const hasTargets = options.hasTargets ?? reps.some((r) => r.target !== null);
  const rank = (r: SalesRepRow): RankedRep => ({
    rep: r.rep,
    region: r.region,
    winRate: r.win_rate ?? NaN,
    closed: r.won + r.lost,
    attainment: r.attainment,
  });
  const ranked = reps.filter((r) => r.won + r.lost >= minDeals && r.win_rate !== null)
    .sort((a, b) => b.win_rate! - a.win_rate! || (a.rep < b.rep ? -1 : 1)).map(rank);
  const n = Math.min(topN, Math.floor(ranked.length / 2));
  const won = reps.reduce((a, r) => a + r.won, 0);
  const lost = reps.reduce((a, r) => a + r.lost, 0);
  const winRate = won + lost > 0 ? won / (won + lost) : null;
  const test = chiSquareTest(regions.map((g) => [g.won, g.lost]));
  const evidence: SalesEvidence = won + lost < 30 || test.df === 0 || test.smallExpected
    ? "too-few"
    : test.p < alpha
    ? "clear"
    : "none";
  const lagging = evidence === "clear"
    ? [...regions].filter((g) => g.win_rate !== null).sort((a, b) =>
      a.win_rate! - b.win_rate! || (a.group < b.group ? -1 : 1)
    )[0]
    : undefined;
  const withTarget = reps.filter((r) => r.attainment !== null);
  return {
    reps: reps.length,
    deals: reps.reduce((a, r) => a + r.deals, 0),
    closed: won + lost,
    winRate,
    wonValue: reps.reduce((a, r) => a + r.won_value, 0),
    topReps: ranked.slice(0, n),
    bottomReps: n > 0 ? ranked.slice(-n).reverse() : [],
    unrankedReps: reps.length - ranked.length,
    minDeals,
    hasTargets,
    repsAboveTarget: withTarget.filter((r) => r.attainment! >= 1).sort((a, b) =>
      b.attainment! - a.attainment! || (a.rep < b.rep ? -1 : 1)
    ).map(rank),
    repsWithTarget: withTarget.length,
    regionEvidence: evidence,
    regionP: Number.isNaN(test.p) ? null : test.p,
    laggingRegion: lagging?.group ?? null,
    laggingWinRate: lagging?.win_rate ?? null,
    laggingGap: lagging !== undefined && winRate !== null ? lagging.win_rate! - winRate : null,
    repsWithoutDeals: reps.filter((r) => r.deals === 0).map((r) => r.rep).sort(),
  };
}

/** One row of `sales_regions.csv`. */
export type SalesRegionRow = Omit<SalesGroupRow, "group"> & { readonly region: string };

/**
 * The region rows as written to `sales_regions.csv` (`group` named `region`).
 *
 * @example
 * ```ts
 * import { salesRegionRows } from "./sales_performance.ts";
 * import { equal } from "node:assert/strict";
 * const [row] = salesRegionRows([{ group: "East", reps: 1, deals: 2, won: 1, lost: 1, open: 0, win_rate: 0.5,
 *   ci_low: 0.1, ci_high: 0.9, won_value: 10, target: null, attainment: null }]);
 * equal(row!.region, "East");
 * ```
 */
export function salesRegionRows(regions: readonly SalesGroupRow[]): SalesRegionRow[] {
  return regions.map(({ group, ...rest }) => ({ region: group, ...rest }));
}
