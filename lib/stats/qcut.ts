import { oneOf, OptionError, ValidationError } from "../errors.ts";
import { linspaceProbabilities, quantileLinear } from "./quantile.ts";

/** What {@linkcode qcut} does when two quantile edges coincide. */
export type DuplicateEdges = "raise" | "drop";

/** Options for {@linkcode qcut}. */
export interface QcutOptions {
  /**
   * One label per bin (lowest bin first). When given, the result holds `labels[bin]`
   * instead of the 0-based bin index, e.g. `[5, 4, 3, 2, 1]` for a reversed score.
   * @default {undefined (0-based bin indices)}
   */
  labels?: readonly number[];
  /**
   * Coinciding edges: `"raise"` throws a {@linkcode ValidationError} (pandas' default,
   * "Bin edges must be unique"); `"drop"` merges the coinciding edges into fewer bins, as
   * pandas `duplicates="drop"` does (and, like pandas, refuses `labels` then, because the
   * bins no longer match them).
   * @default {"raise"}
   */
  duplicates?: DuplicateEdges;
}

/** Bin edges as {@linkcode qcut} computes them. */
export interface QcutEdges {
  /** Probabilities of the edges: `linspace(0, 1, q + 1)`. */
  readonly probabilities: readonly number[];
  /** The edges (linear-interpolation quantiles), ascending, possibly with repeats. */
  readonly edges: readonly number[];
}

/**
 * The quantile edges of `values` for `q` bins: numpy-linear quantiles at
 * `linspace(0, 1, q + 1)`, exactly as pandas `qcut` computes them.
 *
 * @param values Finite numbers in any order.
 * @param q Number of bins (a positive integer).
 * @returns Probabilities and edges.
 * @throws {ValidationError} If a value is not finite or there are no values.
 * @throws {OptionError} If `q` is not a positive integer.
 *
 * @example
 * ```ts
 * import { qcutEdges } from "./qcut.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(qcutEdges([4, 1, 3, 2, 5], 4).edges, [1, 2, 3, 4, 5]);
 * ```
 */
export function qcutEdges(values: ArrayLike<number>, q: number): QcutEdges {
  if (!Number.isInteger(q) || q < 1) {
    throw new OptionError(
      "q",
      `Cannot bin values: q must be a positive integer: current value is "${q}"`,
    );
  }
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i]!)) {
      throw new ValidationError(
        `Cannot bin values: value at index ${i} is not a finite number: current value is "${
          sorted[i]
        }"`,
        [{ rule: "finite", message: "not a finite number", value: String(sorted[i]) }],
        "remove or fill missing values before scoring",
      );
    }
  }
  if (sorted.length === 0) {
    throw new ValidationError(
      "Cannot bin values: there are no values",
      [],
      "pass at least one value",
    );
  }
  sorted.sort();
  const probabilities = linspaceProbabilities(q);
  return { probabilities, edges: probabilities.map((p) => quantileLinear(sorted, p)) };
}

