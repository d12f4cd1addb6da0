/**
 * The main job (`deno task report`): load → clean → analyse → tables → report, for a
 * transaction log or a customer-level table. I/O happens here, in the loaders and in the table
 * writers; every computation is a call into lib.
 *
 * @module
 */
import { join, resolve } from "node:path";
import type { CleanResult } from "../clean/mod.ts";
import { CleaningStopError, cleanTransactions, formatCancellations } from "../clean/mod.ts";
import type { CustomerTableMapping } from "../customer_table/mod.ts";
import { loadCustomerTable, rfmFromCustomerTable } from "../customer_table/mod.ts";
import { openDb } from "../db/mod.ts";
import type { Db } from "../db/mod.ts";
import { InputFileError, OptionError } from "../errors.ts";
import { loadTransactions, readHeader } from "../load/mod.ts";
import type { ColumnMapping, LoadResult } from "../load/mod.ts";
import type { Kpi, Section } from "../report/mod.ts";
import {
  bundleReportScript,
  formatInt,
  formatMoney,
  formatPercent,
  renderReportHtml,
} from "../report/mod.ts";
import type { DatasetSummary } from "../sections/mod.ts";
import {
  cohortsSection,
  customerBehaviourSection,
  dataQualitySection,
  executiveSummary,
  lifetimeValueSection,
  salesOverviewSection,
  segmentsSection,
} from "../sections/mod.ts";
import { customerProfiles } from "../segment/mod.ts";
import { createProgress, REPO_ROOT } from "../util/mod.ts";
import type { Progress } from "../util/mod.ts";
import { customerAnalytics, rfmAnalysis } from "./customer_analytics.ts";
import { inputKind } from "./input.ts";
import type { ReportOptions } from "./options.ts";
import { datasetName } from "./options.ts";
import { copyQueryToCsv, gitCommit, sha256File, writeJson, writeTable } from "./output.ts";
import { lifetimeValueOptions, lifetimeValueStage } from "./lifetime_value.ts";
import type { LifetimeValueStage } from "./lifetime_value.ts";
import { customerRows, SEGMENT_COLUMNS, writeAnalyticsTables, writeClvTables } from "./tables.ts";

