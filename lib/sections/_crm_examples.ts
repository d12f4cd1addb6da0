/**
 * Small, hand-checkable inputs of the CRM sections, for the doc examples and the tests
 * (private). The facts inside are computed with the analyses' own fact functions, so an
 * example is what the analysis would return for these rows.
 *
 * @module
 */
import type { CustomerBehaviour } from "../crm/mod.ts";
import type { ProductAnalysis } from "../products/mod.ts";
import { elasticityFacts, type ElasticityRow } from "../products/mod.ts";
import type { SalesGroupRow, SalesPerformance, SalesRepRow } from "../sales/mod.ts";
import { salesFacts } from "../sales/mod.ts";
import { wilsonInterval } from "../stats/mod.ts";
import type { ChannelByAgeRow, SupportChannelRow } from "../support/mod.ts";
import { channelByAgeFacts, supportChannelFacts } from "../support/mod.ts";
import type { CrmQualityInput } from "./crm_quality.ts";
import type { SupportInput } from "./support.ts";

/** Three tables, a skipped data dictionary, 5 rows removed and 4 kinds of flagged rows. */
export function exampleCrmQuality(): CrmQualityInput {
  const line = (
    table: string,
    check: string,
    column: string,
    rows: number,
    example: string,
    action: string,
  ) => ({ table, check, column, rows, example, action });
  return {
    tables: [
      { kind: "customers", file: "customers.csv", by: "columns", rowsRead: 603, rowsKept: 600 },
      { kind: "sales_team", file: "sales_teams.csv", by: "columns", rowsRead: 20, rowsKept: 20 },
      {
        kind: "pipeline",
        file: "sales_pipeline.csv",
        by: "columns",
        rowsRead: 1202,
        rowsKept: 1200,
      },
    ],
    skipped: [{ file: "data_dictionary.csv", reason: "looks like a data dictionary, not a table" }],
    checks: [
      line(
        "(file)",
        "skipped file",
        "",
        0,
        '"data_dictionary.csv"',
        "skipped: looks like a data dictionary, not a table",
      ),
      line(
        "customers",
        "duplicate key",
        "customer_id",
        3,
        '"C10089" and 2 other keys',
        "removed: the first row of each key is kept",
      ),
      line(
        "sales_team",
        "rep without deals",
        "rep",
        2,
        '"Dev Tate-25", "Gus Uhl-06"',
        "kept: shown with zero deals",
      ),
      line(
        "pipeline",
        "duplicate key",
        "opportunity_id",
        2,
        '"OPP90117" and 1 other keys',
        "removed: the first row of each key is kept",
      ),
      line(
        "pipeline",
        "broken reference",
        "rep",
        4,
        '"Zoe Quill"',
        "kept: not found in sales_team.rep, counted as unknown",
      ),
      line(
        "pipeline",
        "near-duplicate spelling",
        "product",
        133,
        '"GTXPro" (likely "GTX Pro" of products.product)',
        'kept as is, not found in products.product; to merge: --recode pipeline.product="GTXPro=>GTX Pro"',
      ),
      line(
        "pipeline",
        "missing reference",
        "account",
        5,
        "(empty)",
        "kept: counted as unknown account",
      ),
    ],
  };
}

