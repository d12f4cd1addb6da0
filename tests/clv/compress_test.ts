import { deepStrictEqual, equal } from "node:assert/strict";
import { compressSummaries } from "../../lib/clv/compress.ts";
import { probabilityAlive } from "../../lib/clv/predict.ts";
import { simulateBgNbd } from "../../lib/clv/simulate.ts";

Deno.test("compressSummaries() merges identical rows, sums weights and maps rows back", () => {
  const c = compressSummaries({
    frequency: [1, 0, 1, 1, 0],
    recency: [2, 0, 2, 3, 0],
    T: [5, 5, 5, 5, 6],
    weights: [1, 2, 3, 4, 5],
  });
  deepStrictEqual([...c.frequency], [1, 0, 1, 0]);
  deepStrictEqual([...c.recency], [2, 0, 3, 0]);
  deepStrictEqual([...c.weights], [4, 2, 4, 5]);
  deepStrictEqual([...c.index], [0, 1, 0, 2, 3]);
  const m = compressSummaries({
    frequency: [1, 1],
    recency: [2, 2],
    T: [5, 5],
    monetaryValue: [3, 4],
  }, { monetary: true });
  equal(m.weights.length, 2);
  equal(
    compressSummaries({ frequency: [1, 1], recency: [2, 2], T: [5, 5], monetaryValue: [3, 4] })
      .weights.length,
    1,
  );
});

Deno.test("probabilityAlive() on a large input (compressed path) equals row-by-row values, also after mutation", () => {
  const bg = { model: "bg_nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
  const data = simulateBgNbd(
    bg.params,
    Float64Array.from({ length: 30000 }, (_, i) => 30 + (i % 9)),
    { seed: 2, timeStep: 1 },
  );
  const big = probabilityAlive(bg, data);
  for (const i of [0, 17, 2999, 29999]) {
    equal(
      big[i],
      probabilityAlive(bg, {
        frequency: [data.frequency[i]!],
        recency: [data.recency[i]!],
        T: [data.T[i]!],
      })[0],
    );
  }
  // Mutating a column in place must not reuse stale compressed rows.
  data.frequency[0] = 3;
  data.recency[0] = 1;
  equal(
    probabilityAlive(bg, data)[0],
    probabilityAlive(bg, { frequency: [3], recency: [1], T: [data.T[0]!] })[0],
  );
});
