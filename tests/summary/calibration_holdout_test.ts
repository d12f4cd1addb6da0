import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import { OptionError } from "@crm/errors.ts";
import { calibrationHoldout, calibrationHoldoutRows } from "@crm/summary/mod.ts";
import { hasSharedData } from "../_helpers/shared_data.ts";
import { cdnowSampleDb, LIFETIMES_LARGE as LARGE, purchasesTable } from "./_helpers.ts";

const CAL_END = new Date("2015-02-01");
const OBS_END = new Date("2015-02-07");

Deno.test('calibrationHoldout() with week periods gives lifetimes\' freq="W" frame', async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  const s = await calibrationHoldout(db, {
    calibrationEnd: CAL_END,
    observationEnd: OBS_END,
    periodUnit: "week",
  });
  // Columns: frequency_cal, recency_cal, T_cal, frequency_holdout, duration_holdout (id 6 is
  // born in the holdout and dropped). 2015-02-01 is a Sunday: its week starts 01-26.
  deepStrictEqual(
    calibrationHoldoutRows(s).map((
      r,
    ) => [r.customerId, r.frequency, r.recency, r.T, r.frequencyHoldout, r.durationHoldout]),
    [
      ["1", 0, 0, 4, 1, 1],
      ["2", 0, 0, 4, 0, 1],
      ["3", 1, 1, 4, 0, 1],
      ["4", 0, 0, 2, 1, 1],
      ["5", 0, 0, 2, 0, 1],
    ],
  );
  db.close();
});

Deno.test("calibrationHoldout() monetary values in calibration and holdout (lifetimes)", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  const s = await calibrationHoldout(db, { calibrationEnd: CAL_END, observationEnd: OBS_END });
  deepStrictEqual(s.customerIds, ["1", "2", "3", "4", "5"]);
  deepStrictEqual([...s.monetaryValue], [0, 0, 3, 0, 4.5]);
  deepStrictEqual([...s.monetaryValueHoldout], [2, 0, 0, 3, 0]);
  deepStrictEqual([...s.frequencyHoldout], [1, 0, 0, 2, 0]);
  equal(s.durationHoldout, 6);
  db.close();
});

Deno.test("calibrationHoldout() excludes purchases after observationEnd from the holdout", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  const s = await calibrationHoldout(db, {
    calibrationEnd: CAL_END,
    observationEnd: new Date("2015-02-04"),
  });
  const holdout = Object.fromEntries(s.customerIds.map((id, i) => [id, s.frequencyHoldout[i]]));
  equal(holdout["1"], 0); // 02-06 is after the end
  equal(holdout["4"], 1); // 02-02 counts, 02-05 does not
  equal(holdout["6"], undefined); // first purchase after calibration: dropped
  db.close();
});

Deno.test("calibrationHoldout() rejects an observationEnd before calibrationEnd", async () => {
  const db = await openDb({ threads: 1 });
  await purchasesTable(db, LARGE);
  await rejects(
    calibrationHoldout(db, { calibrationEnd: OBS_END, observationEnd: CAL_END }),
    (e: unknown) =>
      e instanceof OptionError &&
      /observationEnd must not be before calibrationEnd/.test(e.message),
  );
  db.close();
});

const hasSample = hasSharedData("CDNOW_sample.txt");

Deno.test({
  name: "calibrationHoldout() counts 1882 holdout repeat purchases in weeks 40–78 of CDNOW_sample",
  ignore: !hasSample,
  async fn() {
    const db = await cdnowSampleDb("cdnow");
    const s = await calibrationHoldout(db, {
      table: "cdnow",
      calibrationEnd: new Date("1997-09-30"),
      observationEnd: new Date("1998-06-30"),
      timeUnit: "week",
    });
    equal(s.customerIds.length, 2357);
    equal(s.frequencyHoldout.reduce((a, b) => a + b, 0), 1882); // models.md 1.1
    equal(s.durationHoldout, 273 / 7); // 1997-09-30 → 1998-06-30 is 273 days: 39 weeks
    db.close();
  },
});
