/**
 * Output tables that several input kinds write: the cleaning ledger and dataset summary, the
 * CLV tables and `customers.csv`.
 *
 * @module
 */
import type { LedgerStep } from "../types.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { LifetimeValueStage } from "../lifetime_value/mod.ts";
import { datasetName } from "../options/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import type { CustomerProfile } from "../segment/mod.ts";
import type { ColumnTable } from "../util/mod.ts";
import { snakeCaseColumns, spreadsheetSql } from "../util/mod.ts";
import type { OutputContext } from "./kind.ts";

type Out<R> = OutputTable<R, OutputContext>;

/** Columns of customers.csv from the customer analytics (CLV columns follow). */
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

/** Where the ledger of a run comes from: the results holding it and how to read it. */
export interface LedgerSource<R> {
  readonly needs: readonly (keyof R & string)[];
  readonly steps: (r: R) => readonly LedgerStep[];
  /** Write the removed rows and changed values (transaction logs). @default {false} */
  readonly removedRows?: boolean;
}

/**
 * The cleaning ledger, `summary.json` and (for transaction logs) the removed rows and changed
 * values.
 */
export function ledgerOutputs<R extends { dataset: DatasetSummary }>(
  source: LedgerSource<R>,
): Out<R>[] {
  const removedRows = source.removedRows ?? false;
  const tables: Out<R>[] = [
    {
      name: "cleaning_ledger",
      format: "csv",
      description: "step, rule, rows_in, rows_removed, rows_changed, rows_out",
      needs: source.needs,
      columns: () => ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"],
      rows: (r) => source.steps(r),
    },
    {
      name: "summary",
      format: "json",
      description: "rows_raw, rows_clean, customers, invoices, first_date, last_date",
      needs: ["dataset"],
      json: (r, { options }) => ({
        dataset: datasetName(options.data),
        preset: options.preset,
        rows_raw: r.dataset.rowsRaw,
        rows_clean: r.dataset.rowsClean,
        customers: r.dataset.customers,
        invoices: r.dataset.invoices,
        first_date: r.dataset.firstDate,
        last_date: r.dataset.lastDate,
        revenue: Math.round(r.dataset.revenue * 100) / 100,
      }),
    },
  ];
  if (removedRows) {
    tables.push(
      {
        name: "removed_rows",
        format: "csv",
        description: "every removed row with its step and rule",
        needs: source.needs,
        query: (_r, { options }) =>
          options.noRemovedRows
            ? null
            : `SELECT step, rule, row_number, ${
              ["invoice", "stock_code", "description"].map((c) => `${spreadsheetSql(c)} AS ${c}`)
                .join(", ")
            }, quantity, strftime(invoice_date, '%Y-%m-%d %H:%M:%S') AS invoice_date, price, ${
              ["customer_id", "country"].map((c) => `${spreadsheetSql(c)} AS ${c}`).join(", ")
            } FROM cleaning_removed ORDER BY row_number`,
      },
      {
        name: "changed_values",
        format: "csv",
        description: "every capped value: old and new",
        needs: source.needs,
        query: (_r, { options }) =>
          options.noRemovedRows
            ? null
            : `SELECT step, rule, row_number, "column", old_value, new_value FROM cleaning_changed ORDER BY step, row_number`,
      },
    );
  }
  return tables;
}

/**
 * The CLV tables: `clv_params.json` (every model's parameters, standard errors, 95%
 * intervals, log-likelihood and fit report; the spend model's fallbacks; the calibration
 * check), the diagnostics behind the charts, and the rule-based CLTV.
 */
