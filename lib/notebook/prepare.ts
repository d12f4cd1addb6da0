/**
 * The first steps every workspace notebook shares: its parameters read with the main job's
 * option rules (so a notebook parameter means what the `deno task report` option of the same
 * name means), then the transaction log loaded and cleaned into a fresh DuckDB database.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { readFileSync } from "node:fs";
import type { CleanResult } from "../clean/mod.ts";
import { cleanTransactions } from "../clean/mod.ts";
import { type Db, openDb } from "../db/mod.ts";
import { kpis } from "../eda/mod.ts";
import type { Kpis } from "../eda/mod.ts";
import { InputFileError } from "../errors.ts";
import type { LoadResult } from "../load/mod.ts";
import { loadTransactions, parseMapping } from "../load/mod.ts";
import type { ReportOptions } from "../main/mod.ts";
import { datasetName, parseReportArgs } from "../main/mod.ts";
import type { LifetimeValueOptions } from "../lifetime_value/mod.ts";
import { lifetimeValueOptions } from "../lifetime_value/mod.ts";
import type { DatasetSummary, LoadFacts } from "../sections/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import { REPO_ROOT } from "./_env.ts";
import type { ParamValue } from "./params.ts";

/** Notebook parameter → `deno task report` option it stands for. */
const OPTION_OF: Readonly<Record<string, string>> = {
  data: "--data",
  preset: "--preset",
  asOf: "--as-of",
  mapping: "--map",
  dateFormat: "--date-format",
  onInvalid: "--on-invalid",
  currency: "--currency",
  seed: "--seed",
  clvConvention: "--clv-convention",
  horizonMonths: "--horizon-months",
  discount: "--discount",
  penalizer: "--penalizer",
  timeUnit: "--time-unit",
  margin: "--margin",
  intervals: "--intervals",
};

/** The notebook parameters that are main-job options (others are the notebook's own). */
export const REPORT_PARAMS: readonly string[] = Object.keys(OPTION_OF);

/**
 * A data path as notebooks read it: absolute paths as they are, relative paths from the
 * repository root (notebooks run with `notebooks/` as working directory, in JupyterLab,
 * headless and in the Jupyter-free check alike).
 *
 * @example
 * ```ts
 * import { resolveDataPath } from "./prepare.ts";
 * import { equal } from "node:assert/strict";
 * equal(resolveDataPath("/data/x.csv"), "/data/x.csv");
 * equal(resolveDataPath("data/sample_online_retail.csv.gz").endsWith("/data/sample_online_retail.csv.gz"), true);
 * ```
 */
export function resolveDataPath(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

/**
 * Reads notebook parameters with the main job's option rules: each parameter named in
 * {@linkcode REPORT_PARAMS} is passed as its `deno task report` option (`asOf` as
 * `--as-of`, `mapping` as `--map`, …), an empty string meaning "not given" (the option's
 * default); other parameters are ignored. The data path is resolved with
 * {@linkcode resolveDataPath}.
 *
 * @param params The notebook's parameters (from {@linkcode notebookParams}).
 * @returns The validated options, defaults filled in.
 * @throws {OptionError} For a value the main job would reject, with the same message.
 *
 * @example
 * ```ts
 * import { reportOptions } from "./prepare.ts";
 * import { equal, throws } from "node:assert/strict";
 * const options = reportOptions({ data: "data/sample_online_retail.csv.gz", asOf: "2011-12-11", preset: "classic", mapping: "", topN: 10 });
 * equal(options.preset, "classic");
 * equal(options.asOf?.toISOString(), "2011-12-11T00:00:00.000Z");
 * equal(options.map, undefined);
 * throws(() => reportOptions({ preset: "fast" }), /preset must be one of "classic", "recommended"/);
 * ```
 */
export function reportOptions(params: Readonly<Record<string, ParamValue>>): ReportOptions {
  const args: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const option = OPTION_OF[name];
    if (option === undefined || value === "") continue;
    if (typeof value === "boolean") {
      throw new TypeError(`Cannot read params: ${name} must be a string or a number`);
    }
    args.push(option, name === "data" ? resolveDataPath(String(value)) : String(value));
  }
  const parsed = parseReportArgs(args);
  if (parsed.help) throw new TypeError("Cannot read params: unexpected help request");
  return parsed.options;
}

