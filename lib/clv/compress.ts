/**
 * Compression of identical summary rows into weighted distinct rows.
 *
 * @module
 */
import type { SummaryInput } from "./types.ts";
import { toColumns } from "./_input.ts";

/** Distinct summary rows with weights, and the map back to the input rows. */
export interface CompressedSummaries {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Present when the input had `monetaryValue` and `monetary` was requested. */
  readonly monetaryValue?: Float64Array;
  /** Sum of the input weights (1 each by default) of the rows merged into each distinct row. */
  readonly weights: Float64Array;
  /** For each input row, the index of its distinct row. */
  readonly index: Int32Array;
}

/** Options for {@linkcode compressSummaries}. */
export interface CompressOptions {
  /** Also key on `monetaryValue` (for Gamma-Gamma). @default {false} */
  monetary?: boolean;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mix(h: number, v: number): number {
  bits[0] = v === 0 ? 0 : v; // −0 and +0 hash alike
  h = Math.imul(h ^ words[0]!, 0x9e3779b1);
  h = Math.imul(h ^ words[1]!, 0x85ebca6b);
  return h ^ (h >>> 15);
}

/**
 * Merges rows with identical (frequency, recency, T[, monetaryValue]) into one row whose
 * weight is the number (or summed weight) of the merged rows. Models then evaluate each
 * distinct row once; real summaries in days or weeks repeat a lot. Order of first
 * appearance is kept. Runs in linear time with an
 * open-addressing hash table.
 *
 * @param summary Rows or columns (`weights` column honoured).
 * @param options Whether `monetaryValue` is part of the key.
 * @returns Distinct columns, their weights and the input-row → distinct-row index.
 *
 * @example Three rows, two distinct
 * ```ts
 * import { compressSummaries } from "./compress.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const c = compressSummaries({ frequency: [0, 2, 0], recency: [0, 5, 0], T: [10, 10, 10] });
 * deepStrictEqual([...c.weights], [2, 1]);
 * deepStrictEqual([...c.index], [0, 1, 0]);
 * ```
 */
export function compressSummaries(
  summary: SummaryInput,
  options: CompressOptions = {},
): CompressedSummaries {
  const cols = toColumns(summary);
  const useM = options.monetary === true && cols.monetaryValue !== undefined;
  const { frequency: x, recency: tx, T } = cols;
  const m = cols.monetaryValue;
  const w = cols.weights;
  const n = cols.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const index = new Int32Array(n);
  const firstRow = new Int32Array(n);
  const weights = new Float64Array(n);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    let h = mix(mix(mix(0x811c9dc5, x[i]!), tx[i]!), T[i]!);
    if (useM) h = mix(h, m![i]!);
    let slot = h & (size - 1);
    for (;;) {
      const u = table[slot]!;
      if (u === -1) {
        table[slot] = distinct;
        firstRow[distinct] = i;
        index[i] = distinct;
        weights[distinct] = w ? w[i]! : 1;
        distinct++;
        break;
      }
      const j = firstRow[u]!;
      if (x[j] === x[i] && tx[j] === tx[i] && T[j] === T[i] && (!useM || m![j] === m![i])) {
        index[i] = u;
        weights[u] = weights[u]! + (w ? w[i]! : 1);
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const pick = (col: Float64Array): Float64Array => {
    const out = new Float64Array(distinct);
    for (let u = 0; u < distinct; u++) out[u] = col[firstRow[u]!]!;
    return out;
  };
  return {
    frequency: pick(x),
    recency: pick(tx),
    T: pick(T),
    ...(useM ? { monetaryValue: pick(m!) } : {}),
    weights: weights.slice(0, distinct),
    index,
  };
}
