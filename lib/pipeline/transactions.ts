/**
 * The transaction-log input kind (one row per order line, like Online Retail): its stages
 * (load, clean, orders, the analyses, CLV), its report sections and its output tables, each
 * registered once here.
 *
 * ```text
 * load ─ clean ─┬─ dataset
 *               ├─ asOf ──────────────┬─ clv
 *               ├─ orders ─┬─ eda     │
 *               │          ├─ rfm ────┤ (with asOf)
 *               │          ├─ features (with asOf)
 *               │          └─ cohorts
 *               ├─ productSegments
 *               └─ products (product performance and price elasticity)
 *
 * profiles read rfm, features and productSegments. Stages after the order table are optional:
 * one the data cannot support (too few customers to score) is left out with its reason, and
 * so is its section.
 * ```
 *
 * @module
 */
import type { CachedClean, CleanResult } from "../clean/mod.ts";
import { applyAsOfWindow, cleanTransactions, cleanTransactionsCached } from "../clean/mod.ts";
import type { CohortCell, CohortSummaryRow } from "../cohort/mod.ts";
import { cohortSummary, cohortTable } from "../cohort/mod.ts";
import type { DatasetSummary, PartialMonths } from "../eda/mod.ts";
import {
  datasetSummary,
  kpis,
  monthlyTrends,
  partialMonths,
  revenueConcentration,
  topCountries,
  topProductRankings,
  valueDistribution,
} from "../eda/mod.ts";
import { setThreads } from "../db/mod.ts";
import { isUserError } from "../errors.ts";
import {
  customerFeatures,
  hasTimeOfDay,
  interPurchaseGaps,
  shoppingPeaks,
  weekdayHourHeatmap,
} from "../features/mod.ts";
import type { Format } from "../format/mod.ts";
import type { ColumnMapping, LoadResult } from "../load/mod.ts";
import { dateFormatWords, loadTransactions } from "../load/mod.ts";
import type { LifetimeValueStage } from "../lifetime_value/mod.ts";
import { lifetimeValueOptions, lifetimeValueStage } from "../lifetime_value/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import type { Kpi } from "../report/mod.ts";
import { orderTable, resolveAsOf, rfmTable } from "../rfm/mod.ts";
import type { CustomerBehaviourInput, SalesOverviewInput } from "../sections/mod.ts";
import {
  clvFacts,
  clvHeadlineKpi,
  cohortsSection,
  customerBehaviourSection,
  dataQualitySection,
  lifetimeValueSection,
  productsSection,
  salesOverviewSection,
  segmentsSection,
} from "../sections/mod.ts";
import type { CustomerProfile, ProductSegmentation, RfmAnalysis } from "../segment/mod.ts";
import { crossSegments, customerProfiles, productSegments, rfmAnalysis } from "../segment/mod.ts";
import { stage } from "./graph.ts";
import { transactionCleanOptions, transactionLoadOptions } from "./input_kinds.ts";
import type { InputKind, OutputContext, RunOptions, SectionDef } from "./kind.ts";
import { clvOutputs, customerOutput, ledgerOutputs } from "./shared_outputs.ts";
import type { ProductAnalysis } from "../products/mod.ts";
import { analyseProducts } from "../products/mod.ts";
import { productOutputs } from "./product_outputs.ts";

/** The product segments, or why they were skipped. */
export interface ProductSegmentsResult {
  readonly result: ProductSegmentation | null;
  /** Why clustering was skipped, when it was. */
  readonly note: string | null;
}

/** The cohort cells, their per-cohort totals and the partial months at the data's edges. */
export interface CohortsResult {
  readonly cells: readonly CohortCell[];
  readonly totals: readonly CohortSummaryRow[];
  readonly partial: PartialMonths;
}

