/**
 * Input normalisation and validation for the models (private).
 *
 * @module
 */
import { type Issue, ValidationError } from "../errors.ts";
import type { CustomerSummary } from "../types.ts";
import type { SummaryInput } from "./types.ts";
import { compressSummaries } from "./compress.ts";

/** Summaries as Float64Array columns, with optional ids for error messages. */
export interface Columns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array | undefined;
  readonly weights: Float64Array | undefined;
  readonly ids: readonly string[] | undefined;
  readonly length: number;
}

function f64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Converts rows or columns to Float64Array columns (no copy for Float64Array input). */
export function toColumns(input: SummaryInput): Columns {
  if (Array.isArray(input)) {
    const rows = input as readonly CustomerSummary[];
    const n = rows.length;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    const monetaryValue = new Float64Array(n);
    const ids: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      frequency[i] = row.frequency;
      recency[i] = row.recency;
      T[i] = row.T;
      monetaryValue[i] = row.monetaryValue ?? 0;
      ids[i] = row.customerId;
    }
    return { frequency, recency, T, monetaryValue, weights: undefined, ids, length: n };
  }
  const cols = input as Exclude<SummaryInput, readonly CustomerSummary[]>;
  const n = cols.frequency.length;
  if (cols.recency.length !== n || cols.T.length !== n) {
    throw new ValidationError(
      `Cannot read summaries: columns have different lengths: frequency ${n}, recency ${cols.recency.length}, T ${cols.T.length}`,
      [],
    );
  }
  return {
    frequency: f64(cols.frequency),
    recency: f64(cols.recency),
    T: f64(cols.T),
    monetaryValue: cols.monetaryValue === undefined ? undefined : f64(cols.monetaryValue),
    weights: cols.weights === undefined ? undefined : f64(cols.weights),
    ids: undefined,
    length: n,
  };
}

function where(cols: Columns, i: number): string {
  return cols.ids ? `customer "${cols.ids[i]}"` : `row ${i}`;
}

/**
 * Checks the domain of every row (0 ≤ recency ≤ T, frequency ≥ 0 (T = 0 is a customer born
 * at the end of observation: valid, it adds nothing to a likelihood), recency = 0 when
 * frequency = 0, finite values, positive weights; with `monetary`, a positive spend for
 * every repeater) and throws one {@linkcode ValidationError} naming the count and the
 * first rows.
 */
export function validateColumns(cols: Columns, action: string, monetary = false): void {
  const issues: Issue[] = [];
  const counts = new Map<string, number>();
  const firsts = new Map<string, string>();
  const add = (rule: string, i: number, text: string): void => {
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
    if (!firsts.has(rule)) firsts.set(rule, `${where(cols, i)}, ${text}`);
    if (issues.length < 100) {
      issues.push({
        rule,
        message: `${where(cols, i)}: ${text}`,
        ...(cols.ids ? { customerId: cols.ids[i]! } : { line: i + 1 }),
      });
    }
  };
  const { frequency: x, recency: tx, T, monetaryValue: m, weights: w } = cols;
  for (let i = 0; i < cols.length; i++) {
    const xi = x[i]!, ti = tx[i]!, Ti = T[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(ti) || !Number.isFinite(Ti)) {
      add("finite", i, `frequency ${xi}, recency ${ti}, T ${Ti}`);
    } else if (xi < 0 || ti < 0 || Ti < 0) {
      add("non-negative", i, `frequency ${xi}, recency ${ti}, T ${Ti}`);
    } else if (ti > Ti * (1 + 1e-12)) {
      add("recency <= T", i, `recency ${ti}, T ${Ti}`);
    } else if (xi !== Math.floor(xi)) {
      add("frequency is a whole number", i, `frequency ${xi}`);
    } else if (xi === 0 && ti !== 0) {
      add("recency = 0 when frequency = 0", i, `frequency 0, recency ${ti}`);
    }
    if (w !== undefined && !(w[i]! > 0 && Number.isFinite(w[i]!))) {
      add("weight > 0", i, `weight ${w[i]}`);
    }
    if (monetary && xi > 0 && !(m !== undefined && m[i]! > 0 && Number.isFinite(m[i]!))) {
      add("monetaryValue > 0 for repeaters", i, `frequency ${xi}, monetaryValue ${m?.[i]}`);
    }
  }
  if (counts.size === 0) return;
  const parts = [...counts].map(([rule, count]) =>
    `${count} ${count === 1 ? "row breaks" : "rows break"} "${rule}" (first: ${firsts.get(rule)})`
  );
  throw new ValidationError(
    `Cannot ${action}: ${parts.join("; ")}`,
    issues,
    "Rebuild the summaries (frequency counts repeat purchases, 0 ≤ recency ≤ T) or drop the rows",
  );
}

