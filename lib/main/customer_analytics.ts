/**
 * The customer-analytics stage of the main job: every analysis of issue "customer analytics"
 * run on the clean transaction table, as one plain result that the tables, the report sections
 * and the notebooks read. Each step is a call into its area (eda, rfm, segment, features,
 * cohort); this module only sequences them and reports progress.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import type { CohortCell, CohortSummaryRow } from "../cohort/mod.ts";
import { cohortSummary, cohortTable } from "../cohort/mod.ts";
import {
  kpis,
  monthlyTrends,
  revenueConcentration,
  topCountries,
  topProducts,
  valueDistribution,
} from "../eda/mod.ts";
import {
  customerFeatures,
  interPurchaseGaps,
  shoppingPeaks,
  weekdayHourHeatmap,
} from "../features/mod.ts";
import type { RfmTable } from "../rfm/mod.ts";
import { orderTable, rfmScoring, rfmTable } from "../rfm/mod.ts";
import type {
  CustomerProfile,
  ProductSegmentation,
  SegmentCrossRow,
  SegmentedRow,
  SegmentRule,
  SegmentSummaryRow,
} from "../segment/mod.ts";
import {
  assignSegments,
  crossSegments,
  customerProfiles,
  DEFAULT_SEGMENT_MAP,
  productSegments,
  segmentSummary,
} from "../segment/mod.ts";
import { isUserError } from "../errors.ts";
import type { CustomerBehaviourInput, SalesOverviewInput } from "../sections/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";

/** The RFM part: scores, segments and the segment summary. */
export interface RfmAnalysis {
  /** The analysis date used (the default filled in). */
  readonly asOf: Date;
  /** One row per customer, sorted by customer id. */
  readonly customers: readonly SegmentedRow[];
  /** One row per non-empty segment, in map order. */
  readonly segments: readonly SegmentSummaryRow[];
  /** The segment map used. */
  readonly map: readonly SegmentRule[];
  /** Scoring fallbacks applied, in words (empty when the classic recipe applied as is). */
  readonly notes: readonly string[];
}

/**
 * Everything the customer-analytics stage computes from transactions: the EDA results the
 * sales overview reads, the features the behaviour section reads, and the rest.
 */
export interface CustomerAnalytics extends SalesOverviewInput, CustomerBehaviourInput {
  readonly rfm: RfmAnalysis;
  /** `null` when there were too few customers to cluster (the reason is in `notes`). */
  readonly products: ProductSegmentation | null;
  readonly cross: readonly SegmentCrossRow[];
  readonly cohorts: readonly CohortCell[];
  readonly cohortTotals: readonly CohortSummaryRow[];
  /** The rows of customers.csv (RFM, scores, segment, behaviour, product segment). */
  readonly profiles: readonly CustomerProfile[];
  /** Steps that were skipped or fell back, in words. */
  readonly notes: readonly string[];
}

/** Options for {@linkcode customerAnalytics}. */
export interface CustomerAnalyticsOptions {
  /** Clean purchase lines. @default {"clean_transactions"} */
  table?: string;
  /** Analysis date. @default {midnight at the start of the second day after the last purchase} */
  asOf?: Date;
  /** The RF segment map. @default {DEFAULT_SEGMENT_MAP} */
  segmentMap?: readonly SegmentRule[];
  /** Stock code → category for product segments. @default {keyword rules on descriptions} */
  categoryMap?: Readonly<Record<string, string>>;
  /** Seed of the product-segment clustering. @default {42} */
  seed?: number;
  /** Progress reporter. @default {createProgress()} */
  progress?: Progress;
}

/**
 * Runs the customer analytics on a clean transaction table: KPIs and EDA, RFM scores and
 * segments, behavioural features and population views, product segments crossed with RFM
 * segments, and monthly cohorts.
 *
 * @param db The analysis database holding `clean_transactions` (and `returns` when the preset
 * keeps cancellations).
 * @param options Table, as-of date, segment map, category map, seed, progress.
 * @returns The results, each as the area function returned it.
 *
 * @example
 * ```ts
 * import { customerAnalytics } from "./customer_analytics.ts";
 * import { openDb } from "../db/mod.ts";
 * import { createProgress } from "../util/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as
 *   select 'c' || (i % 12) as customer_id, 'i' || (i // 2) as invoice, 'P' || (i % 5) as stock_code,
 *     'RED MUG' as description, 1.0 + (i % 3) as quantity,
 *     timestamp '2011-01-03 09:00' + to_days(i * 3) as invoice_date, 2.5 as price,
 *     'UK' as country, 2.5 * (1.0 + (i % 3)) as line_total
 *   from range(120) r(i)`);
 * const a = await customerAnalytics(db, { progress: createProgress({ write: () => {} }) });
 * equal(a.profiles.length, 12);
 * equal(a.rfm.segments.reduce((s, r) => s + r.customers, 0), 12);
 * db.close();
 * ```
 */
