/**
 * Display helpers for notebooks: charts, tables, key figures, findings, markdown and HTML go
 * to the Jupyter front end through an awaited `Deno.jupyter.display` (raw mimebundles),
 * because the Deno kernel can drop last-expression results and late console output. Charts,
 * tables and tiles are drawn by the report's own block renderer (lib/report), with the
 * report's styles, so a notebook shows exactly what the report shows. Outside the kernel
 * (`deno run`, `deno test`, the main job) the helpers do nothing, or print a short text form
 * when `CRM_NB_ECHO=1`.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { createFormat, type Format } from "../format/mod.ts";
import type { Block, Kpi, Section, Statement, TableColumn } from "../report/mod.ts";
import { blockStyles, formatCell, renderBlock } from "../report/mod.ts";

/** A Jupyter mimebundle: mime type → content. */
export type MimeBundle = Record<string, string>;

type Display = (obj: unknown, options?: { raw?: boolean }) => Promise<void>;

/**
 * The kernel's display function, or `undefined` outside `deno jupyter`. Touching
 * `Deno.jupyter` throws outside the kernel, hence the try/catch.
 */
function kernelDisplay(): Display | undefined {
  try {
    const jupyter = (Deno as unknown as { jupyter?: { display?: Display } }).jupyter;
    return typeof jupyter?.display === "function" ? jupyter.display.bind(jupyter) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when running inside the Deno Jupyter kernel.
 *
 * @example
 * ```ts
 * import { inKernel } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * equal(inKernel(), false);
 * ```
 */
export function inKernel(): boolean {
  return kernelDisplay() !== undefined;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** One display recorded outside the kernel when env `CRM_NB_DISPLAY_LOG` names a file. */
export interface DisplayRecord {
  /** The bundle's mime types, sorted. */
  readonly mimeTypes: readonly string[];
  /** Its `text/plain` form. */
  readonly text: string;
}

/**
 * Sends a mimebundle to the notebook (awaited). Outside the kernel it echoes the bundle's
 * `text/plain` when `CRM_NB_ECHO=1`, and appends a {@linkcode DisplayRecord} (one JSON line)
 * to the file named by `CRM_NB_DISPLAY_LOG` when set (the Jupyter-free check counts a
 * notebook's displays that way); otherwise it does nothing.
 *
 * @param bundle The mimebundle to show.
 * @returns Resolves once the kernel has published the output.
 */
export async function showBundle(bundle: MimeBundle): Promise<void> {
  const display = kernelDisplay();
  if (display !== undefined) {
    await display(bundle, { raw: true });
    return;
  }
  if (readEnv("CRM_NB_ECHO") === "1") {
    // deno-lint-ignore no-console
    console.log(bundle["text/plain"] ?? "");
  }
  const log = readEnv("CRM_NB_DISPLAY_LOG");
  if (log !== undefined && log !== "") {
    const record: DisplayRecord = {
      mimeTypes: Object.keys(bundle).sort(),
      text: bundle["text/plain"] ?? "",
    };
    await Deno.writeTextFile(log, JSON.stringify(record) + "\n", { append: true });
  }
}

let currentFormat: Format = createFormat();

/**
 * Sets the formatter (with its currency) that the display helpers use by default; the
 * workspace calls it when it opens, so every table and chart of the notebook shows money in
 * the data's currency.
 */
export function useFormat(fmt: Format): void {
  currentFormat = fmt;
}

/** The formatter the display helpers use by default. */
export function displayFormat(): Format {
  return currentFormat;
}

const SCOPE = "crm-output";
/** Notebook pages carry none of our styles: every output brings the report's block styles. */
const STYLE =
  `<style>${
    blockStyles(`.${SCOPE}`)
  }.${SCOPE}{font-family:"DejaVu Sans",system-ui,sans-serif;color:#1f2328}` +
  `.${SCOPE} figure>h2{font-size:15px;font-weight:600;margin:6px 0 2px;line-height:1.3}` +
  `.${SCOPE} figure>h3{font-size:13px;font-weight:400;color:#59636e;margin:0 0 8px;line-height:1.3}</style>`;

function wrap(html: string): string {
  return `<div class="${SCOPE}">${STYLE}${html}</div>`;
}

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * The mimebundle of a report block (chart, table, key figures or text), drawn by the report's
 * renderer with the report's styles; `text/plain` is a short text form.
 *
 * @example
 * ```ts
 * import { blockBundle } from "./display.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const b = blockBundle({ kind: "table", id: "t", title: "Segments", columns: [{ key: "segment", format: "text" },
 *   { key: "share", format: "percent" }, { key: "revenue", format: "money" }],
 *   rows: [{ segment: "champions", share: 0.134, revenue: 161234.5 }] }, { format: createFormat({ currency: "£" }) });
 * match(b["text/html"]!, /<td class="num" data-sort="0.134">13.4%<\/td><td class="num" data-sort="161234.5">£161,235<\/td>/);
 * match(b["text/plain"]!, /^Segments \(1 row\)\nsegment\tshare\trevenue\nchampions\t13.4%\t£161,235$/);
 * ```
 */
export function blockBundle(
  block: Block,
  options: { format?: Format; limit?: number } = {},
): MimeBundle {
  const fmt = options.format ?? currentFormat;
  const html = wrap(
    renderBlock(block, fmt, {
      countRows: true,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    }),
  );
  switch (block.kind) {
    case "chart": {
      const title = typeof block.spec.title === "string" ? block.spec.title : "chart";
      return { "text/html": html, "text/plain": `[chart] ${title}` };
    }
    case "table": {
      const limit = options.limit ?? block.limit ?? 25;
      const total = block.rows.length;
      const count = `${fmt.int(total)} row${total === 1 ? "" : "s"}`;
      const preview = [
        block.columns.map((c) => c.label ?? c.key).join("\t"),
        ...block.rows.slice(0, Math.min(5, limit)).map((row) =>
          block.columns.map((c) => formatCell(row[c.key], c, fmt)).join("\t")
        ),
      ];
      return {
        "text/html": html,
        "text/plain": `${block.title} (${count})\n${preview.join("\n")}`,
      };
    }
    case "kpis":
      return {
        "text/html": html,
        "text/plain": block.items.map((k) => `${k.label}: ${k.value}`).join("\n"),
      };
    case "text":
      return {
        "text/markdown": block.paragraphs.map(escapeMarkdown).join("\n\n"),
        "text/plain": block.paragraphs.join("\n\n"),
      };
  }
}

/** Shows a report block (see {@linkcode blockBundle}). */
export async function showBlock(
  block: Block,
  options: { format?: Format; limit?: number } = {},
): Promise<void> {
  await showBundle(blockBundle(block, options));
}

/**
 * The mimebundle of a chart: Plot options (from a chart function of `@crm/charts/mod.ts`) drawn
 * by the report's renderer.
 *
 * @example
 * ```ts
 * import { chartBundle } from "./display.ts";
 * import * as Plot from "@observablehq/plot";
 * import { equal, match } from "node:assert/strict";
 * const b = chartBundle({ title: "Sales", marks: [Plot.barY([1, 2])] });
 * match(b["text/html"]!, /^<div class="crm-output"><style>[^<]*<\/style><figure class="chart"><figure/);
 * equal(b["text/plain"], "[chart] Sales");
 * ```
 */
export function chartBundle(
  spec: Plot.PlotOptions,
  options: { caption?: string } = {},
): MimeBundle {
  return blockBundle({
    kind: "chart",
    id: "chart",
    spec,
    ...(options.caption !== undefined ? { caption: options.caption } : {}),
  });
}

/**
 * Shows a chart (Plot options from a chart function of `@crm/charts/mod.ts`).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showChart } from "./display.ts";
 * import * as Plot from "@observablehq/plot";
 * await showChart({ marks: [Plot.barY([1, 2])] });
 * ```
 */
export async function showChart(
  spec: Plot.PlotOptions,
  options: { caption?: string } = {},
): Promise<void> {
  await showBundle(chartBundle(spec, options));
}

/** Shows key-figure tiles. */
export async function showKpis(items: readonly Kpi[]): Promise<void> {
  await showBlock({ kind: "kpis", id: "kpis", items });
}

/** A column of {@linkcode showTable}: a key (label and format inferred) or a full column. */
export type ColumnSpec = string | TableColumn;

/** Options for {@linkcode tableBundle} and {@linkcode showTable}. */
export interface TableOptions {
  /** Rows shown; the rest are counted in a note. @default {20} */
  limit?: number;
  /** Caption above the table. @default {"Table"} */
  title?: string;
  /**
   * Columns to show, in order: keys, or `{ key, label, format }`. A key alone gets a readable
   * label (`avgOrderValue` → "avg order value") and a format from its values (whole numbers,
   * decimals with three significant digits below 0.1, dates, text).
   * @default {the keys of the first rows, in order}
   */
  columns?: readonly ColumnSpec[];
  /** Show the rows ordered by this column (missing values last). @default {input order} */
  sortBy?: string;
  /** With **sortBy**: largest first. @default {false} */
  descending?: boolean;
  /** Formatter (currency of `money` columns). @default {the workspace's} */
  format?: Format;
}

/**
 * A readable label for a column key: `avgDaysBetweenPurchases` → "avg days between purchases",
 * `rule_cltv` → "rule cltv".
 *
 * @example
 * ```ts
 * import { columnLabel } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * equal(columnLabel("avgDaysBetweenPurchases"), "avg days between purchases");
 * equal(columnLabel("p_alive"), "p alive");
 * equal(columnLabel("customerId"), "customer id");
 * ```
 */
export function columnLabel(key: string): string {
  return key.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function compareCells(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = a instanceof Date ? a.getTime() : String(a);
  const y = b instanceof Date ? b.getTime() : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The rows a table shows: nulls left out, sorted (stable) when asked. */
function keptRows(
  rows: readonly (object | null | undefined)[],
  options: TableOptions,
): Readonly<Record<string, unknown>>[] {
  const { sortBy, descending = false } = options;
  let kept = rows.filter((r): r is object => r !== null && r !== undefined) as Readonly<
    Record<string, unknown>
  >[];
  if (sortBy !== undefined) {
    const sign = descending ? -1 : 1;
    kept = kept.map((row, i) => ({ row, i, v: row[sortBy] }))
      .sort((a, b) => {
        const missing = Number(isMissing(a.v)) - Number(isMissing(b.v));
        if (missing !== 0 || isMissing(a.v)) return missing || a.i - b.i;
        return sign * compareCells(a.v, b.v) || a.i - b.i;
      })
      .map((x) => x.row);
  }
  return kept;
}

/** The column of a key, its format inferred from the values shown. */
function inferColumn(key: string, rows: readonly Readonly<Record<string, unknown>>[]): TableColumn {
  const values = rows.map((r) => r[key]).filter((v) => !isMissing(v));
  const numeric = values.length > 0 &&
    values.every((v) => typeof v === "number" || typeof v === "bigint");
  const whole = numeric && values.every((v) => typeof v === "bigint" || Number.isInteger(v));
  return {
    key,
    label: columnLabel(key),
    format: !numeric ? "text" : whole ? "int" : "decimal",
  };
}

/**
 * A table block from rows: the columns asked for (labels and formats inferred for bare keys),
 * the rows sorted as asked.
 *
 * @example
 * ```ts
 * import { tableBlock } from "./display.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const b = tableBlock([{ customerId: "a", orders: 3, pAlive: 0.00412 }], { title: "Customers" });
 * deepStrictEqual(b.columns.map((c) => [c.label, c.format]), [["customer id", "text"], ["orders", "int"], ["p alive", "decimal"]]);
 * ```
 */
export function tableBlock(
  rows: readonly (object | null | undefined)[],
  options: TableOptions = {},
): Block & { kind: "table" } {
  const kept = keptRows(rows, options);
  const specs = options.columns ?? [...new Set(kept.slice(0, 50).flatMap((r) => Object.keys(r)))];
  const columns = specs.map((c) =>
    typeof c === "string" ? inferColumn(c, kept.slice(0, 200)) : { label: columnLabel(c.key), ...c }
  );
  return {
    kind: "table",
    id: "table",
    title: options.title ?? "Table",
    columns,
    rows: kept,
    limit: options.limit ?? 20,
  };
}

/**
 * The mimebundle of a table (see {@linkcode tableBlock}): drawn by the report's table
 * renderer, at most **limit** rows with a note of how many there are; `text/plain` is a
 * tab-separated preview.
 *
 * @example
 * ```ts
 * import { tableBundle } from "./display.ts";
 * import { match } from "node:assert/strict";
 * const rows = Array.from({ length: 4338 }, (_, i) => ({ id: `c${i}`, revenue: 1234.5 }));
 * const b = tableBundle(rows, { title: "Customers" });
 * match(b["text/html"]!, /Showing 20 of 4,338 rows/);
 * match(b["text/html"]!, /<td class="num" data-sort="1234.5">1,234.50<\/td>/);
 * match(b["text/plain"]!, /^Customers \(4,338 rows\)\nid\trevenue\nc0\t1,234.50/);
 * match(tableBundle([{ p: 0.5 }, null, { p: 0.00412 }], { sortBy: "p" })["text/plain"]!, /^Table \(2 rows\)\np\n0.00412\n0.50$/);
 * ```
 */
export function tableBundle(
  rows: readonly (object | null | undefined)[],
  options: TableOptions = {},
): MimeBundle {
  return blockBundle(tableBlock(rows, options), options.format ? { format: options.format } : {});
}

/**
 * Shows rows as a table (see {@linkcode tableBundle}).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showTable } from "./display.ts";
 * await showTable([{ a: 1 }], { limit: 5 });
 * ```
 */
export async function showTable(
  rows: readonly (object | null | undefined)[],
  options: TableOptions = {},
): Promise<void> {
  await showBundle(tableBundle(rows, options));
}

/**
 * A table in column form: an object whose properties are columns (arrays or typed arrays of
 * the same length); other properties are ignored.
 */
export type ColumnTable = object;

function isColumn(value: unknown): value is ArrayLike<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as { length?: unknown }).length === "number";
}

/**
 * Rows of a column-form table (such as `clvAnalysis(...).customers`), for the table helpers:
 * row `i` holds the `i`-th value of every column. Properties that are not arrays (missing
 * columns, counts, labels) are left out; the row count is the longest column's length.
 *
 * @example
 * ```ts
 * import { columnRows } from "./display.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(columnRows({ id: ["a", "b"], clv: Float64Array.of(1.5, 2) }), [{ id: "a", clv: 1.5 }, { id: "b", clv: 2 }]);
 * ```
 */
export function columnRows(columns: ColumnTable): Record<string, unknown>[] {
  const entries = Object.entries(columns).filter((e): e is [string, ArrayLike<unknown>] =>
    isColumn(e[1])
  );
  const n = Math.max(0, ...entries.map(([, v]) => v.length));
  return Array.from(
    { length: n },
    (_, i) => Object.fromEntries(entries.map(([k, v]) => [k, v[i]])),
  );
}

/**
 * Shows a column-form table (see {@linkcode columnRows}) with the options of
 * {@linkcode showTable} (for example the 15 customers with the highest CLV:
 * `{ sortBy: "clv", descending: true, limit: 15 }`).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showColumns } from "./display.ts";
 * await showColumns({ id: ["a", "b"], clv: Float64Array.of(1.5, 2) }, { sortBy: "clv", descending: true });
 * ```
 */
export async function showColumns(columns: ColumnTable, options: TableOptions = {}): Promise<void> {
  await showBundle(tableBundle(columnRows(columns), options));
}

/** The statements with the given ids, in the order given; `"note-*"` matches every id starting with `note-`. */
function chooseStatements(items: readonly Statement[], ids?: readonly string[]): Statement[] {
  if (ids === undefined) return [...items];
  return ids.flatMap((id) =>
    items.filter((s) => id.endsWith("*") ? s.id.startsWith(id.slice(0, -1)) : s.id === id)
  );
}

/**
 * Findings or recommendations as a Markdown list, all of them or those whose id is listed
 * (in the order listed; `"note-*"` lists every id starting with `note-`; ids the words did not
 * make are skipped: a finding the data does not support is not made).
 *
 * @example
 * ```ts
 * import { statementsMarkdown } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * const found = [{ id: "a", text: "Revenue grew." }, { id: "b", text: "Churn_rate fell." }];
 * equal(statementsMarkdown(found, { ids: ["b"] }), "- Churn\\_rate fell.\n");
 * equal(statementsMarkdown(found, { title: "What we found" }), "**What we found**\n\n- Revenue grew.\n- Churn\\_rate fell.\n");
 * ```
 */
export function statementsMarkdown(
  items: readonly Statement[],
  options: { ids?: readonly string[]; title?: string } = {},
): string {
  return listMarkdown(chooseStatements(items, options.ids).map((s) => s.text), options.title);
}

/**
 * Shows findings or recommendations (all, or those with the given ids) as a Markdown list: the
 * narrative that interprets the table or chart just shown.
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showFindings } from "./display.ts";
 * await showFindings([{ id: "peak-month", text: "The best month is November." }], { ids: ["peak-month"] });
 * ```
 */
export async function showFindings(
  items: readonly Statement[],
  options: { ids?: readonly string[]; title?: string } = {},
): Promise<void> {
  const chosen = chooseStatements(items, options.ids);
  if (chosen.length === 0) {
    // Every display call shows something: a finding the data does not support is not made.
    await showMarkdown("*Nothing to add here for this data.*");
    return;
  }
  await showMarkdown(statementsMarkdown(chosen, options.title ? { title: options.title } : {}));
}

/**
 * A section's lead, findings ("What we found") and recommendations ("What to do") as
 * Markdown, worded as in the report.
 *
 * @example
 * ```ts
 * import { sectionMarkdown } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * const md = sectionMarkdown({ id: "s", title: "Sales", lead: "Revenue grew.", blocks: [],
 *   findings: [{ id: "a", text: "Revenue £1,200 from 10 orders." }], recommendations: [{ id: "b", text: "Email the top 20%." }] });
 * equal(md, "**Revenue grew.**\n\n**What we found**\n\n- Revenue £1,200 from 10 orders.\n\n**What to do**\n\n- Email the top 20%.\n");
 * ```
 */
export function sectionMarkdown(section: Section): string {
  const parts: string[] = [];
  if (section.lead !== "") parts.push(`**${escapeMarkdown(section.lead)}**`);
  const list = (items: readonly Statement[]): string =>
    items.map((item) => `- ${escapeMarkdown(item.text)}`).join("\n");
  if (section.findings.length > 0) parts.push("**What we found**", list(section.findings));
  if (section.recommendations.length > 0) {
    parts.push("**What to do**", list(section.recommendations));
  }
  return parts.join("\n\n") + "\n";
}

/** Shows a section's lead, findings and recommendations (see {@linkcode sectionMarkdown}). */
export async function showSummary(section: Section): Promise<void> {
  await showMarkdown(sectionMarkdown(section));
}

/**
 * Shows Markdown text (rendered by Jupyter and by the HTML export).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showMarkdown } from "./display.ts";
 * await showMarkdown("**4,338** customers");
 * ```
 */
export async function showMarkdown(text: string): Promise<void> {
  await showBundle({ "text/markdown": text, "text/plain": text });
}

/**
 * Escapes Markdown syntax (and `$`, which JupyterLab reads as the start of LaTeX) so text
 * shows as written.
 *
 * @example
 * ```ts
 * import { escapeMarkdown } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * equal(escapeMarkdown("missing_customer_id: 2 * $5 <b>"), "missing\\_customer\\_id: 2 \\* \\$5 &lt;b&gt;");
 * ```
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]{}#|~$]/g, (c) => `\\${c}`).replace(/</g, "&lt;").replace(
    />/g,
    "&gt;",
  );
}

/**
 * Sentences as a Markdown list under a bold title, each escaped (see
 * {@linkcode escapeMarkdown}); an empty list reads "(none)".
 *
 * @example
 * ```ts
 * import { listMarkdown } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * equal(listMarkdown(["BG/NBD fitted to 2500 customers.", "a_b"], "What we found"),
 *   "**What we found**\n\n- BG/NBD fitted to 2500 customers.\n- a\\_b\n");
 * ```
 */
export function listMarkdown(items: readonly string[], title?: string): string {
  const list = items.length === 0
    ? "(none)"
    : items.map((item) => `- ${escapeMarkdown(item)}`).join("\n");
  return `${title === undefined ? "" : `**${escapeMarkdown(title)}**\n\n`}${list}\n`;
}

/**
 * Shows sentences computed by lib (fit reports, notes) as a Markdown list under a title (see
 * {@linkcode listMarkdown}).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showList } from "./display.ts";
 * await showList(["Converged."], { title: "BG/NBD" });
 * ```
 */
export async function showList(
  items: readonly string[],
  options: { title?: string } = {},
): Promise<void> {
  await showMarkdown(listMarkdown(items, options.title));
}

/**
 * Shows an HTML fragment; its `text/plain` form is the text with tags removed.
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showHtml } from "./display.ts";
 * await showHtml("<b>done</b>");
 * ```
 */
export async function showHtml(html: string): Promise<void> {
  const plain = html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
  await showBundle({ "text/html": html, "text/plain": plain });
}
