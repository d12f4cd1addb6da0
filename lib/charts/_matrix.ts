/**
 * Shared body of the frequency × recency heatmaps (expected purchases, P(alive)).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";

/** One cell of a frequency × recency matrix. */
export interface MatrixCell {
  readonly frequency: number;
  readonly recency: number;
  readonly value: number;
}

/** What the caller of {@linkcode matrixChart} fixes. */
export interface MatrixSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly caption: string;
  readonly label: string;
  readonly scheme: Plot.ColorScheme;
  readonly domain?: [number, number];
  readonly tickFormat: (d: number) => string;
  readonly recencyLabel: string;
}

/** Heatmap of `value` over recency (x) and frequency (y, high at the top). */
export function matrixChart(
  cells: readonly MatrixCell[],
  spec: MatrixSpec,
  options: ChartOptions,
): Plot.PlotOptions {
  const freqs = [...new Set(cells.map((c) => c.frequency))].sort((a, b) => b - a);
  const recs = [...new Set(cells.map((c) => c.recency))].sort((a, b) => a - b);
  const every = (n: number): number => Math.max(1, Math.ceil(n / 12));
  return frame({
    title: spec.title,
    subtitle: spec.subtitle,
    caption: spec.caption,
    height: Math.min(520, 110 + 14 * Math.max(1, freqs.length)),
    marginLeft: 50,
    padding: 0,
    x: {
      label: spec.recencyLabel,
      domain: recs,
      ticks: recs.filter((_, i) => i % every(recs.length) === 0),
    },
    y: {
      label: "Repeat purchases (frequency)",
      domain: freqs,
      ticks: freqs.filter((_, i) => i % every(freqs.length) === 0),
    },
    color: {
      type: "linear",
      scheme: spec.scheme,
      ...(spec.domain ? { domain: spec.domain } : {}),
      legend: true,
      label: spec.label,
      tickFormat: spec.tickFormat,
    },
    marks: [
      Plot.cell(cells, {
        x: "recency",
        y: "frequency",
        fill: "value",
        title: (d: MatrixCell) =>
          `frequency ${d.frequency}, recency ${d.recency}: ${spec.tickFormat(d.value)}`,
      }),
    ],
  }, options);
}
