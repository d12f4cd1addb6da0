/**
 * The one renderer of report blocks: key-figure tiles, charts (Plot specifications drawn by
 * lib/charts `renderChart`), tables (cells formatted by their column with the report's
 * {@linkcode Format}) and text. The report page and the notebook outputs both use it, so a
 * notebook shows exactly what the report shows.
 *
 * @module
 */
import { renderChart } from "../charts/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Kpi, TableBlock, TableColumn } from "./report.ts";

/** Escapes text for HTML content. */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escapes text for an HTML attribute value in double quotes. */
export function attr(text: string): string {
  return esc(text).replaceAll('"', "&quot;");
}

/** True for columns whose values are numbers (right-aligned, sortable). */
export function isNumericColumn(column: TableColumn): boolean {
  return column.format !== undefined && column.format !== "text";
}

/**
 * A table cell as text: numbers by the column's format, dates as `YYYY-MM-DD`, nothing for
 * null and undefined.
 *
 * @example
 * ```ts
 * import { formatCell } from "./render_block.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal } from "node:assert/strict";
 * const fmt = createFormat({ currency: "€" });
 * equal(formatCell(1234.5, { key: "x", format: "money" }, fmt), "€1,235");
 * equal(formatCell(0.25, { key: "x", format: "percent" }, fmt), "25.0%");
 * equal(formatCell(null, { key: "x", format: "int" }, fmt), "");
 * ```
 */
export function formatCell(value: unknown, column: TableColumn, fmt: Format): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : fmt.date(value);
  if (typeof value === "bigint") return fmt.int(Number(value));
  if (typeof value !== "number") return String(value);
  switch (column.format) {
    case "int":
      return fmt.int(value);
    case "money":
      return fmt.money(value);
    case "percent":
      return fmt.percent(value);
    case "number":
      return fmt.number(value);
    case "decimal":
      return value !== 0 && Math.abs(value) < 0.1 ? fmt.significant(value) : fmt.number(value);
    default:
      return String(value);
  }
}

/** Key-figure tiles. */
export function renderKpis(items: readonly Kpi[]): string {
  if (items.length === 0) return "";
  return `<div class="kpis">${
    items.map((k) =>
      `<div class="kpi"><div class="kpi-value">${esc(k.value)}</div><div class="kpi-label">${
        esc(k.label)
      }</div>${k.note ? `<div class="kpi-note">${esc(k.note)}</div>` : ""}</div>`
    ).join("")
  }</div>`;
}

/** Options for {@linkcode renderBlock}. */
export interface RenderBlockOptions {
  /** Table rows shown. @default {the block's limit, else 25} */
  limit?: number;
  /** Say how many rows a table has even when all are shown (notebooks). @default {false} */
  countRows?: boolean;
}

/** A table: caption, header, the first rows, and a note on where the rest is. */
export function renderTable(
  block: TableBlock,
  fmt: Format,
  options: RenderBlockOptions = {},
): string {
  const limit = options.limit ?? block.limit ?? 25;
  const rows = block.rows.slice(0, limit);
  const head = block.columns.map((c) =>
    `<th scope="col" class="${isNumericColumn(c) ? "num" : ""}">${esc(c.label ?? c.key)}</th>`
  ).join("");
  const body = rows.map((row) =>
    `<tr>${
      block.columns.map((c) => {
        const v = row[c.key];
        const sortKey = typeof v === "number" && Number.isFinite(v) ? ` data-sort="${v}"` : "";
        return `<td class="${isNumericColumn(c) ? "num" : ""}"${sortKey}>${
          esc(formatCell(v, c, fmt))
        }</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  const note = block.rows.length > rows.length
    ? `<p class="table-note">Showing ${fmt.int(rows.length)} of ${fmt.int(block.rows.length)} rows${
      block.file ? `; the full table is <code>tables/${esc(block.file)}</code>` : ""
    }.</p>`
    : block.file
    ? `<p class="table-note">Also in <code>tables/${esc(block.file)}</code>.</p>`
    : options.countRows
    ? `<p class="table-note">${fmt.int(rows.length)} row${rows.length === 1 ? "" : "s"}.</p>`
    : "";
  return `<div class="table-wrap"><table class="data sortable"><caption>${
    esc(block.title)
  }</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>${note}</div>`;
}

/**
 * Renders one block to HTML (the report's classes; notebooks add the report's styles).
 *
 * @param block The block.
 * @param fmt The report's formatter (money in tables).
 * @param options **limit**: table rows shown.
 * @returns The block's HTML.
 *
 * @example
 * ```ts
 * import { renderBlock } from "./render_block.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const html = renderBlock({ kind: "table", id: "t", title: "Segments", columns: [{ key: "revenue", format: "money" }],
 *   rows: [{ revenue: 161234.5 }] }, createFormat({ currency: "$" }));
 * match(html, /<td class="num" data-sort="161234.5">\$161,235<\/td>/);
 * ```
 */
export function renderBlock(block: Block, fmt: Format, options: RenderBlockOptions = {}): string {
  switch (block.kind) {
    case "kpis":
      return renderKpis(block.items);
    case "text":
      return block.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("\n");
    case "chart":
      return `<figure class="chart">${renderChart(block.spec)}${
        block.caption ? `<figcaption>${esc(block.caption)}</figcaption>` : ""
      }</figure>`;
    case "table":
      return renderTable(block, fmt, options);
  }
}
