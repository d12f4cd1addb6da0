import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { ValidationError } from "../../lib/errors.ts";
import { gini, lorenzCurve, topShare } from "../../lib/eda/mod.ts";

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

Deno.test("gini() matches hand-computed values", () => {
  equal(gini([3, 3, 3]), 0);
  equal(close(gini([0, 0, 0, 0, 10]), 0.8), true); // (n-1)/n
  // 1, 2, 3, 4: 2·(1+4+9+16)/(4·10) − 5/4 = 1.5 − 1.25
  equal(close(gini([4, 1, 3, 2]), 0.25), true);
  equal(gini([]), 0);
  throws(() => gini([1, -2]), ValidationError);
});

Deno.test("topShare() takes the largest ceil(fraction·n) values", () => {
  equal(topShare([5, 1, 1, 1, 2]), 0.5); // 1 of 5 customers: 5/10
  equal(topShare([1, 1, 1, 1, 1, 1], 0.2), 2 / 6); // ceil(1.2) = 2
  equal(topShare([0, 0]), 0);
  throws(() => topShare([1], 0), /fraction must lie in \(0, 1\]/);
});

Deno.test("lorenzCurve() samples the cumulative share at even population steps", () => {
  deepStrictEqual(lorenzCurve([1, 1, 2, 4], { points: 3 }), [
    { population: 0, share: 0 },
    { population: 0.5, share: 0.25 },
    { population: 1, share: 1 },
  ]);
  equal(lorenzCurve([1, 2, 3]).length, 4);
});

Deno.test("gini(), topShare() and lorenzCurve() stay in their ranges", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 200 }),
      (xs) => {
        const n = xs.length;
        const g = gini(xs);
        const curve = lorenzCurve(xs, { points: 11 });
        const total = xs.reduce((a, b) => a + b, 0);
        const monotone = curve.every((p, i) =>
          i === 0 ||
          (p.population > curve[i - 1]!.population && p.share >= curve[i - 1]!.share - 1e-12)
        );
        const below = curve.every((p) => total === 0 || p.share <= p.population + 1e-12);
        const top = topShare(xs);
        return g >= -1e-12 && g <= (n - 1) / n + 1e-12 && monotone && below &&
          curve[0]!.share === 0 && close(curve.at(-1)!.share, total === 0 ? 1 : 1) &&
          (total === 0 || top >= Math.ceil(0.2 * n - 1e-9) / n - 1e-12);
      },
    ),
    { seed: 8080, numRuns: 200 },
  );
});
