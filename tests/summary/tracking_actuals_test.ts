import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import { trackingActuals } from "@crm/summary/mod.ts";
import { hasSharedData } from "../_helpers/shared_data.ts";
import { cdnowSampleDb } from "./_helpers.ts";
import { purchasesTable } from "./_helpers.ts";

Deno.test("trackingActuals() counts purchase days after each customer's first, per 7-day block from the first purchase", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, [
    ["a", "2020-01-01 10:00"], // day 0, birth of a
    ["a", "2020-01-01 16:00"], // same day as the birth: not a repeat
    ["a", "2020-01-08 09:00"], // day 7: week 1
    ["a", "2020-01-08 11:00"], // same day: merged
    ["b", "2020-01-03 12:00"], // day 2, birth of b
    ["b", "2020-01-05 12:00"], // day 4: week 0
    ["b", "2020-01-16 12:00"], // day 15: week 2, the last (partial) week
    ["c", "2020-01-20 12:00"], // after asOf: ignored
  ]);
  const weekly = await trackingActuals(db, { asOf: new Date("2020-01-16"), periodUnit: "week" });
  equal(weekly.start.toISOString(), "2020-01-01T00:00:00.000Z");
  deepStrictEqual([...weekly.repeatTransactions], [1, 1, 1]);
  deepStrictEqual([...weekly.cumulativeRepeatTransactions], [1, 2, 3]);
  deepStrictEqual([...weekly.birthTimes], [0, 2 / 7]);
  const daily = await trackingActuals(db, { asOf: new Date("2020-01-16") });
  equal(daily.repeatTransactions.length, 16);
  deepStrictEqual([...daily.repeatTransactions].flatMap((n, d) => n > 0 ? [d] : []), [4, 7, 15]);
  db.close();
});

const hasSample = hasSharedData("CDNOW_sample.txt");

Deno.test({
  name:
    "trackingActuals() weekly on CDNOW_sample gives the BTYD walkthrough's tracking actuals for weeks 20–25",
  ignore: !hasSample,
  async fn() {
    const db = await cdnowSampleDb();
    const t = await trackingActuals(db, {
      table: "cdnow_transactions",
      asOf: new Date("1997-09-30"),
      periodUnit: "week",
    });
    // Week w (1-based) is index w − 1. models.md 1.3 (lifetimes test_utils.py, BTYD cum.tracking[, 20:25]).
    deepStrictEqual([...t.cumulativeRepeatTransactions.slice(19, 25)], [
      1359,
      1414,
      1484,
      1517,
      1573,
      1672,
    ]);
    deepStrictEqual([...t.repeatTransactions.slice(19, 25)], [73, 55, 70, 33, 56, 99]);
    equal(t.repeatTransactions.length, 39); // 1997-01-01 .. 1997-09-30 is 273 days
    equal(t.birthTimes.length, 2357);
    // CDNOW's cohort made its first purchase in the first quarter of 1997 (days 0..89).
    ok(t.birthTimes[0] === 0 && t.birthTimes[2356]! < 90 / 7);
    db.close();
  },
});

Deno.test({
  name:
    "trackingActuals() daily on CDNOW_sample gives lifetimes' cumulative 11, 12, 15, 19 for 1997-01-11..14",
  ignore: !hasSample,
  async fn() {
    const db = await cdnowSampleDb();
    const t = await trackingActuals(db, {
      table: "cdnow_transactions",
      asOf: new Date("1997-01-14"),
    });
    equal(t.cumulativeRepeatTransactions.length, 14);
    // 1997-01-11 is day index 10 from 1997-01-01.
    deepStrictEqual([...t.cumulativeRepeatTransactions.slice(10, 14)], [11, 12, 15, 19]);
    db.close();
  },
});
