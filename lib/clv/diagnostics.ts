/**
 * Model diagnostics as plain data for charts: actual versus exact model-expected
 * repeat-purchase counts, frequency–recency and P(alive) matrices, and one customer's
 * P(alive) history.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { bgPmfVector } from "./_bg_core.ts";
import { distinctValues, toColumns } from "./_input.ts";
import { pointwise } from "./predict.ts";
import type { CountModel, SummaryInput } from "./types.ts";

/** One bucket of {@linkcode repeatPurchaseCounts}. */
export interface RepeatCountRow {
  /** Repeat purchases (the last bucket means "this many or more"). */
  readonly frequency: number;
  /** "0", "1", …, "7+". */
  readonly label: string;
  readonly actual: number;
  readonly expected: number;
}

/** Options for {@linkcode repeatPurchaseCounts}. */
export interface RepeatPurchaseCountsOptions {
  /** Number of buckets; the last one collects `maxCount − 1` or more. @default {8} */
  buckets?: number;
}

/**
 * Actual versus model-expected number of customers with 0, 1, … repeat purchases in the
 * calibration period. Expected counts are exact, Σᵢ P(X(Tᵢ) = k) from the model's distribution
 * of a new customer's purchases (BG/NBD: FHL 2005 eq. 8; MBG/NBD and Pareto/NBD: the
 * distribution of purchases after birth), grouped by distinct T, not simulated as in lifetimes;
 * the last bucket is the tail Σᵢ (1 − Σ_{k<K} P(X(Tᵢ) = k)).
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param summary Customers' frequency and T.
 * @param options Number of buckets.
 * @returns One row per bucket.
 *
 * @example
 * ```ts
 * import { repeatPurchaseCounts } from "./diagnostics.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const rows = repeatPurchaseCounts(bg, { frequency: [0, 1, 9], recency: [0, 3, 30], T: [39, 39, 39] }, { buckets: 3 });
 * ok(rows[2]!.label === "2+" && rows[2]!.actual === 1);
 * ok(Math.abs(rows.reduce((s, r) => s + r.expected, 0) - 3) < 1e-9);
 * ```
 */
export function repeatPurchaseCounts(
  model: CountModel,
  summary: SummaryInput,
  options: RepeatPurchaseCountsOptions = {},
): RepeatCountRow[] {
  const { buckets = 8 } = options;
  const predictor = pointwise(model);
  const cols = toColumns(summary);
  const last = buckets - 1;
  const actual = new Float64Array(buckets);
  const expected = new Float64Array(buckets);
  for (let i = 0; i < cols.length; i++) {
    actual[Math.min(last, cols.frequency[i]!)]! += cols.weights ? cols.weights[i]! : 1;
  }
  const Ts = distinctValues(cols.T);
  const weightPerT = new Float64Array(Ts.values.length);
  for (let i = 0; i < cols.length; i++) {
    weightPerT[Ts.index[i]!]! += cols.weights ? cols.weights[i]! : 1;
  }
  Ts.values.forEach((T, u) => {
    // BG/NBD keeps its own eq. 8 routine; the others: purchases after birth (x = t_x = T = 0).
    const pmf = model.model === "bg_nbd"
      ? bgPmfVector(model.params, T, last)
      : predictor.purchaseDistribution(0, 0, 0, T, { maxCount: last });
    let head = 0;
    for (let k = 0; k < last; k++) {
      expected[k]! += weightPerT[u]! * (pmf[k] ?? 0);
      head += pmf[k] ?? 0;
    }
    expected[last]! += weightPerT[u]! * Math.max(0, 1 - head);
  });
  return Array.from({ length: buckets }, (_, k) => ({
    frequency: k,
    label: k === last ? `${k}+` : String(k),
    actual: actual[k]!,
    expected: expected[k]!,
  }));
}

/** A matrix indexed by recency (rows) and frequency (columns). */
export interface RecencyFrequencyMatrix {
  /** Column values: frequency 0 … maxFrequency. */
  readonly frequency: readonly number[];
  /** Row values: recency 0 … maxRecency. */
  readonly recency: readonly number[];
  /** Customer age used for every cell. */
  readonly T: number;
  /** `values[i][j]` at recency `recency[i]` and frequency `frequency[j]`. */
  readonly values: readonly (readonly number[])[];
  /** The same cells in long form, for Plot's `cell` mark. */
  readonly cells: readonly {
    readonly frequency: number;
    readonly recency: number;
    readonly value: number;
  }[];
}

/** Options for the matrices. */
export interface MatrixOptions {
  /** Largest frequency (columns 0…maxFrequency). */
  maxFrequency: number;
  /** Largest recency (rows 0…maxRecency). */
  maxRecency: number;
  /** Customer age. @default {maxRecency} */
  T?: number;
  /** Horizon of the expected purchases (frequency–recency matrix only). @default {1} */
  t?: number;
  /** Step between recency rows (rows 0, step, 2·step, … ≤ maxRecency). @default {1} */
  recencyStep?: number;
}

