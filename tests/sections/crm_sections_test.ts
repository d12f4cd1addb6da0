/**
 * The CRM sections, facts then words: facts checked against hand-computed values, words checked
 * for what they must say and, as much, for what they must not (no best channel without a
 * test that supports it, no pricing advice from an order log, rankings that say how many deals
 * they rest on).
 *
 * @module
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { createFormat } from "../../lib/format/mod.ts";
import {
  crmCheckRows,
  crmQualityFacts,
  crmQualityFindings,
  crmQualityRecommendations,
  crmQualitySection,
  productFacts,
  productFindings,
  productRecommendations,
  productsSection,
  purchaseBehaviourSection,
  purchaseFacts,
  purchaseFindings,
  purchaseRecommendations,
  salesTeamFacts,
  salesTeamFindings,
  salesTeamRecommendations,
  salesTeamSection,
  supportFacts,
  supportFindings,
  supportRecommendations,
  supportSection,
} from "../../lib/sections/mod.ts";
import {
  exampleBehaviour,
  exampleCrmQuality,
  exampleProducts,
  exampleSales,
  exampleSupport,
} from "../../lib/sections/_crm_examples.ts";
import { elasticityFacts, type ElasticityRow } from "../../lib/products/mod.ts";
import { salesFacts } from "../../lib/sales/mod.ts";
import { supportChannelFacts, type SupportChannelRow } from "../../lib/support/mod.ts";
import { wilsonInterval } from "../../lib/stats/mod.ts";

const fmt = createFormat({ currency: "$" });
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);
const text = (xs: readonly { id: string; text: string }[], id: string) =>
  xs.find((x) => x.id === id)?.text ?? "";

Deno.test("crmQualityFacts() counts rows by outcome and ranks the defects that concern the most rows", () => {
  const f = crmQualityFacts(exampleCrmQuality());
  equal(f.rowsRead, 603 + 20 + 1202);
  equal(f.rowsKept, 600 + 20 + 1200);
  equal(f.rowsRemoved, 5);
  deepStrictEqual(f.removed.map((c) => [c.table, c.rows]), [["customers", 3], ["pipeline", 2]]);
  deepStrictEqual(f.mostImportant.map((c) => [c.check, c.rows]), [
    ["near-duplicate spelling", 133],
    ["broken reference", 4],
    ["duplicate key", 3],
  ]);
  deepStrictEqual(f.flagged.map((c) => c.check), ["rep without deals"]);
  deepStrictEqual(f.missingReferences.map((c) => c.column), ["account"]);
  equal(f.valuesChanged, 0);
  // The skipped file is no row: it is not in the chart.
  deepStrictEqual(crmCheckRows(exampleCrmQuality().checks).map((r) => r.outcome), [
    "removed",
    "kept",
    "removed",
    "kept",
    "kept",
    "kept",
  ]);
});

Deno.test("crmQualityFindings() and recommendations name the defects and the --recode to type", () => {
  const f = crmQualityFacts(exampleCrmQuality());
  const found = crmQualityFindings(f, fmt);
  deepStrictEqual(ids(found), [
    "tables",
    "skipped",
    "most-important",
    "removed",
    "references",
    "spellings",
    "flagged",
  ]);
  match(text(found, "skipped"), /"data_dictionary.csv" \(looks like a data dictionary/);
  match(
    text(found, "removed"),
    /^5 rows removed: duplicate key \(customer_id\) in 3 customers rows/,
  );
  match(
    text(found, "references"),
    /4 pipeline rows name a rep that does not exist \("Zoe Quill"\)/,
  );
  const todo = crmQualityRecommendations(f, fmt);
  deepStrictEqual(ids(todo), ["merge-spellings", "fix-references", "fix-duplicates"]);
  match(text(todo, "merge-spellings"), /--recode pipeline\.product="GTXPro=>GTX Pro" \(133 rows\)/);
  match(text(todo, "fix-duplicates"), /3 in customers and 2 in pipeline/);
  // A clean dataset: no defect findings, nothing to do.
  const clean = crmQualityFacts({ ...exampleCrmQuality(), skipped: [], checks: [] });
  deepStrictEqual(ids(crmQualityFindings(clean, fmt)), ["tables"]);
  deepStrictEqual(crmQualityRecommendations(clean, fmt), []);
  match(crmQualitySection(exampleCrmQuality(), fmt).lead, /no defects|largest defect/);
});

/** Two channels of `n` interactions each, resolving `a` and `b`. */
function twoChannels(n: number, a: number, b: number): SupportChannelRow[] {
  return [["Chat", a], ["Email", b]].map(([channel, resolved]) => {
    const ci = wilsonInterval(resolved as number, n);
    return {
      channel: channel as string,
      interactions: n,
      resolved: resolved as number,
      resolution_rate: ci.estimate,
      ci_low: ci.low,
      ci_high: ci.high,
      median_resolution_hours: null,
      mean_satisfaction: null,
      rated: 0,
    };
  });
}

