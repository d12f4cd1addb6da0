/**
 * The main job (`deno task report`): decide the input kind, run its pipeline, write the
 * declared output tables and the report page. I/O happens here and in the loaders; every
 * computation is a stage of lib/pipeline.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { type CancellationMode, formatCancellations } from "../clean/mod.ts";
import { compressRows, quoteIdent, sideBySideThreads } from "../db/mod.ts";
import { isUserError } from "../errors.ts";
import { createFormat } from "../format/mod.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { LedgerStep } from "../types.ts";
import { REPORT_OPTIONS, SAMPLE_DATA } from "../options/mod.ts";
import {
  gitCommit,
  type OutputTable,
  type StartedOutputs,
  startOutputs,
  startReadyOutputs,
  writeOutputs,
} from "../outputs/mod.ts";
import type { InputKind, KindRun, OutputContext } from "../pipeline/mod.ts";
import {
  buildReport,
  CRM,
  CUSTOMER_TABLE,
  runKind,
  TRANSACTIONS,
  withCrmSections,
} from "../pipeline/mod.ts";
import { readReportScript, renderReportHtml } from "../report/mod.ts";
import { createProgress, REPO_ROOT, sha256File } from "../util/mod.ts";
import type { Progress } from "../util/mod.ts";
import { REPORT_MARKER, type StartedReport, startReport } from "./start_report.ts";

/** What one run of the main job produced. */
export interface ReportRun {
  readonly outDir: string;
  readonly files: readonly string[];
  /** The input kind (`"transactions"` or `"customers"`). */
  readonly input: string;
  /** The dataset overview (`summary.json`). */
  readonly summary: DatasetSummary;
  /** The cleaning ledger (`cleaning_ledger.csv`). */
  readonly ledger: readonly LedgerStep[];
  /** Every stage's result, by stage id. */
  readonly results: Readonly<Record<string, unknown>>;
  /** Seconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Dependencies of {@linkcode runReport} that tests replace. */
export interface RunReportDeps {
  progress?: Progress;
  /** Clock for the report's one timestamp line. @default {() => new Date()} */
  now?: () => Date;
  /**
   * The job already started by {@linkcode startReport} (the CLI starts it before importing this
   * module, so the load runs while the analyses are imported); its progress must be `progress`.
   * @default {started here}
   */
  started?: StartedReport;
}

/**
 * Runs the main job and writes `DIR/index.html` and `DIR/tables/`.
 *
 * @param options The parsed options (see `parseReportArgs` of lib/options).
 * @param deps Progress reporter, clock, and the job when the CLI has already started it.
 * @returns The output folder, files written, results and stage timings.
 * @throws {InputFileError | SchemaError | ValidationError | OptionError} For problems with the
 * input or options (the CLI prints them without a stack trace and exits with code 2).
 */
export async function runReport(
  options: ReportOptions,
  deps: RunReportDeps = {},
): Promise<ReportRun> {
  const progress = deps.progress ?? createProgress();
  const now = deps.now ?? (() => new Date());
  const { detected, db, finalDir, outDir, tablesDir, rejectsPath, load, precleaned } =
    deps.started ?? await startReport(options, progress);
  let committed = false;
  // Each table is written as soon as its results are ready, while the remaining stages run (the
  // engine writes the large ones, such as the removed rows); the table writing at the end
  // writes the rest and waits for them.
  const started: StartedOutputs = new Map();
  // A clean cache entry is written while the analyses run; the cleaned tables stay until it is.
  const cacheWrites: Promise<void>[] = [];
  const early = <R, I>(kind: InputKind<R, I>) => ({
    db,
    options,
    progress,
    onResult: (results: Partial<R>) =>
      startReadyOutputs(db, tablesDir, kind.outputs, results, { options }, started),
  });
  try {
    const run = detected.kind === "transactions"
      ? await finish(
        await runKind(TRANSACTIONS, {
          map: detected.map,
          rejectsPath,
          dropRawAfterClean: true,
          threadsAfterClean: sideBySideThreads(),
          compressAtRows: compressRows(),
          onCleanCacheWrite: (written) => cacheWrites.push(written),
          ...(load !== undefined ? { preloaded: load } : {}),
          ...(precleaned !== undefined ? { precleaned } : {}),
        }, early(TRANSACTIONS)),
      )
      : detected.kind === "crm"
      ? await finish(withCrmSections(await runKind(CRM, detected.input, early(CRM))))
      : await finish(
        await runKind(CUSTOMER_TABLE, { mapping: detected.mapping }, early(CUSTOMER_TABLE)),
      );
    await commitOutDir(outDir, finalDir);
    committed = true;
    return { ...run, outDir: finalDir, files: run.files.map((f) => f.replace(outDir, finalDir)) };
  } catch (error) {
    // A file whose every row is removed still gets its ledger: the run stops, the ledger says why.
    const ledger = (error as { ledger?: readonly LedgerStep[] }).ledger;
    if (isUserError(error) && ledger !== undefined && !committed) {
      await writeOutputs(db, tablesDir, ledgerOnly(), { ledger } as never, { options });
      await commitOutDir(outDir, finalDir);
      committed = true;
      progress.info(`the cleaning ledger is in ${join(finalDir, "tables", "cleaning_ledger.csv")}`);
    }
    throw error;
  } finally {
    // A cache entry still being written (the run stopped before cleaning ended) and tables the
    // engine is writing (the run stopped during the analyses) finish first.
    await load?.then((l) => l.cacheWritten).catch(() => {});
    await precleaned?.catch(() => {});
    await Promise.allSettled([...cacheWrites, ...started.values()]);
    db.close();
    if (!committed) await Deno.remove(outDir, { recursive: true }).catch(() => {});
  }

  async function finish<R, I>(run: KindRun<R, I>): Promise<ReportRun> {
    const timings: Record<string, number> = { ...run.timings };
    // Every stage has run: the tables only the analyses read give their memory back (once a
    // cache entry written from them is).
    await Promise.all(cacheWrites);
    for (const table of run.kind.workTables ?? []) {
      await db.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    }
    const tablesDone = progress.stage("write tables");
    const written = await startOutputs(
      db,
      tablesDir,
      run.kind.outputs,
      run.results,
      { options },
      started,
    );
    // The report is rendered while the engine writes the last tables (Parquet twins).
    let page: string;
    try {
      const done = progress.stage("report");
      page = await writeReportPage(run, options, outDir, now);
      await Deno.writeTextFile(
        join(outDir, REPORT_MARKER),
        `${JSON.stringify({ data: options.data })}\n`,
      );
      timings.report = done(join(finalDir, "index.html"));
    } catch (error) {
      await written.files.catch(() => {});
      throw error;
    }
    const files = [...run.kind.files(run.results), ...await written.files, page];
    timings.tables = tablesDone(`${files.length - 1} files`);
    return {
      outDir: finalDir,
      files,
      input: run.kind.id,
      summary: run.kind.summary(run.results),
      ledger: run.kind.ledger(run.results),
      results: run.results as Record<string, unknown>,
      timings,
    };
  }
}

/** Only the ledger of a run that stopped (every row removed). */
function ledgerOnly(): OutputTable<{ ledger: readonly LedgerStep[] }, OutputContext>[] {
  return [{
    name: "cleaning_ledger",
    format: "csv",
    description: "step, rule, rows_in, rows_removed, rows_changed, rows_out",
    needs: ["ledger"],
    columns: () => ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"],
    rows: (r) => r.ledger,
  }];
}

/** Moves the finished run into place, replacing the earlier run's folder whole. */
async function commitOutDir(tmp: string, dir: string): Promise<void> {
  let old: string | undefined;
  try {
    await Deno.stat(dir);
    old = `${tmp}.old`;
    await Deno.rename(dir, old);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.rename(tmp, dir);
  if (old !== undefined) await Deno.remove(old, { recursive: true });
}

async function writeReportPage<R, I>(
  run: KindRun<R, I>,
  options: ReportOptions,
  outDir: string,
  now: () => Date,
): Promise<string> {
  const report = buildReport(run, options, {
    input: await inputProvenance(options.data, run.kind.inputFiles?.(run.results) ?? []),
    codeVersion: `git ${await gitCommit(REPO_ROOT)}`,
    command: commandLine(options),
    generatedAt: now().toISOString().replace("T", " ").slice(0, 16) + " UTC",
  });
  const html = renderReportHtml(
    isEmbeddedSample(options.data) ? { ...report, notice: SAMPLE_NOTICE } : report,
    { script: await readReportScript() },
  );
  const path = join(outDir, "index.html");
  await Deno.writeTextFile(path, html);
  return path;
}

/** What the header of a report on the embedded sample says first. */
export const SAMPLE_NOTICE =
  "Synthetic data: this report runs on the workspace's embedded sample, a made-up transaction " +
  "log from a seeded generator (data/README.md). Its numbers and advice show what the analysis " +
  "does; they describe no real business.";

/** True when `path` is the embedded sample (the default input) of this workspace. */
export function isEmbeddedSample(path: string): boolean {
  return resolve(path) === join(REPO_ROOT, SAMPLE_DATA);
}

/**
 * The provenance lines of the input: file, size and checksum of one input file; for a folder
 * or named tables, one line per file read (kind, path, size, checksum).
 */
async function inputProvenance(
  data: string,
  files: readonly { readonly label: string; readonly path: string }[],
): Promise<{ label: string; value: string }[]> {
  const int = createFormat().int;
  if (files.length === 0) {
    const stat = await Deno.stat(data);
    return [
      { label: "Input file", value: data },
      { label: "Input size", value: `${int(stat.size)} bytes` },
      { label: "Input sha256", value: await sha256File(data) },
    ];
  }
  const lines = [];
  for (const f of files) {
    const stat = await Deno.stat(f.path);
    lines.push({
      label: `Input: ${f.label}`,
      value: `${f.path} (${int(stat.size)} bytes, sha256 ${await sha256File(f.path)})`,
    });
  }
  return lines;
}

/**
 * The command that reproduces a run: `deno task report`, the data and the preset, then every
 * option whose value differs from its default (from the declared options; not `--cache`, which
 * changes no result).
 */
export function commandLine(options: ReportOptions): string {
  const named = options.tables.length > 0;
  const parts = [
    "deno task report",
    ...(named ? [] : [`--data ${options.data}`]),
    `--preset ${options.preset}`,
  ];
  const values = options as unknown as Record<string, unknown>;
  for (const spec of REPORT_OPTIONS) {
    // --cache changes how fast the input is read, never what the report says
    if (["data", "preset", "out", "cache"].includes(spec.flag)) continue;
    const value = values[spec.param];
    if (value === undefined || value === spec.default) continue;
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`--${spec.flag} ${v}`);
      continue;
    }
    if (spec.flag === "recode" || spec.flag === "resolved-status") {
      parts.push(`--${spec.flag} '${value}'`);
      continue;
    }
    if (value instanceof Date) parts.push(`--${spec.flag} ${value.toISOString().slice(0, 10)}`);
    else if (typeof value === "boolean") {
      if (value) parts.push(`--${spec.flag}`);
    } else if (Array.isArray(value)) {
      if (value.length > 0) parts.push(`--${spec.flag} ${value.join(",")}`);
    } else if (typeof value === "object") {
      const mode = formatCancellations(value as CancellationMode);
      if (mode !== spec.default) parts.push(`--${spec.flag} "${mode}"`);
    } else if (value === "\t") parts.push(`--${spec.flag} tab`);
    else if (typeof value === "string" && /[\s"';|,]/.test(value)) {
      parts.push(`--${spec.flag} "${value}"`);
    } else parts.push(`--${spec.flag} ${value}`);
  }
  return parts.join(" ");
}