/** Options of the transaction-log stages: the report options and the resolved mapping. */
export interface TransactionInput {
  readonly map: ColumnMapping | undefined;
  /** Where quarantined rows go. */
  readonly rejectsPath: string;
  /**
   * Drop `raw_transactions` once it is cleaned: no later stage reads it, and at ten million
   * rows it holds gigabytes (the main job drops it; notebooks keep it to look at).
   * @default {false}
   */
  readonly dropRawAfterClean?: boolean;
  /**
   * DuckDB threads once cleaning is done. The main job loads and cleans on every core, when
   * nothing else runs, and gives the analyses, which run side by side, fewer threads each
   * (`sideBySideThreads()`). Results do not depend on it.
   * @default {the thread count is left as it is}
   */
  readonly threadsAfterClean?: number;
  /**
   * Loaded rows from which the cleaned tables and every later one are kept compressed in memory
   * ({@linkcode Db.storeCompressed}: the main job, from `compressRows()`; it also loads an input
   * estimated that large into the compressed catalog); a cleaning restored by the caller
   * (`precleaned`) was compressed there. Results do not depend on it.
   * @default {never}
   */
  readonly compressAtRows?: number;
  /**
   * The load, already started on the run's main connection with
   * {@linkcode transactionLoadOptions} (the main job starts it while it imports the analyses).
   * @default {started by the load stage}
   */
  readonly preloaded?: Promise<LoadResult>;
  /**
   * Takes the writing of a new clean cache entry, which then goes on while the analyses run (the
   * main job awaits it before it drops the cleaned tables). Without it, a load that used the
   * cache has its cleaned tables kept before the clean stage returns.
   * @default {undefined: written by the clean stage}
   */
  readonly onCleanCacheWrite?: (written: Promise<void>) => void;
  /**
   * The cleaned tables, already restored from the cache by the main job's early start (it looks
   * them up as soon as the load is known); `undefined` when there were none to restore.
   * @default {looked up by the clean stage}
   */
  readonly precleaned?: Promise<CachedClean | undefined>;
}

/** Every result of a transaction-log run, by stage id. */
export interface TransactionResults {
  readonly load: LoadResult;
  readonly clean: CleanResult;
  readonly dataset: DatasetSummary;
  /** The analysis date: `--as-of`, else midnight two days after the last clean line. */
  readonly asOf: Date;
  /** The order table's name (one row per invoice). */
  readonly orders: string;
  readonly eda: SalesOverviewInput;
  readonly rfm: RfmAnalysis;
  readonly features: CustomerBehaviourInput;
  readonly productSegments: ProductSegmentsResult;
  readonly cohorts: CohortsResult;
  /** One row per customer: RFM, scores, segment, behaviour, product segment. */
  readonly profiles: readonly CustomerProfile[];
  readonly clv: LifetimeValueStage;
  /** Product performance and price elasticity of the clean lines. */
  readonly products: ProductAnalysis;
}

type O = RunOptions<TransactionInput>;
const s = stage<TransactionResults, O>();
const TABLE = "clean_transactions";

