import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { createFormat } from "../../lib/format/mod.ts";
import {
  behaviourFacts,
  behaviourFindings,
  behaviourRecommendations,
  cohortFacts,
  cohortFindings,
  cohortRecommendations,
  customerBehaviourSection,
  dataQualityFacts,
  dataQualityFindings,
  dataQualityRecommendations,
  executiveSummary,
  segmentFacts,
  segmentFindings,
  segmentRecommendations,
} from "../../lib/sections/mod.ts";
import {
  exampleBehaviourInput,
  exampleCleaning,
  exampleCohorts,
  exampleSegments,
} from "../../lib/sections/_examples.ts";

const fmt = createFormat({ currency: "£" });
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

Deno.test("dataQualityFacts() reads the largest loss and the missing-id share off the ledger", () => {
  const { clean, summary, load } = exampleCleaning();
  const f = dataQualityFacts(clean, summary, load);
  deepStrictEqual(f.largestLoss, {
    rule: "missing_customer_id",
    description: "no customer id: the line cannot be attributed to a customer",
    rows: 3,
  });
  equal(f.missingIdShare, 3 / 10);
  deepStrictEqual(f.capped, []);
  equal(f.returns, null);
});

Deno.test("dataQualityFindings() and recommendations follow the facts, nothing more", () => {
  const { clean, summary, load } = exampleCleaning();
  const f = dataQualityFacts(clean, summary, load);
  deepStrictEqual(ids(dataQualityFindings(f, fmt)), ["kept", "largest-loss", "coverage"]);
  deepStrictEqual(ids(dataQualityRecommendations(f, fmt)), [
    "capture-customer-id",
    "classic-preset",
  ]);
  // Under 5% of lines without an id: no advice to capture it; recommended preset: review.
  deepStrictEqual(
    ids(dataQualityRecommendations({ ...f, missingIdShare: 0.05, preset: "recommended" }, fmt)),
    ["review-removed"],
  );
  const found = dataQualityFindings({
    ...f,
    largestLoss: null,
    capped: [{
      rule: "outlier_cap_price",
      rows: 12,
      column: "price",
      high: 31.5,
      qLow: 0.2,
      qHigh: 13,
    }],
    rowsRejected: 2,
    returns: { rows: 10, matched: 4 },
  }, fmt);
  deepStrictEqual(ids(found), [
    "kept",
    "capped-outlier_cap_price",
    "returns",
    "rejected",
    "coverage",
  ]);
  equal(found[1]!.text, "12 lines had an extreme price capped at 31.50 (q01 0.20, q99 13.00).");
  match(found[2]!.text, /^10 cancellation lines are kept as returns; 40.0% of them match/);
});

Deno.test("behaviourFacts() takes medians over repeat customers and the gap quantiles from the bins", () => {
  const f = behaviourFacts(exampleBehaviourInput());
  equal(f.customers, 3);
  equal(f.repeatCustomers, 2);
  equal(f.typicalGap, 20); // median of 10 and 30
  equal(f.regularity, 0.5);
  equal(f.halfWithin, (30 * 5) / 9); // 5 of the 10 gaps, interpolated in the first bin (9 gaps, 0–30)
  equal(f.p90Within, 30);
  equal(f.busiestSlot, "Thursday 12:00");
  equal(f.returnerShare, null);
  deepStrictEqual(f.quietDays, []);
});

Deno.test("behaviourFindings() says when nobody came back, and recommends no rhythm then", () => {
  const f = behaviourFacts(exampleBehaviourInput());
  const none = {
    ...f,
    repeatCustomers: 0,
    typicalGap: null,
    regularity: null,
    halfWithin: null,
    p90Within: null,
  };
  const found = behaviourFindings(none, fmt);
  equal(found[0]!.text, "None of the 3 customers bought on more than one day.");
  ok(!ids(found).includes("regularity") && !ids(found).includes("gaps"));
  deepStrictEqual(ids(behaviourRecommendations(none, fmt)), ["send-times"]);
  deepStrictEqual(ids(behaviourRecommendations(f, fmt)), [
    "lapse-trigger",
    "replenishment",
    "send-times",
  ]);
  match(behaviourRecommendations(f, fmt)[1]!.text, /about 16 days after an order/); // 0.8 × 20
});

