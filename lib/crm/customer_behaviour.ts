import type { Db } from "../db/mod.ts";
import { exactAvg, exactSum, quoteIdent, requireColumns } from "../db/mod.ts";
import { chiSquareTest } from "../stats/mod.ts";

/** Customers of one spend or frequency segment. */
export interface BehaviourSegmentRow {
  readonly kind: "spend" | "frequency";
  readonly segment: string;
  readonly customers: number;
  readonly revenue: number;
  readonly revenue_share: number;
  readonly mean_spend: number;
  readonly mean_orders: number;
}

/** Spending of one region. */
export interface RegionSpendRow {
  readonly region: string;
  readonly customers: number;
  readonly orders: number;
  readonly revenue: number;
  readonly revenue_per_customer: number;
  /** Order lines by price tier of the product. */
  readonly budget_lines: number;
  readonly mid_lines: number;
  readonly premium_lines: number;
  /** premium / (budget + mid + premium) lines. */
  readonly premium_share: number | null;
}

/** Facts about purchase behaviour. */
export interface BehaviourFacts {
  readonly customers: number;
  readonly revenue: number;
  /** Revenue share of the high-spend third. */
  readonly highSpendShare: number | null;
  /** Share of customers who ordered once. */
  readonly oneTimeShare: number | null;
  readonly topRegion: string | null;
  readonly topRegionShare: number | null;
  /** Chi-square test of region against price tier (lines). */
  readonly tierEvidence: "clear" | "none" | "too-few";
  readonly tierP: number | null;
  /** The region with the highest premium share, only when the evidence is clear. */
  readonly premiumRegion: string | null;
  readonly premiumRegionShare: number | null;
  readonly overallPremiumShare: number | null;
  /** How price tiers were set. */
  readonly tierBasis: "list_price" | "mean_price";
  /** Upper bounds of the budget and mid tiers. */
  readonly tierCuts: readonly [number, number] | null;
}

/** Result of {@linkcode customerBehaviour}. */
export interface CustomerBehaviour {
  readonly segments: readonly BehaviourSegmentRow[];
  /** By revenue, highest first. */
  readonly regions: readonly RegionSpendRow[];
  readonly facts: BehaviourFacts;
}

/** Options for {@linkcode customerBehaviour}. */
export interface CustomerBehaviourOptions {
  /** @default {"crm_transactions"} */
  transactions?: string;
  /** @default {"crm_customers"} */
  customers?: string;
  /** @default {"crm_products"} */
  products?: string;
  /** @default {0.05} */
  alpha?: number;
}

/**
 * Customer purchase behaviour where customers and transactions exist: spend-level segments
 * (thirds of customers by spend: Low, Medium, High), frequency segments by orders (One-time,
 * Occasional 2–4, Frequent 5+), spending by region (the customer's region, else country, else
 * `(unknown)`), and premium versus budget preference by region: each product's price tier is its
 * third of list prices (or of mean selling prices without a products table), and a chi-square
 * test of region against tier (order lines) decides whether a region is named as preferring
 * premium products.
 *
 * @param db The database with the validated tables.
 * @param options Table names and significance level.
 * @throws {SchemaError} If the transactions lack their canonical columns.
 *
 * @example
 * ```ts
 * import { customerBehaviour } from "./customer_behaviour.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table crm_transactions as select 'C' || (i % 4) as customer_id, 'I' || i as invoice,
 *   'P' || (i % 3) as stock_code, 1.0 as quantity, 10.0 * (1 + i % 3) as amount from range(12) t(i)`);
 * await db.run(`create table crm_customers as select 'C' || i as customer_id, case when i < 2 then 'North' else 'South' end as region from range(4) t(i)`);
 * const b = await customerBehaviour(db);
 * equal(b.facts.customers, 4);
 * equal(b.segments.filter((s) => s.kind === "frequency")[0]!.segment, "Occasional");
 * equal(b.regions.length, 2);
 * db.close();
 * ```
 */
