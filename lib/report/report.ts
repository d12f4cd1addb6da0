/**
 * The report model: plain data that one renderer turns into HTML, for the report page and for
 * notebook outputs alike. A section carries its findings and recommendations (sentences
 * computed from typed facts by the section's words), then its evidence: key figures, charts
 * (as Plot specifications, rendered in one place) and tables. Every block has a stable id.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";

/** A key figure shown as a tile. */
export interface Kpi {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

/** A table column: key in the rows, header label, and how to format the value. */
export interface TableColumn {
  readonly key: string;
  readonly label?: string;
  /**
   * `int` (thousands separators), `number` (2 decimals), `decimal` (2 decimals, 3 significant
   * digits below 0.1), `money`, `percent` (0..1 → %), `text`.
   */
  readonly format?: "int" | "number" | "decimal" | "money" | "percent" | "text";
  /**
   * Long text (recommendations, descriptions): the column gets room for a readable line
   * instead of being squeezed. Every text cell wraps; numbers never do. @default {false}
   */
  readonly wrap?: boolean;
}

/** A table of evidence. */
export interface TableBlock {
  readonly kind: "table";
  /** Stable id, unique in the report (`"sales.monthly"`). */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Record<string, unknown>[];
  /** Show at most this many rows (the rest is in the output table). @default {25} */
  readonly limit?: number;
  /** File under `tables/` holding the full table. */
  readonly file?: string;
}

/** A chart: its Plot specification, rendered by `renderBlock`. */
export interface ChartBlock {
  readonly kind: "chart";
  readonly id: string;
  /** Plot options from a chart function of lib/charts. */
  readonly spec: Plot.PlotOptions;
  readonly caption?: string;
}

/** Key-figure tiles. */
export interface KpiBlock {
  readonly kind: "kpis";
  readonly id: string;
  readonly items: readonly Kpi[];
}

/** Paragraphs of text. */
export interface TextBlock {
  readonly kind: "text";
  readonly id: string;
  readonly paragraphs: readonly string[];
}

/** A block of evidence inside a section. */
export type Block = KpiBlock | TableBlock | ChartBlock | TextBlock;

/** A finding or a recommendation: a sentence with a stable id (what it is about). */
export interface Statement {
  /** Stable id within the section (`"peak-month"`), so a notebook can show it next to its chart. */
  readonly id: string;
  readonly text: string;
}

/** One section of the report. */
export interface Section {
  readonly id: string;
  readonly title: string;
  /** One-sentence answer to the section's question. */
  readonly lead: string;
  readonly findings: readonly Statement[];
  readonly recommendations: readonly Statement[];
  readonly blocks: readonly Block[];
}

/** A whole report. */
export interface Report {
  readonly title: string;
  readonly subtitle: string;
  /** Headline figures at the top of the page. */
  readonly headline: readonly Kpi[];
  readonly sections: readonly Section[];
  /** Provenance: input file, checksum, preset, as-of date, options, code version. */
  readonly provenance: readonly { readonly label: string; readonly value: string }[];
  /** Generation time as text; the only line that differs between two identical runs. */
  readonly generatedAt: string;
  /** Currency symbol of money. @default {""} */
  readonly currency?: string;
  /**
   * A notice the header shows above everything else, for what a reader must know before
   * reading on (for example that the data is synthetic). @default {none}
   */
  readonly notice?: string;
}

/**
 * Collects statements, skipping the ones a words function decided not to make (`null`).
 *
 * @example
 * ```ts
 * import { statements } from "./report.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(statements({ a: "Sales grew.", b: null }), [{ id: "a", text: "Sales grew." }]);
 * ```
 */
export function statements(
  texts: Readonly<Record<string, string | null | undefined>>,
): Statement[] {
  return Object.entries(texts).flatMap(([id, text]) =>
    text === null || text === undefined ? [] : [{ id, text }]
  );
}
