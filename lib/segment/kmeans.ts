import { OptionError } from "../errors.ts";
import { createRandom, type Random } from "../stats/mod.ts";

/** A k-means fit. */
export interface KMeansFit {
  readonly k: number;
  /** Cluster of each point, 0..k−1. */
  readonly assignments: readonly number[];
  readonly centroids: readonly (readonly number[])[];
  /** Sum of squared distances to the assigned centroid. */
  readonly inertia: number;
  readonly iterations: number;
}

/** Options for {@linkcode kmeans}. */
export interface KMeansOptions {
  /** PRNG seed for the k-means++ initialisation. @default {42} */
  seed?: number;
  /** Independent initialisations; the lowest inertia wins (ties: the first). @default {2} */
  restarts?: number;
  /** Lloyd iterations per run. @default {100} */
  maxIterations?: number;
  /**
   * Convergence: stop when the squared centroid shift summed over clusters is at most `tol`
   * times the mean per-dimension variance of the data (scikit-learn's rule). @default {1e-4}
   */
  tol?: number;
  /**
   * Initial centroids (k rows of the points' length), e.g. the centroids of a fit on a sample.
   * When given, there is a single run from them: no k-means++ and no restarts.
   * @default {undefined (k-means++ from the seed)}
   */
  init?: readonly (readonly number[])[];
}

/**
 * k-means clustering: k-means++ initialisation (Arthur & Vassilvitskii 2007) from a seeded
 * PRNG, then Lloyd iterations until no assignment changes. An emptied cluster is re-seeded with
 * the point farthest from its centroid. Equal distances go to the lower cluster index, so the
 * result depends only on the points, `k` and the seed. Points whose centroid provably stays the
 * nearest are skipped (Hamerly's distance bounds), with the same assignments as comparing every
 * point with every centroid: about half the time on 445,120 customers.
 *
 * @param points Rows of equal length.
 * @param k Number of clusters, 1 ≤ k ≤ points.length.
 * @param options Seed, restarts and iteration cap.
 * @returns The best fit over the restarts.
 * @throws {OptionError} If `k` is out of range.
 *
 * @example Two obvious groups
 * ```ts
 * import { kmeans } from "./kmeans.ts";
 * import { equal, notEqual } from "node:assert/strict";
 *
 * const fit = kmeans([[0, 0], [0, 1], [10, 10], [10, 11]], 2);
 * equal(fit.assignments[0], fit.assignments[1]);
 * notEqual(fit.assignments[0], fit.assignments[2]);
 * equal(fit.inertia, 1);
 * ```
 */
export function kmeans(
  points: readonly (readonly number[])[],
  k: number,
  options: KMeansOptions = {},
): KMeansFit {
  const { seed = 42, restarts = 2, maxIterations = 100, tol = 1e-4, init } = options;
  if (!Number.isInteger(k) || k < 1 || k > points.length) {
    throw new OptionError(
      "k",
      `Cannot cluster: k must be an integer in 1..${points.length}: current value is "${k}"`,
    );
  }
  const random = createRandom(seed);
  const flat = flatten(points);
  const threshold = tol * meanVariance(flat);
  if (init !== undefined) {
    if (init.length !== k || init.some((row) => row.length !== flat.dim)) {
      throw new OptionError(
        "init",
        `Cannot cluster: init must hold ${k} centroids of length ${flat.dim}: current value has ${init.length}`,
      );
    }
    return lloyd(flat, flatten(init).x, k, maxIterations, threshold);
  }
  let best: KMeansFit | undefined;
  for (let run = 0; run < restarts; run++) {
    const fit = lloyd(flat, initPlusPlus(flat, k, random), k, maxIterations, threshold);
    if (best === undefined || fit.inertia < best.inertia - 1e-12) best = fit;
  }
  return best!;
}

/** Points as one row-major Float64Array (fast inner loops). */
interface Flat {
  readonly n: number;
  readonly dim: number;
  readonly x: Float64Array;
}