Deno.test("supportFindings(): rates a point apart give no best channel, the p-value said, no channel advice", () => {
  const base = exampleSupport();
  const rows = twoChannels(100, 80, 79);
  const input = { ...base, channels: { ...base.channels, rows, facts: supportChannelFacts(rows) } };
  const f = supportFacts(input);
  // By hand: expected 79.5 and 20.5 in each row; chi-square = 2 (0.25/79.5 + 0.25/20.5) = 0.0307,
  // p = 0.861 with 1 degree of freedom.
  equal(f.channels.evidence, "none");
  ok(Math.abs(f.channels.statistic! - 2 * (0.25 / 79.5 + 0.25 / 20.5)) < 1e-9);
  equal(f.best, null);
  const words = supportFindings(f, fmt);
  ok(!ids(words).includes("best-channel"));
  match(
    text(words, "no-clear-difference"),
    /differ by 1\.0 points at most, .* no clear difference between channels \(chi-square p = 0\.86\)/,
  );
  ok(
    !ids(supportRecommendations(f, fmt)).some((id) =>
      id === "route-to-best" || id === "review-worst"
    ),
  );
  match(supportSection(input, fmt).lead, /no clear difference between channels \(p = 0\.86\)/);
});

Deno.test("supportFindings(): a difference the test supports names the best channel with its interval", () => {
  const f = supportFacts(exampleSupport());
  equal(f.channels.evidence, "clear");
  const words = supportFindings(f, fmt);
  match(
    text(words, "best-channel"),
    /^Phone resolves the most: 86\.7% \(95% CI 83\.3% to 89\.4%, n = 487\), against 51\.1% .* for Social/,
  );
  match(text(words, "age"), /60\.0% of the 18-24 band use Chat, 75\.0% of the 65\+ band Phone/);
  match(text(words, "speed"), /^Chat resolves fastest: median 2\.0 hours, against 18\.5 for Email/);
  deepStrictEqual(ids(supportRecommendations(f, fmt)), [
    "route-to-best",
    "review-worst",
    "channels-by-age",
  ]);
  const s = supportSection(exampleSupport(), fmt);
  ok(s.blocks.every((b) => b.id.startsWith("support.")));
});

Deno.test("salesTeamFacts() and words: rankings rest on stated deal counts, the lagging region by chi-square", () => {
  const sp = exampleSales();
  const f = salesTeamFacts(sp);
  deepStrictEqual([f.won, f.lost, f.open], [120, 108, 25]);
  // Region against won/lost: Central 10/8, East 40/70, West 70/30; with 2 degrees of freedom
  // the chi-square p-value is exp(-x / 2).
  const obs = [[10, 8], [40, 70], [70, 30]];
  let x = 0;
  for (const [w, l] of obs) {
    const n = w! + l!;
    x += (w! - (n * 120) / 228) ** 2 / ((n * 120) / 228) +
      (l! - (n * 108) / 228) ** 2 / ((n * 108) / 228);
  }
  ok(
    Math.abs(f.sales.regionP! - Math.exp(-x / 2)) < 1e-12,
    `${f.sales.regionP} vs ${Math.exp(-x / 2)}`,
  );
  equal(f.lagging?.group, "East");
  const words = salesTeamFindings(f, fmt);
  match(
    text(words, "top-reps"),
    /among the 4 reps with at least 20 closed deals: Ann 80\.0% of 50 closed deals, Bo 60\.0% of 50 closed deals\./,
  );
  match(text(words, "bottom-reps"), /Cy 33\.3% of 60 closed deals, Di 40\.0% of 50 closed deals/);
  match(text(words, "unranked"), /^1 rep has fewer than 20 closed deals/);
  match(
    text(words, "region-gap"),
    /^East lags: win rate 36\.4% .* against 52\.6% overall, 16\.3 points below/,
  );
  match(text(words, "targets"), /^1 of 2 reps with targets are at or above target: Ann 140%/);
  deepStrictEqual(ids(salesTeamRecommendations(f, fmt)), [
    "coach-region",
    "coach-bottom",
    "review-targets",
  ]);
  ok(salesTeamSection(sp, fmt).blocks.some((b) => b.id === "sales-team.attainment"));
});

