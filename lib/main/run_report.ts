/**
 * The main job (`deno task report`): decide the input kind, run its pipeline, write the
 * declared output tables and the report page. I/O happens here and in the loaders; every
 * computation is a stage of lib/pipeline.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { openDb } from "../db/mod.ts";
import { createFormat } from "../format/mod.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { LedgerStep } from "../types.ts";
import { REPORT_OPTIONS, SAMPLE_DATA } from "../options/mod.ts";
import { gitCommit, sha256File, writeOutputs } from "../outputs/mod.ts";
import type { KindRun } from "../pipeline/mod.ts";
import {
  buildReport,
  CUSTOMER_TABLE,
  detectInput,
  runKind,
  TRANSACTIONS,
} from "../pipeline/mod.ts";
import { readReportScript, renderReportHtml } from "../report/mod.ts";
import { createProgress, REPO_ROOT } from "../util/mod.ts";
import type { Progress } from "../util/mod.ts";

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
}

/**
 * Runs the main job and writes `DIR/index.html` and `DIR/tables/`.
 *
 * @param options The parsed options (see `parseReportArgs` of lib/options).
 * @param deps Progress reporter and clock.
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
  const outDir = resolve(options.out);
  const tablesDir = join(outDir, "tables");
  const detected = await detectInput(options);
  await Deno.mkdir(tablesDir, { recursive: true });
  const db = await openDb();
  try {
    const context = { db, options, progress };
    return detected.kind === "transactions"
      ? await finish(
        await runKind(TRANSACTIONS, {
          map: detected.map,
          rejectsPath: join(tablesDir, "rejected_rows.csv"),
        }, context),
      )
      : await finish(await runKind(CUSTOMER_TABLE, { mapping: detected.mapping }, context));
  } finally {
    db.close();
  }

  async function finish<R, I>(run: KindRun<R, I>): Promise<ReportRun> {
    const timings: Record<string, number> = { ...run.timings };
    let done = progress.stage("write tables");
    const files = [
      ...run.kind.files(run.results),
      ...await writeOutputs(db, tablesDir, run.kind.outputs, run.results, { options }),
    ];
    timings.tables = done(`${files.length} files`);
    done = progress.stage("report");
    files.push(await writeReportPage(run, options, outDir, now));
    timings.report = done(join(outDir, "index.html"));
    return {
      outDir,
      files,
      input: run.kind.id,
      summary: run.kind.summary(run.results),
      ledger: run.kind.ledger(run.results),
      results: run.results as Record<string, unknown>,
      timings,
    };
  }
}

async function writeReportPage<R, I>(
  run: KindRun<R, I>,
  options: ReportOptions,
  outDir: string,
  now: () => Date,
): Promise<string> {
  const stat = await Deno.stat(options.data);
  const report = buildReport(run, options, {
    input: [
      { label: "Input file", value: options.data },
      { label: "Input size", value: `${createFormat().int(stat.size)} bytes` },
      { label: "Input sha256", value: await sha256File(options.data) },
    ],
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
 * The command that reproduces a run: `deno task report`, the data and the preset, then every
 * option whose value differs from its default (from the declared options).
 */
export function commandLine(options: ReportOptions): string {
  const parts = ["deno task report", `--data ${options.data}`, `--preset ${options.preset}`];
  const values = options as unknown as Record<string, unknown>;
  for (const spec of REPORT_OPTIONS) {
    if (spec.flag === "data" || spec.flag === "preset" || spec.flag === "out") continue;
    const value = values[spec.param];
    if (value === undefined || value === spec.default) continue;
    if (value instanceof Date) parts.push(`--${spec.flag} ${value.toISOString().slice(0, 10)}`);
    else if (typeof value === "boolean") {
      if (value) parts.push(`--${spec.flag}`);
    } else if (spec.flag === "date-format") parts.push(`--${spec.flag} "${value}"`);
    else parts.push(`--${spec.flag} ${value}`);
  }
  return parts.join(" ");
}