function flatten(points: readonly (readonly number[])[]): Flat {
  const n = points.length;
  const dim = points[0]?.length ?? 0;
  const x = new Float64Array(n * dim);
  points.forEach((p, i) => x.set(p, i * dim));
  return { n, dim, x };
}

function d2(a: Float64Array, i: number, b: Float64Array, c: number, dim: number): number {
  let s = 0;
  const oi = i * dim;
  const oc = c * dim;
  for (let j = 0; j < dim; j++) {
    const d = a[oi + j]! - b[oc + j]!;
    s += d * d;
  }
  return s;
}

function initPlusPlus(p: Flat, k: number, random: Random): Float64Array {
  const { n, dim, x } = p;
  const centers = new Float64Array(k * dim);
  const first = Math.floor(random.next() * n);
  centers.set(x.subarray(first * dim, first * dim + dim), 0);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = d2(x, i, centers, 0, dim);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += d[i]!;
    let index = 0;
    if (total > 0) {
      let r = random.next() * total;
      for (index = 0; index < n - 1; index++) {
        r -= d[index]!;
        if (r < 0) break;
      }
    } else {
      index = Math.floor(random.next() * n);
    }
    centers.set(x.subarray(index * dim, index * dim + dim), c * dim);
    for (let i = 0; i < n; i++) d[i] = Math.min(d[i]!, d2(x, i, centers, c, dim));
  }
  return centers;
}

/**
 * Distance bounds of Hamerly's algorithm (2010), which skips the points whose centroid cannot
 * have changed: `upper[i]` is at least point i's distance to its assigned centroid, `lower[i]`
 * at most its distance to any other centroid. A point is skipped when its upper bound is below
 * both its lower bound and half the distance from its centroid to the nearest other one; then
 * its centroid is strictly the nearest, which is what a full comparison would find. The bounds
 * are loosened by `BOUND_MARGIN` (relative) before that test, far more than their rounding, so a
 * skipped point is one the exact comparison would leave where it is: the assignments are those
 * of plain Lloyd iterations, tie-breaks included.
 */
interface Bounds {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

/** Relative slack on the bounds before a point is skipped (see {@linkcode Bounds}). */
const BOUND_MARGIN = 1e-9;

/**
 * Assigns every point to its nearest centroid (equal distances: the lower index) and says
 * whether any assignment changed. Points whose bounds prove their centroid unchanged are
 * skipped; the others are compared with every centroid, which also resets their bounds.
 */
function assignNearest(
  p: Flat,
  centroids: Float64Array,
  k: number,
  assignments: Int32Array,
  bounds: Bounds,
): boolean {
  const { n, dim, x } = p;
  const { upper, lower } = bounds;
  // Half the distance from each centroid to the nearest other one.
  const half = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const d = Math.sqrt(d2(centroids, a, centroids, b, dim)) / 2;
      if (d < half[a]!) half[a] = d;
      if (d < half[b]!) half[b] = d;
    }
  }
  const below = (u: number, limit: number) => u * (1 + BOUND_MARGIN) < limit * (1 - BOUND_MARGIN);
  let changed = false;
  for (let i = 0; i < n; i++) {
    const own = assignments[i]!;
    if (own >= 0) {
      const limit = Math.max(half[own]!, lower[i]!);
      if (below(upper[i]!, limit)) continue;
      upper[i] = Math.sqrt(d2(x, i, centroids, own, dim));
      if (below(upper[i]!, limit)) continue;
    }
    const oi = i * dim;
    let bestC = 0;
    let bestD = Infinity;
    let secondD = Infinity;
    for (let c = 0; c < k; c++) {
      const oc = c * dim;
      // The squared distance, abandoned once it reaches the second best so far: a sum of
      // non-negative terms never decreases, so the partial sum decides as the whole would.
      let dd = 0;
      for (let j = 0; j < dim && dd < secondD; j++) {
        const d = x[oi + j]! - centroids[oc + j]!;
        dd += d * d;
      }
      if (dd < bestD) {
        secondD = bestD;
        bestD = dd;
        bestC = c;
      } else if (dd < secondD) {
        secondD = dd;
      }
    }
    upper[i] = Math.sqrt(bestD);
    lower[i] = Math.sqrt(secondD);
    if (own !== bestC) {
      assignments[i] = bestC;
      changed = true;
    }
  }
  return changed;
}

