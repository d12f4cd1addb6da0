/**
 * Shared body of the frequency × recency heatmaps (expected purchases, P(alive)), drawn
 * compactly: a model's matrix has a cell for every frequency and recency (18,000 cells on a
 * customer table with long histories), which as one `<rect>` each made a report of megabytes.
 * Here the grid is bounded (at most {@linkcode MAX_COLUMNS} × {@linkcode MAX_ROWS} groups of
 * neighbouring values, each showing the mean of its cells), colours come in classes (a
 * threshold scale, read off the legend), and neighbouring groups of a row in the same class are
 * drawn as one rectangle whose tooltip gives the range of values it covers. Same picture, a few
 * hundred rectangles at most.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { niceStep } from "./_bins.ts";
import { RAMP_LEGEND } from "./theme.ts";

/** One cell of a frequency × recency matrix. */
export interface MatrixCell {
  readonly frequency: number;
  readonly recency: number;
  readonly value: number;
}

/** Most recency groups (columns) drawn. */
export const MAX_COLUMNS = 48;

/** Most frequency groups (rows) drawn. */
export const MAX_ROWS = 32;

/** What the caller of {@linkcode matrixChart} fixes. */
export interface MatrixSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly caption: string;
  readonly label: string;
  readonly scheme: Plot.ColorScheme;
  /** Class boundaries of the colours (ascending). */
  readonly thresholds: readonly number[];
  /** Formats legend ticks. */
  readonly tickFormat: (d: number) => string;
  /** Formats values in tooltips. */
  readonly valueFormat: (d: number) => string;
  readonly recencyLabel: string;
}

/** One drawn rectangle: neighbouring cells of one row group in one colour class. */
export interface MatrixBand {
  /** Frequencies covered (first and last value). */
  readonly frequencyFrom: number;
  readonly frequencyTo: number;
  /** Recencies covered (first and last value). */
  readonly recencyFrom: number;
  readonly recencyTo: number;
  /** Mean of the group means (it lies in the band's colour class). */
  readonly value: number;
  /** Smallest and largest group mean in the band. */
  readonly low: number;
  readonly high: number;
}

/** Sorted distinct values cut into at most `max` runs of equal length (the last may be short). */
export function groupValues(values: readonly number[], max: number): number[][] {
  const size = Math.max(1, Math.ceil(values.length / max));
  const groups: number[][] = [];
  for (let i = 0; i < values.length; i += size) groups.push(values.slice(i, i + size));
  return groups;
}

/** The class of `value` for ascending `thresholds`: how many of them it reaches. */
export function classOf(value: number, thresholds: readonly number[]): number {
  let k = 0;
  while (k < thresholds.length && value >= thresholds[k]!) k++;
  return k;
}

/**
 * Nice class boundaries between 0 and `max`: multiples of a 1-2-5 step, about `count` classes.
 *
 * @example
 * ```ts
 * import { niceThresholds } from "./_matrix.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(niceThresholds(0.8, 8), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
 * deepEqual(niceThresholds(0, 8), []);
 * ```
 */
