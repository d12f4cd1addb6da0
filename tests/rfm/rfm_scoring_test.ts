import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { OptionError, ValidationError } from "../../lib/errors.ts";
import { type RfmRow, rfmScores, rfmScoring } from "../../lib/rfm/mod.ts";

// Eight customers k1..k8; recency: five of them share 30 days, so value quintile edges coincide.
// Worked by hand: sorted recency 3, 10, 30, 30, 30, 30, 30, 90 and h = 7p: q0 = 3,
// q0.2 = 10 + 0.4·20 = 18, and q0.4, q0.6, q0.8 (h = 2.8, 4.2, 5.6) all fall among the 30s.
// Ranks 1..8 have edges 1, 2.4, 3.8, 5.2, 6.6, 8, so right-closed bins 0,0,1,2,2,3,4,4.
const EIGHT: RfmRow[] = [3, 10, 30, 30, 30, 30, 30, 90].map((recency, i) => ({
  customerId: `k${i + 1}`,
  recency,
  frequency: i + 1,
  monetary: 100 + 10 * i,
}));

Deno.test("rfmScoring() falls back to ranks for recency only, and says why", () => {
  throws(() => rfmScores(EIGHT), /Cannot score recency: bin edges must be unique/);
  const { rows, basis, fallbacks } = rfmScoring(EIGHT);
  deepStrictEqual(basis, { recency: "rank", frequency: "rank", monetary: "value" });
  equal(fallbacks.length, 1);
  equal(fallbacks[0]!.metric, "recency");
  const reason = "quantiles 0.4 and 0.6 coincide at 30; quantiles 0.6 and 0.8 coincide at 30";
  equal(fallbacks[0]!.reason, reason);
  equal(
    fallbacks[0]!.note,
    `recency was scored on ranks (ties broken by customer id) because too many customers share a recency value for 5 distinct quantile edges (${reason})`,
  );
  // recency ranks 1..8 in id order (k3..k7 tie at 30): bins 0,0,1,2,2,3,4,4, reversed labels
  deepStrictEqual(rows.map((r) => r.recencyScore), [5, 5, 4, 3, 3, 2, 1, 1]);
  // The other metrics are scored exactly as rfmScores scores them.
  const asRanked = rfmScores(EIGHT, { recency: "rank" });
  deepStrictEqual(rows, asRanked);
  throws(
    () => rfmScoring(EIGHT, { duplicates: "raise" }),
    (e: unknown) =>
      e instanceof ValidationError && e.issues[0]!.column === "recency" &&
      e.issues.every((issue) => issue.rule === "unique_edges"),
  );
});

Deno.test("rfmScoring() falls back per metric, in R, F, M order", () => {
  const rows = EIGHT.map((r, i) => ({ ...r, monetary: i < 4 ? 50 : 60 + i }));
  const { basis, fallbacks } = rfmScoring(rows);
  deepStrictEqual(basis, { recency: "rank", frequency: "rank", monetary: "rank" });
  deepStrictEqual(fallbacks.map((f) => f.metric), ["recency", "monetary"]);
  // a frequency scored on values falls back too
  const f = rfmScoring(EIGHT.map((r) => ({ ...r, frequency: 1 })), {
    frequency: "value",
    recency: "rank",
  });
  deepStrictEqual(f.fallbacks.map((x) => x.metric), ["frequency"]);
  deepStrictEqual(f.rows.map((r) => r.frequencyScore), [1, 1, 2, 3, 3, 4, 5, 5]);
});

Deno.test("rfmScoring() and rfmScores() reject what ranks cannot fix", () => {
  throws(
    () => rfmScoring([EIGHT[0]!]),
    /RFM scores need at least 2 customers: the data has 1/,
  );
  deepStrictEqual(rfmScoring([EIGHT[0]!], { bins: 1 }).rows[0]!.rfmScore, "111");
  throws(
    () => rfmScoring([{ ...EIGHT[0]!, monetary: NaN }, EIGHT[1]!]),
    /customer "k1" has monetary "NaN", not a finite number/,
  );
  throws(
    () => rfmScores([{ ...EIGHT[1]!, recency: Infinity }, EIGHT[0]!]),
    (e: unknown) =>
      e instanceof ValidationError && e.issues[0]!.customerId === "k2" &&
      e.issues[0]!.column === "recency",
  );
  throws(() => rfmScoring([EIGHT[0]!, EIGHT[0]!]), /customer "k1" has more than one row/);
  // @ts-expect-error: the policy is "raise" or "rank"
  throws(() => rfmScoring(EIGHT, { duplicates: "drop" }), OptionError);
});

Deno.test("rfmScoring() equals rfmScores() whenever no edges coincide, and is order-independent", () => {
  const rows = fc.uniqueArray(
    fc.record({
      customerId: fc.stringMatching(/^[0-9a-f]{1,6}$/),
      recency: fc.integer({ min: 0, max: 30 }),
      frequency: fc.integer({ min: 1, max: 6 }),
      monetary: fc.integer({ min: 0, max: 50 }),
    }),
    { selector: (r) => r.customerId, minLength: 2, maxLength: 60 },
  );
  fc.assert(
    fc.property(rows, fc.integer(), (input, salt) => {
      const result = rfmScoring(input);
      let plain: ReturnType<typeof rfmScores> | undefined;
      try {
        plain = rfmScores(input);
      } catch {
        plain = undefined;
      }
      if (plain !== undefined) {
        deepStrictEqual(result.rows, plain);
        deepStrictEqual(result.fallbacks, []);
      } else {
        equal(result.fallbacks.length > 0, true);
        deepStrictEqual(
          result.rows,
          rfmScores(input, { recency: result.basis.recency, monetary: result.basis.monetary }),
        );
      }
      const shuffled = [...input].sort((a, b) =>
        ((a.recency * 31 + a.monetary + salt) % 13) - ((b.recency * 31 + b.monetary + salt) % 13)
      );
      deepStrictEqual(rfmScoring(shuffled), result);
      return result.rows.length === input.length &&
        result.rows.every((r) =>
          [r.recencyScore, r.frequencyScore, r.monetaryScore].every((s) => s >= 1 && s <= 5)
        );
    }),
    { seed: 4338, numRuns: 200 },
  );
});
