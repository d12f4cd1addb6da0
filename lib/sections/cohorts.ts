import { cohortRetention } from "../charts/mod.ts";
import type { CohortCell, CohortSummaryRow } from "../cohort/mod.ts";
import type { Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatPercent } from "../report/mod.ts";
import { chartBlock, monthName } from "./_blocks.ts";

/** What {@linkcode cohortsSection} reads: lib/cohort results. */
export interface CohortsInput {
  readonly cells: readonly CohortCell[];
  readonly totals: readonly CohortSummaryRow[];
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

/**
 * The cohorts section: monthly acquisition cohorts, how many come back in each later month
 * (retention heatmap), the typical month-1, month-3 and month-6 retention, the best and worst
 * cohorts, and revenue per customer by cohort.
 *
 * @param input Cohort cells and totals.
 * @param currency Currency symbol. @default {"£"}
 * @returns The report section.
 *
 * @example
 * ```ts
 * import { cohortsSection } from "./cohorts.ts";
 * import { match } from "node:assert/strict";
 * const c = (cohort: string, period: number, cohortSize: number, customers: number) => ({ cohort, period, cohortSize,
 *   customers, retention: customers / cohortSize, orders: customers, revenue: 10 * customers, revenueRetention: customers / cohortSize,
 *   averageOrderValue: 10 });
 * const s = cohortsSection({ cells: [c("2011-01", 0, 10, 10), c("2011-01", 1, 10, 3), c("2011-02", 0, 20, 20)],
 *   totals: [{ cohort: "2011-01", customers: 10, orders: 13, revenue: 130, averageOrderValue: 10, revenuePerCustomer: 13 },
 *     { cohort: "2011-02", customers: 20, orders: 20, revenue: 200, averageOrderValue: 10, revenuePerCustomer: 10 }] });
 * match(s.findings[0]!, /30.0% of a cohort buys again in its second month/);
 * ```
 */
export function cohortsSection(input: CohortsInput, currency = "£"): Section {
  const { cells, totals } = input;
  const findings: string[] = [];
  const recommendations: string[] = [];
  const m1 = retentionAt(cells, 1);
  const m3 = retentionAt(cells, 3);
  const m6 = retentionAt(cells, 6);
  if (m1 !== null) {
    findings.push(
      `${formatPercent(m1)} of a cohort buys again in its second month (month 1)${
        m3 !== null ? `, ${formatPercent(m3)} in month 3` : ""
      }${
        m6 !== null ? ` and ${formatPercent(m6)} in month 6` : ""
      } (customer-weighted over the cohorts observed that long).`,
    );
    recommendations.push(
      `The steepest drop is right after the first purchase (${
        formatPercent(1 - m1)
      } do not return the next month): invest in onboarding and a second-order offer within the first 30 days.`,
    );
  }
  const observed3 = cells.filter((c) => c.period === 3 && c.cohortSize >= 20);
  if (observed3.length >= 2) {
    const sorted = [...observed3].sort((a, b) =>
      b.retention - a.retention || (a.cohort < b.cohort ? -1 : 1)
    );
    const best = sorted[0]!, worst = sorted.at(-1)!;
    findings.push(
      `Month-3 retention ranges from ${formatPercent(worst.retention)} (${
        monthName(worst.cohort)
      } cohort) to ${formatPercent(best.retention)} (${monthName(best.cohort)}).`,
    );
    if (best.retention > 1.5 * worst.retention) {
      recommendations.push(
        `Find out what brought the ${
          monthName(best.cohort)
        } customers (campaigns, products, channels) and repeat it: they stayed ${
          (best.retention / Math.max(worst.retention, 1e-9)).toFixed(1)
        }× as often as the ${monthName(worst.cohort)} cohort.`,
      );
    }
  }
  const first = totals[0];
  if (first) {
    findings.push(
      `The first cohort (${monthName(first.cohort)}, ${
        formatInt(first.customers)
      } customers) has spent ${
        formatMoney(first.revenuePerCustomer, currency)
      } per customer so far${
        totals.length > 1
          ? `, against ${
            formatMoney(totals.at(-1)!.revenuePerCustomer, currency)
          } for the latest cohort (${monthName(totals.at(-1)!.cohort)}), which has had less time`
          : ""
      }.`,
    );
    if (totals.length > 3) {
      findings.push(
        "Early cohorts include customers acquired before the data starts, so their size and value are overstated; compare later cohorts with each other.",
      );
    }
  }
  return {
    id: "cohorts",
    title: "Cohorts and retention",
    lead: m1 !== null
      ? `${formatInt(totals.length)} monthly cohorts; ${
        formatPercent(m1)
      } of new customers buy again the following month.`
      : `${formatInt(totals.length)} monthly cohorts.`,
    findings,
    recommendations,
    blocks: [
      chartBlock(cohortRetention(cells)),
      {
        kind: "table",
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
        rows: totals as unknown as Record<string, unknown>[],
      },
    ],
  };
}