export async function customerBehaviour(
  db: Db,
  options: CustomerBehaviourOptions = {},
): Promise<CustomerBehaviour> {
  const {
    transactions = "crm_transactions",
    customers = "crm_customers",
    products = "crm_products",
    alpha = 0.05,
  } = options;
  await requireColumns(
    db,
    transactions,
    ["customer_id", "invoice", "stock_code", "quantity", "amount"],
    "compute purchase behaviour",
  );
  const cols = async (t: string) => {
    try {
      return (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(t)}`)).map((r) =>
        r.column_name
      );
    } catch {
      return [] as string[];
    }
  };
  const cust = await cols(customers);
  const prod = await cols(products);
  const region = cust.includes("region") && cust.includes("country")
    ? "coalesce(c.region, c.country, '(unknown)')"
    : cust.includes("region")
    ? "coalesce(c.region, '(unknown)')"
    : cust.includes("country")
    ? "coalesce(c.country, '(unknown)')"
    : "'(unknown)'";
  const custJoin = cust.includes("customer_id")
    ? `LEFT JOIN ${quoteIdent(customers)} c ON c.customer_id = t.customer_id`
    : "LEFT JOIN (SELECT NULL AS customer_id WHERE false) c ON false";
  const t = quoteIdent(transactions);
  // Price tier of each product: thirds of list prices, else of mean selling prices.
  const useList = prod.includes("list_price") && prod.includes("product_id") &&
    (await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM ${t} WHERE stock_code IN (SELECT product_id FROM ${
          quoteIdent(products)
        } WHERE list_price IS NOT NULL)`,
      )).n > 0;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __crm_prices AS ${
      useList
        ? `SELECT product_id AS product, list_price AS price FROM ${
          quoteIdent(products)
        } WHERE list_price IS NOT NULL AND product_id IS NOT NULL`
        : `SELECT stock_code AS product, ${exactSum("amount")} / ${
          exactSum("quantity")
        } AS price FROM ${t} WHERE quantity > 0 GROUP BY 1`
    }`,
  );
  const cuts = await db.one<{ c1: number | null; c2: number | null }>(
    `SELECT quantile_cont(price, 1 / 3) AS c1, quantile_cont(price, 2 / 3) AS c2 FROM __crm_prices`,
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __crm_lines AS SELECT t.customer_id, t.invoice, t.amount, ${region} AS region,
       CASE WHEN p.price IS NULL THEN NULL WHEN p.price <= ${cuts.c1 ?? 0} THEN 'budget'
            WHEN p.price <= ${cuts.c2 ?? 0} THEN 'mid' ELSE 'premium' END AS tier
     FROM ${t} t ${custJoin} LEFT JOIN __crm_prices p ON p.product = t.stock_code
     WHERE t.customer_id IS NOT NULL AND t.amount IS NOT NULL`,
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __crm_customers AS SELECT customer_id, ${
      exactSum("amount")
    } AS spend,
       count(DISTINCT invoice) AS orders FROM __crm_lines GROUP BY 1`,
  );
  const spendCuts = await db.one<{ s1: number | null; s2: number | null }>(
    `SELECT quantile_cont(spend, 1 / 3) AS s1, quantile_cont(spend, 2 / 3) AS s2 FROM __crm_customers`,
  );
  const segments = await db.all<Omit<BehaviourSegmentRow, "revenue_share">>(
    `WITH s AS (SELECT *, CASE WHEN spend <= ${spendCuts.s1 ?? 0} THEN 'Low' WHEN spend <= ${
      spendCuts.s2 ?? 0
    } THEN 'Medium' ELSE 'High' END AS spend_segment,
       CASE WHEN orders = 1 THEN 'One-time' WHEN orders <= 4 THEN 'Occasional' ELSE 'Frequent' END AS frequency_segment
     FROM __crm_customers)
     SELECT 'spend' AS kind, spend_segment AS segment, count(*) AS customers,
       ${exactSum("spend")} AS revenue, ${exactAvg("spend")} AS mean_spend,
       avg(orders) AS mean_orders FROM s GROUP BY 2
     UNION ALL
     SELECT 'frequency', frequency_segment, count(*), ${exactSum("spend")}, ${
      exactAvg("spend")
    }, avg(orders) FROM s GROUP BY 2
     ORDER BY 1, 2`,
  );
  const totalRevenue = (await db.one<{ r: number | null }>(
    `SELECT ${exactSum("spend")} AS r FROM __crm_customers`,
  )).r ?? 0;
  const order = ["Low", "Medium", "High", "One-time", "Occasional", "Frequent"];
  const segmentRows = segments.map((s) => ({
    ...s,
    revenue_share: totalRevenue > 0 ? s.revenue / totalRevenue : 0,
  })).sort((a, b) => order.indexOf(a.segment) - order.indexOf(b.segment));
  const regions = await db.all<Omit<RegionSpendRow, "premium_share" | "revenue_per_customer">>(
    `SELECT region, count(DISTINCT customer_id) AS customers, count(DISTINCT invoice) AS orders,
       ${exactSum("amount")} AS revenue, count(*) FILTER (WHERE tier = 'budget') AS budget_lines,
       count(*) FILTER (WHERE tier = 'mid') AS mid_lines, count(*) FILTER (WHERE tier = 'premium') AS premium_lines
     FROM __crm_lines GROUP BY region ORDER BY revenue DESC, region`,
  );
  const regionRows: RegionSpendRow[] = regions.map((r) => {
    const tiered = r.budget_lines + r.mid_lines + r.premium_lines;
    return {
      ...r,
      revenue_per_customer: r.customers > 0 ? r.revenue / r.customers : 0,
      premium_share: tiered > 0 ? r.premium_lines / tiered : null,
    };
  });
  for (const tmp of ["__crm_prices", "__crm_lines", "__crm_customers"]) {
    await db.run(`DROP TABLE ${tmp}`);
  }
  const known = regionRows.filter((r) => r.region !== "(unknown)");
  const test = chiSquareTest(known.map((r) => [r.budget_lines, r.mid_lines, r.premium_lines]));
  const tiered = known.reduce((a, r) => a + r.budget_lines + r.mid_lines + r.premium_lines, 0);
  const tierEvidence = tiered < 30 || test.df === 0 || test.smallExpected
    ? "too-few"
    : test.p < alpha
    ? "clear"
    : "none";
  const premium = tierEvidence === "clear"
    ? [...known].sort((a, b) =>
      (b.premium_share ?? 0) - (a.premium_share ?? 0) || (a.region < b.region ? -1 : 1)
    )[0]
    : undefined;
  const customersTotal = segmentRows.filter((s) => s.kind === "spend").reduce(
    (a, s) => a + s.customers,
    0,
  );
  const high = segmentRows.find((s) => s.kind === "spend" && s.segment === "High");
  const once = segmentRows.find((s) => s.kind === "frequency" && s.segment === "One-time");
  return {
    segments: segmentRows,
    regions: regionRows,
    facts: {
      customers: customersTotal,
      revenue: totalRevenue,
      highSpendShare: high?.revenue_share ?? null,
      oneTimeShare: customersTotal > 0 ? (once?.customers ?? 0) / customersTotal : null,
      topRegion: regionRows[0]?.region ?? null,
      topRegionShare: regionRows[0] && totalRevenue > 0
        ? regionRows[0].revenue / totalRevenue
        : null,
      tierEvidence,
      tierP: Number.isNaN(test.p) ? null : test.p,
      premiumRegion: premium?.region ?? null,
      premiumRegionShare: premium?.premium_share ?? null,
      overallPremiumShare: tiered > 0
        ? known.reduce((a, r) => a + r.premium_lines, 0) / tiered
        : null,
      tierBasis: useList ? "list_price" : "mean_price",
      tierCuts: cuts.c1 === null || cuts.c2 === null ? null : [cuts.c1, cuts.c2],
    },
  };
}
