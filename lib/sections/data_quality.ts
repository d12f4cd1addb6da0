import type { CleanResult } from "../clean/mod.ts";
import { RULES } from "../clean/mod.ts";
import { cleaningFunnel } from "../charts/mod.ts";
import type { Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import { chartBlock } from "./_blocks.ts";

/** The dataset overview written to `summary.json`. */
export interface DatasetSummary {
  readonly rowsRaw: number;
  readonly rowsClean: number;
  readonly customers: number;
  readonly invoices: number;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly revenue: number;
}

/** What the loader reported, as far as the data-quality section needs it. */
export interface LoadFacts {
  readonly file: string;
  readonly format: string;
  readonly schema: string;
  readonly dateFormat: string;
  readonly encoding: string;
  readonly rowsRejected: number;
  readonly columnMap: Readonly<Record<string, string | null>>;
}

/**
 * Builds the data-quality section: the cleaning funnel in words, as a chart and as a table, with
 * the findings computed from the ledger.
 *
 * @example
 * ```ts
 * import { dataQualitySection } from "./data_quality.ts";
 * import { match } from "node:assert/strict";
 * const section = dataQualitySection(
 *   { preset: "classic", rowsRaw: 10, rowsClean: 7, thresholds: [], returnsRows: 0, returnsMatched: 0, ledger: [
 *     { step: 0, rule: "load", description: "", rowsIn: 10, rowsRemoved: 0, rowsChanged: 0, rowsOut: 10 },
 *     { step: 1, rule: "missing_customer_id", description: "", rowsIn: 10, rowsRemoved: 3, rowsChanged: 0, rowsOut: 7 },
 *   ] },
 *   { rowsRaw: 10, rowsClean: 7, customers: 2, invoices: 3, firstDate: "2011-01-01", lastDate: "2011-02-01", revenue: 100 },
 *   { file: "a.csv", format: "csv", schema: "online_retail_ii", dateFormat: "%Y-%m-%d %H:%M:%S", encoding: "utf-8", rowsRejected: 0, columnMap: {} },
 * );
 * match(section.findings[0]!, /7 of 10 rows \(70.0%\) are kept/);
 * ```
 */
export function dataQualitySection(
  clean: CleanResult,
  summary: DatasetSummary,
  load: LoadFacts,
  currency = "£",
): Section {
  const steps = clean.ledger.filter((s) => s.step > 0);
  const biggest = [...steps].sort((a, b) => b.rowsRemoved - a.rowsRemoved || a.step - b.step)[0];
  const changed = steps.filter((s) => s.rowsChanged > 0);
  const findings: string[] = [
    `${formatInt(clean.rowsClean)} of ${formatInt(clean.rowsRaw)} rows (${
      formatPercent(clean.rowsClean / Math.max(clean.rowsRaw, 1))
    }) are kept as clean purchase lines; every other row is accounted for in the ledger below.`,
  ];
  if (biggest && biggest.rowsRemoved > 0) {
    findings.push(
      `The largest loss is "${biggest.rule}" (${
        RULES[biggest.rule as keyof typeof RULES]?.description ?? biggest.description
      }): ${formatInt(biggest.rowsRemoved)} rows, ${
        formatPercent(biggest.rowsRemoved / Math.max(clean.rowsRaw, 1))
      } of the file.`,
    );
  }
  for (const s of changed) {
    const t = clean.thresholds.find((x) => s.rule.endsWith(x.column));
    findings.push(
      `${formatInt(s.rowsChanged)} lines had an extreme ${t?.column ?? "value"} capped${
        t
          ? ` at ${formatNumber(t.high)} (q01 ${formatNumber(t.qLow)}, q99 ${
            formatNumber(t.qHigh)
          })`
          : ""
      }.`,
    );
  }
  if (clean.returnsRows > 0) {
    findings.push(
      `${formatInt(clean.returnsRows)} cancellation lines are kept as returns; ${
        formatPercent(clean.returnsMatched / clean.returnsRows)
      } of them match an earlier purchase of the same customer and product.`,
    );
  }
  if (load.rowsRejected > 0) {
    findings.push(
      `${
        formatInt(load.rowsRejected)
      } rows could not be parsed and were quarantined (tables/rejected_rows.csv).`,
    );
  }
  findings.push(
    `The clean data covers ${summary.firstDate} to ${summary.lastDate}: ${
      formatInt(summary.customers)
    } customers, ${formatInt(summary.invoices)} invoices, ${
      formatMoney(summary.revenue, currency)
    } revenue.`,
  );
  const missing = steps.find((s) => s.rule === "missing_customer_id");
  const recommendations: string[] = [];
  if (missing && missing.rowsRemoved / Math.max(missing.rowsIn, 1) > 0.05) {
    recommendations.push(
      `${
        formatPercent(missing.rowsRemoved / missing.rowsIn)
      } of lines have no customer id: capture the id at checkout (guest orders) so these sales count in customer analytics.`,
    );
  }
  if (clean.preset === "classic") {
    recommendations.push(
      "The classic preset keeps exact duplicate lines and non-product codes (postage, fees) to match published tutorial numbers; use --preset recommended for decisions.",
    );
  } else {
    recommendations.push(
      "Review tables/removed_rows.csv for rules that removed more than expected before relying on the numbers.",
    );
  }
  return {
    id: "data-quality",
    title: "Data quality and cleaning",
    lead: `${formatInt(clean.rowsRaw)} rows read with the "${clean.preset}" preset; ${
      formatInt(clean.rowsClean)
    } clean purchase lines remain and the ledger reconciles exactly.`,
    findings,
    recommendations,
    blocks: [
      chartBlock(cleaningFunnel(clean.ledger.filter((s) => s.step > 0))),
      {
        kind: "table",
        title: "Cleaning ledger",
        file: "cleaning_ledger.csv",
        columns: [
          { key: "step", format: "int" },
          { key: "rule", format: "text" },
          { key: "description", format: "text", wrap: true },
          { key: "rowsIn", label: "rows in", format: "int" },
          { key: "rowsRemoved", label: "removed", format: "int" },
          { key: "rowsChanged", label: "changed", format: "int" },
          { key: "rowsOut", label: "rows out", format: "int" },
        ],
        rows: clean.ledger as unknown as Record<string, unknown>[],
      },
      {
        kind: "table",
        title: "How the input was read",
        columns: [{ key: "field", format: "text" }, {
          key: "source",
          label: "source column",
          format: "text",
        }],
        rows: Object.entries(load.columnMap).map(([field, source]) => ({
          field,
          source: source ?? "(absent)",
        })),
      },
    ],
  };
}
