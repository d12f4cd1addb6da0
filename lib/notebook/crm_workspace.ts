/**
 * A notebook's workspace on CRM tables: the main job's CRM pipeline, run lazily from the
 * notebook's parameters, as {@linkcode openWorkspace} does for transaction logs. It opens a
 * folder of tables (`data: "data/sample_crm/"`) or a single file read as the table its columns
 * say (a ticket export, or an order log read as CRM transactions).
 *
 * @module
 */
import { recognizeCrmFile } from "../crm/mod.ts";
import { type Db, openDb } from "../db/mod.ts";
import { InputFileError } from "../errors.ts";
import { createFormat, type Format } from "../format/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import { datasetName } from "../options/mod.ts";
import type { CrmPart, CrmResults, CrmRunInput } from "../pipeline/mod.ts";
import {
  buildSections,
  CRM,
  crmPartPresent,
  crmRunFlags,
  crmRunInput,
  crmSectionsFor,
  readMappingText,
} from "../pipeline/mod.ts";
import type { Section } from "../report/mod.ts";
import { executiveSummary } from "../sections/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import type * as Plot from "@observablehq/plot";
import { showChart, showMarkdown, useFormat } from "./display.ts";
import { notebookReportOptions, stagesOnDemand } from "./_stages.ts";

/** A stage id of a CRM run. */
export type CrmStageId = keyof CrmResults & string;

/** The CRM pipeline of the main job, open in a notebook. */
export interface CrmWorkspace {
  /** The analysis database (its tables: `crm_<kind>` for every kind, empty when absent). */
  readonly db: Db;
  /** The options the notebook's parameters stand for. */
  readonly options: ReportOptions;
  /** The folder's or file's dataset name (`sample_crm`). */
  readonly dataset: string;
  /** The formatter with the run's currency (the `currency` parameter, else none). */
  readonly fmt: Format;
  /** The result of a stage, running it (and what it needs) the first time it is asked for. */
  get<K extends CrmStageId>(id: K): Promise<CrmResults[K]>;
  /** Whether the tables read support an analysis (`support` needs interactions, …). */
  present(part: CrmPart): Promise<boolean>;
  /**
   * One line on an analysis: the tables it reads, or that the input has none (its cells then
   * show empty results).
   */
  about(part: CrmPart): Promise<string>;
  /**
   * The report section `id` ("crm-quality", "support", "sales-team", "products",
   * "purchase-behaviour", "segments"); for an analysis the tables do not support, a stand-in
   * that says so.
   */
  section(id: string): Promise<Section>;
  /**
   * Shows a chart of an analysis, or, when the input has no data for it (`rows` empty, or the
   * tables absent), a one-line note that says why: a notebook on any input shows no empty
   * charts.
   */
  showChart(part: CrmPart, rows: readonly unknown[], spec: Plot.PlotOptions): Promise<void>;
  /** The report's summary of the sections this input supports. */
  summary(): Promise<Section>;
  /** Closes the database. */
  close(): void;
}

/** What each analysis reads, for {@linkcode CrmWorkspace.about}. */
const NEEDS: Readonly<Record<CrmPart, string>> = {
  support: "an interactions table",
  sales: "a pipeline table (with a sales team and targets for attainment)",
  products: "a transactions table, or a pipeline with products",
  behaviour: "a transactions table and a customers table",
  segments: "a transactions table",
};

/** The kinds each analysis reads. */
const READS: Readonly<Record<CrmPart, readonly string[]>> = {
  support: ["interactions", "customers"],
  sales: ["pipeline", "sales_team", "targets"],
  products: ["transactions", "pipeline", "products"],
  behaviour: ["transactions", "customers", "products"],
  segments: ["transactions"],
};

const SECTION_PART: Readonly<Record<string, CrmPart>> = {
  support: "support",
  "sales-team": "sales",
  products: "products",
  "purchase-behaviour": "behaviour",
  segments: "segments",
};