/** What one run of the main job produced. */
export interface ReportRun {
  readonly outDir: string;
  readonly files: readonly string[];
  readonly summary: DatasetSummary;
  /** `"transactions"` for an order-line log, `"customers"` for a customer-level table. */
  readonly input: "transactions" | "customers";
  /** The cleaning result (for a customer table: the load step only). */
  readonly clean: CleanResult;
  /** Seconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Dependencies of {@linkcode runReport} that tests replace. */
export interface RunReportDeps {
  progress?: Progress;
  /** Clock for the report's one timestamp line. @default {() => new Date()} */
  now?: () => Date;
}

/**
 * Runs the main job and writes `DIR/index.html` and `DIR/tables/`.
 *
 * @param options The parsed command line (see {@linkcode parseReportArgs}).
 * @param deps Progress reporter and clock.
 * @returns The output folder, files written, dataset summary and stage timings.
 * @throws {InputFileError | SchemaError | ValidationError | OptionError} For problems with the
 * input or options (the CLI prints them without a stack trace and exits with code 2).
 */
export async function runReport(
  options: ReportOptions,
  deps: RunReportDeps = {},
): Promise<ReportRun> {
  const progress = deps.progress ?? createProgress();
  const now = deps.now ?? (() => new Date());
  const outDir = resolve(options.out);
  const tablesDir = join(outDir, "tables");
  const mapText = options.map === undefined ? undefined : await readMappingText(options.map);
  const kind = inputKind(
    await readHeader(options.data, options.delimiter ? { delimiter: options.delimiter } : {}),
    mapText,
  );
  await Deno.mkdir(tablesDir, { recursive: true });
  const db = await openDb();
  try {
    const context: RunContext = {
      db,
      options,
      progress,
      outDir,
      tablesDir,
      now,
      timings: {},
      files: [],
    };
    return kind.kind === "transactions"
      ? await transactionsReport(context, kind.map)
      : await customersReport(context, kind.mapping);
  } finally {
    db.close();
  }
}

interface RunContext {
  readonly db: Db;
  readonly options: ReportOptions;
  readonly progress: Progress;
  readonly outDir: string;
  readonly tablesDir: string;
  readonly now: () => Date;
  readonly timings: Record<string, number>;
  readonly files: string[];
}

async function transactionsReport(
  ctx: RunContext,
  map: ColumnMapping | undefined,
): Promise<ReportRun> {
  const { db, options, progress, tablesDir, timings, files } = ctx;
  const currency = options.currency;
  const t0 = performance.now();
  const load = await loadTransactions(db, {
    path: options.data,
    map: withReturnsColumn(map ?? {}, options),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.decimal !== undefined ? { decimal: options.decimal } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    onInvalid: options.onInvalid,
    rejectsPath: join(tablesDir, "rejected_rows.csv"),
    progress,
  });
  timings.load = (performance.now() - t0) / 1000;
  progress.info(
    `input: ${load.format}, ${load.schema} columns, ${load.encoding}, dates "${load.dateFormat}"`,
  );
  if (load.rejectsFile) files.push(load.rejectsFile);

  let done = progress.stage(`clean (${options.preset})`);
  let clean: CleanResult;
  try {
    clean = await cleanTransactions(db, {
      preset: options.preset,
      rowsRead: load.rowsRead,
      rowsRejected: load.rowsRejected,
      file: options.data,
      schema: load.schema,
      cancellations: options.cancellations,
      ...(options.duplicates !== undefined ? { duplicates: options.duplicates } : {}),
      ...(options.nonProducts !== undefined ? { nonProducts: options.nonProducts } : {}),
      ...(options.outliers !== undefined ? { outliers: options.outliers } : {}),
      ...(options.returns !== undefined ? { keepReturns: options.returns === "table" } : {}),
      acceptRemoval: options.acceptRemoval,
      ...(load.sheets !== undefined ? { sheets: load.sheets } : {}),
    });
  } catch (error) {
    // the ledger up to the stop goes with the message (exit code 2)
    if (error instanceof CleaningStopError) {
      await writeTable(db, tablesDir, "cleaning_ledger", error.ledger, {
        columns: ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"],
      });
    }
    throw error;
  }
  if (clean.cancellations) {
    progress.info(
      `clean: cancellations ${clean.cancellations.mode} (${clean.cancellations.reason})`,
    );
  }
  timings.clean = done(`${formatInt(clean.rowsClean)} of ${formatInt(clean.rowsRaw)} rows kept`);
  const summary = await datasetSummary(db, clean);

  // Floating-point sums over parallel partial aggregates depend on thread scheduling in their
  // last bits; one thread makes every aggregate, model fit and chart byte-identical across runs.
  await db.run("SET threads = 1");
  const t1 = performance.now();
  const analytics = await customerAnalytics(db, {
    ...(options.asOf ? { asOf: options.asOf } : {}),
    seed: options.seed,
    progress,
  });
  timings.analytics = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  const clv = await lifetimeValueStage(db, {
    ...lifetimeValueOptions(options),
    asOf: analytics.rfm.asOf,
    progress,
  });
  timings.clv = (performance.now() - t2) / 1000;

  done = progress.stage("write tables");
  files.push(...await writeCleaningTables(ctx, clean, summary));
  files.push(...await writeAnalyticsTables(db, tablesDir, analytics));
  files.push(...await writeClvTables(db, tablesDir, clv));
  const customers = customerRows(analytics.profiles, clv);
  files.push(
    ...await writeTable(db, tablesDir, "customers", customers.rows, {
      columns: customers.columns,
      parquet: true,
    }),
  );
  timings.tables = done(`${files.length} files`);

  done = progress.stage("report");
  const sections: Section[] = [
    dataQualitySection(clean, summary, load, currency),
    salesOverviewSection(analytics, currency),
    customerBehaviourSection(analytics, currency),
    segmentsSection({
      ...analytics.rfm,
      products: analytics.products,
      cross: analytics.cross,
      notes: analytics.notes,
    }, currency),
    cohortsSection({ cells: analytics.cohorts, totals: analytics.cohortTotals }, currency),
    lifetimeValueSection(clv, currency),
  ];
  const headline: Kpi[] = [
    { label: "Revenue", value: formatMoney(analytics.kpis.revenue, currency) },
    { label: "Customers", value: formatInt(analytics.kpis.customers) },
    { label: "Orders", value: formatInt(analytics.kpis.orders) },
    { label: "Average order", value: formatMoney(analytics.kpis.averageOrderValue, currency) },
    { label: "Repeat rate", value: formatPercent(analytics.kpis.repeatRate) },
    clvKpi(clv, options, currency),
    {
      label: "Rows kept",
      value: `${formatInt(summary.rowsClean)} / ${formatInt(summary.rowsRaw)}`,
    },
  ];
  files.push(
    await writeReportPage(ctx, {
      subtitle: `${summary.firstDate} to ${summary.lastDate} · ${
        formatInt(summary.customers)
      } customers · as of ${
        analytics.rfm.asOf.toISOString().slice(0, 10)
      } · preset "${options.preset}"`,
      headline,
      sections,
      provenance: await provenance(options, [
        {
          label: "Format and schema",
          value: `${load.format}, ${load.schema}, ${load.encoding}, dates "${load.dateFormat}"`,
        },
        { label: "As-of date", value: analytics.rfm.asOf.toISOString().slice(0, 10) },
      ]),
    }),
  );
  timings.report = done(join(ctx.outDir, "index.html"));
  return { outDir: ctx.outDir, files, summary, clean, input: "transactions", timings };
}

async function customersReport(
  ctx: RunContext,
  mapping: CustomerTableMapping | undefined,
): Promise<ReportRun> {
  const { db, options, progress, tablesDir, timings, files } = ctx;
  const currency = options.currency;
  let done = progress.stage(`load customer table ${options.data}`);
  const info = await loadCustomerTable(db, options.data, {
    ...(mapping ? { mapping } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    progress,
  });
  timings.load = done(
    `${formatInt(info.rows)} customers (${
      info.detected === "flo" ? "FLO columns recognised" : "mapped"
    })`,
  );

  done = progress.stage("RFM and segments");
  const table = await rfmFromCustomerTable(db, options.asOf ? { asOf: options.asOf } : {});
  const rfm = rfmAnalysis(table);
  timings.analytics = done(
    `${formatInt(rfm.customers.length)} customers in ${rfm.segments.length} segments`,
  );
  const t1 = performance.now();
  const clv = await lifetimeValueStage(db, {
    ...lifetimeValueOptions(options),
    asOf: rfm.asOf,
    source: { kind: "customers" },
    progress,
  });
  timings.clv = (performance.now() - t1) / 1000;
  const range = await db.one<
    { first: string | null; last: string | null; revenue: number | null; orders: number | null }
  >(
    `SELECT strftime(min(coalesce(first_order_date, last_order_date)), '%Y-%m-%d') AS first,
            strftime(max(last_order_date), '%Y-%m-%d') AS last, sum(monetary)::DOUBLE AS revenue,
            sum(frequency)::DOUBLE AS orders FROM customer_orders`,
  );
  const clean: CleanResult = {
    preset: options.preset,
    ledger: [{
      step: 0,
      rule: "load",
      description: "customers read from the customer table; every row is validated, none removed",
      rowsIn: info.rows,
      rowsRemoved: 0,
      rowsChanged: 0,
      rowsOut: info.rows,
    }],
    rowsRaw: info.rows,
    rowsClean: info.rows,
    thresholds: [],
    returnsRows: 0,
    returnsMatched: 0,
  };
  const summary: DatasetSummary = {
    rowsRaw: info.rows,
    rowsClean: info.rows,
    customers: info.rows,
    invoices: range.orders ?? 0,
    firstDate: range.first ?? "",
    lastDate: range.last ?? "",
    revenue: range.revenue ?? 0,
  };

  done = progress.stage("write tables");
  files.push(...await writeCleaningTables(ctx, clean, summary, { removedRows: false }));
  const customers = customerRows(customerProfiles(rfm.customers), clv);
  files.push(
    ...await writeClvTables(db, tablesDir, clv),
    ...await writeTable(db, tablesDir, "customers", customers.rows, {
      columns: customers.columns,
      parquet: true,
    }),
    ...await writeTable(db, tablesDir, "segments", rfm.segments, {
      columns: SEGMENT_COLUMNS,
      parquet: true,
    }),
  );
  timings.tables = done(`${files.length} files`);

  done = progress.stage("report");
  const sections: Section[] = [
    segmentsSection({ ...rfm, products: null, cross: [], notes: rfm.notes }, currency),
    lifetimeValueSection(clv, currency),
  ];
  files.push(
    await writeReportPage(ctx, {
      subtitle: `Customer table · ${
        formatInt(info.rows)
      } customers · last orders ${summary.firstDate} to ${summary.lastDate} · as of ${
        rfm.asOf.toISOString().slice(0, 10)
      }`,
      headline: [
        { label: "Customers", value: formatInt(info.rows) },
        { label: "Orders", value: formatInt(summary.invoices) },
        { label: "Revenue", value: formatMoney(summary.revenue, currency) },
        {
          label: "Orders per customer",
          value: (summary.invoices / Math.max(info.rows, 1)).toFixed(1),
        },
        clvKpi(clv, options, currency),
      ],
      sections,
      provenance: await provenance(options, [
        {
          label: "Input kind",
          value: `customer-level table (${info.detected === "flo" ? "FLO columns" : "mapping"})`,
        },
        { label: "As-of date", value: rfm.asOf.toISOString().slice(0, 10) },
      ]),
    }),
  );
  timings.report = done(join(ctx.outDir, "index.html"));
  return { outDir: ctx.outDir, files, summary, clean, input: "customers", timings };
}

function clvKpi(clv: LifetimeValueStage, options: ReportOptions, currency: string): Kpi {
  return {
    label: `Predicted ${options.horizonMonths}-month value`,
    value: formatMoney(clv.analysis.customers.clv.reduce((s, v) => s + v, 0), currency),
  };
}

async function writeCleaningTables(
  ctx: RunContext,
  clean: CleanResult,
  summary: DatasetSummary,
  options: { removedRows?: boolean } = {},
): Promise<string[]> {
  const { db, tablesDir } = ctx;
  const files = [
    ...await writeTable(db, tablesDir, "cleaning_ledger", clean.ledger, {
      columns: ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"],
    }),
    await writeJson(join(tablesDir, "summary.json"), {
      dataset: datasetName(ctx.options.data),
      preset: ctx.options.preset,
      rows_raw: summary.rowsRaw,
      rows_clean: summary.rowsClean,
      customers: summary.customers,
      invoices: summary.invoices,
      first_date: summary.firstDate,
      last_date: summary.lastDate,
      revenue: Math.round(summary.revenue * 100) / 100,
    }),
  ];
  if (options.removedRows !== false && !ctx.options.noRemovedRows) {
    files.push(
      await copyQueryToCsv(
        db,
        `SELECT step, rule, row_number, invoice, stock_code, description, quantity, strftime(invoice_date, '%Y-%m-%d %H:%M:%S') AS invoice_date, price, customer_id, country FROM cleaning_removed ORDER BY row_number`,
        join(tablesDir, "removed_rows.csv"),
      ),
      await copyQueryToCsv(
        db,
        `SELECT step, rule, row_number, "column", old_value, new_value FROM cleaning_changed ORDER BY step, row_number`,
        join(tablesDir, "changed_values.csv"),
      ),
    );
  }
  return files;
}

async function writeReportPage(
  ctx: RunContext,
  page: {
    subtitle: string;
    headline: readonly Kpi[];
    sections: readonly Section[];
    provenance: readonly { label: string; value: string }[];
  },
): Promise<string> {
  const html = renderReportHtml({
    title: `Customer analytics: ${datasetName(ctx.options.data)}`,
    subtitle: page.subtitle,
    headline: page.headline,
    sections: [executiveSummary(page.sections), ...page.sections],
    provenance: page.provenance,
    generatedAt: ctx.now().toISOString().replace("T", " ").slice(0, 16) + " UTC",
    currency: ctx.options.currency,
  }, { script: await bundleReportScript() });
  const path = join(ctx.outDir, "index.html");
  await Deno.writeTextFile(path, html);
  return path;
}

async function datasetSummary(db: Db, clean: CleanResult): Promise<DatasetSummary> {
  const row = await db.one<{
    customers: number;
    invoices: number;
    first: string | null;
    last: string | null;
    revenue: number | null;
  }>(
    `SELECT count(DISTINCT customer_id) AS customers, count(DISTINCT invoice) AS invoices,
            strftime(min(invoice_date), '%Y-%m-%d') AS first, strftime(max(invoice_date), '%Y-%m-%d') AS last,
            sum(line_total) AS revenue
     FROM clean_transactions`,
  );
  return {
    rowsRaw: clean.rowsRaw,
    rowsClean: clean.rowsClean,
    customers: row.customers,
    invoices: row.invoices,
    firstDate: row.first ?? "",
    lastDate: row.last ?? "",
    revenue: row.revenue ?? 0,
  };
}

/** The mapping with the returns column named by `--cancellations column:NAME`. */
function withReturnsColumn(map: ColumnMapping, options: ReportOptions): ColumnMapping {
  const mode = options.cancellations;
  if (mode.kind !== "column" || mode.column === undefined) return map;
  if (map.returns !== undefined && map.returns !== mode.column) {
    throw new OptionError(
      "cancellations",
      `Cannot read options: --cancellations column:${mode.column} and --map returns="${map.returns}" name different columns`,
      "Name the returns column once",
    );
  }
  return { ...map, returns: mode.column };
}

async function readMappingText(text: string): Promise<string> {
  const trimmed = text.trim();
  if (!/\.json$/i.test(trimmed)) return text;
  try {
    return await Deno.readTextFile(trimmed);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputFileError(
        trimmed,
        `Cannot read mapping file "${trimmed}": it does not exist`,
        "check the path given to --map",
      );
    }
    throw error;
  }
}

async function provenance(
  options: ReportOptions,
  extra: readonly { label: string; value: string }[],
): Promise<{ label: string; value: string }[]> {
  const stat = await Deno.stat(options.data);
  return [
    { label: "Input file", value: options.data },
    { label: "Input size", value: `${formatInt(stat.size)} bytes` },
    { label: "Input sha256", value: await sha256File(options.data) },
    ...extra,
    { label: "Cleaning preset", value: options.preset },
    { label: "Code version", value: `git ${await gitCommit(REPO_ROOT)}` },
    { label: "Command", value: commandLine(options) },
  ];
}

/** The command that reproduces the run (options that differ from the defaults). */
function commandLine(options: ReportOptions): string {
  const parts = ["deno task report", `--data ${options.data}`, `--preset ${options.preset}`];
  if (options.asOf) parts.push(`--as-of ${options.asOf.toISOString().slice(0, 10)}`);
  if (options.clvConvention !== "repeat") parts.push(`--clv-convention ${options.clvConvention}`);
  if (options.timeUnit !== "week") parts.push(`--time-unit ${options.timeUnit}`);
  if (options.horizonMonths !== 6) parts.push(`--horizon-months ${options.horizonMonths}`);
  if (options.discount !== 0.01) parts.push(`--discount ${options.discount}`);
  if (options.penalizer !== undefined) parts.push(`--penalizer ${options.penalizer}`);
  if (options.margin !== 0.1) parts.push(`--margin ${options.margin}`);
  if (options.seed !== 42) parts.push(`--seed ${options.seed}`);
  if (options.intervals !== "auto") parts.push(`--intervals ${options.intervals}`);
  if (options.map) parts.push(`--map ${options.map}`);
  if (options.dateFormat) parts.push(`--date-format "${options.dateFormat}"`);
  if (options.onInvalid !== "fail") parts.push(`--on-invalid ${options.onInvalid}`);
  if (options.currency !== "£") parts.push(`--currency ${options.currency}`);
  if (options.delimiter !== undefined) {
    parts.push(`--delimiter "${options.delimiter === "\t" ? "tab" : options.delimiter}"`);
  }
  if (options.decimal !== undefined) parts.push(`--decimal "${options.decimal}"`);
  if (options.sheet !== undefined) parts.push(`--sheet "${options.sheet}"`);
  if (options.cancellations.kind !== "auto") {
    parts.push(`--cancellations "${formatCancellations(options.cancellations)}"`);
  }
  if (options.duplicates !== undefined) parts.push(`--duplicates ${options.duplicates}`);
  if (options.nonProducts !== undefined) parts.push(`--non-products ${options.nonProducts}`);
  if (options.outliers !== undefined) parts.push(`--outliers ${options.outliers}`);
  if (options.returns !== undefined) parts.push(`--returns ${options.returns}`);
  if (options.acceptRemoval.length > 0) {
    parts.push(`--accept-removal ${options.acceptRemoval.join(",")}`);
  }
  return parts.join(" ");
}

export type { LoadResult };