/** Most cells a matrix may have (bounds its memory: pass a larger `recencyStep`). */
export const MATRIX_MAX_CELLS = 1_000_000;

function matrix(
  options: MatrixOptions,
  cell: (x: number, tx: number, T: number) => number,
): RecencyFrequencyMatrix {
  const { maxFrequency, maxRecency, T = maxRecency, recencyStep = 1 } = options;
  if (
    !(maxFrequency >= 0 && maxRecency >= 0 && T >= maxRecency && T > 0 && recencyStep > 0)
  ) {
    throw new OptionError(
      "maxRecency",
      `Cannot build matrix: need 0 ≤ maxRecency ≤ T, maxFrequency ≥ 0 and recencyStep > 0: current values are ${maxRecency}, ${T}, ${maxFrequency}, ${recencyStep}`,
    );
  }
  const rows = Math.floor(maxRecency / recencyStep) + 1;
  const columns = Math.floor(maxFrequency) + 1;
  if (rows * columns > MATRIX_MAX_CELLS) {
    throw new OptionError(
      "recencyStep",
      `Cannot build matrix: ${rows} recency rows × ${columns} frequencies exceed ${MATRIX_MAX_CELLS} cells`,
      "pass a larger recencyStep or a smaller maxFrequency",
    );
  }
  const frequency = Array.from({ length: columns }, (_, j) => j);
  const recency = Array.from({ length: rows }, (_, i) => i * recencyStep);
  const cells: { frequency: number; recency: number; value: number }[] = [];
  const values = recency.map((tx) =>
    frequency.map((x) => {
      const value = cell(x, x === 0 ? 0 : tx, T);
      cells.push({ frequency: x, recency: tx, value });
      return value;
    })
  );
  return { frequency, recency, T, values, cells };
}

/**
 * Expected purchases in the next `t` periods for every (frequency, recency) pair of a
 * customer of age T (lifetimes' `plot_frequency_recency_matrix`).
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param options Grid size, age and horizon.
 * @returns The matrix, in wide and long form.
 *
 * @example
 * ```ts
 * import { frequencyRecencyMatrix } from "./diagnostics.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const m = frequencyRecencyMatrix(bg, { maxFrequency: 29, maxRecency: 38 });
 * equal(m.values.length, 39);
 * equal(m.values[0]!.length, 30);
 * ```
 */
export function frequencyRecencyMatrix(
  model: CountModel,
  options: MatrixOptions,
): RecencyFrequencyMatrix {
  const f = pointwise(model).conditionalExpectedPurchases;
  const t = options.t ?? 1;
  return matrix(options, (x, tx, T) => f(x, tx, T, t));
}

/**
 * P(alive) for every (frequency, recency) pair of a customer of age T (lifetimes'
 * `plot_probability_alive_matrix`).
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param options Grid size and age.
 * @returns The matrix, in wide and long form.
 *
 * @example
 * ```ts
 * import { probabilityAliveMatrix } from "./diagnostics.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * equal(probabilityAliveMatrix(bg, { maxFrequency: 5, maxRecency: 10 }).values[0]![0], 1);
 * ```
 */
export function probabilityAliveMatrix(
  model: CountModel,
  options: MatrixOptions,
): RecencyFrequencyMatrix {
  return matrix(options, pointwise(model).probabilityAlive);
}

/**
 * One customer's P(alive) over time: at each grid time τ (measured from the first
 * purchase), P(alive | x(τ), t_x(τ), T = τ) from the purchases made by then.
 *
 * @param model A count-model fit or `{ model, params }`.
 * @param purchaseTimes Times of the repeat purchases since the first purchase (any order).
 * @param grid Evaluation times (> 0).
 * @returns One probability per grid time.
 *
 * @example Drops between purchases and jumps back at each purchase
 * ```ts
 * import { probabilityAliveHistory } from "./diagnostics.ts";
 * import { ok } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const h = probabilityAliveHistory(bg, [2, 5], [1, 2, 4, 5, 20]);
 * ok(h[0] === 1 && h[2]! < h[1]! && h[3]! > h[2]! && h[4]! < h[3]!);
 * ```
 */
export function probabilityAliveHistory(
  model: CountModel,
  purchaseTimes: ArrayLike<number>,
  grid: ArrayLike<number>,
): Float64Array {
  const alive = pointwise(model).probabilityAlive;
  const times = Float64Array.from(purchaseTimes).sort();
  return Float64Array.from(grid, (tau) => {
    let x = 0;
    let tx = 0;
    for (const t of times) {
      if (t > tau) break;
      x++;
      tx = t;
    }
    return alive(x, tx, Math.max(tau, tx));
  });
}
