/**
 * The main job's tables under `DIR/tables/`: snake_case CSV (and Parquet for the per-customer
 * and per-segment tables) written from the analysis results. Column lists are fixed here, so
 * the files keep their shape whatever the data.
 *
 * @module
 */
import { join } from "node:path";
import type { Db } from "../db/mod.ts";
import type { CustomerProfile } from "../segment/mod.ts";
import { snakeCase } from "../util/mod.ts";
import type { CustomerAnalytics } from "./customer_analytics.ts";
import type { LifetimeValueStage } from "../lifetime_value/mod.ts";
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

/** The CLV columns of customers.csv, after the analytics columns. */
export const CLV_COLUMNS = [
  "p_alive",
  "exp_purchases_1w",
  "exp_purchases_1m",
  "exp_purchases_3m",
  "exp_avg_value",
  "clv",
  "clv_segment",
  "clv_param_lower",
  "clv_param_upper",
  "p_no_purchase",
  "purchases_lower",
  "purchases_upper",
  "value_lower",
  "value_upper",
  "rule_cltv",
  "rule_cltv_segment",
] as const;

/**
 * The rows of customers.csv: each customer's profile (RFM, scores, segment, behaviour,
 * product segment) with the CLV columns. Customers the CLV summary leaves out (the classic
 * convention keeps only customers with more than one invoice) have empty CLV cells.
 *
 * @returns Rows and the column list (interval columns only when they were computed).
 */
export function customerRows(
  profiles: readonly CustomerProfile[],
  clv: LifetimeValueStage,
): { rows: Record<string, unknown>[]; columns: string[] } {
  const c = clv.analysis.customers;
  const index = new Map(c.customer_id.map((id, i) => [id, i]));
  const rule = new Map((clv.ruleBased?.rows ?? []).map((r) => [r.customerId, r]));
  const has = (k: string) => k in c;
  const rows = profiles.map((p) => {
    const i = index.get(p.customerId);
    const r = rule.get(p.customerId);
    const at = (col: ArrayLike<number> | undefined) =>
      i === undefined || col === undefined ? null : col[i]!;
    return {
      ...Object.fromEntries(Object.entries(p).map(([k, v]) => [snakeCase(k), v])),
      p_alive: at(c.p_alive),
      exp_purchases_1w: at(c.exp_purchases_1w),
      exp_purchases_1m: at(c.exp_purchases_1m),
      exp_purchases_3m: at(c.exp_purchases_3m),
      exp_avg_value: at(c.exp_avg_value),
      clv: at(c.clv),
      clv_segment: i === undefined ? null : c.clv_segment[i]!,
      clv_param_lower: at(c.clv_param_lower),
      clv_param_upper: at(c.clv_param_upper),
      p_no_purchase: at(c.p_no_purchase),
      purchases_lower: at(c.purchases_lower),
      purchases_upper: at(c.purchases_upper),
      value_lower: at(c.value_lower),
      value_upper: at(c.value_upper),
      rule_cltv: r?.cltv ?? null,
      rule_cltv_segment: r?.segment ?? null,
    };
  });
  const columns = [
    ...CUSTOMER_COLUMNS,
    ...CLV_COLUMNS.filter((k) => k.startsWith("rule_") || has(k)),
  ];
  return { rows, columns };
}

/**
 * Writes the CLV tables: `clv_params.json` (every model's parameters, standard errors, 95%
 * intervals, log-likelihood and fit report; the spend model's fallbacks; the calibration
 * check), the diagnostics behind the charts, and the rule-based CLTV.
 *
 * @returns The paths written.
 */
export async function writeClvTables(
  db: Db,
  dir: string,
  clv: LifetimeValueStage,
): Promise<string[]> {
  const { analysis, holdout } = clv;
  const files = [
    await writeJson(join(dir, "clv_params.json"), {
      ...analysis.params,
      asOf: clv.summary.asOf.toISOString().slice(0, 10),
      holdout: holdout
        ? {
          calibrationEnd: holdout.calibrationEnd.toISOString().slice(0, 10),
          observationEnd: holdout.observationEnd.toISOString().slice(0, 10),
          duration: holdout.duration,
          customers: holdout.customers,
          actualRepeatPurchases: holdout.actualTotal,
          predictedRepeatPurchases: holdout.predictedTotal,
        }
        : null,
      ruleBased: clv.ruleBased
        ? {
          customers: clv.ruleBased.customers,
          repeatRate: clv.ruleBased.repeatRate,
          churnRate: clv.ruleBased.churnRate,
        }
        : null,
      skipped: clv.skipped,
      headline: {
        predicted: clv.headline.predicted,
        holdoutError: clv.headline.holdoutError,
        priorYear: clv.headline.priorYear
          ? {
            window: {
              ...clv.headline.priorYear.window,
              start: clv.headline.priorYear.window.start.toISOString().slice(0, 10),
              end: clv.headline.priorYear.window.end.toISOString().slice(0, 10),
            },
            seasonality: clv.headline.priorYear.seasonality,
          }
          : null,
      },
    }),
    ...await writeTable(db, dir, "clv_repeat_purchases", analysis.diagnostics.repeatPurchases),
    ...await writeTable(db, dir, "clv_segments", analysis.diagnostics.clvDistribution.segments),
  ];
  if (clv.ruleBased) {
    files.push(
      ...await writeTable(db, dir, "rule_based_cltv", clv.ruleBased.rows, { parquet: true }),
    );
  }
  if (holdout) {
    files.push(
      ...await writeTable(db, dir, "clv_calibration_holdout", holdout.buckets),
      ...await writeTable(db, dir, "clv_tracking", holdout.tracking),
    );
  }
  return files;
}