/**
 * Moves the bounds with the centroids: each point's upper bound grows by its centroid's move,
 * its lower bound shrinks by the largest move of another centroid (triangle inequality).
 */
function moveBounds(
  assignments: Int32Array,
  moves: Float64Array,
  bounds: Bounds,
): void {
  const k = moves.length;
  let first = 0;
  for (let c = 1; c < k; c++) if (moves[c]! > moves[first]!) first = c;
  let second = 0;
  for (let c = 0; c < k; c++) if (c !== first && (moves[c]! > second)) second = moves[c]!;
  const { upper, lower } = bounds;
  for (let i = 0; i < assignments.length; i++) {
    const own = assignments[i]!;
    upper[i]! += moves[own]!;
    lower[i]! -= own === first ? second : moves[first]!;
  }
}

function meanVariance(p: Flat): number {
  const { n, dim, x } = p;
  if (n === 0 || dim === 0) return 0;
  let total = 0;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * dim + j]!;
    mean /= n;
    for (let i = 0; i < n; i++) total += (x[i * dim + j]! - mean) ** 2;
  }
  return total / (n * dim);
}

function lloyd(
  p: Flat,
  centroids: Float64Array,
  k: number,
  maxIterations: number,
  threshold: number,
): KMeansFit {
  const { n, dim, x } = p;
  const assignments = new Int32Array(n).fill(-1);
  const bounds: Bounds = { upper: new Float64Array(n), lower: new Float64Array(n) };
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const moves = new Float64Array(k);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (!assignNearest(p, centroids, k, assignments, bounds)) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i]!;
      counts[c]!++;
      for (let j = 0; j < dim; j++) sums[c * dim + j]! += x[i * dim + j]!;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // Re-seed an empty cluster with the point farthest from its current centroid.
        let far = 0;
        let farD = -1;
        for (let i = 0; i < n; i++) {
          const dd = d2(x, i, centroids, assignments[i]!, dim);
          if (dd > farD) {
            farD = dd;
            far = i;
          }
        }
        moves[c] = Math.sqrt(d2(x, far, centroids, c, dim));
        centroids.set(x.subarray(far * dim, far * dim + dim), c * dim);
        assignments[far] = c;
        // Its bounds were for its former centroid (the lower one excluded that centroid, which
        // is now another's): compare it with every centroid next time.
        bounds.upper[far] = Infinity;
        bounds.lower[far] = 0;
        shift = Infinity;
      } else {
        let moved = 0;
        for (let j = 0; j < dim; j++) {
          const next = sums[c * dim + j]! / counts[c]!;
          const step = (next - centroids[c * dim + j]!) ** 2;
          shift += step;
          moved += step;
          centroids[c * dim + j] = next;
        }
        moves[c] = Math.sqrt(moved);
      }
    }
    moveBounds(assignments, moves, bounds);
    if (shift <= threshold) {
      iterations++;
      // final assignment to the moved centroids
      assignNearest(p, centroids, k, assignments, bounds);
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += d2(x, i, centroids, assignments[i]!, dim);
  const rows: number[][] = [];
  for (let c = 0; c < k; c++) rows.push([...centroids.subarray(c * dim, c * dim + dim)]);
  return { k, assignments: [...assignments], centroids: rows, inertia, iterations };
}

