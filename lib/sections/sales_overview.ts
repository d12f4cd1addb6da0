/**
 * The sales overview: headline KPIs, the monthly trend with its peak and latest change, new
 * versus returning revenue, the best products and countries, revenue concentration and the
 * price and quantity distributions.
 *
 * {@linkcode salesFacts} computes the numbers and flags from the EDA results;
 * {@linkcode salesFindings}, {@linkcode salesRecommendations} and {@linkcode salesLead} word
 * them; {@linkcode salesBlocks} assembles the charts and tables.
 *
 * @module
 */
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
import { partialMonths } from "../eda/mod.ts";
import { medianLow } from "../stats/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { DEFAULT_GUARDS, type Guards } from "./guards.ts";

/** What the sales overview reads: the EDA results of lib/eda. */
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

/** The peak month is a finding for planning when it exceeds the median month by this factor. */
export const PEAK_RATIO = 1.5;
/** Top-20% share from which revenue counts as concentrated. */
export const CONCENTRATION_SHARE = 0.6;
/** Repeat rate under which a second-purchase programme is recommended. */
export const LOW_REPEAT_RATE = 0.5;
/** Revenue share of the home country above which other countries are a growth lever. */
export const HOME_MARKET_SHARE = 0.75;
/**
 * Revenue share without a country from which no country is called the home market (an export
 * that writes the country on an order's first line only leaves most lines without one).
 */
export const UNKNOWN_COUNTRY_LIMIT = 0.2;

/** The numbers and flags the sales overview's words read. */
export interface SalesFacts {
  readonly revenue: number;
  readonly orders: number;
  readonly customers: number;
  readonly products: number;
  readonly countries: number;
  readonly averageOrderValue: number;
  readonly itemsPerOrder: number;
  readonly firstDate: Date;
  readonly lastDate: Date;
  /** Whole days from the first to the last transaction. */
  readonly days: number;
  readonly repeatRate: number;
  /** The last month when the data stops before its end (see `partialMonths` of lib/eda). */
  readonly partialMonth: { readonly month: string; readonly lastDay: number } | null;
  /** The first month when the data starts after its beginning. */
  readonly partialFirstMonth: string | null;
  /** Complete months, in order. */
  readonly completeMonths: number;
  /** The best complete month and its ratio to the median complete month. */
  readonly peak: {
    readonly month: string;
    readonly revenue: number;
    readonly ratioToMedian: number;
  } | null;
  /** The latest complete month's change against the month before. */
  readonly latest: {
    readonly month: string;
    readonly revenueChange: number;
    readonly ordersChange: number | null;
  } | null;
  /** Returning customers' share of customer revenue in the last (up to) 3 complete months. */
  readonly recentReturningShare: { readonly months: number; readonly share: number } | null;
  /** Revenue concentration over customers. */
  readonly concentration: {
    readonly topCustomers: number;
    readonly topShare: number;
    readonly gini: number;
  };
  readonly topCountry: {
    readonly country: string | null;
    readonly revenueShare: number;
    /**
     * The next countries by revenue with at least `minGroupSize` customers (up to 3): the ones
     * a localised campaign could be tested in.
     */
    readonly next: readonly string[];
    /** The revenue share of lines without a country (0 when none is among the top ten). */
    readonly unknownShare: number;
  } | null;
  readonly topProduct: {
    readonly name: string;
    readonly revenueShare: number;
    /** Products in the top list and their summed share of revenue. */
    readonly listed: number;
    readonly listedShare: number;
  } | null;
  readonly priceMedian: number;
  readonly priceP99: number;
  readonly quantityMedian: number;
}

/**
 * The sales facts of the EDA results. Partial months at the edges of the data (it starts or
 * stops more than three days into a month) are left out of the peak, the latest change and the
 * recent shares: they are artefacts of the export, not of the business.
 *
 * @example
 * ```ts
 * import { salesFacts } from "./sales_overview.ts";
 * import { exampleSalesInput } from "./_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = salesFacts(exampleSalesInput());
 * equal(f.peak?.month, "2011-02");
 * equal(f.partialMonth, null);
 * ```
 */
