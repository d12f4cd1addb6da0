/**
 * The cohorts section: monthly acquisition cohorts, how many come back in each later month
 * (retention heatmap), the typical month-1, month-3 and month-6 retention, the best and worst
 * cohorts, and revenue per customer by cohort.
 *
 * @module
 */
import { cohortRetention } from "../charts/mod.ts";
import type { CohortCell, CohortSummaryRow } from "../cohort/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { monthAfter } from "../util/months.ts";
import type { PartialMonths } from "../eda/mod.ts";
import { DEFAULT_GUARDS, type Guards } from "./guards.ts";

/** What the cohorts section reads: lib/cohort results and the edges of the data. */
export interface CohortsInput {
  readonly cells: readonly CohortCell[];
  readonly totals: readonly CohortSummaryRow[];
  /**
   * The partial months at the edges of the data (lib/eda `partialMonths`): a cohort's month
   * that falls in one is shown but not compared or averaged. @default {none}
   */
  readonly partial?: PartialMonths;
}

/** Ratio of best to worst month-3 retention from which the best cohort is worth studying. */
export const COHORT_CONTRAST = 1.5;

/**
 * The cells that can be compared: not in a partial month of the data (a month the export
 * covers only partly makes retention look lower than it is).
 */
function comparable(cells: readonly CohortCell[], partial?: PartialMonths): CohortCell[] {
  const skip = new Set([partial?.first, partial?.last].filter((x): x is string => !!x));
  return cells.filter((c) => !skip.has(monthAfter(c.cohort, c.period)));
}

/**
 * Customer-weighted mean retention at `period` over the cohorts observed that long (a cohort
 * is observed at period k when the data reaches its k-th month), or `null` when none is.
 *
 * @example
 * ```ts
 * import { retentionAt } from "./cohorts.ts";
 * import { equal } from "node:assert/strict";
 * const c = (cohort: string, period: number, cohortSize: number, customers: number) => ({ cohort, period, cohortSize,
 *   customers, retention: customers / cohortSize, orders: 0, revenue: 0, revenueRetention: 0, averageOrderValue: null });
 * equal(retentionAt([c("a", 0, 10, 10), c("a", 1, 10, 2), c("b", 0, 30, 30), c("b", 1, 30, 3)], 1), 5 / 40);
 * equal(retentionAt([c("a", 0, 10, 10)], 3), null);
 * ```
 */
export function retentionAt(cells: readonly CohortCell[], period: number): number | null {
  const at = cells.filter((c) => c.period === period);
  const size = at.reduce((s, c) => s + c.cohortSize, 0);
  return size === 0 ? null : at.reduce((s, c) => s + c.customers, 0) / size;
}

/** The numbers the cohort words read. */
export interface CohortFacts {
  readonly cohorts: number;
  /**
   * The first cohort: its customers include everyone who had bought before the data starts, so
   * it is never compared with later cohorts (left-censored).
   */
  readonly leftCensored: string | null;
  /** A partial last month of the data, whose cells are not averaged or compared. */
  readonly partialMonth: string | null;
  /** Customer-weighted retention in months 1, 3 and 6 (null when no cohort is that old). */
  readonly month1: number | null;
  readonly month3: number | null;
  readonly month6: number | null;
  /**
   * Best and worst month-3 retention among cohorts of at least `minGroupSize` customers, the
   * left-censored first cohort and cells in partial months left out (two cohorts or more).
   */
  readonly month3Range: {
    readonly best: { readonly cohort: string; readonly retention: number };
    readonly worst: { readonly cohort: string; readonly retention: number };
  } | null;
  readonly first: {
    readonly cohort: string;
    readonly customers: number;
    readonly revenuePerCustomer: number;
  } | null;
  readonly latest: { readonly cohort: string; readonly revenuePerCustomer: number } | null;
}

/**
 * The cohort facts of the cohort cells and totals.
 *
 * @example
 * ```ts
 * import { cohortFacts } from "./cohorts.ts";
 * import { exampleCohorts } from "./_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = cohortFacts(exampleCohorts());
 * equal(f.month1, 0.3);
 * equal(f.month3, null);
 * ```
 */
export function cohortFacts(input: CohortsInput, guards: Guards = DEFAULT_GUARDS): CohortFacts {
  const { totals } = input;
  const cells = comparable(input.cells, input.partial);
  const leftCensored = totals[0]?.cohort ?? null;
  const observed3 = cells.filter((c) =>
    c.period === 3 && c.cohortSize >= guards.minGroupSize && c.cohort !== leftCensored
  );
  let month3Range: CohortFacts["month3Range"] = null;
  if (observed3.length >= 2) {
    const sorted = [...observed3].sort((a, b) =>
      b.retention - a.retention || (a.cohort < b.cohort ? -1 : 1)
    );
    const best = sorted[0]!, worst = sorted.at(-1)!;
    month3Range = {
      best: { cohort: best.cohort, retention: best.retention },
      worst: { cohort: worst.cohort, retention: worst.retention },
    };
  }
  const first = totals[0];
  // The latest cohort acquired in a complete month (a partial month's cohort is an artefact).
  const last = [...totals].reverse().find((t) =>
    t.cohort !== input.partial?.last && t.cohort !== first?.cohort
  );
  return {
    cohorts: totals.length,
    leftCensored,
    partialMonth: input.partial?.last ?? null,
    month1: retentionAt(cells, 1),
    month3: retentionAt(cells, 3),
    month6: retentionAt(cells, 6),
    month3Range,
    first: first
      ? {
        cohort: first.cohort,
        customers: first.customers,
        revenuePerCustomer: first.revenuePerCustomer,
      }
      : null,
    latest: last ? { cohort: last.cohort, revenuePerCustomer: last.revenuePerCustomer } : null,
  };
}