/**
 * Quantile binning with exactly the semantics of pandas `qcut(values, q)`: the edges are
 * numpy-linear quantiles at `linspace(0, 1, q + 1)` ({@linkcode qcutEdges}), bins are closed on
 * the right, `(e[i], e[i+1]]`, and the lowest value (`e[0]`) belongs to the first bin
 * (`include_lowest=True`). A value equal to an inner edge therefore falls in the **lower** bin.
 *
 * **Coinciding edges.** With many tied values, two quantiles can be the same number (for
 * example when more than a fifth of customers bought exactly once). The bins are then no longer
 * `q` distinct ranges, so by default this throws a {@linkcode ValidationError} that names the
 * coinciding quantiles and their value, as pandas raises "Bin edges must be unique". It never
 * shifts values silently. The fixes are to bin ranks instead of values (what the RFM recipe does
 * for frequency: ties broken by a fixed order) or to accept fewer bins with
 * `{ duplicates: "drop" }`.
 *
 * @param values Finite numbers, in any order; the result keeps their order.
 * @param q Number of bins.
 * @param options Labels and the duplicate-edge policy.
 * @returns One 0-based bin index (or label) per value.
 * @throws {ValidationError} If edges coincide under `"raise"`, a value is not finite, or
 * `labels` does not have one entry per bin.
 *
 * @example Right-closed bins: 2 sits on an edge and goes to the lower bin
 * ```ts
 * import { qcut } from "./qcut.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 *
 * // edges 1, 2, 3, 4+ε, 5, 6
 * deepStrictEqual(qcut([1, 2, 3, 4, 5, 6], 5), [0, 0, 1, 2, 3, 4]);
 * deepStrictEqual(qcut([1, 2, 3, 4, 5, 6], 5, { labels: [5, 4, 3, 2, 1] }), [5, 5, 4, 3, 2, 1]);
 * throws(() => qcut([1, 1, 1, 1, 2, 3, 4, 5, 6, 7], 5), /quantiles 0 and 0.2 coincide at 1/);
 * deepStrictEqual(qcut([1, 1, 1, 1, 2, 3, 4, 5, 6, 7], 5, { duplicates: "drop" }), [0, 0, 0, 0, 1, 1, 2, 2, 3, 3]);
 * ```
 */
export function qcut(
  values: ArrayLike<number>,
  q: number,
  options: QcutOptions = {},
): number[] {
  const { labels, duplicates = "raise" } = options;
  oneOf("duplicates", String(duplicates), ["raise", "drop"] as const);
  const { probabilities, edges } = qcutEdges(values, q);
  let bins = edges;
  const coinciding = coincidingEdges(probabilities, edges);
  // pandas skips the check when there are only two edges (q = 1).
  if (coinciding.length > 0 && edges.length !== 2) {
    if (duplicates === "raise") {
      const text = coinciding.map((c) => `quantiles ${c.from} and ${c.to} coincide at ${c.value}`)
        .join("; ");
      throw new ValidationError(
        `Cannot bin values into ${q} quantile bins: bin edges must be unique: ${text}`,
        coinciding.map((c) => ({
          rule: "unique_edges",
          message: `quantiles ${c.from} and ${c.to} coincide`,
          value: String(c.value),
        })),
        'too many tied values: score ranks with ties broken in a fixed order (rank "first"), or pass { duplicates: "drop" } for fewer bins',
      );
    }
    bins = edges.filter((e, i) => i === 0 || e !== edges[i - 1]);
    if (bins.length < 2) {
      throw new ValidationError(
        `Cannot bin values into ${q} quantile bins: all values equal ${bins[0]}`,
        [{ rule: "unique_edges", message: "all quantiles coincide", value: String(bins[0]) }],
        "there is nothing to rank: score ranks instead, or drop this metric",
      );
    }
  }
  const binCount = bins.length - 1;
  if (labels !== undefined && labels.length !== binCount) {
    throw new ValidationError(
      `Cannot bin values: labels must have one entry per bin (${binCount}): current length is ${labels.length}`,
      [],
      bins.length < edges.length
        ? "duplicate edges were dropped: pass no labels, or score ranks instead"
        : "pass q labels",
    );
  }
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const bin = binOf(bins, values[i]!);
    out[i] = labels === undefined ? bin : labels[bin]!;
  }
  return out;
}

/** 0-based bin of `x` in right-closed bins, lowest edge included: (number of edges < x) − 1, at least 0. */
function binOf(edges: readonly number[], x: number): number {
  // Binary search for the first edge >= x (numpy searchsorted side="left").
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(Math.max(lo - 1, 0), edges.length - 2);
}

interface Coinciding {
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

function coincidingEdges(probabilities: readonly number[], edges: readonly number[]): Coinciding[] {
  const out: Coinciding[] = [];
  for (let i = 1; i < edges.length; i++) {
    if (edges[i] === edges[i - 1]) {
      out.push({
        from: round(probabilities[i - 1]!),
        to: round(probabilities[i]!),
        value: edges[i]!,
      });
    }
  }
  return out;
}

function round(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}