export function salesFacts(input: SalesOverviewInput, guards: Guards = DEFAULT_GUARDS): SalesFacts {
  const { kpis: k, monthly, concentration: c } = input;
  const partial = partialMonths(k.firstDate, k.lastDate);
  const lastPartial = monthly.length > 0 && monthly.at(-1)!.month === partial.last;
  const firstPartial = monthly.length > 0 && monthly[0]!.month === partial.first;
  const complete = monthly.slice(firstPartial ? 1 : 0, lastPartial ? -1 : undefined);
  let peak: SalesFacts["peak"] = null;
  let latest: SalesFacts["latest"] = null;
  if (complete.length > 0) {
    const best = complete.reduce((a, b) => (b.revenue > a.revenue ? b : a));
    const medianMonth = medianLow(complete.map((m) => m.revenue));
    peak = {
      month: best.month,
      revenue: best.revenue,
      ratioToMedian: best.revenue / Math.max(medianMonth, 1e-9),
    };
    const last = complete.at(-1)!;
    if (last.revenueChange !== null && complete.length > 1) {
      latest = {
        month: last.month,
        revenueChange: last.revenueChange,
        ordersChange: last.ordersChange,
      };
    }
  }
  const recent = complete.slice(-3);
  const recentRevenue = recent.reduce((s, m) => s + m.newRevenue + m.returningRevenue, 0);
  // the first country by revenue that has a name: lines without one are said apart
  const known = input.topCountries.revenue.filter((x) => x.country !== null);
  const topCountry = known[0];
  const unknownShare = input.topCountries.revenue.find((x) => x.country === null)?.revenueShare ??
    0;
  const topProduct = input.topProducts.revenue[0];
  return {
    revenue: k.revenue,
    orders: k.orders,
    customers: k.customers,
    products: k.products,
    countries: k.countries,
    averageOrderValue: k.averageOrderValue,
    itemsPerOrder: k.itemsPerOrder,
    firstDate: k.firstDate,
    lastDate: k.lastDate,
    days: (k.lastDate.getTime() - k.firstDate.getTime()) / 86_400_000,
    repeatRate: k.repeatRate,
    partialMonth: lastPartial
      ? { month: monthly.at(-1)!.month, lastDay: k.lastDate.getUTCDate() }
      : null,
    partialFirstMonth: firstPartial ? monthly[0]!.month : null,
    completeMonths: complete.length,
    peak,
    latest,
    recentReturningShare: recent.length > 0 && recentRevenue > 0 && complete.length > 3
      ? {
        months: recent.length,
        share: recent.reduce((s, m) => s + m.returningRevenue, 0) / recentRevenue,
      }
      : null,
    concentration: { topCustomers: c.topCustomers, topShare: c.topShare, gini: c.gini },
    topCountry: topCountry
      ? {
        country: topCountry.country,
        revenueShare: topCountry.revenueShare,
        next: known.slice(1).filter((x) => x.customers >= guards.minGroupSize).slice(0, 3)
          .map((x) => x.country!),
        unknownShare,
      }
      : null,
    topProduct: topProduct
      ? {
        name: topProduct.description ?? topProduct.stockCode,
        revenueShare: topProduct.revenueShare,
        listed: input.topProducts.revenue.length,
        listedShare: input.topProducts.revenue.reduce((s, p) => s + p.revenueShare, 0),
      }
      : null,
    priceMedian: input.price.median,
    priceP99: input.price.p99,
    quantityMedian: input.quantity.median,
  };
}

/**
 * The sales overview's findings, each with its id: `overview`, `peak-month`, `latest-month`,
 * `returning-share`, `concentration`, `top-country`, `top-product`, `prices`.
 *
 * @example
 * ```ts
 * import { salesFacts, salesFindings } from "./sales_overview.ts";
 * import { exampleSalesInput } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const [first] = salesFindings(salesFacts(exampleSalesInput()), createFormat({ currency: "£" }));
 * match(first!.text, /^Revenue £300.00 from 30 orders by 10 customers/);
 * ```
 */
