/**
 * HTML shared by the display helpers: table markup (records and report table blocks) with
 * inline styles only (notebook pages carry no stylesheet of ours), numeric columns
 * right-aligned, a row-count note and a tab-separated `text/plain` preview; and the wrapper
 * that sizes a chart's title and subtitle for a notebook output (Plot writes them as `<h2>`
 * and `<h3>`, which notebook pages style as section headings).
 *
 * @module
 */
import { formatInteger } from "../charts/theme.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attributes. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const TABLE_STYLE = "border-collapse:collapse;font-family:system-ui,sans-serif;font-size:12px";
const CELL_STYLE = "padding:2px 8px;border-bottom:1px solid #e5e7eb";

/** A table already formatted as text. */
export interface TextTable {
  readonly headers: readonly string[];
  /** Per column: right-align it. */
  readonly numeric: readonly boolean[];
  /** The shown rows' cells as text. */
  readonly cells: readonly (readonly string[])[];
  /** Rows in the whole table (more than `cells.length` when limited). */
  readonly total: number;
  readonly title: string | undefined;
}

/** The `text/html` and `text/plain` mimebundle of a formatted table. */
export function htmlTableBundle(table: TextTable): Record<string, string> {
  const { headers, numeric, cells, total, title } = table;
  const align = (j: number): string => (numeric[j] ? ";text-align:right" : ";text-align:left");
  const head = headers.map((c, j) => `<th style="${CELL_STYLE}${align(j)}">${escapeText(c)}</th>`)
    .join("");
  const body = cells.map((row) =>
    `<tr>${
      row.map((cell, j) => `<td style="${CELL_STYLE}${align(j)}">${escapeText(cell)}</td>`).join("")
    }</tr>`
  ).join("\n");
  const count = `${formatInteger(total)} row${total === 1 ? "" : "s"}`;
  const note = total > cells.length ? `showing ${formatInteger(cells.length)} of ${count}` : count;
  const caption = title === undefined
    ? ""
    : `<caption style="text-align:left;font-weight:bold;padding:4px 0;white-space:nowrap">${
      escapeText(title)
    }</caption>`;
  const html = `<div class="crm-table"><table style="${TABLE_STYLE}">${caption}` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
    `<p style="font-size:11px;color:#6b7280;margin:4px 0">${note}</p></div>`;
  const preview = [headers.join("\t"), ...cells.slice(0, 5).map((row) => row.join("\t"))];
  const plain = `${title === undefined ? "Table" : title} (${count})\n${preview.join("\n")}`;
  return { "text/html": html, "text/plain": plain };
}

/** Scoped style for chart outputs: title and subtitle sized as figure text, not headings. */
const CHART_STYLE = "<style>.crm-chart>figure>h2{font-size:15px;font-weight:600;margin:6px 0 2px;" +
  "line-height:1.3}.crm-chart>figure>h3{font-size:13px;font-weight:400;color:#59636e;" +
  "margin:0 0 8px;line-height:1.3}.crm-chart>figure{margin:0 0 8px}" +
  // Colour-ramp legends centre their first tick label on x = 0: leave room for its left half.
  '.crm-chart svg[class$="-ramp"]{margin-left:12px}</style>';

/** A chart's markup (from `renderChart`) wrapped for a notebook output, with an optional caption. */
export function chartHtml(markup: string, caption?: string): string {
  const note = caption === undefined
    ? ""
    : `<p style="font-size:12px;color:#59636e;margin:0 0 8px">${escapeText(caption)}</p>`;
  return `<div class="crm-chart">${CHART_STYLE}${markup}${note}</div>`;
}
