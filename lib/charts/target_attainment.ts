import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor, truncate } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";

/** One rep's attainment: won value in the target periods over the target. */
export interface AttainmentRow {
  readonly label: string;
  /** 1 is exactly on target. */
  readonly attainment: number;
  readonly target: number;
}

/** Options for {@linkcode targetAttainment}. */
export interface TargetAttainmentOptions extends ChartOptions {
  /** Number of bars. @default {25} */
  limit?: number;
}

const ABOVE = "#137333";
const BELOW = "#9ecae1";

/**
 * Target attainment per rep (or region): one bar per row, highest first, green at or above
 * target and light blue below, with a line at 100%.
 *
 * @param rows One row per rep with a target.
 * @param options **limit**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { targetAttainment } from "./target_attainment.ts";
 * import { equal } from "node:assert/strict";
 * const spec = targetAttainment([
 *   { label: "Ann", attainment: 1.4, target: 1000 },
 *   { label: "Bo", attainment: 0.8, target: 1200 },
 * ]);
 * equal(spec.subtitle, "1 of 2 at or above target");
 * ```
 */
export function targetAttainment(
  rows: readonly AttainmentRow[],
  options: TargetAttainmentOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { limit = 25 } = options;
  const sorted = [...rows].sort((a, b) =>
    b.attainment - a.attainment || (a.label < b.label ? -1 : 1)
  ).slice(0, limit).map((r) => ({
    ...r,
    name: truncate(r.label, 32),
    color: r.attainment >= 1 ? ABOVE : BELOW,
    text: fmt.percent(r.attainment, 0),
  }));
  const names = sorted.map((r) => r.name);
  const above = rows.filter((r) => r.attainment >= 1).length;
  return frame({
    title: "Target attainment",
    subtitle: `${fmt.int(above)} of ${fmt.int(rows.length)} at or above target`,
    caption:
      "Won value of deals closed within the target periods divided by the target; the line is 100%.",
    height: 60 + 22 * Math.max(1, sorted.length),
    marginLeft: marginFor(names),
    marginRight: 50,
    x: { label: "Attainment", grid: true, tickFormat: (d: number) => fmt.percent(d, 0) },
    y: { label: null, domain: names },
    marks: [
      Plot.barX(sorted, {
        x: "attainment",
        y: "name",
        fill: "color",
        title: (d: AttainmentRow & { text: string }) =>
          `${d.label}: ${d.text} of ${fmt.money(d.target)}`,
      }),
      Plot.text(sorted, { x: "attainment", y: "name", text: "text", textAnchor: "start", dx: 4 }),
      Plot.ruleX([0]),
      Plot.ruleX([1], { strokeDasharray: "4,3" }),
    ],
  }, options);
}
