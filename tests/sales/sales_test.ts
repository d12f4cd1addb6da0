import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { parseTargetPeriod, salesPerformance, salesRegionRows } from "@crm/sales/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { LARGE, loadGenerated } from "../crm/_crm_data.ts";

Deno.test("salesPerformance() computes win rate and attainment by hand", async () => {
  const db = await openDb();
  try {
    await db.run(`create table crm_sales_team as select * from (values
      ('Ann', 'Mo', 'East'), ('Ben', 'Mo', 'East'), ('Cy', 'Lu', 'West')) t(rep, manager, region)`);
    await db.run(`create table crm_pipeline as select * from (values
      ('O1', 'Ann', 'Won', timestamp '2024-01-10', 100.0), ('O2', 'Ann', 'Lost', timestamp '2024-02-01', 0.0),
      ('O3', 'Ann', 'Won', timestamp '2024-04-02', 50.0), ('O4', 'Ben', 'Closed Won', timestamp '2024-03-31', 80.0),
      ('O5', 'Ben', 'Engaging', null, null), ('O6', 'Zed', 'Won', timestamp '2024-01-01', 10.0)
    ) t(opportunity_id, rep, stage, close_date, close_value)`);
    await db.run(`create table crm_targets as select * from (values
      ('Ann', null, '2024-Q1', 80.0), ('Ann', null, '2024-Q2', 100.0), ('Ben', null, '2024', 160.0),
      (null, 'West', '2024', 50.0), ('Cy', null, 'next year', 5.0)
    ) t(rep, region, period, target)`);
    const s = await salesPerformance(db);
    const ann = s.reps.find((r) => r.rep === "Ann")!;
    // Ann: won 2, lost 1: 2/3; target 80 + 100 = 180; won in Q1 100 + in Q2 50 = 150; 150/180.
    deepStrictEqual([ann.deals, ann.won, ann.lost, ann.open, ann.won_value], [3, 2, 1, 0, 150]);
    equal(ann.win_rate, 2 / 3);
    equal(ann.target, 180);
    equal(ann.attainment, 150 / 180);
    const ben = s.reps.find((r) => r.rep === "Ben")!;
    deepStrictEqual([ben.won, ben.open, ben.win_rate, ben.attainment], [1, 1, 1, 80 / 160]);
    const cy = s.reps.find((r) => r.rep === "Cy")!;
    deepStrictEqual([cy.deals, cy.win_rate, cy.target], [0, null, null]);
    const zed = s.reps.find((r) => r.rep === "Zed")!;
    deepStrictEqual([zed.manager, zed.region, zed.won], [null, null, 1]);
    deepStrictEqual(s.unreadPeriods, ["next year"]);
    const east = salesRegionRows(s.regions).find((r) => r.region === "East")!;
    // East: won 3, lost 1; targets of its reps 180 + 160, won in their periods 150 + 80.
    deepStrictEqual([east.reps, east.won, east.lost, east.win_rate, east.target], [
      2,
      3,
      1,
      0.75,
      340,
    ]);
    equal(east.attainment, 230 / 340);
    const west = salesRegionRows(s.regions).find((r) => r.region === "West")!;
    deepStrictEqual([west.target, west.attainment], [50, 0]);
    deepStrictEqual(s.facts.repsWithoutDeals, ["Cy"]);
    deepStrictEqual(s.months.map((m) => [m.month, m.won, m.lost]), [
      ["2024-01", 2, 0],
      ["2024-02", 0, 1],
      ["2024-03", 1, 0],
      ["2024-04", 1, 0],
    ]);
  } finally {
    db.close();
  }
});

Deno.test("salesPerformance() recovers the planted reps above target and the lagging region", async () => {
  const { db, dataset } = await loadGenerated({ ...LARGE, seed: 41 });
  try {
    const s = await salesPerformance(db);
    const e = dataset.truth.effects;
    deepStrictEqual(s.facts.repsAboveTarget.map((r) => r.rep).sort(), [...e.exceedingReps].sort());
    // Planted attainment 1.43 for them and 0.77 for the others; each rep's within 0.35.
    for (const r of s.reps.filter((r) => r.attainment !== null)) {
      const planted = e.exceedingReps.includes(r.rep)
        ? e.attainment.exceeding
        : e.attainment.others;
      ok(Math.abs(r.attainment! - planted) < 0.35, `${r.rep} ${r.attainment}`);
    }
    equal(s.facts.regionEvidence, "clear");
    equal(s.facts.laggingRegion, e.laggingRegion);
    ok(Math.abs(s.facts.laggingWinRate! - e.winProbability.East!) < 0.04);
    for (const r of salesRegionRows(s.regions)) {
      ok(
        r.ci_low! <= e.winProbability[r.region]! && e.winProbability[r.region]! <= r.ci_high!,
        r.region,
      );
    }
    for (const r of [...s.facts.topReps, ...s.facts.bottomReps]) ok(r.closed >= s.facts.minDeals);
    equal(s.facts.topReps.length, 3);
    ok(s.facts.topReps[0]!.winRate >= s.facts.bottomReps[0]!.winRate);
    deepStrictEqual(s.facts.repsWithoutDeals, [...dataset.truth.defects.repsWithoutDeals].sort());
  } finally {
    db.close();
  }
});

Deno.test("salesPerformance() names no lagging region when regions win alike", async () => {
  const { db } = await loadGenerated({ seed: 42, effects: false });
  try {
    const s = await salesPerformance(db);
    equal(s.facts.regionEvidence, "none");
    equal(s.facts.laggingRegion, null);
    equal(s.facts.laggingGap, null);
    ok(s.facts.regionP! >= 0.05);
  } finally {
    db.close();
  }
});

Deno.test("parseTargetPeriod() reads years, quarters, months and days", () => {
  deepStrictEqual(parseTargetPeriod("2024Q1"), {
    period: "2024Q1",
    start: "2024-01-01",
    end: "2024-04-01",
  });
  equal(parseTargetPeriod("2024-02-29")?.end, "2024-03-01");
  equal(parseTargetPeriod("2023-02-29"), undefined);
  equal(parseTargetPeriod("2024-13"), undefined);
});
