import type * as Plot from "@observablehq/plot";
import type { ChartOptions } from "./_frame.ts";
import { type MatrixCell, matrixChart } from "./_matrix.ts";
import { createFormat } from "../format/mod.ts";

/** Options for {@linkcode probabilityAliveMatrix}. */
export interface ProbabilityAliveMatrixOptions extends ChartOptions {
  /** Name of the recency unit. @default {"Recency (weeks)"} */
  recencyLabel?: string;
}

/**
 * P(alive) matrix (lifetimes' `plot_probability_alive_matrix`): the probability that a
 * customer with a given frequency (rows) and recency (columns) is still active. Frequent
 * buyers who have not bought for a long time (top left) are the likely losses.
 *
 * @param cells One cell per (frequency, recency) with P(alive) in [0, 1] as `value`.
 * @param options **recencyLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { probabilityAliveMatrix } from "./probability_alive_matrix.ts";
 * import { equal } from "node:assert/strict";
 * const spec = probabilityAliveMatrix([{ frequency: 0, recency: 0, value: 1 }]);
 * equal(spec.title, "Probability a customer is still active");
 * ```
 */
export function probabilityAliveMatrix(
  cells: readonly MatrixCell[],
  options: ProbabilityAliveMatrixOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { recencyLabel = "Recency (weeks)" } = options;
  const low = cells.filter((c) => c.value < 0.5).length;
  return matrixChart(cells, {
    title: "Probability a customer is still active",
    subtitle: `${low} of ${cells.length} frequency–recency combinations are below 50%`,
    caption: "Rows: repeat purchases; columns: time from first to last purchase. " +
      "Green cells are customers who are probably still active, red cells customers who are " +
      "probably gone: those who bought often but not lately (top left).",
    label: "P(alive)",
    scheme: "rdylgn",
    thresholds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    tickFormat: (d) => fmt.percent(d, 0),
    valueFormat: (d) => fmt.percent(d),
    recencyLabel,
  }, options);
}
