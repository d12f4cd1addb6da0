import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { channelByAge, supportChannelFacts, supportChannels } from "@crm/support/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { wilsonInterval } from "@crm/stats/mod.ts";
import { LARGE, loadGenerated } from "../crm/_crm_data.ts";

Deno.test("supportChannels() recovers the planted channel effects (Phone best, Social worst)", async () => {
  const { db, dataset } = await loadGenerated({ ...LARGE, seed: 21 });
  try {
    const s = await supportChannels(db);
    const e = dataset.truth.effects;
    // Tolerance: each planted resolution probability lies inside its channel's Wilson 99.9%-ish
    // band; with about 1,500 interactions per channel the 95% interval is ±0.025, so ±0.05.
    for (const row of s.rows) {
      ok(Math.abs(row.resolution_rate - e.resolveProbability[row.channel]!) < 0.05, row.channel);
      const ci = wilsonInterval(row.resolved, row.interactions);
      equal(row.ci_low, ci.low);
      equal(row.ci_high, ci.high);
      // Planted median hours within 15% (log-normal spread 0.6 over hundreds of tickets).
      ok(
        Math.abs(row.median_resolution_hours! / e.medianHours[row.channel]! - 1) < 0.15,
        row.channel,
      );
    }
    deepStrictEqual(s.rows.map((r) => r.channel).sort(), ["Chat", "Email", "Phone", "Social"]);
    equal(s.facts.evidence, "clear");
    equal(s.facts.bestChannel, e.bestChannel);
    equal(s.facts.worstChannel, "Social");
    equal(s.facts.fastestChannel, "Chat");
    ok(s.facts.p! < 1e-6);
    deepStrictEqual(s.resolvedValues.map((v) => v.value).sort(), ["Closed", "Resolved"]);
    deepStrictEqual(s.otherValues.map((v) => v.value).sort(), ["Escalated", "Open", "Pending"]);
  } finally {
    db.close();
  }
});

Deno.test("channelByAge() recovers the planted preference: the youngest prefer Chat, the oldest Phone", async () => {
  const { db } = await loadGenerated({ ...LARGE, seed: 22 });
  try {
    const a = await channelByAge(db);
    equal(a.ageSource, "customers.age");
    equal(a.facts.evidence, "clear");
    equal(a.facts.youngestBand, "18-24");
    equal(a.facts.youngestTopChannel, "Chat");
    // Planted weight of Chat under 35 is 0.55: the share is within 0.08 of it.
    ok(Math.abs(a.facts.youngestTopShare! - 0.55) < 0.08, String(a.facts.youngestTopShare));
    equal(a.facts.oldestTopChannel, "Phone");
    for (const band of new Set(a.rows.map((r) => r.age_band))) {
      const sum = a.rows.filter((r) => r.age_band === band).reduce((x, r) => x + r.share, 0);
      ok(Math.abs(sum - 1) < 1e-12);
    }
  } finally {
    db.close();
  }
});

Deno.test("a dataset with no planted effect yields no best channel (evidence none)", async () => {
  // Under no effect the chi-square test is wrong 5% of the time; across 4 seeds at most one
  // clear result is expected (P(2 or more) = 0.014), and no run may name a best channel unless clear.
  let clear = 0;
  for (const seed of [31, 32, 33, 34]) {
    const { db } = await loadGenerated({
      seed,
      effects: false,
      interactions: 3000,
      customers: 300,
      transactions: 300,
      deals: 100,
    });
    try {
      const s = await supportChannels(db);
      if (s.facts.evidence === "clear") clear++;
      else {
        equal(s.facts.evidence, "none");
        equal(s.facts.bestChannel, null);
        equal(s.facts.worstChannel, null);
        ok(s.facts.p! >= 0.05);
      }
    } finally {
      db.close();
    }
  }
  ok(clear <= 1, `${clear} of 4 no-effect datasets gave a clear difference`);
  const { db } = await loadGenerated({
    seed: 31,
    effects: false,
    interactions: 3000,
    customers: 300,
    transactions: 300,
    deals: 100,
  });
  try {
    const s = await supportChannels(db);
    equal(s.facts.evidence, "none");
    equal(s.facts.bestChannel, null);
  } finally {
    db.close();
  }
});

Deno.test("supportChannelFacts(): rates a point apart with p = 0.8 give no best channel", () => {
  const row = (channel: string, interactions: number, resolved: number) => ({
    channel,
    interactions,
    resolved,
    resolution_rate: resolved / interactions,
    ci_low: 0,
    ci_high: 1,
    median_resolution_hours: null,
    mean_satisfaction: null,
    rated: 0,
  });
  // [[300, 100], [296, 104], [292, 108]]: expected 296 and 104 in every row, so by hand
  // X² = 2 (16/296 + 16/104) = 0.4158, df 2, p = exp(-X²/2) = 0.812.
  const f = supportChannelFacts([
    row("Chat", 400, 300),
    row("Email", 400, 296),
    row("Phone", 400, 292),
  ]);
  equal(f.evidence, "none");
  ok(Math.abs(f.statistic! - 2 * (16 / 296 + 16 / 104)) < 1e-12, String(f.statistic));
  ok(Math.abs(f.p! - 0.812) < 5e-4);
  ok(Math.abs(f.p! - Math.exp(-f.statistic! / 2)) < 1e-9);
  equal(f.bestChannel, null);
  ok(Math.abs(f.rateSpread - 0.02) < 1e-12);
  equal(supportChannelFacts([row("Chat", 10, 9), row("Email", 10, 2)]).evidence, "too-few");
});

Deno.test("supportChannels() counts the statuses it is told to, and says which it counted", async () => {
  const db = await openDb();
  try {
    await db.run(`create table crm_interactions as select * from (values
      ('Chat', 'Closed', null::boolean), ('Chat', 'Fixed', null), ('Chat', 'Open', null),
      ('Email', null, true), ('Email', 'done', null), ('Email', 'Open', null)
    ) t(channel, status, resolved)`);
    const byDefault = await supportChannels(db);
    deepStrictEqual(byDefault.rows.map((r) => [r.channel, r.resolved]), [["Chat", 1], [
      "Email",
      2,
    ]]);
    deepStrictEqual(byDefault.resolvedValues.map((v) => v.value), [
      "(resolved flag: true)",
      "Closed",
      "done",
    ]);
    const custom = await supportChannels(db, { resolvedStatuses: ["Fixed"] });
    deepStrictEqual(custom.rows.map((r) => [r.channel, r.resolved]), [["Chat", 1], ["Email", 1]]);
    deepStrictEqual(custom.resolvedValues.map((v) => v.value), ["(resolved flag: true)", "Fixed"]);
    deepStrictEqual(custom.resolvedStatuses, ["Fixed"]);
  } finally {
    db.close();
  }
});