export function salesFindings(f: SalesFacts, fmt: Format): Statement[] {
  const partial = f.partialMonth
    ? ` (${fmt.month(f.partialMonth.month)} is partial: data ends on day ${f.partialMonth.lastDay})`
    : "";
  return statements({
    overview: `Revenue ${fmt.money(f.revenue)} from ${fmt.int(f.orders)} orders by ${
      fmt.int(f.customers)
    } customers over ${fmt.int(f.days)} days (${fmt.date(f.firstDate)} to ${
      fmt.date(f.lastDate)
    }); an average order is ${fmt.money(f.averageOrderValue)} with ${
      fmt.number(f.itemsPerOrder, 1)
    } items.`,
    "peak-month": f.peak
      ? `The best month is ${fmt.month(f.peak.month)} with ${fmt.money(f.peak.revenue)}, ${
        fmt.number(f.peak.ratioToMedian, 1)
      }× the median month${partial}.`
      : null,
    "latest-month": f.latest
      ? `The latest complete month, ${fmt.month(f.latest.month)}, changed ${
        fmt.signedPercent(f.latest.revenueChange)
      } in revenue and ${
        f.latest.ordersChange === null ? "–" : fmt.signedPercent(f.latest.ordersChange)
      } in orders against the month before.`
      : null,
    "returning-share": f.recentReturningShare
      ? `In the last ${f.recentReturningShare.months} complete months, returning customers brought ${
        fmt.percent(f.recentReturningShare.share)
      } of customer revenue and new customers ${fmt.percent(1 - f.recentReturningShare.share)}.`
      : null,
    concentration: `${
      fmt.percent(f.repeatRate)
    } of customers ordered more than once; the top 20% of customers bring ${
      fmt.percent(f.concentration.topShare)
    } of revenue (Gini ${fmt.number(f.concentration.gini, 2)}).`,
    "top-country": f.topCountry
      ? `${f.topCountry.country} brings ${
        fmt.percent(f.topCountry.revenueShare)
      } of revenue across ${fmt.int(f.countries)} countries${
        f.topCountry.unknownShare >= 0.01
          ? `; ${
            fmt.percent(f.topCountry.unknownShare)
          } of revenue comes from lines without a country`
          : ""
      }.`
      : null,
    "top-product": f.topProduct
      ? `The best-selling product is "${f.topProduct.name}" (${
        fmt.percent(f.topProduct.revenueShare)
      } of revenue); the top ${f.topProduct.listed} products bring ${
        fmt.percent(f.topProduct.listedShare)
      }.`
      : null,
    prices: `Half of the order lines cost ${fmt.money(f.priceMedian)} or less per unit (99% under ${
      fmt.money(f.priceP99)
    }); the median line has ${fmt.number(f.quantityMedian, 0)} units.`,
  });
}

/**
 * The sales overview's recommendations: `plan-peak` (a peak month of at least 1.5× the
 * median month), `key-accounts` (top 20% bring 60% or more), `second-purchase` (repeat rate
 * under 50%), `other-countries` (home country above 75% of revenue with more than 5
 * countries, naming only countries with enough customers to test in; never when a fifth of the
 * revenue has no country, which would make the home market's share a guess).
 *
 * @example No peak, no concentration: no such advice
 * ```ts
 * import { salesFacts, salesRecommendations } from "./sales_overview.ts";
 * import { exampleSalesInput } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const f = salesFacts(exampleSalesInput());
 * const ids = salesRecommendations({ ...f, peak: { month: "2011-02", revenue: 200, ratioToMedian: 1.2 },
 *   concentration: { ...f.concentration, topShare: 0.3 }, repeatRate: 0.7 }, createFormat()).map((r) => r.id);
 * deepStrictEqual(ids, []);
 * ```
 */
export function salesRecommendations(f: SalesFacts, fmt: Format): Statement[] {
  const country = f.topCountry;
  return statements({
    "plan-peak": f.peak && f.peak.ratioToMedian > PEAK_RATIO
      ? `Demand peaks in ${
        fmt.month(f.peak.month).split(" ")[0]
      }: plan stock, staff and campaigns ahead of it, and start the season's offers a month early.`
      : null,
    "key-accounts": f.concentration.topShare >= CONCENTRATION_SHARE
      ? `Revenue is concentrated: the top ${
        fmt.int(f.concentration.topCustomers)
      } customers bring ${
        fmt.percent(f.concentration.topShare)
      }. Give them key-account care (named contact, early access) and watch each one's recency closely.`
      : null,
    "second-purchase": f.repeatRate < LOW_REPEAT_RATE
      ? `${
        fmt.percent(1 - f.repeatRate)
      } of customers bought only once: a second-purchase programme (follow-up offer within the first weeks) is the cheapest growth lever.`
      : null,
    "other-countries": country && country.revenueShare > HOME_MARKET_SHARE && f.countries > 5 &&
        country.next.length > 0 && country.unknownShare < UNKNOWN_COUNTRY_LIMIT
      ? `Outside ${country.country} the business earns ${
        fmt.percent(1 - country.revenueShare)
      } of revenue from ${
        fmt.int(f.countries - 1)
      } countries: test localised campaigns in the next ${Math.min(3, country.next.length)} (${
        country.next.join(", ")
      }).`
      : null,
  });
}

/** The sales overview's one-sentence answer. */
export function salesLead(f: SalesFacts, fmt: Format): string {
  return `${fmt.money(f.revenue)} revenue, ${fmt.int(f.orders)} orders and ${
    fmt.int(f.customers)
  } customers; ${fmt.percent(f.repeatRate)} of customers came back.`;
}

/**
 * The sales overview's evidence: key figures, the monthly charts, new versus returning
 * revenue, top products and countries, the Lorenz curve, the price and quantity histograms
 * and the tables.
 */
