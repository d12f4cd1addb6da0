/**
 * Running an input kind: its stages on the graph runner, then its sections and the report
 * model built from the results (pure once the results exist).
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { createFormat, type Format } from "../format/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import { datasetName } from "../options/mod.ts";
import { outputFiles } from "../outputs/mod.ts";
import type { Report, Section } from "../report/mod.ts";
import { executiveSummary, type Guards, methodNotes } from "../sections/mod.ts";
import type { Progress } from "../util/mod.ts";
import { runGraph } from "./graph.ts";
import type { InputKind } from "./kind.ts";

/** What a run computed. */
export interface KindRun<R, I> {
  readonly kind: InputKind<R, I>;
  readonly results: R;
  /** The formatter with the run's currency (the option's, else the schema's, else none). */
  readonly fmt: Format;
  /** Seconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
  /** Why stages were left out for this data, by stage id. */
  readonly skipped: Readonly<Record<string, string>>;
  /** The evidence thresholds of the words. */
  readonly guards: Guards;
}

/**
 * Runs every stage of an input kind (independent stages at the same time).
 *
 * @param kind The input kind.
 * @param input The kind's own input (its resolved mapping).
 * @param context The database, the options and the progress reporter.
 * @returns The results, the formatter and the stage timings.
 */
export async function runKind<R, I>(
  kind: InputKind<R, I>,
  input: I,
  context: {
    db: Db;
    options: ReportOptions;
    progress: Progress;
    /** Called as each stage's result is stored (see `RunGraphOptions.onResult`). */
    onResult?: (results: Partial<R>) => void;
  },
): Promise<KindRun<R, I>> {
  const timings: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  const onResult = context.onResult;
  const results = await runGraph(kind.stages, {
    db: context.db,
    options: { report: context.options, input },
    progress: context.progress,
    timings,
    skipped,
    ...(onResult ? { onResult: (_id: string, r: Partial<R>) => onResult(r) } : {}),
  }) as R;
  const currency = context.options.currency ?? kind.currency(results) ?? "";
  const guards: Guards = { minGroupSize: context.options.minGroupSize };
  return { kind, results, fmt: createFormat({ currency }), timings, skipped, guards };
}

/**
 * The sections of a run, in page order (each built from the results it declares). A table
 * that points to a file under `tables/` must point to a declared output of the kind.
 *
 * @throws {Error} If a table links a file the kind does not declare (a bug, not a user error).
 */
export function buildSections<R, I>(run: KindRun<R, I>): Section[] {
  const declared = new Set(run.kind.outputs.flatMap((o) => outputFiles(o)));
  const sections = run.kind.sections.map((s) => {
    const left = s.needs.find((n) => n in run.skipped);
    return left === undefined
      ? s.build(run.results, run.fmt, run.guards)
      : leftOut(s.id, s.title, run.skipped[left]!);
  });
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind === "table" && block.file !== undefined && !declared.has(block.file)) {
        throw new Error(
          `Cannot build section "${section.id}": table "${block.id}" links tables/${block.file}, which no output declares`,
        );
      }
    }
  }
  return sections;
}

/**
 * The stand-in of a section the data cannot support: its title and why it is left out.
 *
 * @example
 * ```ts
 * import { leftOut } from "./run.ts";
 * import { equal } from "node:assert/strict";
 * equal(leftOut("segments", "Customer segments", "Cannot score RFM: RFM scores need at least 2 customers: the data has 1").lead,
 *   "Left out for this data: RFM scores need at least 2 customers: the data has 1.");
 * ```
 */
export function leftOut(id: string, title: string, reason: string): Section {
  const why = reason.replace(/^Cannot [^:]*: /, "").replace(/\.?$/, ".");
  return {
    id,
    title,
    lead: `Left out for this data: ${why}`,
    findings: [],
    recommendations: [],
    blocks: [],
  };
}

/** What the report page shows besides the sections. */
export interface PageFacts {
  /** Provenance lines about the input (file, size, checksum). */
  readonly input: readonly { label: string; value: string }[];
  /** The code version (`git 1a2b3c4`). */
  readonly codeVersion: string;
  /** The command that reproduces the run. */
  readonly command: string;
  /** Generation time, the one line that differs between two identical runs. */
  readonly generatedAt: string;
}

/**
 * The report model of a run: title, subtitle, headline figures, the executive summary and
 * the sections, and the provenance.
 */
export function buildReport<R, I>(
  run: KindRun<R, I>,
  options: ReportOptions,
  page: PageFacts,
): Report {
  const sections = buildSections(run);
  return {
    title: `${run.kind.title}: ${datasetName(options.data)}`,
    subtitle: run.kind.subtitle(run.results, run.fmt, options),
    headline: run.kind.headline(run.results, run.fmt, options),
    sections: [
      executiveSummary(sections),
      ...sections,
      // The method notes state the rules of the order-log analyses (partial months, cohorts).
      ...(run.kind.id === "crm" ? [] : [methodNotes(run.guards, run.fmt)]),
    ],
    provenance: [
      ...page.input,
      ...run.kind.provenance(run.results, run.fmt, options),
      { label: "Code version", value: page.codeVersion },
      { label: "Command", value: page.command },
    ],
    generatedAt: page.generatedAt,
    currency: run.fmt.currency,
  };
}
