/**
 * Small, hand-checkable section inputs for the doc examples and the tests (private).
 *
 * @module
 */
import type { CleanResult } from "../clean/mod.ts";
import type { CohortsInput } from "./cohorts.ts";
import type { CustomerBehaviourInput } from "./customer_behaviour.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { LoadFacts } from "./data_quality.ts";
import type { SalesOverviewInput } from "./sales_overview.ts";
import type { SegmentsInput } from "./segments.ts";

/**
 * Ten customers, two months (January £100, February £200), two countries: every number is
 * easy to check by hand.
 */
export function exampleSalesInput(): SalesOverviewInput {
  const month = (m: string, revenue: number) => ({
    month: m,
    revenue,
    orders: revenue / 10,
    customers: 5,
    newCustomers: 1,
    newRevenue: revenue / 4,
    returningRevenue: (3 * revenue) / 4,
    unattributedRevenue: 0,
    averageOrderValue: 10,
    revenueChange: null,
    ordersChange: null,
    customersChange: null,
  });
  const dist = {
    column: "price" as const,
    count: 3,
    mean: 2,
    min: 1,
    p01: 1,
    p25: 1.5,
    median: 2,
    p75: 2.5,
    p99: 3,
    max: 3,
    histogram: [{ start: 1, end: 3, count: 3 }],
  };
  return {
    kpis: {
      revenue: 300,
      orders: 30,
      customers: 10,
      lines: 60,
      units: 90,
      products: 4,
      countries: 2,
      averageOrderValue: 10,
      itemsPerOrder: 3,
      repeatRate: 0.4,
      revenuePerCustomer: 30,
      top20RevenueShare: 0.7,
      gini: 0.6,
      firstDate: new Date("2011-01-01"),
      lastDate: new Date("2011-02-28"),
    },
    monthly: [month("2011-01", 100), month("2011-02", 200)],
    topProducts: { revenue: [], quantity: [] },
    topCountries: { revenue: [], quantity: [] },
    concentration: {
      customers: 10,
      fraction: 0.2,
      topCustomers: 2,
      topShare: 0.7,
      gini: 0.6,
      lorenz: [],
    },
    price: dist,
    quantity: { ...dist, column: "quantity" },
  };
}

/** Ten rows read, three without a customer id, seven kept (classic preset). */
export function exampleCleaning(): {
  clean: CleanResult;
  summary: DatasetSummary;
  load: LoadFacts;
} {
  return {
    clean: {
      preset: "classic",
      rowsRaw: 10,
      rowsClean: 7,
      thresholds: [],
      returnsRows: 0,
      returnsMatched: 0,
      ledger: [
        {
          step: 0,
          rule: "load",
          description: "",
          rowsIn: 10,
          rowsRemoved: 0,
          rowsChanged: 0,
          rowsOut: 10,
        },
        {
          step: 1,
          rule: "missing_customer_id",
          description: "",
          rowsIn: 10,
          rowsRemoved: 3,
          rowsChanged: 0,
          rowsOut: 7,
        },
      ],
    },
    summary: {
      rowsRaw: 10,
      rowsClean: 7,
      customers: 2,
      invoices: 3,
      firstDate: "2011-01-01",
      lastDate: "2011-02-01",
      revenue: 100,
    },
    load: {
      file: "a.csv",
      format: "csv",
      schema: "online_retail_ii",
      dateFormat: "%Y-%m-%d %H:%M:%S",
      encoding: "utf-8",
      rowsRejected: 0,
      columnMap: {},
    },
  };
}

/** Three customers: two come back every 10 and 30 days, one bought once. */
export function exampleBehaviourInput(): CustomerBehaviourInput {
  const f = (id: string, gap: number | null) => ({
    customerId: id,
    firstPurchase: new Date("2011-01-01"),
    lastPurchase: new Date("2011-02-01"),
    tenureDays: 60,
    orders: gap === null ? 1 : 3,
    purchaseDays: gap === null ? 1 : 3,
    avgDaysBetweenPurchases: gap,
    medianDaysBetweenPurchases: gap,
    regularity: gap === null ? null : 0.5,
    averageOrderValue: 20,
    itemsPerOrder: 4,
    productsPerOrder: 2,
    returnLines: null,
    returnRate: null,
    preferredWeekday: "Thursday",
    peakHour: 12,
  });
  const slot = { weekday: 4, weekdayName: "Thursday", hour: 12, orders: 5, revenue: 100 };
  return {
    features: [f("a", 10), f("b", 30), f("c", null)],
    gaps: [{ start: 0, end: 30, gaps: 9, share: 0.9 }, {
      start: 30,
      end: null,
      gaps: 1,
      share: 0.1,
    }],
    weekdayHour: [slot],
    peaks: { busiestWeekday: "Thursday", busiestHour: 12, topSlots: [slot] },
  };
}

/** Two monthly cohorts: January (10 customers, 3 back in month 1) and February (20). */
export function exampleCohorts(): CohortsInput {
  const c = (cohort: string, period: number, cohortSize: number, customers: number) => ({
    cohort,
    period,
    cohortSize,
    customers,
    retention: customers / cohortSize,
    orders: customers,
    revenue: 10 * customers,
    revenueRetention: customers / cohortSize,
    averageOrderValue: 10,
  });
  return {
    cells: [c("2011-01", 0, 10, 10), c("2011-01", 1, 10, 3), c("2011-02", 0, 20, 20)],
    totals: [
      {
        cohort: "2011-01",
        customers: 10,
        orders: 13,
        revenue: 130,
        averageOrderValue: 10,
        revenuePerCustomer: 13,
      },
      {
        cohort: "2011-02",
        customers: 20,
        orders: 20,
        revenue: 200,
        averageOrderValue: 10,
        revenuePerCustomer: 10,
      },
    ],
  };
}

/** Three RFM segments: champions (20%, 60% of revenue), at risk (30%), hibernating (50%). */
export function exampleSegments(): SegmentsInput {
  const seg = (segment: string, customers: number, share: number, revenueShare: number) => ({
    segment,
    label: segment,
    customers,
    share,
    recencyMean: 10,
    frequencyMean: 2,
    monetaryMean: 100,
    revenue: 1000 * revenueShare,
    revenueShare,
    action: "act",
  });
  return {
    asOf: new Date("2011-12-11"),
    customers: [],
    products: null,
    cross: [],
    segments: [
      seg("champions", 20, 0.2, 0.6),
      seg("at_Risk", 30, 0.3, 0.25),
      seg("hibernating", 50, 0.5, 0.15),
    ],
  };
}