export function clvOutputs<R extends { clv: LifetimeValueStage }>(): Out<R>[] {
  return [
    {
      name: "clv_params",
      format: "json",
      description: "fitted models, standard errors, fit reports, fallbacks, holdout check",
      needs: ["clv"],
      json: ({ clv }) => ({
        ...clv.analysis.params,
        asOf: clv.summary.asOf.toISOString().slice(0, 10),
        holdout: clv.holdout
          ? {
            calibrationEnd: clv.holdout.calibrationEnd.toISOString().slice(0, 10),
            observationEnd: clv.holdout.observationEnd.toISOString().slice(0, 10),
            duration: clv.holdout.duration,
            customers: clv.holdout.customers,
            actualRepeatPurchases: clv.holdout.actualTotal,
            predictedRepeatPurchases: clv.holdout.predictedTotal,
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
    },
    {
      name: "clv_repeat_purchases",
      format: "csv",
      description: "customers by repeat purchases: actual and model-expected",
      needs: ["clv"],
      rows: ({ clv }) => clv.analysis.diagnostics.repeatPurchases,
    },
    {
      name: "clv_segments",
      format: "csv",
      description: "CLV segments A–D: customers, total and mean CLV",
      needs: ["clv"],
      rows: ({ clv }) => clv.analysis.diagnostics.clvDistribution.segments,
    },
    {
      name: "rule_based_cltv",
      format: "csv",
      parquet: true,
      description: "rule-based CLTV per customer and its segment",
      needs: ["clv"],
      rows: ({ clv }) => clv.ruleBased?.rows ?? null,
    },
    {
      name: "clv_calibration_holdout",
      format: "csv",
      description: "calibration vs holdout: purchases by calibration frequency",
      needs: ["clv"],
      rows: ({ clv }) => clv.holdout?.buckets ?? null,
    },
    {
      name: "clv_tracking",
      format: "csv",
      description: "weekly repeat purchases: actual and model-expected",
      needs: ["clv"],
      rows: ({ clv }) => clv.holdout?.tracking ?? null,
    },
  ];
}

/**
 * The columns of customers.csv: each customer's profile (RFM, scores, segment, behaviour,
 * product segment) with the CLV columns. Customers the CLV summary leaves out (the classic
 * convention keeps only customers with more than one invoice) have empty CLV cells. Built
 * column by column (no row object per customer): the table has a row per customer.
 *
 * @returns The table (interval columns only when they were computed).
 */
export function customerTable(
  profiles: readonly CustomerProfile[],
  clv: LifetimeValueStage,
): ColumnTable {
  const c = clv.analysis.customers;
  const byId = new Map(c.customer_id.map((id, i) => [id, i]));
  const positions = profiles.map((p) => byId.get(p.customerId) ?? -1);
  const rule = new Map((clv.ruleBased?.rows ?? []).map((r) => [r.customerId, r]));
  const rules = profiles.map((p) => rule.get(p.customerId));
  const modelColumns = c as unknown as Readonly<Record<string, ArrayLike<unknown> | undefined>>;
  const clvNames = CLV_COLUMNS.filter((k) => k.startsWith("rule_") || k in c);
  const clvValues = clvNames.map((name): unknown[] => {
    if (name === "rule_cltv") return rules.map((r) => r?.cltv ?? null);
    if (name === "rule_cltv_segment") return rules.map((r) => r?.segment ?? null);
    const column = modelColumns[name]!;
    return positions.map((i) => i < 0 ? null : column[i]);
  });
  const profileColumns = snakeCaseColumns(profiles, CUSTOMER_COLUMNS);
  return {
    names: [...CUSTOMER_COLUMNS, ...clvNames],
    values: [...profileColumns.values, ...clvValues],
    length: profiles.length,
  };
}

/** customers.csv (and .parquet, so ids stay text) from `profiles` and `clv`. */
export function customerOutput<
  R extends { profiles: readonly CustomerProfile[]; clv: LifetimeValueStage },
>(): Out<R> {
  return {
    name: "customers",
    format: "csv",
    parquet: true,
    description:
      "one row per customer: customer_id, recency, frequency, monetary, recency/frequency/monetary_score, rf_score, rfm_score, segment, avg_days_between_purchases, preferred_weekday, peak_hour, product_segment, p_alive, exp_purchases_1w/1m/3m, exp_avg_value, clv, clv_segment, clv_lower, clv_upper, rule_cltv, rule_cltv_segment",
    needs: ["profiles", "clv"],
    table: (r) => customerTable(r.profiles, r.clv),
  };
}
