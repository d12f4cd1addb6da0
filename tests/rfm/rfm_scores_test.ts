import { deepStrictEqual, equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { OptionError, ValidationError } from "../../lib/errors.ts";
import { type RfmRow, rfmScores } from "../../lib/rfm/mod.ts";

// Ten customers c01..c10, worked by hand:
// recency 1..10 -> bins of two -> reversed scores 5,5,4,4,3,3,2,2,1,1
// frequency 1,1,1,1,1,2,2,3,5,1 -> rank "first" in id order: 1,2,3,4,5,7,8,9,10,6
//   -> ranks 1-2 score 1, 3-4 score 2, 5-6 score 3, 7-8 score 4, 9-10 score 5
// monetary 100,90,...,10 -> 5,5,4,4,3,3,2,2,1,1
const TEN: RfmRow[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k, i) => ({
  customerId: `c${String(k).padStart(2, "0")}`,
  recency: k,
  frequency: [1, 1, 1, 1, 1, 2, 2, 3, 5, 1][i]!,
  monetary: 110 - 10 * k,
}));

Deno.test("rfmScores() scores ten customers as the pandas recipe does", () => {
  const scored = rfmScores(TEN);
  deepStrictEqual(scored.map((r) => r.recencyScore), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  deepStrictEqual(scored.map((r) => r.frequencyScore), [1, 1, 2, 2, 3, 4, 4, 5, 5, 3]);
  deepStrictEqual(scored.map((r) => r.monetaryScore), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  deepStrictEqual(scored.map((r) => r.rfScore), [
    "51",
    "51",
    "42",
    "42",
    "33",
    "34",
    "24",
    "25",
    "15",
    "13",
  ]);
  deepStrictEqual(scored.map((r) => r.rfmScore), [
    "515",
    "515",
    "424",
    "424",
    "333",
    "343",
    "242",
    "252",
    "151",
    "131",
  ]);
  deepStrictEqual(scored[0], {
    ...TEN[0],
    recencyScore: 5,
    frequencyScore: 1,
    monetaryScore: 5,
    rfScore: "51",
    rfmScore: "515",
  });
});

Deno.test("rfmScores() breaks frequency ties by customer id, whatever the input order", () => {
  const reversed = rfmScores([...TEN].reverse());
  deepStrictEqual(reversed, rfmScores(TEN));
  // c10 has frequency 1 like c01..c05 but the highest id, so it gets the last of their ranks (6 -> score 3)
  equal(reversed.find((r) => r.customerId === "c10")!.frequencyScore, 3);
  // ids sort as text: "12347" < "12348" < "9"
  const ids = rfmScores(
    ["9", "12348", "12347"].map((customerId) => ({
      customerId,
      recency: 1,
      frequency: 1,
      monetary: 1,
    })),
    { bins: 1 },
  );
  deepStrictEqual(ids.map((r) => r.customerId), ["12347", "12348", "9"]);
});

Deno.test("rfmScores() explains coinciding monetary edges and scores ranks on request", () => {
  const flat = TEN.map((r, i) => ({ ...r, monetary: i < 4 ? 5 : r.monetary }));
  throws(() => rfmScores(flat), (e: unknown) => {
    equal(e instanceof ValidationError, true);
    const v = e as ValidationError;
    equal(
      v.message,
      "Cannot score monetary: bin edges must be unique: quantiles 0 and 0.2 coincide at 5",
    );
    equal(v.issues[0]!.column, "monetary");
    equal(v.hint?.includes("score monetary on ranks"), true);
    return true;
  });
  // ranks: c01..c04 = 5 are smallest (ranks 1-4 by id), then c10 (10) 5, c09 (20) 6, c08 (30) 7, c07 (40) 8, c06 (50) 9, c05 (60) 10
  deepStrictEqual(rfmScores(flat, { monetary: "rank" }).map((r) => r.monetaryScore), [
    1,
    1,
    2,
    2,
    5,
    5,
    4,
    4,
    3,
    3,
  ]);
});

Deno.test("rfmScores() rejects duplicate customers and bad options", () => {
  throws(() => rfmScores([TEN[0]!, TEN[0]!], { bins: 1 }), /customer "c01" has more than one row/);
  throws(() => rfmScores(TEN, { bins: 0 }), OptionError);
  // @ts-expect-error: basis must be "value" or "rank"
  throws(() => rfmScores(TEN, { recency: "dense" }), /recency must be one of "value", "rank"/);
});

Deno.test("rfmScores() gives one row per customer with scores in 1..5, independent of row order", () => {
  const rows = fc.uniqueArray(
    fc.record({
      customerId: fc.integer({ min: 10000, max: 99999 }).map(String),
      recency: fc.integer({ min: 0, max: 400 }),
      frequency: fc.integer({ min: 1, max: 30 }),
      monetary: fc.integer({ min: 1, max: 100000 }).map((c) => c / 100),
    }),
    { selector: (r) => r.customerId, minLength: 2, maxLength: 80 },
  );
  fc.assert(
    fc.property(rows, fc.integer(), (input, salt) => {
      const opts = { recency: "rank", monetary: "rank" } as const;
      const scored = rfmScores(input, opts);
      const shuffled = [...input].sort((a, b) =>
        ((Number(a.customerId) ^ salt) % 97) - ((Number(b.customerId) ^ salt) % 97)
      );
      deepStrictEqual(rfmScores(shuffled, opts), scored);
      if (scored.length !== input.length) return false;
      return scored.every((r) =>
        [r.recencyScore, r.frequencyScore, r.monetaryScore].every((s) =>
          Number.isInteger(s) && s >= 1 && s <= 5
        ) &&
        r.rfmScore === `${r.recencyScore}${r.frequencyScore}${r.monetaryScore}` &&
        r.rfScore === r.rfmScore.slice(0, 2)
      );
    }),
    { seed: 99, numRuns: 150 },
  );
});

Deno.test("rfmScores() recency scores never rise with recency and monetary scores never fall with spend", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 60 }),
      (values) => {
        const rows = values.map((v, i) => ({
          customerId: `k${i}`,
          recency: v,
          frequency: 1,
          monetary: v,
        }));
        const scored = rfmScores(rows);
        return scored.every((a) =>
          scored.every((b) =>
            !(a.recency < b.recency) ||
            (a.recencyScore >= b.recencyScore && a.monetaryScore <= b.monetaryScore)
          )
        );
      },
    ),
    { seed: 5, numRuns: 100 },
  );
});