Deno.test("cohortFacts() weighs retention by cohort size and compares only cohorts of 20 or more", () => {
  const f = cohortFacts(exampleCohorts());
  equal(f.month1, 0.3);
  equal(f.month3Range, null);
  const c = (cohort: string, period: number, size: number, customers: number) => ({
    cohort,
    period,
    cohortSize: size,
    customers,
    retention: customers / size,
    orders: 0,
    revenue: 0,
    revenueRetention: 0,
    averageOrderValue: null,
  });
  const cells = [
    c("2011-01", 3, 40, 10),
    c("2011-02", 3, 50, 5),
    c("2011-03", 3, 10, 9), // too small to compare
  ];
  const g = cohortFacts({ cells, totals: [] });
  equal(g.month3, 24 / 100);
  deepStrictEqual(g.month3Range, {
    best: { cohort: "2011-01", retention: 0.25 },
    worst: { cohort: "2011-02", retention: 0.1 },
  });
  deepStrictEqual(ids(cohortRecommendations(g, fmt)), ["repeat-best-cohort"]);
  // Best not 1.5× the worst: nothing to learn from it.
  deepStrictEqual(
    ids(
      cohortRecommendations({
        ...g,
        month3Range: {
          best: { cohort: "a", retention: 0.15 },
          worst: { cohort: "b", retention: 0.1 },
        },
      }, fmt),
    ),
    [],
  );
  match(cohortFindings(f, fmt)[0]!.text, /^30.0% of a cohort buys again in its second month/);
});

Deno.test("segmentFacts() sums the at-risk segments and weighs their recency by customers", () => {
  const input = exampleSegments();
  const f = segmentFacts({
    ...input,
    segments: [
      ...input.segments,
      {
        ...input.segments[1]!,
        segment: "cant_loose",
        customers: 10,
        share: 0.1,
        revenue: 50,
        revenueShare: 0.05,
        recencyMean: 50,
      },
    ],
  });
  equal(f.atRisk?.customers, 40);
  equal(f.atRisk?.revenue, 300);
  equal(f.atRisk?.recencyMean, (30 * 10 + 10 * 50) / 40);
  equal(f.mostValuable?.segment, "champions");
});

Deno.test("segmentFindings() and recommendations: no champion advice without champions, weak clusters as tendencies", () => {
  const f = segmentFacts(exampleSegments());
  deepStrictEqual(ids(segmentFindings(f, fmt)), ["champions", "at-risk", "largest"]);
  deepStrictEqual(ids(segmentRecommendations(f, fmt)), [
    "win-back",
    "segment-champions",
    "segment-hibernating",
  ]);
  const weak = segmentFindings({
    ...f,
    products: {
      categorySource: "keywords",
      k: 3,
      silhouette: 0.11,
      silhouetteRange: { min: 0.09, max: 0.11, kFrom: 2, kTo: 8 },
      segments: [{ name: "Gifts", share: 1 }],
      championSegment: null,
    },
  }, fmt);
  const weakText = weak.find((s) => s.id === "product-segments")!.text;
  match(weakText, /read them as buying tendencies/);
  match(
    weakText,
    /No number of segments stands out \(silhouettes from 0\.09 to 0\.11 for k = 2 to 8\)/,
  );
  // A curve with a clear peak, or well-separated segments, is not called flat.
  for (
    const products of [
      { silhouette: 0.2, silhouetteRange: { min: 0.08, max: 0.2, kFrom: 2, kTo: 8 } },
      { silhouette: 0.4, silhouetteRange: { min: 0.38, max: 0.4, kFrom: 2, kTo: 8 } },
      { silhouette: 0.11, silhouetteRange: null },
    ]
  ) {
    const text = segmentFindings({
      ...f,
      products: {
        categorySource: "keywords",
        k: 3,
        ...products,
        segments: [{ name: "Gifts", share: 1 }],
        championSegment: null,
      },
    }, fmt).find((s) => s.id === "product-segments")!.text;
    ok(!/stands out/.test(text), text);
  }
  ok(!ids(segmentRecommendations(f, fmt)).includes("champion-products"));
});

