import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { RAMP_LEGEND, SMALL_FONT_SIZE } from "./theme.ts";
import { createFormat } from "../format/mod.ts";
import { monthAfter } from "../util/months.ts";

/** One cohort in one period: `retention` is active customers over cohort size (0–1). */
export interface CohortCell {
  readonly cohort: string;
  readonly period: number;
  readonly customers: number;
  readonly retention: number;
}

/** Options for {@linkcode cohortRetention}. */
export interface CohortRetentionOptions extends ChartOptions {
  /** Name of one period for the x axis. @default {"Months since first purchase"} */
  periodLabel?: string;
  /**
   * Calendar months the data covers only in part (`"2011-12"`): the cells of monthly cohorts
   * that fall in them are marked `*` and paler, and left out of the colour scale, since their
   * retention is low only because the month is cut short. @default {[]}
   */
  partialMonths?: readonly string[];
}

/**
 * Cohort retention: one row per cohort (month of first purchase), one column per period
 * since then; cells are coloured and labelled by **retention**. Read along a row to see a
 * cohort fade, and down a column to compare cohorts at the same age. Period 0 is 100% by
 * definition, so colours scale to the later periods.
 *
 * @param cells Cohort cells, any order.
 * @param options **periodLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { cohortRetention } from "./cohort_retention.ts";
 * import { equal } from "node:assert/strict";
 * const spec = cohortRetention([
 *   { cohort: "2011-01", period: 0, customers: 100, retention: 1 },
 *   { cohort: "2011-01", period: 1, customers: 25, retention: 0.25 },
 * ]);
 * equal(spec.subtitle, "1 cohorts, 100 customers; average retention after 1 period: 25.0%");
 * // December 2011 is cut short: its cell is marked and kept out of the colour scale
 * const cut = cohortRetention([
 *   { cohort: "2011-11", period: 0, customers: 100, retention: 1 },
 *   { cohort: "2011-11", period: 1, customers: 5, retention: 0.05 },
 * ], { partialMonths: ["2011-12"] });
 * equal((cut.marks![2] as unknown as { data: { text: string }[] }).data[0]!.text, "5%*");
 * ```
 */
export function cohortRetention(
  cells: readonly CohortCell[],
  options: CohortRetentionOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { periodLabel = "Months since first purchase", partialMonths = [] } = options;
  const isPartial = (c: CohortCell) =>
    partialMonths.length > 0 && partialMonths.includes(monthAfter(c.cohort, c.period));
  const cohorts = [...new Set(cells.map((c) => c.cohort))].sort();
  const periods = [...new Set(cells.map((c) => c.period))].sort((a, b) => a - b);
  const later = cells.filter((c) => c.period > 0 && Number.isFinite(c.retention) && !isPartial(c));
  const top = later.reduce((m, c) => Math.max(m, c.retention), 0) || 1;
  const first = cells.filter((c) => c.period === 1);
  const size = cells.filter((c) => c.period === 0).reduce((s, c) => s + c.customers, 0);
  const avg = first.length > 0 ? first.reduce((s, c) => s + c.retention, 0) / first.length : NaN;
  const data = cells.map((c) => ({
    ...c,
    partial: isPartial(c),
    opacity: isPartial(c) ? 0.45 : 1,
    text: fmt.percent(c.retention, 0) + (isPartial(c) ? "*" : ""),
    dark: !isPartial(c) && c.retention > top * 0.6,
  }));
  const marked = data.some((d) => d.partial);
  return frame({
    title: "Cohort retention",
    subtitle: `${cohorts.length} cohorts, ${fmt.int(size)} customers` +
      (Number.isFinite(avg) ? `; average retention after 1 period: ${fmt.percent(avg)}` : ""),
    caption: "Rows are cohorts by month of first purchase; columns count periods since then. " +
      "Darker cells keep more customers. Colours are scaled to periods after the first." +
      (marked
        ? " Cells marked * fall in a month the data covers only in part: their retention is " +
          "low because the month is cut short."
        : ""),
    height: 80 + 22 * Math.max(1, cohorts.length),
    marginLeft: 64,
    padding: 0.03,
    x: { label: periodLabel, domain: periods, axis: "top" },
    y: { label: null, domain: cohorts },
    color: {
      type: "linear",
      scheme: "blues",
      domain: [0, top],
      clamp: true,
      legend: true,
      ...RAMP_LEGEND,
      label: "Retention",
      tickFormat: (d: number) => fmt.percent(d, 0),
    },
    marks: [
      Plot.cell(data, {
        x: "period",
        y: "cohort",
        fill: "retention",
        fillOpacity: "opacity",
        inset: 0.5,
        title: (
          d: {
            cohort: string;
            period: number;
            customers: number;
            retention: number;
            partial: boolean;
          },
        ) =>
          `Cohort ${fmt.month(d.cohort)}, ${periodLabel.toLowerCase()}: ${d.period}\n` +
          `Active customers: ${fmt.int(d.customers)}\nRetention: ${fmt.percent(d.retention)}` +
          (d.partial ? "\nA month the data covers only in part" : ""),
      }),
      // Two marks with constant ink: a colour channel would share the sequential scale.
      Plot.text(data.filter((d) => d.dark), {
        x: "period",
        y: "cohort",
        text: "text",
        fill: "white",
        fontSize: SMALL_FONT_SIZE,
      }),
      Plot.text(data.filter((d) => !d.dark), {
        x: "period",
        y: "cohort",
        text: "text",
        fill: "#1f2937",
        fontSize: SMALL_FONT_SIZE,
      }),
    ],
  }, options);
}
