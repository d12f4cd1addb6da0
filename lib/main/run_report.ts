import { join, resolve } from "node:path";
import { openDb } from "../db/mod.ts";
import type { Db } from "../db/mod.ts";
import { cleanTransactions } from "../clean/mod.ts";
import type { CleanResult } from "../clean/mod.ts";
import { loadTransactions, parseMapping } from "../load/mod.ts";
import type { LoadResult } from "../load/mod.ts";
import { InputFileError } from "../errors.ts";
import type { Block, Section } from "../report/mod.ts";
import { bundleReportScript, formatInt, formatMoney, renderReportHtml } from "../report/mod.ts";
import { createProgress } from "../util/mod.ts";
import type { Progress } from "../util/mod.ts";
import type { ReportOptions } from "./options.ts";
import { datasetName } from "./options.ts";
import { copyQueryToCsv, gitCommit, sha256File, writeJson, writeTable } from "./output.ts";
import { dataQualitySection } from "./sections/data_quality.ts";
import type { DatasetSummary } from "./sections/data_quality.ts";
import { REPO_ROOT } from "../util/mod.ts";

/** What one run of the main job produced. */
export interface ReportRun {
  readonly outDir: string;
  readonly files: readonly string[];
  readonly summary: DatasetSummary;
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
 * Runs the main job: load → clean → tables → report. I/O happens here and in the loader only.
 */
export async function runReport(options: ReportOptions, deps: RunReportDeps = {}): Promise<ReportRun> {
  const progress = deps.progress ?? createProgress();
  const now = deps.now ?? (() => new Date());
  const outDir = resolve(options.out);
  const tablesDir = join(outDir, "tables");
  await Deno.mkdir(tablesDir, { recursive: true });
  const timings: Record<string, number> = {};
  const files: string[] = [];
  const db = await openDb();
  try {
    let done = progress.stage(`load ${options.data}`);
    const load = await loadTransactions(db, {
      path: options.data,
      ...(options.map !== undefined ? { map: await readMapping(options.map) } : {}),
      ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
      onInvalid: options.onInvalid,
      rejectsPath: join(tablesDir, "rejected_rows.csv"),
      progress,
    });
    timings.load = done(`${formatInt(load.rowsLoaded)} rows (${load.format}, ${load.schema}, dates ${load.dateFormat})`);
    if (load.rejectsFile) files.push(load.rejectsFile);

    done = progress.stage(`clean (${options.preset})`);
    const clean = await cleanTransactions(db, {
      preset: options.preset,
      rowsRead: load.rowsRead,
      rowsRejected: load.rowsRejected,
    });
    timings.clean = done(`${formatInt(clean.rowsClean)} of ${formatInt(clean.rowsRaw)} rows kept`);

    done = progress.stage("write tables");
    const summary = await datasetSummary(db, clean);
    files.push(
      ...await writeTable(db, tablesDir, "cleaning_ledger", clean.ledger, {
        columns: ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"],
      }),
    );
    files.push(
      await writeJson(join(tablesDir, "summary.json"), {
        dataset: datasetName(options.data),
        preset: options.preset,
        rows_raw: summary.rowsRaw,
        rows_clean: summary.rowsClean,
        customers: summary.customers,
        invoices: summary.invoices,
        first_date: summary.firstDate,
        last_date: summary.lastDate,
        revenue: round2(summary.revenue),
      }),
    );
    if (!options.noRemovedRows) {
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
    timings.tables = done(`${files.length} files`);

    done = progress.stage("report");
    const sections: Section[] = [
      dataQualitySection(clean, summary, load, [] as Block[]),
    ];
    const html = renderReportHtml({
      title: `Customer analytics: ${datasetName(options.data)}`,
      subtitle: `${summary.firstDate} to ${summary.lastDate} · ${formatInt(summary.customers)} customers · preset "${options.preset}"`,
      headline: [
        { label: "Revenue (clean)", value: formatMoney(summary.revenue) },
        { label: "Customers", value: formatInt(summary.customers) },
        { label: "Invoices", value: formatInt(summary.invoices) },
        { label: "Rows kept", value: `${formatInt(summary.rowsClean)} / ${formatInt(summary.rowsRaw)}` },
      ],
      sections,
      provenance: await provenance(options, load),
      generatedAt: now().toISOString().replace("T", " ").slice(0, 16) + " UTC",
    }, { script: await bundleReportScript() });
    const htmlPath = join(outDir, "index.html");
    await Deno.writeTextFile(htmlPath, html);
    files.push(htmlPath);
    timings.report = done(htmlPath);
    return { outDir, files, summary, clean, timings };
  } finally {
    db.close();
  }
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

async function readMapping(text: string): Promise<ReturnType<typeof parseMapping>> {
  if (/\.json$/i.test(text.trim())) {
    try {
      return parseMapping(await Deno.readTextFile(text.trim()));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new InputFileError(text, `Cannot read mapping file "${text}": it does not exist`, "check the path given to --map");
      }
      throw error;
    }
  }
  return parseMapping(text);
}

async function provenance(options: ReportOptions, load: LoadResult): Promise<{ label: string; value: string }[]> {
  const stat = await Deno.stat(options.data);
  return [
    { label: "Input file", value: options.data },
    { label: "Input size", value: `${formatInt(stat.size)} bytes` },
    { label: "Input sha256", value: await sha256File(options.data) },
    { label: "Format and schema", value: `${load.format}, ${load.schema}, ${load.encoding}, dates "${load.dateFormat}"` },
    { label: "Cleaning preset", value: options.preset },
    { label: "As-of date", value: options.asOf ? options.asOf.toISOString().slice(0, 10) : "default (two days after the last transaction)" },
    { label: "Code version", value: `git ${await gitCommit(REPO_ROOT)}` },
    { label: "Command", value: `deno task report --data ${options.data} --preset ${options.preset}` },
  ];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
