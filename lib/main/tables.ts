/**
 * The main job's tables under `DIR/tables/`: snake_case CSV (and Parquet for the per-customer
 * and per-segment tables) written from the analysis results. Column lists are fixed here, so
 * the files keep their shape whatever the data.
 *
 * @module
 */
import { join } from "node:path";
import type { Db } from "../db/mod.ts";
import type { CustomerAnalytics } from "./customer_analytics.ts";
import { writeJson, writeTable } from "./output.ts";

/** Columns of customers.csv from the customer analytics (CLV columns are appended later). */
export const CUSTOMER_COLUMNS = [
  "customer_id",
  "recency",
  "frequency",
  "monetary",
  "recency_score",
  "frequency_score",
  "monetary_score",
  "rf_score",
  "rfm_score",
  "segment",
  "avg_days_between_purchases",
  "preferred_weekday",
  "peak_hour",
  "product_segment",
] as const;

/** Columns of segments.csv. */
export const SEGMENT_COLUMNS = [
  "segment",
  "label",
  "customers",
  "share",
  "recency_mean",
  "frequency_mean",
  "monetary_mean",
  "revenue",
  "revenue_share",
  "action",
] as const;

/**
 * Writes the customer-analytics tables: segments, cohorts (long form and totals), KPIs,
 * monthly trends, top products and countries, customer features, product segments and their
 * cross with RFM segments, weekday × hour and gap distributions. `customers.csv` is written by
 * the caller, once the CLV columns are known.
 *
 * @returns The paths written.
 */
export async function writeAnalyticsTables(
  db: Db,
  dir: string,
  a: CustomerAnalytics,
): Promise<string[]> {
  const files: string[] = [];
  files.push(
    ...await writeTable(db, dir, "segments", a.rfm.segments, {
      columns: SEGMENT_COLUMNS,
      parquet: true,
    }),
    ...await writeTable(db, dir, "cohort_retention", a.cohorts, {
      columns: [
        "cohort",
        "period",
        "customers",
        "retention",
        "cohort_size",
        "orders",
        "revenue",
        "revenue_retention",
        "average_order_value",
      ],
      parquet: true,
    }),
    ...await writeTable(db, dir, "cohort_summary", a.cohortTotals),
    ...await writeTable(db, dir, "monthly", a.monthly, { parquet: true }),
    ...await writeTable(db, dir, "top_products", [
      ...a.topProducts.revenue.map((p, i) => ({ by: "revenue", rank: i + 1, ...p })),
      ...a.topProducts.quantity.map((p, i) => ({ by: "quantity", rank: i + 1, ...p })),
    ]),
    ...await writeTable(db, dir, "top_countries", [
      ...a.topCountries.revenue.map((p, i) => ({ by: "revenue", rank: i + 1, ...p })),
      ...a.topCountries.quantity.map((p, i) => ({ by: "quantity", rank: i + 1, ...p })),
    ]),
    ...await writeTable(db, dir, "customer_features", a.features, { parquet: true }),
    ...await writeTable(db, dir, "weekday_hour", a.weekdayHour),
    ...await writeTable(db, dir, "inter_purchase_gaps", a.gaps),
  );
  if (a.products) {
    files.push(
      ...await writeTable(
        db,
        dir,
        "product_segments",
        a.products.segments.map((s) => ({
          productSegment: s.productSegment,
          customers: s.customers,
          share: s.share,
          description: s.description,
          topCategories: s.categories.slice(0, 3).map((c) => c.category).join("; "),
        })),
      ),
      ...await writeTable(db, dir, "segment_cross", a.cross),
    );
  }
  files.push(
    await writeJson(join(dir, "kpis.json"), {
      ...a.kpis,
      firstDate: a.kpis.firstDate.toISOString().slice(0, 19).replace("T", " "),
      lastDate: a.kpis.lastDate.toISOString().slice(0, 19).replace("T", " "),
      asOf: a.rfm.asOf.toISOString().slice(0, 10),
      busiestWeekday: a.peaks.busiestWeekday,
      busiestHour: a.peaks.busiestHour,
    }, { snakeCase: true }),
  );
  return files;
}