/** The stages of a transaction-log run. */
export const TRANSACTION_STAGES = [
  s({
    id: "load",
    label: "load",
    needs: [],
    quiet: true,
    mainConnection: true,
    run: async ({ db, options, progress }) => {
      // The main job starts the load before the analyses are imported (lib/main/start_report.ts).
      const load = await (options.input.preloaded ?? loadTransactions(
        db,
        transactionLoadOptions(
          options.report,
          options.input.map,
          options.input.rejectsPath,
          progress,
        ),
      ));
      progress.info(
        `input: ${load.format}, ${load.schema} columns, ${load.encoding}, dates ${
          dateFormatWords(load.dateFormat)
        }${timeColumnWords(load)}`,
      );
      return load;
    },
  }),
  s({
    id: "clean",
    label: "clean",
    needs: ["load"],
    mainConnection: true,
    run: async ({ db, options, progress }, { load }) => {
      const o = options.report;
      const cleanOptions = transactionCleanOptions(o, load);
      // A load restored from the cache (a re-run) has its cleaning cached too (same load, same
      // options): kept on the first re-run, restored on the next ones. A first run writes only
      // the load's entry: a file read once pays for one entry, not two.
      const entry = load.cacheEntry?.restored ? load.cacheEntry : undefined;
      const onWrite = options.input.onCleanCacheWrite;
      // The loaded table is dropped once cleaned (the main job), after a cache entry written
      // from it, and before a clean entry's snapshot (which would keep it alive).
      const dropRaw = async () => {
        if (!options.input.dropRawAfterClean) return;
        await load.cacheWritten;
        await db.run(`DROP TABLE IF EXISTS raw_transactions`);
      };
      let clean: CleanResult;
      const restored = await options.input.precleaned;
      const compress = restored === undefined &&
        load.rowsLoaded >= (options.input.compressAtRows ?? Infinity);
      if (compress) await db.storeCompressed?.();
      if (restored !== undefined) clean = restored.result;
      else if (entry !== undefined) {
        const cached = await cleanTransactionsCached(db, cleanOptions, {
          root: entry.root,
          loadKey: entry.key,
          background: onWrite !== undefined,
          beforeSnapshot: dropRaw,
          progress,
          ...(load.materialize !== undefined ? { prepare: load.materialize } : {}),
        });
        if (cached.written !== undefined) onWrite?.(cached.written);
        clean = cached.result;
      } else {
        await load.materialize?.();
        clean = await cleanTransactions(db, cleanOptions);
      }
      if (clean.cancellations) {
        progress.info(
          `clean: cancellations ${clean.cancellations.mode} (${clean.cancellations.reason})`,
        );
      }
      // Lines on or after an --as-of inside the data are left out of every analysis (ledger).
      if (options.report.asOf) clean = await applyAsOfWindow(db, clean, options.report.asOf);
      // Compacted once the loaded table is gone (nothing to compress there), on every core.
      await dropRaw();
      if (compress) await db.compact?.();
      if (options.input.threadsAfterClean !== undefined) {
        await setThreads(db, options.input.threadsAfterClean);
      }
      return clean;
    },
    describe: (c) => `${c.rowsClean} of ${c.rowsRaw} rows kept`,
  }),
  s({
    id: "dataset",
    label: "dataset summary",
    needs: ["clean"],
    quiet: true,
    run: ({ db }, { clean }) => datasetSummary(db, clean, { table: TABLE }),
  }),
  s({
    id: "asOf",
    label: "as-of date",
    needs: ["clean"],
    quiet: true,
    run: ({ db, options }) =>
      resolveAsOf(db, TABLE, {
        ...(options.report.asOf ? { asOf: options.report.asOf } : {}),
        action: "analyse the transactions",
      }),
  }),
  s({
    id: "orders",
    label: "order table",
    needs: ["clean"],
    // One row per invoice, built once and read by every order-level analysis.
    run: ({ db }) => orderTable(db, { table: TABLE, into: "orders" }),
  }),
  s({
    id: "productSegments",
    label: "product segments",
    needs: ["clean"],
    run: async ({ db, options }) => {
      try {
        return {
          result: await productSegments(db, { table: TABLE, seed: options.report.seed }),
          note: null,
        };
      } catch (error) {
        if (!isUserError(error)) throw error;
        return { result: null, note: `Product segments were skipped: ${error.message}` };
      }
    },
    describe: (p) =>
      p.result ? `k = ${p.result.k}, ${p.result.segments.length} segments` : "skipped",
  }),
  s({
    id: "eda",
    label: "EDA and KPIs",
    needs: ["orders"],
    optional: true,
    run: async ({ db }, { orders }) => {
      const table = TABLE;
      return {
        kpis: await kpis(db, { table, orders }),
        monthly: await monthlyTrends(db, { table, orders }),
        topProducts: await topProductRankings(db, { table, limit: 10 }),
        topCountries: {
          revenue: await topCountries(db, { table, orders, by: "revenue", limit: 10 }),
          quantity: await topCountries(db, { table, orders, by: "quantity", limit: 10 }),
        },
        concentration: await revenueConcentration(db, { table, orders }),
        price: await valueDistribution(db, "price", { table }),
        quantity: await valueDistribution(db, "quantity", { table }),
      };
    },
    describe: (e) => `${e.monthly.length} months, ${e.kpis.customers} customers`,
  }),
  s({
    id: "rfm",
    label: "RFM and segments",
    needs: ["orders", "asOf"],
    optional: true,
    run: async ({ db }, { orders, asOf }) =>
      rfmAnalysis(await rfmTable(db, { table: TABLE, orders, asOf })),
    describe: (r) => `${r.customers.length} customers in ${r.segments.length} segments`,
  }),
  s({
    id: "features",
    label: "behavioural features",
    needs: ["orders", "asOf"],
    optional: true,
    run: async ({ db }, { orders, asOf }) => {
      const weekdayHour = await weekdayHourHeatmap(db, { table: TABLE, orders });
      const timeOfDay = await hasTimeOfDay(db, { table: TABLE });
      const features = await customerFeatures(db, { table: TABLE, orders, asOf });
      return {
        // Date-only data: no hour is computed (every timestamp is at midnight).
        features: timeOfDay ? features : features.map((f) => ({ ...f, peakHour: null })),
        gaps: await interPurchaseGaps(db, { table: TABLE, orders }),
        weekdayHour,
        peaks: shoppingPeaks(weekdayHour),
        timeOfDay,
      };
    },
    describe: (f) => `${f.features.length} customers`,
  }),
  s({
    id: "cohorts",
    label: "cohorts",
    needs: ["orders", "dataset"],
    optional: true,
    run: async ({ db }, { orders, dataset }) => {
      const cells = await cohortTable(db, { table: TABLE, orders });
      return {
        cells,
        totals: cohortSummary(cells),
        partial: partialMonths(new Date(dataset.firstDate), new Date(dataset.lastDate)),
      };
    },
    describe: (c) => `${c.totals.length} monthly cohorts`,
  }),
  s({
    id: "profiles",
    label: "customer profiles",
    needs: ["rfm", "features", "productSegments"],
    quiet: true,
    optional: true,
    run: (_ctx, { rfm, features, productSegments }) =>
      Promise.resolve(customerProfiles(rfm.customers, {
        features: features.features,
        productSegments: productSegments.result?.customers ?? [],
      })),
  }),
  s({
    id: "products",
    label: "products and prices",
    needs: ["load", "clean"],
    optional: true,
    run: ({ db }, { load }) =>
      analyseProducts(db, "order_log", {
        table: TABLE,
        ...(load.derived.some((d) => d.field === "quantity")
          ? { noQuantity: "the file has no quantity column" }
          : {}),
      }),
    describe: (p) =>
      `${p.performance.facts.products} products, ${p.elasticity.facts.estimated} elasticities`,
  }),
  s({
    id: "clv",
    label: "CLV",
    needs: ["clean", "asOf"],
    quiet: true,
    optional: true,
    run: ({ db, options, progress }, { asOf }) =>
      lifetimeValueStage(db, {
        ...lifetimeValueOptions(options.report),
        asOf,
        progress,
        offThread: true, // seconds of JavaScript at scale, beside the other stages' queries
      }),
  }),
];

