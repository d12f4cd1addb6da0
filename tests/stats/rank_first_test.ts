import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { rankFirst } from "../../lib/stats/mod.ts";

Deno.test("rankFirst() gives tied values consecutive ranks in order of appearance", () => {
  // pandas Series([3, 1, 3, 2, 1]).rank(method="first") -> 4, 1, 5, 3, 2
  deepStrictEqual(rankFirst([3, 1, 3, 2, 1]), [4, 1, 5, 3, 2]);
  deepStrictEqual(rankFirst([]), []);
});

Deno.test("rankFirst() returns a permutation of 1..n consistent with the values", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (values) => {
      const ranks = rankFirst(values);
      const sorted = [...ranks].sort((a, b) => a - b);
      if (!sorted.every((r, i) => r === i + 1)) return false;
      return values.every((v, i) =>
        values.every((w, j) => !(v < w) || ranks[i]! < ranks[j]!) &&
        values.every((w, j) => !(v === w && i < j) || ranks[i]! < ranks[j]!)
      );
    }),
    { seed: 7, numRuns: 200 },
  );
});