/** Distinct values of a column and each entry's index into them (for per-value caches). */
export function distinctValues(col: Float64Array): { values: Float64Array; index: Int32Array } {
  const map = new Map<number, number>();
  const index = new Int32Array(col.length);
  const values: number[] = [];
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    let k = map.get(v);
    if (k === undefined) {
      k = values.length;
      map.set(v, k);
      values.push(v);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(values), index };
}

/** Rows above which per-row predictions are computed once per distinct row. */
const COMPRESS_ABOVE = 20_000;

/**
 * Evaluates `fn(x, t_x, T)` for every row, once per distinct row when the input is large
 * (identical summaries are common in day- or week-rounded data).
 */
export function mapRows(
  cols: Columns,
  fn: (x: number, tx: number, T: number) => number,
): Float64Array {
  const n = cols.length;
  const out = new Float64Array(n);
  const { frequency: x, recency: tx, T } = cols;
  if (n < COMPRESS_ABOVE) {
    for (let i = 0; i < n; i++) out[i] = fn(x[i]!, tx[i]!, T[i]!);
    return out;
  }
  const c = compressedFor(cols);
  const m = c.frequency.length;
  const distinct = new Float64Array(m);
  for (let u = 0; u < m; u++) distinct[u] = fn(c.frequency[u]!, c.recency[u]!, c.T[u]!);
  const index = c.index;
  for (let i = 0; i < n; i++) out[i] = distinct[index[i]!]!;
  return out;
}

interface CacheEntry {
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly checksum: number;
  readonly compressed: ReturnType<typeof compressSummaries>;
}

/** Compressed rows of recently seen large inputs, keyed by the frequency column, so that
 * P(alive) and several horizons on one summary compress it once. A checksum over all
 * values guards against columns mutated in place between calls. */
const cache = new WeakMap<Float64Array, CacheEntry>();

/** Compressed (frequency, recency, T) rows of columns: weights summed when given, else the
 * cached compression of {@linkcode compressedFor}. */
export function compressedRows(cols: Columns): ReturnType<typeof compressSummaries> {
  if (cols.weights === undefined) return compressedFor(cols);
  const { frequency, recency, T, weights } = cols;
  return compressSummaries({ frequency, recency, T, weights });
}

/**
 * Compressed (frequency, recency, T) rows of unweighted columns, cached per frequency column
 * (fits and predictions on one summary compress it once).
 */
export function compressedFor(cols: Columns): ReturnType<typeof compressSummaries> {
  const { frequency: x, recency: tx, T } = cols;
  let checksum = 0;
  for (let i = 0; i < cols.length; i++) checksum += x[i]! + tx[i]! * 1.000001 + T[i]! * 0.999999;
  const hit = cache.get(x);
  if (hit && hit.recency === tx && hit.T === T && hit.checksum === checksum) return hit.compressed;
  const compressed = compressSummaries({ frequency: x, recency: tx, T });
  cache.set(x, { recency: tx, T, checksum, compressed });
  return compressed;
}
