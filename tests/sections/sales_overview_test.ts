import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { createFormat } from "../../lib/format/mod.ts";
import {
  type SalesFacts,
  salesFacts,
  salesFindings,
  salesLead,
  salesOverviewSection,
  salesRecommendations,
} from "../../lib/sections/mod.ts";
import { exampleSalesInput } from "../../lib/sections/_examples.ts";

const fmt = createFormat({ currency: "£" });

function month(m: string, revenue: number, returning = 0.75) {
  return {
    month: m,
    revenue,
    orders: revenue / 10,
    customers: 5,
    newCustomers: 1,
    newRevenue: revenue * (1 - returning),
    returningRevenue: revenue * returning,
    unattributedRevenue: 0,
    averageOrderValue: 10,
    revenueChange: null as number | null,
    ordersChange: null as number | null,
    customersChange: null,
  };
}

Deno.test("salesFacts() finds the peak month against the median complete month, by hand", () => {
  const input = exampleSalesInput();
  const months = [month("2011-01", 100), month("2011-02", 400), month("2011-03", 200)];
  months[2]!.revenueChange = -0.5;
  months[2]!.ordersChange = -0.25;
  const f = salesFacts({
    ...input,
    monthly: months,
    kpis: { ...input.kpis, lastDate: new Date("2011-03-31") },
  });
  // Sorted revenues 100, 200, 400: the median month is 200; the peak 400 is 2x it.
  deepStrictEqual(f.peak, { month: "2011-02", revenue: 400, ratioToMedian: 2 });
  deepStrictEqual(f.latest, { month: "2011-03", revenueChange: -0.5, ordersChange: -0.25 });
  equal(f.partialMonth, null);
  equal(f.completeMonths, 3);
  equal(f.days, 89);
});

Deno.test("salesFacts() leaves a partial last month out of the peak and the latest change", () => {
  const input = exampleSalesInput();
  const months = [month("2011-01", 100), month("2011-02", 150), month("2011-03", 900)];
  months[1]!.revenueChange = 0.5;
  months[2]!.revenueChange = 5; // a partial month would otherwise look like a boom
  const f = salesFacts({
    ...input,
    monthly: months,
    kpis: { ...input.kpis, lastDate: new Date("2011-03-09") },
  });
  deepStrictEqual(f.partialMonth, { month: "2011-03", lastDay: 9 });
  equal(f.peak?.month, "2011-02");
  equal(f.latest?.month, "2011-02");
  equal(f.completeMonths, 2);
});

Deno.test("salesFacts() computes the returning share of the last three complete months", () => {
  const input = exampleSalesInput();
  const months = [
    month("2011-01", 100, 0.1),
    month("2011-02", 100, 0.5),
    month("2011-03", 100, 0.5),
    month("2011-04", 200, 0.8),
  ];
  const f = salesFacts({
    ...input,
    monthly: months,
    kpis: { ...input.kpis, lastDate: new Date("2011-04-30") },
  });
  // (50 + 50 + 160) / (100 + 100 + 200)
  deepStrictEqual(f.recentReturningShare, { months: 3, share: 260 / 400 });
  // Three complete months or fewer: no such finding.
  equal(salesFacts({ ...input, monthly: months.slice(1) }).recentReturningShare, null);
});

function facts(overrides: Partial<SalesFacts> = {}): SalesFacts {
  return { ...salesFacts(exampleSalesInput()), ...overrides };
}

Deno.test("salesFindings() words the facts with the report's formatter and stable ids", () => {
  const found = salesFindings(
    facts({ peak: { month: "2011-11", revenue: 99283.2, ratioToMedian: 2.93 } }),
    fmt,
  );
  deepStrictEqual(found.map((f) => f.id), ["overview", "peak-month", "concentration", "prices"]);
  match(
    found[0]!.text,
    /^Revenue £300.00 from 30 orders by 10 customers over 58 days \(2011-01-01 to 2011-02-28\)/,
  );
  equal(found[1]!.text, "The best month is November 2011 with £99,283, 2.9× the median month.");
  match(
    found[2]!.text,
    /^40.0% of customers ordered more than once; the top 20% of customers bring 70.0% of revenue \(Gini 0.60\)\.$/,
  );
});

Deno.test("salesFindings() says the last month is partial, in the peak finding", () => {
  const found = salesFindings(
    facts({
      peak: { month: "2011-11", revenue: 1000, ratioToMedian: 2 },
      partialMonth: { month: "2011-12", lastDay: 9 },
    }),
    fmt,
  );
  match(
    found.find((f) => f.id === "peak-month")!.text,
    /\(December 2011 is partial: data ends on day 9\)/,
  );
});

Deno.test("salesFindings() makes no country or product finding without data", () => {
  const ids = salesFindings(facts({ topCountry: null, topProduct: null, peak: null }), fmt).map((
    f,
  ) => f.id);
  ok(!ids.includes("top-country") && !ids.includes("top-product") && !ids.includes("peak-month"));
});