/** Each customer's RFM segment, when the RFM stage ran. */
function segmentOf(r: Partial<TransactionResults>): ReadonlyMap<string, string> | undefined {
  return r.rfm ? new Map(r.rfm.customers.map((c) => [c.customerId, c.segment])) : undefined;
}

/** The RFM notes and the product-segment note, in a fixed order. */
function analyticsNotes(r: Pick<TransactionResults, "rfm" | "productSegments">): string[] {
  return [...r.rfm.notes, ...(r.productSegments.note ? [r.productSegments.note] : [])];
}

/** The report sections of a transaction-log run, in page order. */
export const TRANSACTION_SECTIONS: readonly SectionDef<TransactionResults>[] = [
  {
    id: "data-quality",
    title: "Data quality and cleaning",
    needs: ["load", "clean", "dataset"],
    build: (r, fmt) => dataQualitySection(r.clean, r.dataset, r.load, fmt),
  },
  {
    id: "sales",
    title: "Sales overview",
    needs: ["eda"],
    build: (r, fmt, guards) => salesOverviewSection(r.eda, fmt, guards),
  },
  {
    id: "products",
    title: "Products and prices",
    needs: ["products"],
    build: (r, fmt) => productsSection(r.products, fmt),
  },
  {
    id: "behaviour",
    title: "How customers buy",
    needs: ["features"],
    build: (r, fmt) => customerBehaviourSection(r.features, fmt),
  },
  {
    id: "segments",
    title: "Customer segments",
    needs: ["rfm", "productSegments"],
    build: (r, fmt, guards) =>
      segmentsSection(
        {
          ...r.rfm,
          products: r.productSegments.result,
          cross: r.productSegments.result
            ? crossSegments(r.rfm.customers, r.productSegments.result.customers)
            : [],
          notes: analyticsNotes(r),
        },
        fmt,
        guards,
      ),
  },
  {
    id: "cohorts",
    title: "Cohorts and retention",
    needs: ["cohorts"],
    build: (r, fmt, guards) => cohortsSection(r.cohorts, fmt, guards),
  },
  {
    id: "clv",
    title: "Customer lifetime value",
    needs: ["clv"],
    build: (r, fmt, guards) =>
      lifetimeValueSection({ ...r.clv, segmentOf: segmentOf(r) }, fmt, guards),
  },
];

