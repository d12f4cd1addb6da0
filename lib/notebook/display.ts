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

function echoEnabled(): boolean {
  try {
    return Deno.env.get("CRM_NB_ECHO") === "1";
  } catch {
    return false;
  }
}

/**
 * Sends a mimebundle to the notebook (awaited), or echoes its `text/plain` when
 * `CRM_NB_ECHO=1` outside the kernel; otherwise does nothing.
 *
 * @param bundle The mimebundle to show.
 * @returns Resolves once the kernel has published the output.
 */
export async function showBundle(bundle: MimeBundle): Promise<void> {
  const display = kernelDisplay();
  if (display !== undefined) {
    await display(bundle, { raw: true });
  } else if (echoEnabled()) {
    // deno-lint-ignore no-console
    console.log(bundle["text/plain"] ?? "");
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

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
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * The mimebundle of a chart: the rendered `<svg>`/`<figure>` as `text/html` (nbconvert
 * strips `image/svg+xml` in HTML export) and the title as `text/plain`.
 *
 * @example
 * ```ts
 * import { chartBundle } from "./display.ts";
 * import * as Plot from "@observablehq/plot";
 * import { equal, match } from "node:assert/strict";
 * const b = chartBundle({ title: "Sales", marks: [Plot.barY([1, 2])] });
 * match(b["text/html"]!, /^<figure/);
 * equal(b["text/plain"], "[chart] Sales");
 * ```
 */
export function chartBundle(options: Plot.PlotOptions): MimeBundle {
  const title = typeof options.title === "string" ? options.title : "chart";
  return { "text/html": renderChart(options), "text/plain": `[chart] ${title}` };
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
}

function formatCell(value: unknown): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: "", numeric: false };
  if (typeof value === "number") {
    return {
      text: Number.isInteger(value) ? formatInteger(value) : formatNumber(value),
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

const TABLE_STYLE = "border-collapse:collapse;font-family:system-ui,sans-serif;font-size:12px";
const CELL_STYLE = "padding:2px 8px;border-bottom:1px solid #e5e7eb";

/**
 * The mimebundle of a table: HTML with numbers right-aligned and grouped (`4,338`),
 * dates as `YYYY-MM-DD`, missing values blank, at most **limit** rows and a note
 * ("showing 20 of 4,338 rows"); `text/plain` is a tab-separated preview.
 *
 * @param rows Records (the first rows' keys give the columns).
 * @param options **limit**, **title**, **columns**.
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
 * ```
 */
export function tableBundle(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions = {},
): MimeBundle {
  const { limit = 20, title } = options;
  const shown = rows.slice(0, Math.max(0, limit));
  const columns = options.columns ?? [...new Set(shown.flatMap((r) => Object.keys(r)))];
  const cells = shown.map((r) => columns.map((c) => formatCell(r[c])));
  const numericColumn = columns.map((_, j) =>
    cells.length > 0 && cells.every((row) => row[j]!.numeric || row[j]!.text === "")
  );
  const align = (
    j: number,
  ): string => (numericColumn[j] ? ";text-align:right" : ";text-align:left");
  const head = columns.map((c, j) => `<th style="${CELL_STYLE}${align(j)}">${escapeHtml(c)}</th>`)
    .join("");
  const body = cells.map((row) =>
    `<tr>${
      row.map((cell, j) => `<td style="${CELL_STYLE}${align(j)}">${escapeHtml(cell.text)}</td>`)
        .join("")
    }</tr>`
  ).join("\n");
  const count = `${formatInteger(rows.length)} row${rows.length === 1 ? "" : "s"}`;
  const note = rows.length > shown.length
    ? `showing ${formatInteger(shown.length)} of ${count}`
    : count;
  const caption = title === undefined
    ? ""
    : `<caption style="text-align:left;font-weight:bold;padding:4px 0">${
      escapeHtml(title)
    }</caption>`;
  const html = `<div class="crm-table"><table style="${TABLE_STYLE}">${caption}` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
    `<p style="font-size:11px;color:#6b7280;margin:4px 0">${note}</p></div>`;
  const preview = [
    columns.join("\t"),
    ...cells.slice(0, 5).map((row) => row.map((c) => c.text).join("\t")),
  ];
  const plain = `${title === undefined ? "Table" : title} (${count})\n${preview.join("\n")}`;
  return { "text/html": html, "text/plain": plain };
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
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions = {},
): Promise<void> {
  await showBundle(tableBundle(rows, options));
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