Deno.test("salesRecommendations() recommends only past their thresholds", () => {
  const none = salesRecommendations(
    facts({
      peak: { month: "2011-02", revenue: 200, ratioToMedian: 1.5 },
      concentration: { topCustomers: 2, topShare: 0.59, gini: 0.4 },
      repeatRate: 0.5,
      topCountry: { country: "UK", revenueShare: 0.9, next: ["FR"], unknownShare: 0 },
      countries: 5,
    }),
    fmt,
  );
  deepStrictEqual(none, []);
  const all = salesRecommendations(
    facts({
      peak: { month: "2011-11", revenue: 200, ratioToMedian: 1.51 },
      concentration: { topCustomers: 2, topShare: 0.6, gini: 0.7 },
      repeatRate: 0.49,
      topCountry: {
        country: "UK",
        revenueShare: 0.76,
        next: ["Germany", "France", "EIRE"],
        unknownShare: 0,
      },
      countries: 6,
    }),
    fmt,
  );
  deepStrictEqual(all.map((r) => r.id), [
    "plan-peak",
    "key-accounts",
    "second-purchase",
    "other-countries",
  ]);
  match(all[0]!.text, /^Demand peaks in November:/);
  match(
    all[3]!.text,
    /earns 24.0% of revenue from 5 countries: test localised campaigns in the next 3 \(Germany, France, EIRE\)\.$/,
  );
});

Deno.test("salesOverviewSection() uses the currency everywhere, charts included", () => {
  const input = exampleSalesInput();
  const section = salesOverviewSection({
    ...input,
    topProducts: {
      revenue: [{
        stockCode: "A1",
        description: "MUG",
        revenue: 150,
        quantity: 10,
        orders: 5,
        customers: 3,
        revenueShare: 0.5,
      }],
      quantity: [],
    },
  }, createFormat({ currency: "€" }));
  equal(section.lead, salesLead(salesFacts(input), createFormat({ currency: "€" })));
  const text = JSON.stringify(section);
  ok(text.includes("€300.00"));
  ok(!text.includes("£"));
  const ids = section.blocks.map((b) => b.id);
  equal(new Set(ids).size, ids.length);
  ok(ids.every((id) => id.startsWith("sales.")));
});

Deno.test("salesFacts() names only countries with enough customers to test a campaign in", () => {
  const input = exampleSalesInput();
  const country = (name: string, customers: number, revenueShare: number) => ({
    country: name,
    revenue: 0,
    quantity: 0,
    orders: 0,
    customers,
    revenueShare,
  });
  const topCountries = {
    revenue: [
      country("United Kingdom", 3900, 0.82),
      country("Netherlands", 9, 0.03),
      country("EIRE", 3, 0.03),
      country("Germany", 94, 0.02),
      country("France", 87, 0.02),
    ],
    quantity: [],
  };
  const f = salesFacts({ ...input, topCountries, kpis: { ...input.kpis, countries: 37 } });
  deepStrictEqual(f.topCountry?.next, ["Germany", "France"]);
  match(
    salesRecommendations(f, fmt).find((r) => r.id === "other-countries")!.text,
    /in the next 2 \(Germany, France\)/,
  );
  // When no other country is big enough, no such recommendation at all.
  const tiny = salesFacts({ ...input, topCountries, kpis: { ...input.kpis, countries: 37 } }, {
    minGroupSize: 100,
  });
  deepStrictEqual(tiny.topCountry?.next, []);
  ok(!salesRecommendations(tiny, fmt).some((r) => r.id === "other-countries"));
});

Deno.test("salesFacts() leaves a partial first month out too", () => {
  const input = exampleSalesInput();
  const months = [month("2011-01", 900), month("2011-02", 100), month("2011-03", 200)];
  const f = salesFacts({
    ...input,
    monthly: months,
    kpis: { ...input.kpis, firstDate: new Date("2011-01-20"), lastDate: new Date("2011-03-31") },
  });
  equal(f.partialFirstMonth, "2011-01");
  equal(f.peak?.month, "2011-03");
  equal(f.completeMonths, 2);
});

Deno.test("lines without a country: the first named country leads, the share without one is said, no home-market advice", () => {
  const input = exampleSalesInput();
  const row = (country: string | null, revenueShare: number, customers: number) => ({
    country,
    revenue: revenueShare * 1000,
    quantity: 10,
    orders: customers,
    customers,
    revenueShare,
  });
  // a shop export that writes the country on an order's first line only
  const f = salesFacts({
    ...input,
    kpis: { ...input.kpis, countries: 8 },
    topCountries: {
      ...input.topCountries,
      revenue: [
        row(null, 0.9, 700),
        row("United Kingdom", 0.08, 600),
        row("Germany", 0.01, 40),
        row("France", 0.01, 35),
      ],
    },
  });
  deepStrictEqual(f.topCountry, {
    country: "United Kingdom",
    revenueShare: 0.08,
    next: ["Germany", "France"],
    unknownShare: 0.9,
  });
  const finding = salesFindings(f, fmt).find((x) => x.id === "top-country")!;
  match(
    finding.text,
    /^United Kingdom brings 8\.0% of revenue across 8 countries; 90\.0% of revenue comes from lines without a country\.$/,
  );
  // with 90% of revenue unplaced, the UK's share says nothing about a home market
  const advice = salesRecommendations(
    { ...f, topCountry: { ...f.topCountry!, revenueShare: 0.8 } },
    fmt,
  );
  ok(!advice.some((r) => r.id === "other-countries"));
});
