// A private quantile cut with pandas `qcut` semantics (the public one lives in lib/rfm/).
import { ValidationError } from "../errors.ts";

/**
 * Bins `values` into `q` quantile bins like `pandas.qcut(values, q)`: edges are the
 * 0, 1/q, …, 1 quantiles with numpy's linear interpolation (including its `lerp` form),
 * bins are right-closed and the lowest value goes to the first bin. Returns each value's
 * bin index (0 = lowest). Throws a ValidationError when edges repeat (pandas raises
 * "Bin edges must be unique").
 */
export function qcutIndexes(values: readonly number[], q: number, what: string): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges = Array.from({ length: q + 1 }, (_, j) => quantileLinear(sorted, j / q));
  for (let j = 1; j < edges.length; j++) {
    if (!(edges[j - 1]! < edges[j]!)) {
      throw new ValidationError(
        `Cannot cut ${what} into ${q} quantile bins: bin edges are not unique (edges: ${
          edges.map((e) => `"${e}"`).join(", ")
        })`,
        [{
          rule: "qcut-duplicate-edges",
          value: String(edges[j]),
          message: `edge ${j} repeats edge ${j - 1}`,
        }],
        `pandas qcut raises here too: there are too few distinct ${what} values for ${q} bins`,
      );
    }
  }
  return values.map((x) => {
    if (x === edges[0]) return 0;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) { // first edge >= x (numpy searchsorted, side="left")
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  });
}

/** numpy `percentile(method="linear")` of an ascending array at p ∈ [0, 1]. */
function quantileLinear(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const t = position - below;
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
