import type * as Plot from "@observablehq/plot";
import type { ChartOptions } from "./_frame.ts";
import { type MatrixCell, matrixChart, niceThresholds } from "./_matrix.ts";
import { createFormat } from "../format/mod.ts";

/** Options for {@linkcode frequencyRecencyMatrix}. */
export interface FrequencyRecencyOptions extends ChartOptions {
  /** What the cell value is. @default {"Expected purchases next period"} */
  valueLabel?: string;
  /** Name of the recency unit. @default {"Recency (weeks)"} */
  recencyLabel?: string;
}

/**
 * Frequency–recency matrix (lifetimes' `plot_frequency_recency_matrix`): the expected
 * number of purchases in the next period for a customer with a given frequency (rows, high
 * at the top) and recency (columns). The best customers bought often and recently (top right).
 *
 * @param cells One cell per (frequency, recency) with the expected purchases as `value`.
 * @param options **valueLabel**, **recencyLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { frequencyRecencyMatrix } from "./frequency_recency_matrix.ts";
 * import { equal } from "node:assert/strict";
 * const spec = frequencyRecencyMatrix([{ frequency: 1, recency: 2, value: 0.5 }]);
 * equal(spec.title, "Expected purchases by frequency and recency");
 * ```
 */
export function frequencyRecencyMatrix(
  cells: readonly MatrixCell[],
  options: FrequencyRecencyOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { valueLabel = "Expected purchases next period", recencyLabel = "Recency (weeks)" } =
    options;
  const max = cells.reduce((m, c) => (Number.isFinite(c.value) ? Math.max(m, c.value) : m), 0);
  return matrixChart(cells, {
    title: "Expected purchases by frequency and recency",
    subtitle: `Highest expectation: ${fmt.decimal(max)} purchases`,
    caption: "Rows: repeat purchases; columns: time from first to last purchase. Darker " +
      "cells expect more purchases: frequent buyers who bought recently.",
    label: valueLabel,
    scheme: "ylgnbu",
    thresholds: niceThresholds(max, 8),
    tickFormat: (d: number) => fmt.decimal(d),
    valueFormat: (d: number) => fmt.decimal(d),
    recencyLabel,
  }, options);
}
