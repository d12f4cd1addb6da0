import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { kmeans } from "../../lib/segment/mod.ts";

/**
 * Plain Lloyd iterations as `kmeans` documents them, written the obvious way (every point
 * compared with every centroid each time): nearest centroid with ties to the lower index, means
 * summed in point order, an emptied cluster re-seeded with the point farthest from its centroid,
 * stop when nothing moves or the squared centroid shift is at most `tol` times the mean
 * per-dimension variance, then one last assignment. The reference for the bounded version.
 */
function plainLloyd(points: number[][], init: number[][], maxIterations = 100, tol = 1e-4) {
  const n = points.length, k = init.length, dim = init[0]!.length;
  const dist = (p: number[], c: number[]) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (p[j]! - c[j]!) ** 2;
    return s;
  };
  let variance = 0;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (const p of points) mean += p[j]!;
    mean /= n;
    for (const p of points) variance += (p[j]! - mean) ** 2;
  }
  const threshold = tol * (variance / (n * dim));
  const centroids = init.map((c) => [...c]);
  const assignments = new Array<number>(n).fill(-1);
  const assign = () => {
    let changed = false;
    points.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (dist(p, centroids[c]!) < dist(p, centroids[best]!)) best = c;
      if (assignments[i] !== best) changed = true;
      assignments[i] = best;
    });
    return changed;
  };
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (!assign()) break;
    let shift = 0;
    // The members as assigned (before any re-seeding below moves a point).
    const groups = centroids.map((_, c) => points.filter((_, i) => assignments[i] === c));
    for (let c = 0; c < k; c++) {
      const members = groups[c]!;
      if (members.length === 0) {
        let far = 0;
        for (let i = 0; i < n; i++) {
          if (
            dist(points[i]!, centroids[assignments[i]!]!) >
              dist(points[far]!, centroids[assignments[far]!]!)
          ) far = i;
        }
        centroids[c] = [...points[far]!];
        assignments[far] = c;
        shift = Infinity;
        continue;
      }
      for (let j = 0; j < dim; j++) {
        let sum = 0;
        for (const m of members) sum += m[j]!;
        const next = sum / members.length;
        shift += (next - centroids[c]![j]!) ** 2;
        centroids[c]![j] = next;
      }
    }
    if (shift <= threshold) {
      iterations++;
      assign();
      break;
    }
  }
  return { assignments, centroids, iterations };
}

Deno.test("kmeans() skips points by distance bounds and still assigns as plain Lloyd iterations do, ties and empty clusters included", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 2, max: 7 }),
      fc.integer({ min: 8, max: 120 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 2 ** 30 }),
      (dim, k, n, grid, seed) => {
        let s = seed;
        const random = () => (s = (s * 16807) % 2147483647) / 2147483647;
        // On a grid of 4 values per dimension, points coincide and distances tie.
        const points = Array.from(
          { length: n },
          () => Array.from({ length: dim }, () => grid ? Math.floor(random() * 4) : random() * 10),
        );
        const init = Array.from({ length: k }, () => [...points[Math.floor(random() * n)]!]);
        const fit = kmeans(points, k, { init });
        const expected = plainLloyd(points, init);
        deepStrictEqual(fit.assignments, expected.assignments);
        deepStrictEqual(fit.centroids, expected.centroids);
        deepStrictEqual(fit.iterations, expected.iterations);
      },
    ),
    { numRuns: 400 },
  );
});