export function salesBlocks(input: SalesOverviewInput, f: SalesFacts, fmt: Format): Block[] {
  const { monthly } = input;
  const partialMonths = [f.partialFirstMonth, f.partialMonth?.month].filter((m) =>
    m !== null && m !== undefined
  ) as string[];
  const partialNote = {
    partialMonths,
    ...(f.partialMonth
      ? {
        subtitle: `${
          fmt.month(f.partialMonth.month)
        } is partial: the data ends on day ${f.partialMonth.lastDay}`,
      }
      : {}),
  };
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
  const share = (rows: readonly TopProductRow[]) => rows.reduce((s, r) => s + r.revenueShare, 0);
  const topCountry = input.topCountries.revenue.find((x) => x.country !== null);
  return [
    {
      kind: "kpis",
      id: "sales.kpis",
      items: [
        { label: "Revenue", value: fmt.money(f.revenue) },
        { label: "Orders", value: fmt.int(f.orders) },
        { label: "Customers", value: fmt.int(f.customers) },
        { label: "Average order", value: fmt.money(f.averageOrderValue) },
        { label: "Items per order", value: fmt.number(f.itemsPerOrder, 1) },
        { label: "Repeat rate", value: fmt.percent(f.repeatRate) },
        {
          label: "Top 20% share",
          value: fmt.percent(f.concentration.topShare),
          note: `Gini ${fmt.number(f.concentration.gini, 2)}`,
        },
        { label: "Products", value: fmt.int(f.products) },
      ],
    },
    {
      kind: "chart",
      id: "sales.monthly-revenue",
      spec: monthlyRevenue(monthly, { ...partialNote, format: fmt }),
    },
    {
      kind: "chart",
      id: "sales.monthly-orders",
      spec: monthlyRevenue(monthly, { metric: "orders", ...partialNote, format: fmt }),
    },
    {
      kind: "chart",
      id: "sales.new-returning",
      spec: newReturningRevenue(monthly, { format: fmt }),
    },
    {
      kind: "chart",
      id: "sales.top-products-revenue",
      spec: topItems(input.topProducts.revenue.map(productItem), {
        subtitle: `The top ${input.topProducts.revenue.length} products bring ${
          fmt.percent(share(input.topProducts.revenue))
        } of revenue`,
        format: fmt,
      }),
    },
    {
      kind: "chart",
      id: "sales.top-products-quantity",
      spec: topItems(input.topProducts.quantity.map(productItem), {
        by: "quantity",
        subtitle: `The top ${input.topProducts.quantity.length} products by units bring ${
          fmt.percent(share(input.topProducts.quantity))
        } of revenue`,
        format: fmt,
      }),
    },
    {
      kind: "chart",
      id: "sales.top-countries",
      spec: topItems(input.topCountries.revenue.map(countryItem), {
        itemName: "countries",
        subtitle: topCountry
          ? `${topCountry.country} brings ${fmt.percent(topCountry.revenueShare)} of revenue`
          : undefined,
        format: fmt,
      }),
    },
    {
      kind: "chart",
      id: "sales.lorenz",
      spec: lorenzCurve(
        input.concentration.lorenz.map((p) => ({
          customerShare: p.population,
          revenueShare: p.share,
        })),
        {
          gini: input.concentration.gini,
          topRevenueShare: f.concentration.topShare,
          format: fmt,
        },
      ),
    },
    {
      kind: "chart",
      id: "sales.price-distribution",
      spec: histogram(input.price.histogram, {
        label: "Unit price",
        median: input.price.median,
        clipAt: input.price.p99,
        formatValue: (x) => fmt.money(x),
        unit: "order lines",
        format: fmt,
      }),
    },
    {
      kind: "chart",
      id: "sales.quantity-distribution",
      spec: histogram(input.quantity.histogram, {
        label: "Quantity per line",
        median: input.quantity.median,
        clipAt: input.quantity.p99,
        formatValue: (x) => fmt.number(x, 0),
        unit: "order lines",
        format: fmt,
      }),
    },
    {
      kind: "table",
      id: "sales.monthly",
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
      id: "sales.top-products",
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
      id: "sales.top-countries-table",
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
  ];
}

/**
 * The sales overview section: facts, then words, then evidence.
 *
 * @param input The EDA results.
 * @param fmt The report's formatter.
 * @param guards Evidence thresholds.
 * @returns The report section.
 */
export function salesOverviewSection(
  input: SalesOverviewInput,
  fmt: Format,
  guards: Guards = DEFAULT_GUARDS,
): Section {
  const facts = salesFacts(input, guards);
  return {
    id: "sales",
    title: "Sales overview",
    lead: salesLead(facts, fmt),
    findings: salesFindings(facts, fmt),
    recommendations: salesRecommendations(facts, fmt),
    blocks: salesBlocks(input, facts, fmt),
  };
}
