/**
 * The report model: plain data that the HTML renderer turns into one self-contained page.
 * Sections carry findings and recommendations in words (computed from the numbers by the
 * code that builds them), then the evidence: key figures, charts and tables.
 *
 * @module
 */

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
  /** `int` (thousands separators), `number` (2 decimals), `money`, `percent` (0..1 → %), `text`. */
  readonly format?: "int" | "number" | "money" | "percent" | "text";
  /** Let long text wrap (recommendations, descriptions) instead of one long line. @default {false} */
  readonly wrap?: boolean;
}

/** A block of evidence inside a section. */
export type Block =
  | { readonly kind: "kpis"; readonly items: readonly Kpi[] }
  | {
    readonly kind: "table";
    readonly title: string;
    readonly columns: readonly TableColumn[];
    readonly rows: readonly Record<string, unknown>[];
    /** Show at most this many rows (the rest is in the CSV under tables/). @default {25} */
    readonly limit?: number;
    /** File under `tables/` holding the full table. */
    readonly file?: string;
  }
  | { readonly kind: "chart"; readonly markup: string; readonly caption?: string }
  | { readonly kind: "text"; readonly paragraphs: readonly string[] };

/** One section of the report. */
export interface Section {
  readonly id: string;
  readonly title: string;
  /** One-sentence answer to the section's question. */
  readonly lead: string;
  readonly findings: readonly string[];
  readonly recommendations: readonly string[];
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
  /** Currency symbol of `money` table cells. @default {"£"} */
  readonly currency?: string;
}
