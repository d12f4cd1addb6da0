/**
 * Pieces of `clvAnalysis` (private): CLV quartile segments, the CLV distribution and the
 * Pearson correlation.
 *
 * @module
 */
import { quantileLinear } from "../stats/mod.ts";

/** CLV segment: `"A"` the top quarter of customers by CLV, `"D"` the bottom. */
export type ClvSegment = "A" | "B" | "C" | "D";

/**
 * Quartile segments by CLV, ties kept together: a customer's segment is set by how many
 * customers have a strictly larger CLV (`A` when fewer than n/4, `B` fewer than n/2, `C`
 * fewer than 3n/4, else `D`), so equal CLVs always share a segment (the better one) and the
 * result does not depend on row order. With many ties a segment can hold more than a quarter
 * of the customers, and a lower one fewer (even none).
 */
export function clvSegments(
  clv: ArrayLike<number>,
  sorted: Float64Array = Float64Array.from(clv).sort(),
): ClvSegment[] {
  const n = clv.length;
  // Fewer than c·n customers above v ⟺ more than (1 − c)·n at or below v ⟺ v ≥ sorted[⌊(1 − c)n⌋]
  // (sorted ascending): three thresholds decide every segment.
  const a = sorted[Math.floor(0.75 * n)]!, b = sorted[Math.floor(0.5 * n)]!;
  const c = sorted[Math.floor(0.25 * n)]!;
  const out: ClvSegment[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = clv[i]!;
    out[i] = v >= a ? "A" : v >= b ? "B" : v >= c ? "C" : "D";
  }
  return out;
}

/** The CLV distribution for charts. */
export interface ClvDistribution {
  /** Quantiles at p = 0, 0.05, 0.1, …, 1 (linear interpolation, as pandas and d3). */
  readonly quantiles: readonly { readonly p: number; readonly value: number }[];
  /** 20 equal-width bins from the minimum to the 99th percentile, then one overflow bin
   * [p99, max]; `x1` is inclusive only in the last bin. */
  readonly bins: readonly { readonly x0: number; readonly x1: number; readonly count: number }[];
  /** Per segment: customers, CLV range, total and mean. */
  readonly segments: readonly {
    readonly segment: ClvSegment;
    readonly customers: number;
    readonly minClv: number;
    readonly maxClv: number;
    readonly totalClv: number;
    readonly meanClv: number;
  }[];
}

/** Quantiles, histogram bins and per-segment totals of the CLV column (n ≥ 1). */
export function clvDistribution(
  clv: ArrayLike<number>,
  segments: readonly ClvSegment[],
  sorted: Float64Array = Float64Array.from(clv).sort(),
): ClvDistribution {
  const n = sorted.length;
  const quantiles = Array.from({ length: 21 }, (_, k) => ({
    p: k / 20,
    value: quantileLinear(sorted, k / 20),
  }));
  const min = sorted[0]!, max = sorted[n - 1]!, p99 = quantileLinear(sorted, 0.99);
  const bins: { x0: number; x1: number; count: number }[] = [];
  if (!(p99 > min)) {
    bins.push({ x0: min, x1: max, count: n });
  } else {
    const width = (p99 - min) / 20;
    for (let b = 0; b < 20; b++) {
      bins.push({ x0: min + b * width, x1: min + (b + 1) * width, count: 0 });
    }
    bins[19]!.x1 = p99;
    if (max > p99) bins.push({ x0: p99, x1: max, count: 0 });
    for (let i = 0; i < n; i++) {
      const v = sorted[i]!;
      const b = v >= p99
        ? (max > p99 && v > p99 ? 20 : 19)
        : Math.min(19, Math.floor((v - min) / width));
      bins[b]!.count++;
    }
  }
  const labels = ["A", "B", "C", "D"] as const;
  const count = [0, 0, 0, 0], total = [0, 0, 0, 0];
  const lo = [Infinity, Infinity, Infinity, Infinity],
    hi = [-Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i < segments.length; i++) {
    const g = segments[i]!.charCodeAt(0) - 65; // "A" → 0 … "D" → 3
    const v = clv[i]!;
    count[g]!++;
    total[g]! += v;
    if (v < lo[g]!) lo[g] = v;
    if (v > hi[g]!) hi[g] = v;
  }
  const bySegment = labels.map((segment, g) => ({
    segment,
    customers: count[g]!,
    minClv: count[g]! > 0 ? lo[g]! : 0,
    maxClv: count[g]! > 0 ? hi[g]! : 0,
    totalClv: total[g]!,
    meanClv: count[g]! > 0 ? total[g]! / count[g]! : 0,
  }));
  return { quantiles, bins, segments: bySegment };
}

/** Weighted Pearson correlation, or null with fewer than 2 rows or no variance. */
export function pearson(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w?: ArrayLike<number>,
): number | null {
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i]! : 1;
    sw += wi;
    sx += wi * x[i]!;
    sy += wi * y[i]!;
  }
  if (x.length < 2 || !(sw > 0)) return null;
  const mx = sx / sw, my = sy / sw;
  let cxy = 0, cxx = 0, cyy = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i]! : 1;
    const dx = x[i]! - mx, dy = y[i]! - my;
    cxy += wi * dx * dy;
    cxx += wi * dx * dx;
    cyy += wi * dy * dy;
  }
  const r = cxy / Math.sqrt(cxx * cyy);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}
