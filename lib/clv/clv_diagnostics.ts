/**
 * The diagnostics stage of the CLV analysis: chart data of the main count model on a bounded
 * grid whatever the data (a customer with a huge T does not make the matrices huge).
 *
 * @module
 */
import { type ClvDistribution, clvDistribution, type ClvSegment } from "./_analysis_parts.ts";
import type { ResolvedClvOptions } from "./clv_options.ts";
import {
  frequencyRecencyMatrix,
  probabilityAliveMatrix,
  type RecencyFrequencyMatrix,
  type RepeatCountRow,
  repeatPurchaseCounts,
} from "./diagnostics.ts";
import type { ClvColumns } from "./fit_models.ts";
import type { CountModel } from "./types.ts";

/** Chart data. */
export interface ClvDiagnostics {
  /** Customers with 0, 1, …, 7+ repeat purchases: actual and exactly expected by the main model. */
  readonly repeatPurchases: readonly RepeatCountRow[];
  /** E[purchases in the next week] by frequency and recency, at T = the oldest customer's age. */
  readonly frequencyRecency: RecencyFrequencyMatrix;
  /** P(alive) by frequency and recency, at the same T. */
  readonly probabilityAlive: RecencyFrequencyMatrix;
  readonly clvDistribution: ClvDistribution;
}

/**
 * The matrices' grid: frequencies 0 … min(`matrixMaxFrequency`, largest frequency), recencies
 * 0, 1, … ⌊oldest T⌋, or, when that would be more than `matrixMaxRows` rows, every `step`-th
 * whole time unit with step = ⌈⌊oldest T⌋ / (matrixMaxRows − 1)⌉.
 *
 * @param columns Frequency and T per customer.
 * @param options The frequency cap and row cap.
 * @returns The grid options of the matrices.
 *
 * @example A 10-year-old customer in weeks: 400 rows at most
 * ```ts
 * import { matrixGrid } from "./clv_diagnostics.ts";
 * import { equal } from "node:assert/strict";
 *
 * const g = matrixGrid({ frequency: [3, 0], T: [52, 520] }, { matrixMaxFrequency: 40, matrixMaxRows: 400 });
 * equal(g.recencyStep, 2);
 * equal(g.maxFrequency, 3);
 * ```
 */
export function matrixGrid(
  columns: { readonly frequency: ArrayLike<number>; readonly T: ArrayLike<number> },
  options: Pick<ResolvedClvOptions, "matrixMaxFrequency" | "matrixMaxRows">,
): { maxFrequency: number; maxRecency: number; T: number; recencyStep: number } {
  let maxT = 0, maxX = 0;
  for (let i = 0; i < columns.T.length; i++) {
    maxT = Math.max(maxT, columns.T[i]!);
    maxX = Math.max(maxX, columns.frequency[i]!);
  }
  const maxRecency = Math.floor(maxT);
  const recencyStep = maxRecency + 1 <= options.matrixMaxRows
    ? 1
    : Math.ceil(maxRecency / Math.max(1, options.matrixMaxRows - 1));
  return {
    maxFrequency: Math.min(options.matrixMaxFrequency, maxX),
    maxRecency,
    T: Math.max(maxT, 1e-9),
    recencyStep,
  };
}

/**
 * Chart data of the main count model: actual versus expected repeat purchases, the
 * frequency–recency and P(alive) matrices (on {@linkcode matrixGrid}), and the CLV distribution.
 *
 * @param model The main count model.
 * @param columns The summary columns.
 * @param values CLV, its segments and the sorted CLVs.
 * @param options Time unit and matrix caps.
 * @returns The diagnostics.
 *
 * @example
 * ```ts
 * import { clvDiagnostics } from "./clv_diagnostics.ts";
 * import { equal } from "node:assert/strict";
 *
 * const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const columns = { frequency: Float64Array.of(0, 2), recency: Float64Array.of(0, 30), T: Float64Array.of(38, 38), monetaryValue: Float64Array.of(0, 25) };
 * const d = clvDiagnostics(bg, columns, { clv: Float64Array.of(1, 9), clv_segment: ["C", "A"] },
 *   { timeUnit: "week", matrixMaxFrequency: 40, matrixMaxRows: 400 });
 * equal(d.probabilityAlive.values.length, 39);
 * ```
 */
export function clvDiagnostics(
  model: CountModel,
  columns: ClvColumns,
  values: {
    readonly clv: Float64Array;
    readonly clv_segment: readonly ClvSegment[];
    readonly sorted?: Float64Array;
  },
  options: Pick<ResolvedClvOptions, "timeUnit" | "matrixMaxFrequency" | "matrixMaxRows">,
): ClvDiagnostics {
  const perWeek = options.timeUnit === "week" ? 1 : 7;
  const grid = matrixGrid(columns, options);
  return {
    repeatPurchases: repeatPurchaseCounts(model, columns),
    frequencyRecency: frequencyRecencyMatrix(model, { ...grid, t: perWeek }),
    probabilityAlive: probabilityAliveMatrix(model, grid),
    clvDistribution: clvDistribution(values.clv, values.clv_segment, values.sorted),
  };
}
