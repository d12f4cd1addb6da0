import { equal } from "node:assert/strict";
import { exactAvg, exactSum, openDb } from "../../lib/db/mod.ts";

/**
 * Sums of 600,000 amounts with 2 decimals (several row groups, so DuckDB aggregates them in
 * parallel) on 1 and on 4 threads: the exact sums (of money, and of logarithms to 11 places) agree to the last bit, and the
 * exact sum equals the sum of the cents as integers.
 */
Deno.test("exactSum() and exactAvg() give the same bits on 1 and 4 threads", async () => {
  const results: Record<string, number>[] = [];
  for (const threads of [1, 4, 4]) {
    const db = await openDb({ threads });
    try {
      await db.run(
        `CREATE TABLE t AS SELECT i % 97 AS g, ((hash(i) % 2000000)::BIGINT - 1000000) / 100 AS amount
         FROM range(600000) r(i)`,
      );
      results.push(
        await db.one(
          `SELECT ${exactSum("amount")} AS total, ${exactAvg("amount")} AS mean,
             ${exactSum("amount", { filter: "g = 3" })} AS g3,
             ${exactSum("ln(abs(amount) + 1)", { scale: 11, width: 18 })} AS logs,
             sum((amount * 100)::BIGINT) AS cents
           FROM t`,
        ),
      );
    } finally {
      db.close();
    }
  }
  const [one, four, again] = results as [
    Record<string, number>,
    Record<string, number>,
    Record<string, number>,
  ];
  for (const key of ["total", "mean", "g3", "logs"]) {
    equal(
      Object.is(four[key], one[key]),
      true,
      `${key}: ${four[key]} on 4 threads, ${one[key]} on 1`,
    );
    equal(Object.is(again[key], one[key]), true, key);
  }
  equal(one.total, one.cents! / 100);
});