/** Four categories: Accessories clearly more price-sensitive than Premium. */
export function exampleProducts(): ProductAnalysis {
  const est = (key: string, e: number, lo: number, hi: number, n: number): ElasticityRow => ({
    level: "category",
    key,
    n,
    products: 5,
    elasticity: e,
    ci_low: lo,
    ci_high: hi,
    std_error: (hi - lo) / 3.92,
    r_squared: 0.2,
    price_variation: 0.14,
    status: "estimated",
  });
  const rows: ElasticityRow[] = [
    est("Accessories", -1.7, -2.28, -1.13, 120),
    est("Electronics", -0.76, -1.65, 0.13, 108),
    est("Home", -1.69, -2.3, -1.08, 120),
    est("Premium", 0.13, -0.73, 1.0, 77),
  ];
  const product = (
    rank: number,
    id: string,
    name: string,
    category: string,
    volume: number,
    revenue: number,
    cumulative: number,
  ) => ({
    rank,
    product: id,
    description: name,
    category,
    lines: volume,
    volume,
    revenue,
    revenue_share: revenue / 1000,
    cumulative_share: cumulative / 1000,
    mean_price: revenue / volume,
    min_price: revenue / volume,
    max_price: revenue / volume,
  });
  return {
    source: "transactions",
    performance: {
      products: [
        product(1, "P116", "GTK 500", "Premium", 1, 500, 500),
        product(2, "P112", "GTX Pro", "Electronics", 1, 300, 800),
        product(3, "P106", "Desk Lamp", "Home", 5, 120, 920),
        product(4, "P101", "Cable Kit", "Accessories", 10, 80, 1000),
      ],
      categories: [
        {
          category: "Premium",
          products: 1,
          volume: 1,
          revenue: 500,
          revenue_share: 0.5,
          mean_price: 500,
        },
        {
          category: "Electronics",
          products: 1,
          volume: 1,
          revenue: 300,
          revenue_share: 0.3,
          mean_price: 300,
        },
        {
          category: "Home",
          products: 1,
          volume: 5,
          revenue: 120,
          revenue_share: 0.12,
          mean_price: 24,
        },
        {
          category: "Accessories",
          products: 1,
          volume: 10,
          revenue: 80,
          revenue_share: 0.08,
          mean_price: 8,
        },
      ],
      facts: {
        products: 4,
        volume: 17,
        revenue: 1000,
        topProduct: "P116",
        topProductShare: 0.5,
        top10Share: 1,
        topFifthShare: 0.5,
        productsFor80: 2,
        categories: 4,
        topCategory: "Premium",
        topCategoryShare: 0.5,
      },
    },
    elasticity: { rows, period: "month", facts: elasticityFacts(rows) },
  };
}

/** Four channels (Phone resolves 86.7%, Social 51.1%) and two age bands. */
export function exampleSupport(): SupportInput {
  const channel = (
    name: string,
    interactions: number,
    resolved: number,
    hours: number | null,
    satisfaction: number,
  ): SupportChannelRow => {
    const ci = wilsonInterval(resolved, interactions);
    return {
      channel: name,
      interactions,
      resolved,
      resolution_rate: ci.estimate,
      ci_low: ci.low,
      ci_high: ci.high,
      median_resolution_hours: hours,
      mean_satisfaction: satisfaction,
      rated: Math.round(interactions * 0.7),
    };
  };
  const rows = [
    channel("Phone", 487, 422, 4.2, 3.74),
    channel("Chat", 474, 359, 2, 3.51),
    channel("Email", 450, 287, 18.5, 3.16),
    channel("Social", 186, 95, null, 2.72),
  ];
  const band = (age_band: string, channel: string, interactions: number, total: number) => ({
    age_band,
    channel,
    interactions,
    share: interactions / total,
  });
  const ages: ChannelByAgeRow[] = [
    band("18-24", "Chat", 120, 200),
    band("18-24", "Phone", 80, 200),
    band("65+", "Chat", 50, 200),
    band("65+", "Phone", 150, 200),
  ];
  return {
    channels: {
      rows,
      resolvedValues: [{ value: "Closed", rows: 584 }, { value: "Resolved", rows: 579 }],
      otherValues: [{ value: "Pending", rows: 161 }, { value: "Open", rows: 147 }],
      resolvedStatuses: ["Closed", "Resolved", "Solved", "Done"],
      facts: supportChannelFacts(rows),
    },
    byAge: { rows: ages, ageSource: "customers.age", facts: channelByAgeFacts(ages) },
  };
}

