/**
 * Display helpers for notebooks: charts, tables, markdown and HTML go to the Jupyter
 * front end through an awaited `Deno.jupyter.display` (raw mimebundles), because the Deno
 * kernel can drop last-expression results and late console output. Outside the kernel
 * (`deno run`, `deno test`, the main job) the helpers do nothing, or print a short text
 * form when `CRM_NB_ECHO=1`.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { renderChart } from "../charts/render.ts";
import { formatInteger, formatNumber } from "../charts/theme.ts";
import { chartHtml, escapeText, htmlTableBundle } from "./_html.ts";

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

/**
 * Escapes text for HTML content and attributes.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./display.ts";
 * import { equal } from "node:assert/strict";
 * equal(escapeHtml('<a href="x">&</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return escapeText(text);
}

/**
 * The mimebundle of a chart: the rendered `<svg>`/`<figure>` as `text/html` (nbconvert
 * strips `image/svg+xml` in HTML export), in a `<div class="crm-chart">` whose scoped style
 * sizes the title and subtitle as figure text, and the title as `text/plain`.
 *
 * @example
 * ```ts
 * import { chartBundle } from "./display.ts";
 * import * as Plot from "@observablehq/plot";
 * import { equal, match } from "node:assert/strict";
 * const b = chartBundle({ title: "Sales", marks: [Plot.barY([1, 2])] });
 * match(b["text/html"]!, /^<div class="crm-chart"><style>[^<]*<\/style><figure/);
 * equal(b["text/plain"], "[chart] Sales");
 * ```
 */
export function chartBundle(options: Plot.PlotOptions): MimeBundle {
  const title = typeof options.title === "string" ? options.title : "chart";
  return { "text/html": chartHtml(renderChart(options)), "text/plain": `[chart] ${title}` };
}

/**
 * Shows a chart (Plot options, e.g. from `@crm/charts/mod.ts`) in the notebook.
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showChart } from "./display.ts";
 * import * as Plot from "@observablehq/plot";
 * await showChart({ marks: [Plot.barY([1, 2])] });
 * ```
 */
export async function showChart(options: Plot.PlotOptions): Promise<void> {
  await showBundle(chartBundle(options));
}

/** A table cell value the table helpers know how to format. */
export type CellValue = string | number | bigint | boolean | Date | null | undefined;

/** Options for {@linkcode tableBundle} and {@linkcode showTable}. */
export interface TableOptions {
  /** Rows shown; the rest are counted in a note. @default {20} */
  limit?: number;
  /** Caption above the table. @default {undefined} */
  title?: string;
  /** Columns to show, in order. @default {the keys of the first rows, in order} */
  columns?: readonly string[];
  /** Show the rows ordered by this column (missing values last). @default {input order} */
  sortBy?: string;
  /** With **sortBy**: largest first. @default {false} */
  descending?: boolean;
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

/** The rows a table shows: nulls left out, sorted (stable) when asked, at most `limit`. */
function tableRows(
  rows: readonly (object | null | undefined)[],
  options: TableOptions,
): { shown: Readonly<Record<string, unknown>>[]; total: number } {
  const { limit = 20, sortBy, descending = false } = options;
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
  return { shown: kept.slice(0, Math.max(0, limit)), total: kept.length };
}

function formatCell(value: unknown): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: "", numeric: false };
  if (typeof value === "number") {
    // Below 0.1, two decimals would hide the value (P(alive) 0.004, a = 8e-8): 3 significant digits.
    const small = value !== 0 && Math.abs(value) < 0.1 && Number.isFinite(value);
    return {
      text: Number.isInteger(value)
        ? formatInteger(value)
        : small
        ? String(Number(value.toPrecision(3)))
        : formatNumber(value),
      numeric: true,
    };
  }
  if (typeof value === "bigint") return { text: formatInteger(Number(value)), numeric: true };
  if (value instanceof Date) {
    const iso = Number.isNaN(value.getTime()) ? "" : value.toISOString();
    return { text: iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso, numeric: false };
  }
  if (typeof value === "object") return { text: JSON.stringify(value), numeric: false };
  return { text: String(value), numeric: false };
}

/**
 * The mimebundle of a table: HTML with numbers right-aligned and grouped (`4,338`; values
 * under 0.1 with three significant digits), dates as `YYYY-MM-DD`, missing values blank, at
 * most **limit** rows (after **sortBy**) and a note ("showing 20 of 4,338 rows"); `text/plain`
 * is a tab-separated preview. `null` rows (a model that was not fitted) are left out.
 *
 * @param rows Records, plain objects or typed rows (the first rows' keys give the columns).
 * @param options **limit**, **title**, **columns**, **sortBy**, **descending**.
 * @returns The mimebundle.
 *
 * @example
 * ```ts
 * import { tableBundle } from "./display.ts";
 * import { match } from "node:assert/strict";
 * const rows = Array.from({ length: 4338 }, (_, i) => ({ id: `c${i}`, revenue: 1234.5 }));
 * const b = tableBundle(rows, { title: "Customers" });
 * match(b["text/html"]!, /showing 20 of 4,338 rows/);
 * match(b["text/html"]!, /<td style="[^"]*text-align:right">1,234.5<\/td>/);
 * match(b["text/plain"]!, /^Customers \(4,338 rows\)\nid\trevenue\nc0\t1,234.5/);
 * match(tableBundle([{ p: 0.5 }, null, { p: 0.00412 }], { sortBy: "p" })["text/plain"]!, /^Table \(2 rows\)\np\n0.00412\n0.5$/);
 * ```
 */
export function tableBundle(
  rows: readonly (object | null | undefined)[],
  options: TableOptions = {},
): MimeBundle {
  const { shown, total } = tableRows(rows, options);
  const columns = options.columns ?? [...new Set(shown.flatMap((r) => Object.keys(r)))];
  const cells = shown.map((r) => columns.map((c) => formatCell(r[c])));
  return htmlTableBundle({
    headers: columns,
    numeric: columns.map((_, j) =>
      cells.length > 0 && cells.every((row) => row[j]!.numeric || row[j]!.text === "")
    ),
    cells: cells.map((row) => row.map((c) => c.text)),
    total,
    title: options.title,
  });
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
 * Shows rows as an HTML table (see {@linkcode tableBundle}).
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
 * Shows a column-form table (see {@linkcode columnRows}) as an HTML table, with the options
 * of {@linkcode showTable} (for example the 15 customers with the highest CLV:
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
