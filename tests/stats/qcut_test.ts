import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { ValidationError } from "../../lib/errors.ts";
import { linspaceProbabilities, qcut, qcutEdges, quantileLinear } from "../../lib/stats/mod.ts";

// Expected bins below were worked out by hand from the pandas definition (numpy-linear quantile
// edges at 0, .2, .4, .6, .8, 1; right-closed bins; lowest value in the first bin).

Deno.test("quantileLinear() interpolates between order statistics like numpy 'linear'", () => {
  equal(quantileLinear([1, 2, 3, 4], 0.5), 2.5); // h = 1.5
  equal(quantileLinear([1, 2, 3, 4], 0), 1);
  equal(quantileLinear([1, 2, 3, 4], 1), 4);
  equal(quantileLinear([0, 10], 0.25), 2.5);
  equal(quantileLinear([7], 0.3), 7);
  throws(() => quantileLinear([], 0.5), ValidationError);
  throws(() => quantileLinear([1], 1.5), /p must lie in \[0, 1\]/);
});

Deno.test("linspaceProbabilities() reproduces numpy linspace rounding", () => {
  // 3 * 0.2 is 0.6000000000000001 in binary floating point, as in numpy.linspace(0, 1, 6).
  deepStrictEqual(linspaceProbabilities(5), [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
});

Deno.test("qcut() splits 1..10 into five bins of two", () => {
  // edges 1, 2.8, 4.6, 6.4, 8.2, 10
  deepStrictEqual(
    qcutEdges([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5).edges.map((e) => Math.round(e * 1e9) / 1e9),
    [1, 2.8, 4.6, 6.4, 8.2, 10],
  );
  deepStrictEqual(qcut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
});

Deno.test("qcut() puts a value equal to an inner edge in the lower bin and the minimum in the first", () => {
  // n = 6: h = 5p hits 1, 2, 3, 4 exactly, so edges are the values 1, 2, 3, 4(+ε), 5, 6.
  deepStrictEqual(qcut([1, 2, 3, 4, 5, 6], 5), [0, 0, 1, 2, 3, 4]);
  deepStrictEqual(qcut([6, 5, 4, 3, 2, 1], 5), [4, 3, 2, 1, 0, 0]);
});

Deno.test("qcut() applies labels, e.g. reversed recency scores", () => {
  deepStrictEqual(qcut([1, 2, 3, 4, 5, 6], 5, { labels: [5, 4, 3, 2, 1] }), [5, 5, 4, 3, 2, 1]);
  throws(
    () => qcut([1, 2, 3], 2, { labels: [1, 2, 3] }),
    /labels must have one entry per bin \(2\)/,
  );
});

Deno.test("qcut() refuses coinciding edges and names the quantiles", () => {
  // 1,1,1,1,2,3,4,5,6,7: q0 = 1 and q0.2 = 1 (h = 1.8 between two 1s)
  throws(() => qcut([1, 1, 1, 1, 2, 3, 4, 5, 6, 7], 5), (e: unknown) => {
    equal(e instanceof ValidationError, true);
    const v = e as ValidationError;
    equal(
      v.message,
      "Cannot bin values into 5 quantile bins: bin edges must be unique: quantiles 0 and 0.2 coincide at 1",
    );
    equal(v.hint?.includes("rank"), true);
    return true;
  });
});

Deno.test("qcut() with duplicates: 'drop' merges bins like pandas", () => {
  // edges 1, 1, 1.6, 3.4, 5.2, 7 -> 1, 1.6, 3.4, 5.2, 7 (four bins)
  deepStrictEqual(qcut([1, 1, 1, 1, 2, 3, 4, 5, 6, 7], 5, { duplicates: "drop" }), [
    0,
    0,
    0,
    0,
    1,
    1,
    2,
    2,
    3,
    3,
  ]);
  throws(
    () => qcut([1, 1, 1, 1, 2, 3, 4, 5, 6, 7], 5, { duplicates: "drop", labels: [1, 2, 3, 4, 5] }),
    ValidationError,
  );
  throws(() => qcut([2, 2, 2], 3, { duplicates: "drop" }), /all values equal 2/);
});

Deno.test("qcut() rejects non-finite values and bad q", () => {
  throws(() => qcut([1, NaN, 3], 2), /index 1 is not a finite number/);
  throws(() => qcut([1, 2], 0), /q must be a positive integer/);
  throws(() => qcut([], 2), /there are no values/);
});

Deno.test("qcut() bins are monotone and every lower bin holds at least its quantile share", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 6 }),
      (values, q) => {
        let bins: number[];
        try {
          bins = qcut(values, q, { duplicates: "drop" });
        } catch (e) {
          return e instanceof ValidationError; // all values equal
        }
        const n = values.length;
        const nBins = Math.max(...bins) + 1;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (values[i]! < values[j]! && bins[i]! > bins[j]!) return false;
            if (values[i] === values[j] && bins[i] !== bins[j]) return false;
          }
        }
        if (bins.some((b) => b < 0 || b >= q)) return false;
        // With unique edges: values up to quantile p include the floor((n-1)p)+1 smallest.
        const unique = new Set(qcutEdges(values, q).edges).size === q + 1;
        if (unique) {
          for (let k = 0; k < nBins; k++) {
            const below = bins.filter((b) => b <= k).length;
            if (below < Math.floor((n - 1) * ((k + 1) / q)) + 1 - 1e-9) return false;
          }
        }
        return true;
      },
    ),
    { seed: 20240611, numRuns: 200 },
  );
});

Deno.test("qcut() on tied values: equal values share a bin, and a tie on an inner edge goes low", () => {
  // 1,1,2,2,3,3,4,4,5,5: h = 9p -> edges 1, 1.8 (h 1.8: 1 + 0.8·1), 2.6, 3.4, 4.2, 5
  deepStrictEqual(qcut([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], 5), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  // 1,2,2,2,3 in two bins: the median edge is 2 itself, so every 2 is in the lower bin
  deepStrictEqual(qcutEdges([1, 2, 2, 2, 3], 2).edges, [1, 2, 3]);
  deepStrictEqual(qcut([1, 2, 2, 2, 3], 2), [0, 0, 0, 0, 1]);
  // pandas: pd.qcut(range(7), 5, labels=False) -> [0, 0, 1, 2, 3, 4, 4] (edges 0, 1.2, 2.4, 3.6, 4.8, 6)
  deepStrictEqual(qcut([0, 1, 2, 3, 4, 5, 6], 5), [0, 0, 1, 2, 3, 4, 4]);
  // fewer values than bins: ranks 1, 2, 3 have edges 1, 1.4, 1.8, 2.2, 2.6, 3 -> bins 0, 2, 4
  deepStrictEqual(qcut([3, 1, 2], 5), [4, 0, 2]);
});

Deno.test("qcut() with q = 1 puts everything in one bin, even when all values are equal", () => {
  // pandas skips the unique-edges check when there are only two edges
  deepStrictEqual(qcut([7, 7, 7], 1), [0, 0, 0]);
  deepStrictEqual(qcut([3, 1, 2], 1, { labels: [9] }), [9, 9, 9]);
});