export function niceThresholds(max: number, count: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [];
  const step = niceStep(0, max, count);
  const out: number[] = [];
  for (let k = 1; k * step < max; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * The rectangles of a matrix: cells grouped into at most `maxRows` × `maxColumns` groups (mean
 * value), then neighbouring groups of a row in the same class merged.
 *
 * @example
 * ```ts
 * import { matrixBands } from "./_matrix.ts";
 * import { equal } from "node:assert/strict";
 * const cells = [0, 1, 2, 3].flatMap((r) => [{ frequency: 0, recency: r, value: r < 2 ? 0.1 : 0.9 }]);
 * const bands = matrixBands(cells, [0.5]);
 * equal(bands.length, 2);
 * equal(bands[0]!.recencyFrom, 0);
 * equal(bands[0]!.recencyTo, 1);
 * equal(bands[1]!.low, 0.9);
 * ```
 */
export function matrixBands(
  cells: readonly MatrixCell[],
  thresholds: readonly number[],
  { maxRows = MAX_ROWS, maxColumns = MAX_COLUMNS } = {},
): MatrixBand[] {
  const finite = cells.filter((c) =>
    Number.isFinite(c.value) && Number.isFinite(c.frequency) && Number.isFinite(c.recency)
  );
  const rows = groupValues(
    [...new Set(finite.map((c) => c.frequency))].sort((a, b) => a - b),
    maxRows,
  );
  const columns = groupValues(
    [...new Set(finite.map((c) => c.recency))].sort((a, b) => a - b),
    maxColumns,
  );
  const rowOf = new Map(rows.flatMap((g, i) => g.map((v) => [v, i] as const)));
  const columnOf = new Map(columns.flatMap((g, j) => g.map((v) => [v, j] as const)));
  const sums = new Float64Array(rows.length * columns.length);
  const counts = new Uint32Array(rows.length * columns.length);
  for (const c of finite) {
    const k = rowOf.get(c.frequency)! * columns.length + columnOf.get(c.recency)!;
    sums[k] = sums[k]! + c.value;
    counts[k] = counts[k]! + 1;
  }
  const bands: MatrixBand[] = [];
  rows.forEach((row, i) => {
    let open: {
      from: number;
      to: number;
      sum: number;
      n: number;
      low: number;
      high: number;
      k: number;
    } | undefined;
    const close = (): void => {
      if (open === undefined) return;
      bands.push({
        frequencyFrom: row[0]!,
        frequencyTo: row[row.length - 1]!,
        recencyFrom: columns[open.from]![0]!,
        recencyTo: columns[open.to]!.at(-1)!,
        value: open.sum / open.n,
        low: open.low,
        high: open.high,
      });
      open = undefined;
    };
    columns.forEach((_, j) => {
      const n = counts[i * columns.length + j]!;
      if (n === 0) return close();
      const mean = sums[i * columns.length + j]! / n;
      const k = classOf(mean, thresholds);
      if (open !== undefined && open.k === k && open.to === j - 1) {
        open.to = j;
        open.sum += mean;
        open.n++;
        open.low = Math.min(open.low, mean);
        open.high = Math.max(open.high, mean);
        return;
      }
      close();
      open = { from: j, to: j, sum: mean, n: 1, low: mean, high: mean, k };
    });
    close();
  });
  return bands;
}

/** Smallest gap between neighbouring sorted distinct values (1 when there is none). */
function unit(values: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i]! - values[i - 1]!);
  return Number.isFinite(step) && step > 0 ? step : 1;
}

function span(from: number, to: number): string {
  return from === to ? String(from) : `${from} to ${to}`;
}

/** Heatmap of `value` over recency (x) and frequency (y, high at the top). */
export function matrixChart(
  cells: readonly MatrixCell[],
  spec: MatrixSpec,
  options: ChartOptions,
): Plot.PlotOptions {
  const freqs = [...new Set(cells.map((c) => c.frequency))].sort((a, b) => a - b);
  const recs = [...new Set(cells.map((c) => c.recency))].sort((a, b) => a - b);
  const bands = matrixBands(cells, spec.thresholds);
  const fUnit = unit(freqs), rUnit = unit(recs);
  const rows = groupValues(freqs, MAX_ROWS).length;
  const grouped = freqs.length > MAX_ROWS || recs.length > MAX_COLUMNS;
  const caption = grouped
    ? `${spec.caption} To keep the page small, neighbouring values are grouped into at most ` +
      `${MAX_ROWS} rows and ${MAX_COLUMNS} columns, each showing the average of its cells.`
    : spec.caption;
  return frame({
    title: spec.title,
    subtitle: spec.subtitle,
    caption,
    height: Math.min(520, 120 + 14 * Math.max(1, rows)),
    marginLeft: 56,
    x: {
      label: spec.recencyLabel,
      ...(recs.length > 0
        ? { domain: [recs[0]! - rUnit / 2, recs[recs.length - 1]! + rUnit / 2] }
        : {}),
    },
    y: {
      label: "Repeat purchases (frequency)",
      ...(freqs.length > 0
        ? { domain: [freqs[0]! - fUnit / 2, freqs[freqs.length - 1]! + fUnit / 2] }
        : {}),
    },
    color: {
      type: "threshold",
      scheme: spec.scheme,
      domain: [...spec.thresholds],
      legend: true,
      ...RAMP_LEGEND,
      label: spec.label,
      tickFormat: spec.tickFormat,
    },
    marks: [
      Plot.rect(bands, {
        x1: (b: MatrixBand) => b.recencyFrom - rUnit / 2,
        x2: (b: MatrixBand) => b.recencyTo + rUnit / 2,
        y1: (b: MatrixBand) => b.frequencyFrom - fUnit / 2,
        y2: (b: MatrixBand) => b.frequencyTo + fUnit / 2,
        fill: "value",
        shapeRendering: "crispEdges",
        title: (b: MatrixBand) =>
          `Repeat purchases: ${span(b.frequencyFrom, b.frequencyTo)}\n` +
          `${spec.recencyLabel}: ${span(b.recencyFrom, b.recencyTo)}\n${spec.label}: ${
            b.low === b.high
              ? spec.valueFormat(b.low)
              : `${spec.valueFormat(b.low)} to ${spec.valueFormat(b.high)}`
          }`,
      }),
    ],
  }, options);
}