/** The output tables of a transaction-log run. */
export const TRANSACTION_OUTPUTS: readonly OutputTable<TransactionResults, OutputContext>[] = [
  ...ledgerOutputs<TransactionResults>({
    needs: ["clean"],
    steps: (r) => r.clean.ledger,
    removedRows: true,
  }),
  {
    name: "segments",
    format: "csv",
    parquet: true,
    description:
      "segment, label, customers, share, recency_mean, frequency_mean, monetary_mean, revenue, revenue_share, action",
    needs: ["rfm"],
    columns: () => SEGMENT_COLUMNS,
    rows: (r) => r.rfm.segments,
  },
  {
    name: "cohort_retention",
    format: "csv",
    parquet: true,
    description: "cohort, period, customers, retention (+ revenue retention, AOV)",
    needs: ["cohorts"],
    columns: () => [
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
    rows: (r) => r.cohorts.cells,
  },
  {
    name: "cohort_summary",
    format: "csv",
    description: "per cohort: customers, orders, revenue, AOV, revenue per customer",
    needs: ["cohorts"],
    rows: (r) => r.cohorts.totals,
  },
  {
    name: "monthly",
    format: "csv",
    parquet: true,
    description: "monthly trend with month-over-month change",
    needs: ["eda"],
    rows: (r) => r.eda.monthly,
  },
  {
    name: "top_products",
    format: "csv",
    description: "top 10 products by revenue and by quantity",
    needs: ["eda"],
    rows: (r) => [
      ...r.eda.topProducts.revenue.map((p, i) => ({ by: "revenue", rank: i + 1, ...p })),
      ...r.eda.topProducts.quantity.map((p, i) => ({ by: "quantity", rank: i + 1, ...p })),
    ],
  },
  {
    name: "top_countries",
    format: "csv",
    description: "top 10 countries by revenue and by quantity",
    needs: ["eda"],
    rows: (r) => [
      ...r.eda.topCountries.revenue.map((p, i) => ({ by: "revenue", rank: i + 1, ...p })),
      ...r.eda.topCountries.quantity.map((p, i) => ({ by: "quantity", rank: i + 1, ...p })),
    ],
  },
  {
    name: "customer_features",
    format: "csv",
    parquet: true,
    description: "behavioural features per customer",
    needs: ["features"],
    rows: (r) => r.features.features,
  },
  {
    name: "weekday_hour",
    format: "csv",
    description: "orders and revenue by weekday and hour (not written for date-only data)",
    needs: ["features"],
    rows: (r) => (r.features.timeOfDay === false ? null : r.features.weekdayHour),
  },
  {
    name: "inter_purchase_gaps",
    format: "csv",
    description: "distribution of days between purchase days",
    needs: ["features"],
    rows: (r) => r.features.gaps,
  },
  {
    name: "product_segments",
    format: "csv",
    description: "product segments: customers, share, what they buy",
    needs: ["productSegments"],
    rows: (r) =>
      r.productSegments.result?.segments.map((s) => ({
        productSegment: s.productSegment,
        customers: s.customers,
        share: s.share,
        description: s.description,
        topCategories: s.categories.slice(0, 3).map((c) => c.category).join("; "),
      })) ?? null,
  },
  {
    name: "segment_cross",
    format: "csv",
    description: "RFM segment × product segment",
    needs: ["rfm", "productSegments"],
    rows: (r) =>
      r.productSegments.result
        ? crossSegments(r.rfm.customers, r.productSegments.result.customers)
        : null,
  },
  {
    name: "kpis",
    format: "json",
    snakeCase: true,
    description: "headline KPIs",
    needs: ["eda", "asOf", "features"],
    json: (r) => ({
      ...r.eda.kpis,
      firstDate: r.eda.kpis.firstDate.toISOString().slice(0, 19).replace("T", " "),
      lastDate: r.eda.kpis.lastDate.toISOString().slice(0, 19).replace("T", " "),
      asOf: r.asOf.toISOString().slice(0, 10),
      busiestWeekday: r.features.peaks.busiestWeekday,
      busiestHour: r.features.timeOfDay === false ? null : r.features.peaks.busiestHour,
    }),
  },
  ...productOutputs<TransactionResults>(),
  ...clvOutputs<TransactionResults>(),
  customerOutput<TransactionResults>(),
];

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

function headline(r: Partial<TransactionResults>, fmt: Format, _options: ReportOptions): Kpi[] {
  const k = r.eda?.kpis;
  return [
    ...(k
      ? [
        { label: "Revenue", value: fmt.money(k.revenue) },
        { label: "Customers", value: fmt.int(k.customers) },
        { label: "Orders", value: fmt.int(k.orders) },
        { label: "Average order", value: fmt.money(k.averageOrderValue) },
        { label: "Repeat rate", value: fmt.percent(k.repeatRate) },
      ]
      : []),
    ...(r.clv ? [clvHeadlineKpi(clvFacts({ ...r.clv, segmentOf: segmentOf(r) }), fmt)] : []),
    ...(r.dataset
      ? [{
        label: "Rows kept",
        value: `${fmt.int(r.dataset.rowsClean)} / ${fmt.int(r.dataset.rowsRaw)}`,
      }]
      : []),
  ];
}

/** The transaction-log input kind. */
export const TRANSACTIONS: InputKind<TransactionResults, TransactionInput> = {
  id: "transactions",
  title: "Customer analytics",
  stages: TRANSACTION_STAGES,
  sections: TRANSACTION_SECTIONS,
  outputs: TRANSACTION_OUTPUTS,
  currency: (r) =>
    r.load.currency ??
      ((r.load.schema === "online_retail_ii" || r.load.schema === "online_retail")
        ? "£"
        : undefined),
  headline,
  subtitle: (r, fmt, options) =>
    [
      r.dataset ? `${r.dataset.firstDate} to ${r.dataset.lastDate}` : "",
      r.dataset ? `${fmt.int(r.dataset.customers)} customers` : "",
      r.asOf ? `as of ${fmt.date(r.asOf)}` : "",
      `preset "${options.preset}"`,
    ].filter((x) => x !== "").join(" · "),
  provenance: (r, fmt, options) => [
    ...(r.load
      ? [{
        label: "Format and schema",
        value: `${r.load.format}, ${r.load.schema}, ${r.load.encoding}, dates ${
          dateFormatWords(r.load.dateFormat)
        }${timeColumnWords(r.load)}`,
      }]
      : []),
    ...((r.load?.filledDown ?? 0) > 0
      ? [{
        label: "Report layout",
        value: `${
          fmt.int(r.load?.filledDown ?? 0)
        } lines without an invoice took their order's invoice, date, customer and country from the line above (--fill-down)`,
      }]
      : []),
    ...(r.asOf ? [{ label: "As-of date", value: fmt.date(r.asOf) }] : []),
    { label: "Cleaning preset", value: options.preset },
  ],
  summary: (r) => r.dataset,
  ledger: (r) => r.clean.ledger,
  files: (r) => (r.load.rejectsFile ? [r.load.rejectsFile] : []),
  // The removed and changed rows (cleaning_removed, cleaning_changed) are outputs: kept.
  workTables: [TABLE, "orders", "returns"],
};

/** `, times of day from column "Time"` when the dates' times come from a column of their own. */
function timeColumnWords(load: LoadResult): string {
  const column = load.columnMap.invoice_time;
  return column == null ? "" : `, times of day from column "${column}"`;
}