export async function customerAnalytics(
  db: Db,
  options: CustomerAnalyticsOptions = {},
): Promise<CustomerAnalytics> {
  const { table = "clean_transactions", segmentMap = DEFAULT_SEGMENT_MAP, seed = 42 } = options;
  const progress = options.progress ?? createProgress();
  const notes: string[] = [];

  // Product segments read only the clean lines and need nothing else computed here, so they run
  // on a second connection of the same database while the rest runs on this one (two
  // statements at a time; each stays single-threaded and deterministic under SET threads = 1).
  const productsRun = (async (): Promise<{ result: ProductSegmentation | null; note?: string }> => {
    const side = db.fork ? await db.fork() : db;
    const finish = progress.stage("product segments");
    try {
      const result = await productSegments(side, {
        table,
        seed,
        ...(options.categoryMap ? { categoryMap: options.categoryMap } : {}),
      });
      finish(`k = ${result.k}, ${result.segments.length} segments`);
      return { result };
    } catch (error) {
      if (!isUserError(error)) throw error;
      finish("skipped");
      return { result: null, note: `Product segments were skipped: ${error.message}` };
    } finally {
      if (side !== db) side.close();
    }
  })();
  // Settle the promise even if a later step throws first (no unhandled rejection).
  productsRun.catch(() => {});

  let done = progress.stage("order table");
  // One row per invoice, built once and read by every order-level analysis.
  const orders = await orderTable(db, { table, into: "orders" });
  done();

  done = progress.stage("EDA and KPIs");
  const k = await kpis(db, { table, orders });
  const monthly = await monthlyTrends(db, { table, orders });
  const top = {
    products: {
      revenue: await topProducts(db, { table, by: "revenue", limit: 10 }),
      quantity: await topProducts(db, { table, by: "quantity", limit: 10 }),
    },
    countries: {
      revenue: await topCountries(db, { table, orders, by: "revenue", limit: 10 }),
      quantity: await topCountries(db, { table, orders, by: "quantity", limit: 10 }),
    },
  };
  const concentration = await revenueConcentration(db, { table, orders });
  const price = await valueDistribution(db, "price", { table });
  const quantity = await valueDistribution(db, "quantity", { table });
  done(`${monthly.length} months, ${k.customers} customers`);

  done = progress.stage("RFM and segments");
  const table_: RfmTable = await rfmTable(db, {
    table,
    ...(options.asOf ? { asOf: options.asOf } : {}),
  });
  const rfm = rfmAnalysis(table_, segmentMap);
  notes.push(...rfm.notes);
  done(`${rfm.customers.length} customers in ${rfm.segments.length} segments`);

  done = progress.stage("behavioural features");
  const features = await customerFeatures(db, { table, orders, asOf: rfm.asOf });
  const gaps = await interPurchaseGaps(db, { table, orders });
  const weekdayHour = await weekdayHourHeatmap(db, { table, orders });
  const peaks = shoppingPeaks(weekdayHour);
  done(`${features.length} customers`);

  const { result: products, note: productsNote } = await productsRun;
  if (productsNote) notes.push(productsNote); // at a fixed place: notes keep their order
  const cross = products ? crossSegments(rfm.customers, products.customers) : [];

  done = progress.stage("cohorts");
  const cohorts = await cohortTable(db, { table, orders });
  const cohortTotals = cohortSummary(cohorts);
  done(`${cohortTotals.length} monthly cohorts`);

  const profiles = customerProfiles(rfm.customers, {
    features,
    productSegments: products?.customers ?? [],
  });
  return {
    kpis: k,
    monthly,
    topProducts: top.products,
    topCountries: top.countries,
    concentration,
    price,
    quantity,
    rfm,
    features,
    gaps,
    weekdayHour,
    peaks,
    products,
    cross,
    cohorts,
    cohortTotals,
    profiles,
    notes,
  };
}

/**
 * Scores and segments an RFM table (from transactions or from a customer-level table) with
 * the classic recipe ({@linkcode rfmScoring}, then {@linkcode assignSegments} on the RF score).
 *
 * **Fallback on coinciding quantile edges.** When so many customers share a recency or a
 * monetary value that two quantile edges coincide, pandas' `qcut` raises. Here that metric is
 * scored on its `rank(method="first")` instead (ties broken by customer id, like frequency),
 * and the fallback is stated in `notes`, never applied silently.
 *
 * @param table RFM rows and their as-of date.
 * @param map The RF segment map. @default {DEFAULT_SEGMENT_MAP}
 * @returns Segmented customers, the segment summary and any fallback notes.
 *
 * @example Recency ties force the rank fallback
 * ```ts
 * import { rfmAnalysis } from "./customer_analytics.ts";
 * import { equal, match } from "node:assert/strict";
 * const rows = [1, 2, 3, 4, 5, 6].map((k) => ({ customerId: `c${k}`, recency: k < 5 ? 7 : k, frequency: k, monetary: 10 * k }));
 * const rfm = rfmAnalysis({ asOf: new Date("2011-12-11"), rows });
 * equal(rfm.customers.length, 6);
 * match(rfm.notes[0]!, /recency/);
 * ```
 */
export function rfmAnalysis(
  table: RfmTable,
  map: readonly SegmentRule[] = DEFAULT_SEGMENT_MAP,
): RfmAnalysis {
  const scoring = rfmScoring(table.rows);
  const customers = assignSegments(scoring.rows, { map });
  return {
    asOf: table.asOf,
    customers,
    segments: segmentSummary(customers, { map }),
    map,
    notes: scoring.fallbacks.map((f) => f.note),
  };
}