/** A loaded and cleaned transaction log, ready for the analyses. */
export interface PreparedData {
  /** The analysis database: `raw_transactions`, `clean_transactions`, `cleaning_removed`, … */
  readonly db: Db;
  /** The options the data was prepared with. */
  readonly options: ReportOptions;
  /** The file's dataset name (`online_retail_II_year2010-2011`). */
  readonly dataset: string;
  readonly load: LoadResult;
  readonly clean: CleanResult;
  /** Headline KPIs of the clean lines. */
  readonly kpis: Kpis;
  /** The dataset overview the data-quality section reads. */
  readonly summary: DatasetSummary;
  /** The load facts the data-quality section reads. */
  readonly loadFacts: LoadFacts;
  /** Options for `customerAnalytics`: as-of date, seed and the (quiet) progress reporter. */
  readonly analyticsOptions: { asOf: Date | undefined; seed: number; progress: Progress };
  /** Options for `lifetimeValueStage`, from the CLV options as the main job passes them. */
  readonly clvOptions: LifetimeValueOptions;
}

/** Options for {@linkcode prepareData}. */
export interface PrepareDataOptions {
  /** Progress reporter. @default {a silent one: notebook cells show results, not progress} */
  progress?: Progress;
  /** Folder for quarantined rows (`onInvalid: "quarantine"`). @default {"reports/notebooks"} */
  rejectsDir?: string;
}

/**
 * Loads the transaction log of `options.data` into a new in-memory DuckDB database and cleans
 * it with `options.preset`, the way `deno task report` does (same loader, same cleaning, one
 * DuckDB thread afterwards so sums and fits are byte-identical between runs). The mapping may
 * be `field="Column"` pairs, a JSON object or a `.json` file (read from the repository root
 * when relative). Close `db` when done.
 *
 * @param options Options from {@linkcode reportOptions}.
 * @param prepare Progress and the folder for quarantined rows.
 * @returns The database and what loading and cleaning did.
 * @throws {InputFileError | SchemaError | CsvParseError | OptionError} For a problem with the
 *   file or the options (the message says what to change).
 *
 * @example
 * ```ts
 * import { prepareData, reportOptions } from "./prepare.ts";
 * import { equal } from "node:assert/strict";
 * const data = await prepareData(reportOptions({ data: "data/sample_online_retail.csv.gz", preset: "classic" }));
 * equal(data.clean.preset, "classic");
 * equal(data.summary.rowsClean, data.clean.rowsClean);
 * equal(data.summary.customers, data.kpis.customers);
 * data.db.close();
 * ```
 */
export async function prepareData(
  options: ReportOptions,
  prepare: PrepareDataOptions = {},
): Promise<PreparedData> {
  const progress = prepare.progress ?? createProgress({ write: () => {} });
  const dataset = datasetName(options.data);
  const map = options.map === undefined ? {} : parseMapping(mappingText(options.map));
  const db = await openDb();
  try {
    const load = await loadTransactions(db, {
      path: options.data,
      map,
      ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
      onInvalid: options.onInvalid,
      rejectsPath: join(
        prepare.rejectsDir ?? join(REPO_ROOT, "reports", "notebooks"),
        `${dataset}.rejected_rows.csv`,
      ),
      progress,
    });
    const clean = await cleanTransactions(db, {
      preset: options.preset,
      rowsRead: load.rowsRead,
      rowsRejected: load.rowsRejected,
    });
    const k = await kpis(db);
    // As in the main job: one thread makes every later aggregate and fit byte-identical.
    await db.run("SET threads = 1");
    return {
      db,
      options,
      dataset,
      load,
      clean,
      kpis: k,
      summary: {
        rowsRaw: clean.rowsRaw,
        rowsClean: clean.rowsClean,
        customers: k.customers,
        invoices: k.orders,
        firstDate: k.firstDate.toISOString().slice(0, 10),
        lastDate: k.lastDate.toISOString().slice(0, 10),
        revenue: k.revenue,
      },
      loadFacts: {
        file: load.file,
        format: load.format,
        schema: load.schema,
        dateFormat: load.dateFormat,
        encoding: load.encoding,
        rowsRejected: load.rowsRejected,
        columnMap: load.columnMap,
      },
      analyticsOptions: { asOf: options.asOf, seed: options.seed, progress },
      clvOptions: { ...lifetimeValueOptions(options), progress },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function mappingText(map: string): string {
  const trimmed = map.trim();
  if (!/\.json$/i.test(trimmed)) return map;
  const path = resolveDataPath(trimmed);
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new InputFileError(
      path,
      `Cannot read mapping file "${path}": it does not exist or cannot be read`,
      'check the mapping parameter (field="Column" pairs, a JSON object or a .json file)',
    );
  }
}
