import {
  histogram,
  lorenzCurve,
  monthlyRevenue,
  newReturningRevenue,
  topItems,
} from "../charts/mod.ts";
import type {
  Kpis,
  MonthlyRow,
  RevenueConcentration,
  TopCountryRow,
  TopProductRow,
  ValueDistribution,
} from "../eda/mod.ts";
import type { Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import { chartBlock, monthName, signedPercent } from "./_blocks.ts";

/** What {@linkcode salesOverviewSection} reads: the EDA results of lib/eda. */
export interface SalesOverviewInput {
  readonly kpis: Kpis;
  readonly monthly: readonly MonthlyRow[];
  readonly topProducts: {
    readonly revenue: readonly TopProductRow[];
    readonly quantity: readonly TopProductRow[];
  };
  readonly topCountries: {
    readonly revenue: readonly TopCountryRow[];
    readonly quantity: readonly TopCountryRow[];
  };
  readonly concentration: RevenueConcentration;
  readonly price: ValueDistribution;
  readonly quantity: ValueDistribution;
}

/**
 * The sales overview: headline KPIs, the monthly trend with its peak and latest change, new
 * versus returning revenue, the best products and countries, revenue concentration and the
 * price and quantity distributions. Findings and recommendations are written from the numbers.
 *
 * A last month with fewer than 28 days of data is called partial and left out of the latest
 * month-over-month comparison (Online Retail II ends on 9 December 2011).
 *
 * @param input The EDA results.
 * @param currency Currency symbol for money. @default {"£"}
 * @returns The report section.
 *
 * @example
 * ```ts
 * import { salesOverviewSection } from "./sales_overview.ts";
 * import { match } from "node:assert/strict";
 * const month = (m: string, revenue: number) => ({ month: m, revenue, orders: revenue / 10, customers: 5,
 *   newCustomers: 1, newRevenue: revenue / 4, returningRevenue: 3 * revenue / 4, unattributedRevenue: 0,
 *   averageOrderValue: 10, revenueChange: null, ordersChange: null, customersChange: null });
 * const dist = { column: "price" as const, count: 3, mean: 2, min: 1, p01: 1, p25: 1.5, median: 2, p75: 2.5, p99: 3, max: 3,
 *   histogram: [{ start: 1, end: 3, count: 3 }] };
 * const s = salesOverviewSection({
 *   kpis: { revenue: 300, orders: 30, customers: 10, lines: 60, units: 90, products: 4, countries: 2,
 *     averageOrderValue: 10, itemsPerOrder: 3, repeatRate: 0.4, revenuePerCustomer: 30, top20RevenueShare: 0.7,
 *     gini: 0.6, firstDate: new Date("2011-01-01"), lastDate: new Date("2011-02-28") },
 *   monthly: [month("2011-01", 100), month("2011-02", 200)],
 *   topProducts: { revenue: [], quantity: [] }, topCountries: { revenue: [], quantity: [] },
 *   concentration: { customers: 10, fraction: 0.2, topCustomers: 2, topShare: 0.7, gini: 0.6, lorenz: [] },
 *   price: dist, quantity: { ...dist, column: "quantity" },
 * });
 * match(s.findings[0]!, /^Revenue £300.00 from 30 orders by 10 customers/);
 * match(s.findings.join(" "), /the top 20% of customers bring 70.0% of revenue/);
 * ```
 */
export function salesOverviewSection(input: SalesOverviewInput, currency = "£"): Section {
  const { kpis: k, monthly, concentration: c } = input;
  const money = (x: number) => formatMoney(x, currency);
  const findings: string[] = [];
  const recommendations: string[] = [];
  const days = (k.lastDate.getTime() - k.firstDate.getTime()) / 86_400_000;
  findings.push(
    `Revenue ${money(k.revenue)} from ${formatInt(k.orders)} orders by ${
      formatInt(k.customers)
    } customers over ${formatInt(days)} days (${k.firstDate.toISOString().slice(0, 10)} to ${
      k.lastDate.toISOString().slice(0, 10)
    }); an average order is ${money(k.averageOrderValue)} with ${
      formatNumber(k.itemsPerOrder, 1)
    } items.`,
  );

  const lastPartial = monthly.length > 0 && k.lastDate.getUTCDate() < 28;
  const complete = lastPartial ? monthly.slice(0, -1) : monthly;
  if (complete.length > 0) {
    const peak = complete.reduce((a, b) => (b.revenue > a.revenue ? b : a));
    const sorted = complete.map((m) => m.revenue).sort((a, b) => a - b);
    const medianMonth = sorted[Math.floor((sorted.length - 1) / 2)]!;
    findings.push(
      `The best month is ${monthName(peak.month)} with ${money(peak.revenue)}, ${
        formatNumber(peak.revenue / Math.max(medianMonth, 1e-9), 1)
      }× the median month${
        lastPartial
          ? ` (${
            monthName(monthly.at(-1)!.month)
          } is partial: data ends on day ${k.lastDate.getUTCDate()})`
          : ""
      }.`,
    );
    const last = complete.at(-1)!;
    if (last.revenueChange !== null && complete.length > 1) {
      findings.push(
        `The latest complete month, ${monthName(last.month)}, changed ${
          signedPercent(last.revenueChange)
        } in revenue and ${
          last.ordersChange === null ? "–" : signedPercent(last.ordersChange)
        } in orders against the month before.`,
      );
    }
    if (peak.revenue > 1.5 * medianMonth) {
      recommendations.push(
        `Demand peaks in ${
          monthName(peak.month).split(" ")[0]
        }: plan stock, staff and campaigns ahead of it, and start the season's offers a month early.`,
      );
    }
  }
  const partialNote = lastPartial
    ? {
      subtitle: `${
        monthName(monthly.at(-1)!.month)
      } is partial: the data ends on day ${k.lastDate.getUTCDate()}`,
    }
    : {};
  const recent = complete.slice(-3);
  const recentRevenue = recent.reduce((s, m) => s + m.newRevenue + m.returningRevenue, 0);
  if (recent.length > 0 && recentRevenue > 0 && complete.length > 3) {
    const returning = recent.reduce((s, m) => s + m.returningRevenue, 0) / recentRevenue;
    findings.push(
      `In the last ${recent.length} complete months, returning customers brought ${
        formatPercent(returning)
      } of customer revenue and new customers ${formatPercent(1 - returning)}.`,
    );
  }
  findings.push(
    `${
      formatPercent(k.repeatRate)
    } of customers ordered more than once; the top 20% of customers bring ${
      formatPercent(c.topShare)
    } of revenue (Gini ${formatNumber(c.gini, 2)}).`,
  );
  if (c.topShare >= 0.6) {
    recommendations.push(
      `Revenue is concentrated: the top ${formatInt(c.topCustomers)} customers bring ${
        formatPercent(c.topShare)
      }. Give them key-account care (named contact, early access) and watch each one's recency closely.`,
    );
  }
  if (k.repeatRate < 0.5) {
    recommendations.push(
      `${
        formatPercent(1 - k.repeatRate)
      } of customers bought only once: a second-purchase programme (follow-up offer within the first weeks) is the cheapest growth lever.`,
    );
  }
  const topCountry = input.topCountries.revenue[0];
  if (topCountry) {
    findings.push(
      `${topCountry.country ?? "Unknown country"} brings ${
        formatPercent(topCountry.revenueShare)
      } of revenue across ${formatInt(k.countries)} countries.`,
    );
    if (topCountry.revenueShare > 0.75 && k.countries > 5) {
      const abroad = 1 - topCountry.revenueShare;
      recommendations.push(
        `Outside ${topCountry.country ?? "the home market"} the business earns ${
          formatPercent(abroad)
        } of revenue from ${
          formatInt(k.countries - 1)
        } countries: test localised campaigns in the next ${
          Math.min(3, input.topCountries.revenue.length - 1)
        } (${input.topCountries.revenue.slice(1, 4).map((x) => x.country).join(", ")}).`,
      );
    }
  }
  const topProduct = input.topProducts.revenue[0];
  if (topProduct) {
    const top10 = input.topProducts.revenue.reduce((s, p) => s + p.revenueShare, 0);
    findings.push(
      `The best-selling product is "${topProduct.description ?? topProduct.stockCode}" (${
        formatPercent(topProduct.revenueShare)
      } of revenue); the top ${input.topProducts.revenue.length} products bring ${
        formatPercent(top10)
      }.`,
    );
  }
  findings.push(
    `Half of the order lines cost ${money(input.price.median)} or less per unit (99% under ${
      money(input.price.p99)
    }); the median line has ${formatNumber(input.quantity.median, 0)} units.`,
  );

  const productItem = (p: TopProductRow) => ({
    label: p.description ?? p.stockCode,
    revenue: p.revenue,
    quantity: p.quantity,
  });
  const countryItem = (x: TopCountryRow) => ({
    label: x.country ?? "Unknown",
    revenue: x.revenue,
    quantity: x.quantity,
  });
  return {
    id: "sales",
    title: "Sales overview",
    lead: `${money(k.revenue)} revenue, ${formatInt(k.orders)} orders and ${
      formatInt(k.customers)
    } customers; ${formatPercent(k.repeatRate)} of customers came back.`,
    findings,
    recommendations,
    blocks: [
      {
        kind: "kpis",
        items: [
          { label: "Revenue", value: money(k.revenue) },
          { label: "Orders", value: formatInt(k.orders) },
          { label: "Customers", value: formatInt(k.customers) },
          { label: "Average order", value: money(k.averageOrderValue) },
          { label: "Items per order", value: formatNumber(k.itemsPerOrder, 1) },
          { label: "Repeat rate", value: formatPercent(k.repeatRate) },
          {
            label: "Top 20% share",
            value: formatPercent(c.topShare),
            note: `Gini ${formatNumber(c.gini, 2)}`,
          },
          { label: "Products", value: formatInt(k.products) },
        ],
      },
      chartBlock(monthlyRevenue(monthly, partialNote)),
      chartBlock(monthlyRevenue(monthly, { metric: "orders", ...partialNote })),
      chartBlock(newReturningRevenue(monthly)),
      chartBlock(
        topItems(input.topProducts.revenue.map(productItem), {
          subtitle: `The top ${input.topProducts.revenue.length} products bring ${
            formatPercent(sumShare(input.topProducts.revenue, "revenueShare"))
          } of revenue`,
        }),
      ),
      chartBlock(
        topItems(input.topProducts.quantity.map(productItem), {
          by: "quantity",
          subtitle: `The top ${input.topProducts.quantity.length} products by units bring ${
            formatPercent(sumShare(input.topProducts.quantity, "revenueShare"))
          } of revenue`,
        }),
      ),
      chartBlock(
        topItems(input.topCountries.revenue.map(countryItem), {
          itemName: "countries",
          subtitle: topCountry
            ? `${topCountry.country ?? "Unknown"} brings ${
              formatPercent(topCountry.revenueShare)
            } of revenue`
            : undefined,
        }),
      ),
      chartBlock(
        lorenzCurve(c.lorenz.map((p) => ({ customerShare: p.population, revenueShare: p.share })), {
          gini: c.gini,
        }),
      ),
      chartBlock(
        histogram(input.price.histogram, {
          label: "Unit price",
          median: input.price.median,
          clipAt: input.price.p99,
          format: money,
          unit: "order lines",
        }),
      ),
      chartBlock(
        histogram(input.quantity.histogram, {
          label: "Quantity per line",
          median: input.quantity.median,
          clipAt: input.quantity.p99,
          format: (x) => formatNumber(x, 0),
          unit: "order lines",
        }),
      ),
      {
        kind: "table",
        title: "Monthly trend",
        file: "monthly.csv",
        limit: 36,
        columns: [
          { key: "month", format: "text" },
          { key: "revenue", format: "money" },
          { key: "orders", format: "int" },
          { key: "customers", format: "int" },
          { key: "newCustomers", label: "new customers", format: "int" },
          { key: "newRevenue", label: "new revenue", format: "money" },
          { key: "returningRevenue", label: "returning revenue", format: "money" },
          { key: "revenueChange", label: "revenue MoM", format: "percent" },
        ],
        rows: monthly as unknown as Record<string, unknown>[],
      },
      {
        kind: "table",
        title: "Top products by revenue",
        file: "top_products.csv",
        columns: [
          { key: "stockCode", label: "stock code", format: "text" },
          { key: "description", format: "text" },
          { key: "revenue", format: "money" },
          { key: "quantity", format: "int" },
          { key: "orders", format: "int" },
          { key: "customers", format: "int" },
          { key: "revenueShare", label: "share", format: "percent" },
        ],
        rows: input.topProducts.revenue as unknown as Record<string, unknown>[],
      },
      {
        kind: "table",
        title: "Top countries by revenue",
        file: "top_countries.csv",
        columns: [
          { key: "country", format: "text" },
          { key: "revenue", format: "money" },
          { key: "orders", format: "int" },
          { key: "customers", format: "int" },
          { key: "revenueShare", label: "share", format: "percent" },
        ],
        rows: input.topCountries.revenue as unknown as Record<string, unknown>[],
      },
    ],
  };
}

function sumShare<T extends { revenueShare: number }>(
  rows: readonly T[],
  key: "revenueShare",
): number {
  return rows.reduce((s, r) => s + r[key], 0);
}
