import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { segmentColorScale, segmentLabel } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One cell of the RFM grid: customers with these recency and frequency scores. */
export interface RfmGridCell {
  readonly recencyScore: number;
  readonly frequencyScore: number;
  readonly customers: number;
  /** RFM segment key (e.g. `"at_Risk"`), which fixes the cell's colour. */
  readonly segment: string;
}

/** Options for {@linkcode rfmGrid}. */
export type RfmGridOptions = ChartOptions;

/**
 * The RFM grid: recency score (rows, most recent at the top) by frequency score (columns),
 * each cell coloured by its segment and labelled with its number of customers. Top right
 * are the champions; bottom left the customers already lost.
 *
 * @param cells One cell per (recencyScore, frequencyScore) pair.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { rfmGrid } from "./rfm_grid.ts";
 * import { equal } from "node:assert/strict";
 * const spec = rfmGrid([{ recencyScore: 5, frequencyScore: 5, customers: 10, segment: "champions" }]);
 * equal(spec.subtitle, "10 customers in 1 segments");
 * ```
 */
export function rfmGrid(
  cells: readonly RfmGridCell[],
  options: RfmGridOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const data = cells.map((c) => ({
    ...c,
    label: segmentLabel(c.segment),
    text: fmt.int(c.customers),
  }));
  const scores = (key: "recencyScore" | "frequencyScore"): number[] =>
    [...new Set(cells.map((c) => c[key]))].sort((a, b) => a - b);
  const segments = new Set(cells.map((c) => c.segment));
  const total = cells.reduce((s, c) => s + c.customers, 0);
  return frame({
    title: "RFM grid: recency × frequency scores",
    subtitle: `${fmt.int(total)} customers in ${segments.size} segments`,
    caption: "Rows are recency scores (recent buyers at the top), columns frequency scores " +
      "(frequent buyers on the right). Numbers count customers; colours are segments.",
    height: 420,
    marginLeft: 60,
    padding: 0.04,
    x: { label: "Frequency score →", domain: scores("frequencyScore") },
    y: { label: "↑ Recency score", domain: scores("recencyScore").reverse() },
    color: segmentColorScale(segments),
    marks: [
      Plot.cell(data, {
        x: "frequencyScore",
        y: "recencyScore",
        fill: "label",
        inset: 1,
        title: (d: { label: string; recencyScore: number; frequencyScore: number; text: string }) =>
          `${d.label}\nCustomers: ${d.text}\nRecency score ${d.recencyScore}, frequency score ${d.frequencyScore}`,
      }),
      Plot.text(data, {
        x: "frequencyScore",
        y: "recencyScore",
        text: "text",
        fill: "white",
        stroke: "#1f2937",
        strokeWidth: 2.5,
        paintOrder: "stroke",
        fontWeight: "bold",
      }),
    ],
  }, options);
}