Deno.test("executiveSummary() takes each section's lead and first recommendation, keyed by section", () => {
  const s = executiveSummary([
    { id: "a", title: "A", lead: "L.", findings: [], recommendations: [], blocks: [] },
    {
      id: "b",
      title: "B",
      lead: "M.",
      findings: [],
      recommendations: [{ id: "x", text: "Do." }],
      blocks: [],
    },
  ]);
  deepStrictEqual(s.findings, [{ id: "a", text: "A: L." }, { id: "b", text: "B: M." }]);
  deepStrictEqual(s.recommendations, [{ id: "b", text: "Do." }]);
});

Deno.test("date-only data: no hour finding, chart or recommendation, and the report says so", () => {
  const input = { ...exampleBehaviourInput(), timeOfDay: false };
  const f = behaviourFacts(input);
  equal(f.busiestHour, null);
  equal(f.busiestSlot, null);
  const text = [
    ...behaviourFindings(f, fmt),
    ...behaviourRecommendations(f, fmt),
  ].map((s) => s.text).join(" ");
  ok(!/\d{2}:00/.test(text), text);
  match(text, /dates only \(no time of day\)/);
  const section = customerBehaviourSection(input, fmt);
  ok(!section.blocks.some((b) => b.id === "behaviour.weekday-hour"));
  ok(!/\d{2}:00/.test(section.lead), section.lead);
});

Deno.test("cohort comparisons leave out the left-censored first cohort, small cohorts and partial months", () => {
  const c = (cohort: string, period: number, size: number, customers: number) => ({
    cohort,
    period,
    cohortSize: size,
    customers,
    retention: customers / size,
    orders: 0,
    revenue: 0,
    revenueRetention: 0,
    averageOrderValue: null,
  });
  const totals = ["2010-12", "2011-01", "2011-02", "2011-09"].map((cohort) => ({
    cohort,
    customers: 100,
    orders: 0,
    revenue: 0,
    averageOrderValue: 0,
    revenuePerCustomer: 0,
  }));
  const cells = [
    c("2010-12", 3, 100, 40), // the first cohort: left-censored, never compared
    c("2011-01", 3, 100, 20),
    c("2011-02", 3, 100, 25),
    c("2011-09", 3, 100, 2), // its month 3 is December 2011, which the data covers for 9 days
    c("2011-09", 1, 100, 20),
    c("2011-02", 1, 25, 5), // in 2011-03, complete
  ];
  const partial = { first: null, last: "2011-12", lastDays: 9, firstMissingDays: null };
  const f = cohortFacts({ cells, totals, partial });
  equal(f.leftCensored, "2010-12");
  deepStrictEqual(f.month3Range, {
    best: { cohort: "2011-02", retention: 0.25 },
    worst: { cohort: "2011-01", retention: 0.2 },
  });
  equal(f.month3, (40 + 20 + 25) / 300); // the partial-month cell is not averaged
  match(
    cohortFindings(f, fmt)[0]!.text,
    /leaving out December 2011, which the data covers only partly/,
  );
  // No recommendation rests on the artefacts: 0.25 is not 1.5× 0.2.
  deepStrictEqual(ids(cohortRecommendations(f, fmt)), ["onboarding"]);
  // Cohorts smaller than the minimum group are not compared either.
  equal(cohortFacts({ cells, totals, partial }, { minGroupSize: 101 }).month3Range, null);
});