/** Five reps in three regions: East wins 40 of 110 closed deals, West 70 of 100. */
export function exampleSales(): SalesPerformance {
  const rep = (
    name: string,
    region: string,
    won: number,
    lost: number,
    target: number | null,
    attainment: number | null,
  ): SalesRepRow => ({
    rep: name,
    manager: `${region} manager`,
    region,
    deals: won + lost + 5,
    won,
    lost,
    open: 5,
    win_rate: won / (won + lost),
    won_value: won * 100,
    target,
    attainment,
  });
  const reps = [
    rep("Fay", "Central", 10, 8, null, null),
    rep("Cy", "East", 20, 40, 2000, 0.6),
    rep("Di", "East", 20, 30, null, null),
    rep("Ann", "West", 40, 10, 1000, 1.4),
    rep("Bo", "West", 30, 20, null, null),
  ];
  const group = (g: string): SalesGroupRow => {
    const rs = reps.filter((r) => r.region === g);
    const won = rs.reduce((s, r) => s + r.won, 0);
    const lost = rs.reduce((s, r) => s + r.lost, 0);
    const ci = wilsonInterval(won, won + lost);
    return {
      group: g,
      reps: rs.length,
      deals: rs.reduce((s, r) => s + r.deals, 0),
      won,
      lost,
      open: rs.reduce((s, r) => s + r.open, 0),
      win_rate: ci.estimate,
      ci_low: ci.low,
      ci_high: ci.high,
      won_value: won * 100,
      target: null,
      attainment: null,
    };
  };
  const regions = ["Central", "East", "West"].map(group);
  return {
    reps,
    managers: [],
    regions,
    months: [
      { month: "2024-01", won: 60, lost: 50, win_rate: 60 / 110, won_value: 6000 },
      { month: "2024-02", won: 60, lost: 58, win_rate: 60 / 118, won_value: 6000 },
    ],
    stages: [
      { stage: "Won", outcome: "won", deals: 120 },
      { stage: "Lost", outcome: "lost", deals: 108 },
      { stage: "Engaging", outcome: "open", deals: 25 },
    ],
    unreadPeriods: [],
    facts: salesFacts(reps, regions, { minDeals: 20 }),
  };
}

/** Two regions: West buys premium on 30% of its lines, East on 10%. */
export function exampleBehaviour(): CustomerBehaviour {
  return {
    segments: [
      {
        kind: "spend",
        segment: "Low",
        customers: 40,
        revenue: 400,
        revenue_share: 0.04,
        mean_spend: 10,
        mean_orders: 1.2,
      },
      {
        kind: "spend",
        segment: "Medium",
        customers: 40,
        revenue: 1600,
        revenue_share: 0.16,
        mean_spend: 40,
        mean_orders: 2.5,
      },
      {
        kind: "spend",
        segment: "High",
        customers: 40,
        revenue: 8000,
        revenue_share: 0.8,
        mean_spend: 200,
        mean_orders: 6,
      },
      {
        kind: "frequency",
        segment: "One-time",
        customers: 36,
        revenue: 500,
        revenue_share: 0.05,
        mean_spend: 13.9,
        mean_orders: 1,
      },
      {
        kind: "frequency",
        segment: "Occasional",
        customers: 54,
        revenue: 2500,
        revenue_share: 0.25,
        mean_spend: 46.3,
        mean_orders: 3,
      },
      {
        kind: "frequency",
        segment: "Frequent",
        customers: 30,
        revenue: 7000,
        revenue_share: 0.7,
        mean_spend: 233.3,
        mean_orders: 8,
      },
    ],
    regions: [
      {
        region: "West",
        customers: 60,
        orders: 200,
        revenue: 6000,
        revenue_per_customer: 100,
        budget_lines: 100,
        mid_lines: 40,
        premium_lines: 60,
        premium_share: 0.3,
      },
      {
        region: "East",
        customers: 60,
        orders: 200,
        revenue: 4000,
        revenue_per_customer: 66.67,
        budget_lines: 140,
        mid_lines: 40,
        premium_lines: 20,
        premium_share: 0.1,
      },
    ],
    facts: {
      customers: 120,
      revenue: 10000,
      highSpendShare: 0.8,
      oneTimeShare: 0.3,
      topRegion: "West",
      topRegionShare: 0.6,
      tierEvidence: "clear",
      tierP: 0.00001,
      premiumRegion: "West",
      premiumRegionShare: 0.3,
      overallPremiumShare: 0.2,
      tierBasis: "list_price",
      tierCuts: [20, 300],
    },
  };
}
