/**
 * What an input kind registers: its stages, its report sections, its output tables and the
 * page's headline, subtitle and provenance lines. Adding a kind is one module of this shape
 * and one line in `INPUT_KINDS` (input_kinds.ts).
 *
 * @module
 */
import type { DatasetSummary } from "../eda/mod.ts";
import type { Format } from "../format/mod.ts";
import type { LedgerStep } from "../types.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import type { Kpi, Section } from "../report/mod.ts";
import type { Guards } from "../sections/mod.ts";
import type { Stage } from "./graph.ts";

/** The options every stage of a run sees: the report options and the kind's own input. */
export interface RunOptions<I> {
  readonly report: ReportOptions;
  readonly input: I;
}

/** What output declarations read besides the results. */
export interface OutputContext {
  readonly options: ReportOptions;
}

/** A report section: the results it reads and how it is built from them. */
export interface SectionDef<R> {
  readonly id: string;
  /** The section's title (also shown when the section is left out for the data). */
  readonly title: string;
  readonly needs: readonly (keyof R & string)[];
  readonly build: (results: R, fmt: Format, guards: Guards) => Section;
}

/** An input kind: everything the pipeline needs to run it. */
export interface InputKind<R, I> {
  readonly id: string;
  /** What the report is, the start of its title (`Customer analytics`, `CRM operations`). */
  readonly title: string;
  readonly stages: readonly Stage<R, RunOptions<I>>[];
  readonly sections: readonly SectionDef<R>[];
  readonly outputs: readonly OutputTable<R, OutputContext>[];
  /** The currency the recognised schema defines (Online Retail is sterling), if any. */
  readonly currency: (results: R) => string | undefined;
  /** The page's key figures (results of skipped stages are absent). */
  readonly headline: (results: Partial<R>, fmt: Format, options: ReportOptions) => Kpi[];
  readonly subtitle: (results: Partial<R>, fmt: Format, options: ReportOptions) => string;
  /** Lines of the report's provenance table besides file, checksum, options and code. */
  readonly provenance: (
    results: Partial<R>,
    fmt: Format,
    options: ReportOptions,
  ) => { label: string; value: string }[];
  /** The dataset overview of the run. */
  readonly summary: (results: R) => DatasetSummary;
  /** The run's ledger: every row read, removed, changed, kept. */
  readonly ledger: (results: R) => readonly LedgerStep[];
  /** Files the stages wrote themselves (quarantined rows). */
  readonly files: (results: R) => string[];
  /**
   * The input files read, when the input is more than one file (a folder of tables); the
   * provenance then lists each. @default {the `--data` file}
   */
  readonly inputFiles?: (results: R) => { readonly label: string; readonly path: string }[];
  /**
   * Engine tables the analyses read and no output does (the clean lines, the orders): the
   * main job drops them once every stage has run, so the tables and the report are written in
   * the memory they held. @default {none}
   */
  readonly workTables?: readonly string[];
}
