import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor, truncate } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";

/** Rows concerned by one data check, and what was done to them. */
export interface DataCheckRow {
  /** What was found, with its table (`pipeline: broken reference (rep)`). */
  readonly label: string;
  readonly rows: number;
  /** `removed`, `changed` (values replaced or emptied) or `kept` (flagged, kept as is). */
  readonly outcome: "removed" | "changed" | "kept";
}

/** Options for {@linkcode dataChecks}. */
export interface DataChecksOptions extends ChartOptions {
  /** Number of bars. @default {15} */
  limit?: number;
}

/** Fixed colours of the outcomes: removed rows red, changed values amber, kept rows grey. */
export const CHECK_OUTCOME_COLORS: Readonly<Record<DataCheckRow["outcome"], string>> = Object
  .freeze({
    removed: "#e0573a",
    changed: "#f2c12e",
    kept: "#8c8c8c",
  });

const OUTCOME_LABELS: Readonly<Record<DataCheckRow["outcome"], string>> = {
  removed: "rows removed",
  changed: "values changed",
  kept: "kept, flagged",
};

/**
 * What validation found across the tables: one bar per check, longest first, coloured by what
 * was done (rows removed, values changed, rows kept and flagged), with the row count at the end
 * of each bar.
 *
 * @param rows One row per ledger line that concerns rows.
 * @param options **limit**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { dataChecks } from "./data_checks.ts";
 * import { equal } from "node:assert/strict";
 * const spec = dataChecks([
 *   { label: "pipeline: near-duplicate spelling (product)", rows: 133, outcome: "kept" },
 *   { label: "customers: duplicate key (customer_id)", rows: 3, outcome: "removed" },
 * ]);
 * equal(spec.subtitle, "3 rows removed, 0 values changed, 133 kept and flagged");
 * ```
 */
export function dataChecks(
  rows: readonly DataCheckRow[],
  options: DataChecksOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { limit = 15 } = options;
  const total = (o: DataCheckRow["outcome"]) =>
    rows.filter((r) => r.outcome === o).reduce((s, r) => s + r.rows, 0);
  const top = [...rows].sort((a, b) => b.rows - a.rows || (a.label < b.label ? -1 : 1))
    .slice(0, limit).map((r) => ({
      ...r,
      name: truncate(r.label, 48),
      what: OUTCOME_LABELS[r.outcome],
      text: fmt.int(r.rows),
    }));
  const names = top.map((r) => r.name);
  const outcomes = (["removed", "changed", "kept"] as const).filter((o) =>
    top.some((r) => r.outcome === o)
  );
  return frame({
    title: "What validation found across the tables",
    subtitle: `${fmt.int(total("removed"))} rows removed, ${
      fmt.int(total("changed"))
    } values changed, ${fmt.int(total("kept"))} kept and flagged`,
    caption:
      "Rows concerned by each check (red: removed; amber: values changed; grey: kept and flagged). The full list is in crm_checks.csv.",
    height: 80 + 24 * Math.max(1, top.length),
    marginLeft: marginFor(names),
    marginRight: 60,
    x: { label: "Rows", grid: true, tickFormat: fmt.compact },
    y: { label: null, domain: names },
    color: {
      domain: outcomes.map((o) => OUTCOME_LABELS[o]),
      range: outcomes.map((o) => CHECK_OUTCOME_COLORS[o]),
      legend: outcomes.length > 0,
    },
    marks: [
      Plot.barX(top, {
        x: "rows",
        y: "name",
        fill: "what",
        title: (d: { label: string; text: string; what: string }) =>
          `${d.label}: ${d.text} ${d.what}`,
      }),
      Plot.text(top, { x: "rows", y: "name", text: "text", textAnchor: "start", dx: 4 }),
      Plot.ruleX([0]),
    ],
  }, options);
}