/**
 * The cohort findings: `retention`, `month3-range`, `first-cohort`, `left-censored`.
 *
 * @example
 * ```ts
 * import { cohortFacts, cohortFindings } from "./cohorts.ts";
 * import { exampleCohorts } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const [retention] = cohortFindings(cohortFacts(exampleCohorts()), createFormat());
 * match(retention!.text, /30.0% of a cohort buys again in its second month/);
 * ```
 */
export function cohortFindings(f: CohortFacts, fmt: Format): Statement[] {
  const range = f.month3Range;
  return statements({
    retention: f.month1 !== null
      ? `${fmt.percent(f.month1)} of a cohort buys again in its second month (month 1)${
        f.month3 !== null ? `, ${fmt.percent(f.month3)} in month 3` : ""
      }${
        f.month6 !== null ? ` and ${fmt.percent(f.month6)} in month 6` : ""
      } (customer-weighted over the cohorts observed that long${
        f.partialMonth
          ? `, leaving out ${fmt.month(f.partialMonth)}, which the data covers only partly`
          : ""
      }).`
      : null,
    "month3-range": range
      ? `Month-3 retention ranges from ${fmt.percent(range.worst.retention)} (${
        fmt.month(range.worst.cohort)
      } cohort) to ${fmt.percent(range.best.retention)} (${fmt.month(range.best.cohort)}).`
      : null,
    "first-cohort": f.first
      ? `The first cohort (${fmt.month(f.first.cohort)}, ${
        fmt.int(f.first.customers)
      } customers) has spent ${fmt.money(f.first.revenuePerCustomer)} per customer so far${
        f.latest
          ? `, against ${fmt.money(f.latest.revenuePerCustomer)} for the latest cohort (${
            fmt.month(f.latest.cohort)
          }), which has had less time`
          : ""
      }.`
      : null,
    "left-censored": f.first && f.cohorts > 3
      ? "Early cohorts include customers acquired before the data starts, so their size and value are overstated; compare later cohorts with each other."
      : null,
  });
}

/** The cohort recommendations: `onboarding` and `repeat-best-cohort`. */
export function cohortRecommendations(f: CohortFacts, fmt: Format): Statement[] {
  const range = f.month3Range;
  return statements({
    onboarding: f.month1 !== null
      ? `The steepest drop is right after the first purchase (${
        fmt.percent(1 - f.month1)
      } do not return the next month): invest in onboarding and a second-order offer within the first 30 days.`
      : null,
    "repeat-best-cohort": range && range.best.retention > COHORT_CONTRAST * range.worst.retention
      ? `Find out what brought the ${
        fmt.month(range.best.cohort)
      } customers (campaigns, products, channels) and repeat it: they stayed ${
        (range.best.retention / Math.max(range.worst.retention, 1e-9)).toFixed(1)
      }× as often as the ${fmt.month(range.worst.cohort)} cohort.`
      : null,
  });
}

/** The cohorts section's one-sentence answer. */
export function cohortLead(f: CohortFacts, fmt: Format): string {
  return f.month1 !== null
    ? `${fmt.int(f.cohorts)} monthly cohorts; ${
      fmt.percent(f.month1)
    } of new customers buy again the following month.`
    : `${fmt.int(f.cohorts)} monthly cohorts.`;
}

/** The retention heatmap (its subtitle from the facts) and the cohort table. */
export function cohortBlocks(input: CohortsInput, f: CohortFacts, fmt: Format): Block[] {
  const size = input.totals.reduce((s, t) => s + t.customers, 0);
  return [
    {
      kind: "chart",
      id: "cohorts.retention",
      spec: cohortRetention(input.cells, {
        format: fmt,
        partialMonths: [input.partial?.first, input.partial?.last].filter((m): m is string => !!m),
        subtitle: `${fmt.int(f.cohorts)} cohorts, ${fmt.int(size)} customers${
          f.month1 !== null
            ? `; ${fmt.percent(f.month1)} buy again the month after their first`
            : ""
        }`,
      }),
    },
    {
      kind: "table",
      id: "cohorts.summary",
      title: "Cohorts",
      file: "cohort_summary.csv",
      limit: 36,
      columns: [
        { key: "cohort", format: "text" },
        { key: "customers", format: "int" },
        { key: "orders", format: "int" },
        { key: "revenue", format: "money" },
        { key: "averageOrderValue", label: "avg order", format: "money" },
        { key: "revenuePerCustomer", label: "revenue per customer", format: "money" },
      ],
      rows: input.totals as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The cohorts section: facts, words, evidence.
 *
 * @param input Cohort cells and totals.
 * @param fmt The report's formatter.
 * @param guards Evidence thresholds.
 * @returns The report section.
 */
export function cohortsSection(
  input: CohortsInput,
  fmt: Format,
  guards: Guards = DEFAULT_GUARDS,
): Section {
  const facts = cohortFacts(input, guards);
  return {
    id: "cohorts",
    title: "Cohorts and retention",
    lead: cohortLead(facts, fmt),
    findings: cohortFindings(facts, fmt),
    recommendations: cohortRecommendations(facts, fmt),
    blocks: cohortBlocks(input, facts, fmt),
  };
}