Deno.test("salesTeamFindings(): no rep is ranked on too few deals, no region named without the test", () => {
  const sp = exampleSales();
  const strict = { ...sp, facts: salesFacts(sp.reps, sp.regions, { minDeals: 100 }) };
  const f = salesTeamFacts(strict);
  const words = salesTeamFindings(f, fmt);
  ok(!ids(words).includes("top-reps") && !ids(words).includes("bottom-reps"));
  match(text(words, "unranked"), /^5 reps have fewer than 100 closed deals/);
  // Regions alike: 50/50 each, no gap.
  const even = sp.regions.map((g) => ({ ...g, won: 50, lost: 50, win_rate: 0.5 }));
  const g = salesTeamFacts({ ...sp, regions: even, facts: salesFacts(sp.reps, even) });
  equal(g.lagging, null);
  match(
    text(salesTeamFindings(g, fmt), "no-region-gap"),
    /no clear difference \(chi-square p = 1\.00\)/,
  );
  ok(!ids(salesTeamRecommendations(g, fmt)).includes("coach-region"));
});

Deno.test("productFindings(): categories that clearly differ, in words and numbers; overlap gives no ranking", () => {
  const f = productFacts(exampleProducts());
  const words = productFindings(f, fmt);
  // 10% higher prices with elasticity -1.7: 1.1^-1.7 = 0.850, about 15% fewer units.
  match(
    text(words, "elasticity"),
    /Accessories responds most \(elasticity -1\.70, 95% CI -2\.28 to -1\.13, n = 120: 10% higher prices go with about 15% fewer units\), Premium least/,
  );
  const rows: ElasticityRow[] = exampleProducts().elasticity.rows.map((r) => ({
    ...r,
    ci_low: -3,
    ci_high: 1,
  }));
  const overlap = { ...f, elasticity: elasticityFacts(rows), most: null, least: null };
  equal(overlap.elasticity.evidence, "none");
  match(text(productFindings(overlap, fmt), "elasticity"), /intervals overlap: no category/);
  ok(!ids(productRecommendations(overlap, fmt)).includes("price-test"));
});

Deno.test("productFindings(): on an order log the quantity-discount caveat is said and no pricing advice given", () => {
  const a = exampleProducts();
  const f = { ...productFacts(a), source: "order_log" as const };
  match(
    text(productFindings(f, fmt), "quantity-discounts"),
    /^On an order log the unit price .* mixes quantity discounts with demand/,
  );
  // No discounts found in CRM transactions: nothing to caution about.
  ok(!ids(productFindings(productFacts(a), fmt)).includes("quantity-discounts"));
  ok(!ids(productRecommendations(f, fmt)).includes("price-test"));
  const s = productsSection({ ...a, source: "order_log" }, fmt);
  deepStrictEqual(s.blocks.map((b) => b.id), [
    "products.kpis",
    "products.top",
    "products.categories",
    "products.elasticity",
    "products.performance",
    "products.elasticity-table",
  ]);
});

Deno.test("purchaseFindings(): a premium region only when the test supports it", () => {
  const b = exampleBehaviour();
  const f = purchaseFacts(b);
  match(
    text(purchaseFindings(f, fmt), "premium"),
    /^West buys premium products most: 30\.0% of its order lines against 20\.0% overall/,
  );
  deepStrictEqual(ids(purchaseRecommendations(f, fmt)), ["premium-region", "second-purchase"]);
  const none = purchaseFacts({
    ...b,
    facts: {
      ...b.facts,
      tierEvidence: "none",
      tierP: 0.4,
      premiumRegion: null,
      premiumRegionShare: null,
    },
  });
  const words = purchaseFindings(none, fmt);
  ok(!ids(words).includes("premium"));
  match(text(words, "no-premium-difference"), /no clear difference .* \(chi-square p = 0\.40\)/);
  ok(!ids(purchaseRecommendations(none, fmt)).includes("premium-region"));
  ok(purchaseBehaviourSection(b, fmt).blocks.every((x) => x.id.startsWith("purchase.")));
});

Deno.test("without a quantity column volume counts order lines and no elasticity is claimed", () => {
  const fmt = createFormat();
  const a = { ...exampleProducts(), noQuantity: "the file has no quantity column" };
  const section = productsSection(a, fmt);
  const words = [...section.findings, ...section.recommendations].map((s) => s.text).join("\n");
  match(words, /Price elasticity is left out: the file has no quantity column/);
  match(words, /sold [\d,]+ order lines/);
  ok(!/price-sensitiv|elasticities estimated|quantity discounts?|bulk/i.test(words), words);
  ok(
    !section.blocks.some((b) =>
      b.id === "products.elasticity" || b.id === "products.elasticity-table"
    ),
  );
  match(section.lead, /no price elasticity without quantities/);
  // With quantities the same analysis states its elasticities.
  match(
    productsSection(exampleProducts(), fmt).findings.map((s) => s.text).join("\n"),
    /elasticity/i,
  );
});