/** Options for {@linkcode silhouetteScore}. */
export interface SilhouetteOptions {
  /** Points sampled (without replacement) when there are more. @default {1000} */
  sampleSize?: number;
  /** Sampling seed. @default {42} */
  seed?: number;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distance: for each point,
 * s = (b − a) / max(a, b), where a is the mean distance to its own cluster and b the smallest
 * mean distance to another cluster; s = 0 for a point alone in its cluster. Like scikit-learn's
 * `silhouette_score(sample_size=…)`, large inputs are scored on a seeded random sample (distances
 * within the sample only), which keeps the cost at O(sample²).
 *
 * @param points Rows of equal length.
 * @param assignments Cluster of each point.
 * @param options Sample size and seed.
 * @returns The mean silhouette in [−1, 1]; 0 when there is only one cluster.
 *
 * @example
 * ```ts
 * import { silhouetteScore } from "./kmeans.ts";
 * import { equal } from "node:assert/strict";
 *
 * // points 0 and 11: a = 1, b = 10.5; points 1 and 10: a = 1, b = 9.5
 * const expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
 * equal(Math.abs(silhouetteScore([[0], [1], [10], [11]], [0, 0, 1, 1]) - expected) < 1e-12, true);
 * ```
 */
export function silhouetteScore(
  points: readonly (readonly number[])[],
  assignments: readonly number[],
  options: SilhouetteOptions = {},
): number {
  const { sampleSize = 1000, seed = 42 } = options;
  const index = silhouetteSample(points.length, { sampleSize, seed });
  return silhouetteFromDistances(sampleDistances(points, index), index.map((i) => assignments[i]!));
}

/**
 * The indices {@linkcode silhouetteScore} samples: all of 0..n−1 when n ≤ `sampleSize`, else a
 * seeded sample without replacement (partial Fisher–Yates), ascending.
 *
 * @param n Number of points.
 * @param options Sample size and seed.
 * @returns Ascending indices.
 *
 * @example
 * ```ts
 * import { silhouetteSample } from "./kmeans.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * deepStrictEqual(silhouetteSample(3), [0, 1, 2]);
 * equal(new Set(silhouetteSample(5000, { sampleSize: 10, seed: 1 })).size, 10);
 * ```
 */
export function silhouetteSample(n: number, options: SilhouetteOptions = {}): number[] {
  const { sampleSize = 1000, seed = 42 } = options;
  const index = Array.from({ length: n }, (_, i) => i);
  if (n <= sampleSize) return index;
  const random = createRandom(seed);
  for (let i = 0; i < sampleSize; i++) {
    const j = i + Math.floor(random.next() * (n - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index.slice(0, sampleSize).sort((a, b) => a - b);
}

/**
 * Euclidean distances between the sampled points, as a row-major m × m matrix (computed once and
 * reused for every k).
 *
 * @param points All points.
 * @param index Sampled indices.
 * @returns The distance matrix.
 */
export function sampleDistances(
  points: readonly (readonly number[])[],
  index: readonly number[],
): Float64Array {
  const m = index.length;
  const flat = flatten(index.map((i) => points[i]!));
  const out = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const d = Math.sqrt(d2(flat.x, a, flat.x, b, flat.dim));
      out[a * m + b] = d;
      out[b * m + a] = d;
    }
  }
  return out;
}

/**
 * Mean silhouette from a distance matrix and labels (see {@linkcode silhouetteScore}).
 *
 * @param distances Row-major m × m distances.
 * @param labels Cluster of each of the m points.
 * @returns The mean silhouette; 0 with fewer than two clusters.
 */
export function silhouetteFromDistances(
  distances: Float64Array,
  labels: readonly number[],
): number {
  const m = labels.length;
  const k = Math.max(-1, ...labels) + 1;
  if (new Set(labels).size < 2) return 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (const l of labels) counts[l]!++;
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    for (let j = 0; j < m; j++) sums[labels[j]!]! += distances[i * m + j]!;
    const own = labels[i]!;
    if (counts[own]! <= 1) continue; // alone in its cluster: s = 0
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    }
    const mx = Math.max(a, b);
    total += mx === 0 ? 0 : (b - a) / mx;
  }
  return total / m;
}
