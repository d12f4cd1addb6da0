/**
 * A notebook's workspace: the pipeline of the main job, run lazily. A notebook opens it with
 * its parameters (read with the declared options' rules, no command-line round trip) and asks
 * for the results it shows (`await ws.get("eda")`); each stage runs once, with what it needs.
 *
 * @module
 */
import { join } from "node:path";
import { type Db, openDb } from "../db/mod.ts";
import { createFormat, type Format } from "../format/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import { datasetName } from "../options/mod.ts";
import type { TransactionInput, TransactionResults } from "../pipeline/mod.ts";
import { buildSections, detectInput, TRANSACTIONS } from "../pipeline/mod.ts";
import { InputFileError } from "../errors.ts";
import type { Section } from "../report/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import { REPO_ROOT } from "./_env.ts";
import { notebookReportOptions, stagesOnDemand } from "./_stages.ts";
import { useFormat } from "./display.ts";

/** Data paths and the report options of notebook parameters (shared with the CRM workspace). */
export { REPORT_PARAMS, resolveDataPath } from "./_stages.ts";

/** A stage id of a transaction-log run. */
export type StageId = keyof TransactionResults & string;

/** The pipeline of the main job, open in a notebook. */
export interface Workspace {
  /** The analysis database (its tables: `raw_transactions`, `clean_transactions`, `orders`, …). */
  readonly db: Db;
  /** The options the notebook's parameters stand for. */
  readonly options: ReportOptions;
  /** The file's dataset name (`online_retail_II_year2010-2011`). */
  readonly dataset: string;
  /**
   * The formatter with the run's currency (the `currency` parameter, else the schema's, else
   * none); known once the data is loaded.
   */
  readonly fmt: Format;
  /** The result of a stage, running it (and what it needs) the first time it is asked for. */
  get<K extends StageId>(id: K): Promise<TransactionResults[K]>;
  /** The report section `id` ("data-quality", "sales", "behaviour", "segments", "cohorts", "clv"). */
  section(id: string): Promise<Section>;
  /** Closes the database. */
  close(): void;
}

/** Options for {@linkcode openWorkspace}. */
export interface OpenWorkspaceOptions {
  /** Progress reporter. @default {a silent one: notebook cells show results, not progress} */
  progress?: Progress;
  /** Folder for quarantined rows (`onInvalid: "quarantine"`). @default {"reports/notebooks"} */
  rejectsDir?: string;
}

/**
 * Opens the workspace of a notebook: checks its parameters with the options' rules (a bad
 * value stops the cell with the message the main job would give), loads the transaction log
 * and cleans it, as `deno task report` does. Later stages run on demand with
 * {@linkcode Workspace.get}. Close it when done.
 *
 * @param params The notebook's parameters (`data`, `preset`, `asOf`, `map`, …).
 * @param options Progress and the folder for quarantined rows.
 * @returns The workspace, with `load` and `clean` done.
 * @throws {InputFileError | SchemaError | CsvParseError | OptionError} For a problem with the
 *   file or the parameters (the message says what to change).
 *
 * @example
 * ```ts
 * import { openWorkspace } from "./workspace.ts";
 * import { equal } from "node:assert/strict";
 * // cache "off": read the file, write no load cache (notebooks keep the default "on")
 * const ws = await openWorkspace({
 *   data: "data/sample_online_retail.csv.gz",
 *   preset: "classic",
 *   cache: "off",
 * });
 * const clean = await ws.get("clean");
 * equal(clean.preset, "classic");
 * equal((await ws.get("dataset")).rowsClean, clean.rowsClean);
 * equal(ws.fmt.currency, "£"); // Online Retail is sterling
 * ws.close();
 * ```
 */
export async function openWorkspace(
  params: Readonly<Record<string, unknown>>,
  options: OpenWorkspaceOptions = {},
): Promise<Workspace> {
  const report = notebookReportOptions(params);
  const progress = options.progress ?? createProgress({ write: () => {} });
  const detected = await detectInput(report);
  if (detected.kind === "crm") {
    throw new InputFileError(
      report.data,
      `Cannot open the notebook workspace: "${report.data}" holds CRM tables, not a transaction log`,
      "open CRM tables with openCrmWorkspace (notebook 07-crm-operations)",
    );
  }
  if (detected.kind !== "transactions") {
    throw new InputFileError(
      report.data,
      `Cannot open the notebook workspace: "${report.data}" is a customer-level table`,
      "the notebooks read transaction logs; run `deno task report --data` on a customer table",
    );
  }
  const dataset = datasetName(report.data);
  const input: TransactionInput = {
    map: detected.map,
    rejectsPath: join(
      options.rejectsDir ?? join(REPO_ROOT, "reports", "notebooks"),
      `${dataset}.rejected_rows.csv`,
    ),
  };
  const db = await openDb();
  const stages = stagesOnDemand(TRANSACTIONS.stages, { db, options: { report, input }, progress });
  const get = stages.get;
  try {
    await get("clean");
  } catch (error) {
    db.close();
    throw error;
  }
  const fmt = createFormat({
    currency: report.currency ?? TRANSACTIONS.currency(stages.done() as TransactionResults) ?? "",
  });
  useFormat(fmt);
  return {
    db,
    options: report,
    dataset,
    fmt,
    get,
    async section(id) {
      const def = TRANSACTIONS.sections.find((s) => s.id === id);
      if (def === undefined) {
        throw new RangeError(
          `Cannot build section "${id}": the sections are ${
            TRANSACTIONS.sections.map((s) => `"${s.id}"`).join(", ")
          }`,
        );
      }
      await stages.run(def.needs);
      return buildSections({
        kind: { ...TRANSACTIONS, sections: [def] },
        results: stages.done() as TransactionResults,
        fmt,
        timings: {},
        skipped: stages.skipped(),
        guards: { minGroupSize: report.minGroupSize },
      })[0]!;
    },
    close: () => db.close(),
  };
}
