import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { customerBehaviour } from "@crm/crm/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { LARGE, loadGenerated } from "./_crm_data.ts";

Deno.test("customerBehaviour() segments by hand: thirds of spend and order counts", async () => {
  const db = await openDb();
  try {
    // Six customers with spends 10..60 and 1, 1, 2, 4, 5, 6 orders; regions N, N, N, S, S, S.
    // Every line is a whole amount of cents (10.0 · c / n), as money is: sums are exact.
    await db.run(`create table crm_transactions as
      select 'C' || c as customer_id, 'I' || c || '-' || o as invoice, 'P1' as stock_code, 1.0 as quantity,
        (10.0 * c) / n as amount
      from (values (1, 1), (2, 1), (3, 2), (4, 4), (5, 5), (6, 6)) v(c, n), range(6) r(o) where o < n`);
    await db.run(`create table crm_customers as
      select 'C' || c as customer_id, case when c <= 3 then 'N' else 'S' end as region from range(1, 7) t(c)`);
    const b = await customerBehaviour(db);
    // Thirds of spend: cut points at quantiles 1/3 and 2/3 of 10..60 = 26.67 and 43.33.
    deepStrictEqual(
      b.segments.filter((s) => s.kind === "spend").map((s) => [s.segment, s.customers, s.revenue]),
      [
        ["Low", 2, 30],
        ["Medium", 2, 70],
        ["High", 2, 110],
      ],
    );
    deepStrictEqual(
      b.segments.filter((s) => s.kind === "frequency").map((s) => [s.segment, s.customers]),
      [
        ["One-time", 2],
        ["Occasional", 2],
        ["Frequent", 2],
      ],
    );
    deepStrictEqual(b.regions.map((r) => [r.region, r.customers, r.revenue, r.orders]), [
      ["S", 3, 150, 15],
      ["N", 3, 60, 4],
    ]);
    equal(b.facts.customers, 6);
    equal(b.facts.oneTimeShare, 2 / 6);
    equal(b.facts.highSpendShare, 110 / 210);
    equal(b.facts.tierEvidence, "too-few");
    equal(b.facts.tierBasis, "mean_price");
  } finally {
    db.close();
  }
});

Deno.test("customerBehaviour() recovers the planted premium region", async () => {
  const { db, dataset } = await loadGenerated({ ...LARGE, seed: 61 });
  try {
    const b = await customerBehaviour(db);
    equal(b.facts.tierBasis, "list_price");
    equal(b.facts.tierEvidence, "clear");
    equal(b.facts.premiumRegion, dataset.truth.effects.premiumRegion);
    // Planted: West buys premium products twice as often; its share is at least 1.5 times the
    // mean share of the other regions.
    const others = b.regions.filter((r) => r.region !== "West" && r.region !== "(unknown)");
    const mean = others.reduce((a, r) => a + r.premium_share!, 0) / others.length;
    ok(b.facts.premiumRegionShare! > 1.5 * mean, `${b.facts.premiumRegionShare} vs ${mean}`);
    ok(b.regions.every((r) => r.budget_lines + r.mid_lines + r.premium_lines > 0));
  } finally {
    db.close();
  }
});

Deno.test("customerBehaviour() names no premium region when there is none", async () => {
  const { db } = await loadGenerated({ ...LARGE, seed: 62, effects: false });
  try {
    const b = await customerBehaviour(db);
    equal(b.facts.tierEvidence, "none");
    equal(b.facts.premiumRegion, null);
  } finally {
    db.close();
  }
});