/**
 * Opens the CRM workspace of a notebook: checks its parameters with the options' rules, then
 * reads and validates the tables as `deno task report --data FOLDER` does. The analyses run
 * on demand with {@linkcode CrmWorkspace.get}. Close it when done.
 *
 * @param params The notebook's parameters (`data`, `map`, `recode`, `resolvedStatus`, …).
 * @param options Progress reporter.
 * @returns The workspace, with `read` and `validate` done.
 * @throws {InputFileError | SchemaError | OptionError} For a problem with the files or the
 *   parameters (the message says what to change).
 *
 * @example
 * ```ts
 * import { openCrmWorkspace } from "./crm_workspace.ts";
 * import { equal } from "node:assert/strict";
 * const ws = await openCrmWorkspace({ data: "data/sample_crm/" });
 * equal((await ws.get("validate")).kinds.length, 8);
 * equal(await ws.present("support"), true);
 * equal((await ws.section("support")).title, "Support channels");
 * ws.close();
 * ```
 */
export async function openCrmWorkspace(
  params: Readonly<Record<string, unknown>>,
  options: { progress?: Progress } = {},
): Promise<CrmWorkspace> {
  const report = notebookReportOptions(params);
  const progress = options.progress ?? createProgress({ write: () => {} });
  const mapText = report.map === undefined ? undefined : await readMappingText(report.map);
  const input = await crmRunInput(report, mapText) ?? await singleTable(report, mapText);
  const db = await openDb();
  const fmt = createFormat({ currency: report.currency ?? "" });
  useFormat(fmt);
  const stages = stagesOnDemand(CRM.stages, { db, options: { report, input }, progress });
  const { get, run } = stages;
  try {
    await get("validate");
  } catch (error) {
    db.close();
    throw error;
  }
  const present = async (part: CrmPart): Promise<boolean> => {
    if (part === "segments") await run(["segments"]);
    return crmPartPresent(stages.done(), part);
  };
  const section = async (id: string): Promise<Section> => {
    const def = CRM.sections.find((s) => s.id === id);
    if (def === undefined) {
      throw new RangeError(
        `Cannot build section "${id}": the sections are ${
          CRM.sections.map((s) => `"${s.id}"`).join(", ")
        }`,
      );
    }
    await run(def.needs);
    const part = SECTION_PART[id];
    if (
      part !== undefined &&
      !crmSectionsFor(stages.done(), stages.skipped()).some((s) => s.id === id)
    ) {
      return {
        id,
        title: def.title,
        lead: `Not in this data: this analysis needs ${NEEDS[part]}.`,
        findings: [],
        recommendations: [],
        blocks: [],
      };
    }
    return buildSections({
      kind: { ...CRM, sections: [def] },
      results: stages.done() as CrmResults,
      fmt,
      timings: {},
      skipped: stages.skipped(),
      guards: { minGroupSize: report.minGroupSize },
    })[0]!;
  };
  return {
    db,
    options: report,
    dataset: datasetName(report.data),
    fmt,
    get,
    present,
    async about(part) {
      const read = await get("read");
      if (!(await present(part))) {
        return `*This input lacks what this analysis needs (${
          NEEDS[part]
        }): the cells below show only what can be computed without it, and the report leaves the section out.*`;
      }
      const files = read.tables.filter((t) => READS[part].includes(t.kind))
        .map((t) => `${t.kind} (\`${t.file.split(/[\\/]/).pop()}\`)`).join(", ");
      return `This analysis reads ${files}.`;
    },
    section,
    async showChart(part, rows, spec) {
      if (!(await present(part))) {
        await showMarkdown(`*No chart: this input has no data for it (it needs ${NEEDS[part]}).*`);
      } else if (rows.length === 0) {
        await showMarkdown("*No chart: nothing to draw for this data.*");
      } else {
        await showChart(spec);
      }
    },
    async summary() {
      await run(CRM.stages.map((s) => s.id));
      const sections = [];
      for (const def of crmSectionsFor(stages.done(), stages.skipped())) {
        sections.push(await section(def.id));
      }
      return executiveSummary(sections);
    },
    close: () => db.close(),
  };
}

/** A single file read as the CRM table its columns say, whatever its kind. */
async function singleTable(
  report: ReportOptions,
  mapText: string | undefined,
): Promise<CrmRunInput> {
  const flags = crmRunFlags(report, mapText);
  const t = await recognizeCrmFile(report.data, flags.map);
  if ("reason" in t) {
    throw new InputFileError(
      report.data,
      `Cannot open "${report.data}" as CRM tables: ${t.reason}`,
      t.hint ?? 'give a folder of CRM tables, or map the columns with --map KIND.field="Column"',
    );
  }
  return { ...flags, folder: undefined, tables: [{ kind: t.kind, path: report.data }] };
}
