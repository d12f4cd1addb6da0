/**
 * The frequency × recency heatmaps stay small for any matrix: a bounded grid of groups, colour
 * classes, neighbouring groups of a class merged, and still the same picture.
 *
 * @module
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import {
  classOf,
  groupValues,
  matrixBands,
  type MatrixCell,
  MAX_COLUMNS,
  MAX_ROWS,
} from "../../lib/charts/_matrix.ts";
import { probabilityAliveMatrix, renderChart } from "../../lib/charts/mod.ts";

/** A smooth P(alive)-like surface: high for recent buyers, falling with frequency. */
function surface(frequencies: number, recencies: number): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (let f = 0; f < frequencies; f++) {
    for (let r = 0; r < recencies; r++) {
      const value = 1 / (1 + Math.exp((f / 4) - (r / recencies) * 12 + 3));
      cells.push({ frequency: f, recency: r, value });
    }
  }
  return cells;
}

const THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

Deno.test("a customer table's 100,000-cell matrix draws in a few hundred rectangles", () => {
  const cells = surface(200, 500);
  const markup = renderChart(probabilityAliveMatrix(cells));
  const rects = markup.match(/<rect /g)?.length ?? 0;
  ok(rects <= MAX_ROWS * MAX_COLUMNS + 20, `${rects} rectangles`);
  ok(markup.length < 80_000, `${markup.length} characters`);
  match(markup, /grouped into at most 32 rows and 48 columns/);
});

Deno.test("the bands tile the whole grid once, each in one colour class", () => {
  const [F, R] = [70, 100];
  const bands = matrixBands(surface(F, R), THRESHOLDS);
  const covered = new Uint8Array(F * R);
  for (const b of bands) {
    equal(classOf(b.low, THRESHOLDS), classOf(b.high, THRESHOLDS), "one class per band");
    ok(b.low <= b.value && b.value <= b.high);
    for (let f = b.frequencyFrom; f <= b.frequencyTo; f++) {
      for (let r = b.recencyFrom; r <= b.recencyTo; r++) covered[f * R + r]!++;
    }
  }
  ok(covered.every((n) => n === 1), "every cell covered exactly once");
});

Deno.test("band values are the means of the grouped cells (groups of 3 × 3 here, by hand)", () => {
  const [F, R] = [70, 100]; // 70 / 32 → groups of 3 frequencies; 100 / 48 → groups of 3 recencies
  deepStrictEqual(groupValues([...Array(F).keys()], MAX_ROWS)[0], [0, 1, 2]);
  deepStrictEqual(groupValues([...Array(R).keys()], MAX_COLUMNS).at(-1), [99]);
  const cells = surface(F, R);
  const value = (f: number, r: number): number => cells[f * R + r]!.value;
  const groupMean = (f0: number, r0: number): number => {
    let sum = 0, n = 0;
    for (let f = f0; f < Math.min(F, f0 + 3); f++) {
      for (let r = r0; r < Math.min(R, r0 + 3); r++) (sum += value(f, r), n++);
    }
    return sum / n;
  };
  for (const b of matrixBands(cells, THRESHOLDS)) {
    const means: number[] = [];
    for (let r0 = b.recencyFrom; r0 <= b.recencyTo; r0 += 3) {
      means.push(groupMean(b.frequencyFrom, r0));
    }
    const close = (x: number, y: number): boolean => Math.abs(x - y) < 1e-12;
    ok(close(b.low, Math.min(...means)) && close(b.high, Math.max(...means)));
    ok(close(b.value, means.reduce((s, m) => s + m, 0) / means.length));
  }
});

Deno.test("a small matrix keeps one group per cell and merges equal classes only", () => {
  const cells: MatrixCell[] = [
    { frequency: 0, recency: 0, value: 0.95 },
    { frequency: 0, recency: 1, value: 0.91 },
    { frequency: 0, recency: 2, value: 0.42 },
    { frequency: 1, recency: 0, value: 0.05 },
    // (1, 1) missing: a gap is never bridged
    { frequency: 1, recency: 2, value: 0.07 },
  ];
  const bands = matrixBands(cells, THRESHOLDS);
  deepStrictEqual(
    bands.map((b) => [b.frequencyFrom, b.recencyFrom, b.recencyTo, b.low, b.high]),
    [[0, 0, 1, 0.91, 0.95], [0, 2, 2, 0.42, 0.42], [1, 0, 0, 0.05, 0.05], [1, 2, 2, 0.07, 0.07]],
  );
  const markup = renderChart(probabilityAliveMatrix(cells));
  match(
    markup,
    /<title>Repeat purchases: 0\nRecency \(weeks\): 0 to 1\nP\(alive\): 91\.0% to 95\.0%<\/title>/,
  );
});
