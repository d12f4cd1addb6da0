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
import { formatCell, isNumericColumn } from "./format_cell.ts";
import type { Block, Kpi, TableBlock, TableColumn } from "./report.ts";
import { embedTableData } from "./embed_data.ts";
import { dataValue, tableData } from "./table_data.ts";

/** Escapes text for HTML content. */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escapes text for an HTML attribute value in double quotes. */
export function attr(text: string): string {
  return esc(text).replaceAll('"', "&quot;");
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
  /**
   * Render for the report page: each block carries its id (`data-block`) and each table embeds
   * every row as JSON for the page script (filter, sort, pages, CSV download). Notebook outputs
   * do not. @default {false}
   */
  page?: boolean;
}

/** The classes of a cell of `column`: numbers right-aligned on one line, long text wider. */
function cellClass(column: TableColumn): string {
  return isNumericColumn(column) ? "num" : column.wrap ? "wrap" : "";
}

/** The note under a table: how many rows are shown and where the rest is. */
function tableNote(
  block: TableBlock,
  shown: number,
  fmt: Format,
  options: RenderBlockOptions,
): string {
  const total = block.rows.length;
  // A reader of an e-mailed report has no tables folder: name the file and say whose it is.
  const file = block.file
    ? `<code>${esc(block.file)}</code> in the tables folder of the run`
    : undefined;
  if (total > shown) {
    return `<p class="table-note" data-note="partial">Showing ${fmt.int(shown)} of ${
      fmt.int(total)
    } rows${file ? `; the complete table is ${file}` : ""}.</p>`;
  }
  if (file) return `<p class="table-note">Also ${file}.</p>`;
  if (options.countRows) {
    return `<p class="table-note">${fmt.int(shown)} row${shown === 1 ? "" : "s"}.</p>`;
  }
  return "";
}

/**
 * A table: caption, header, the first rows and a note on where the rest is; with
 * on the report **page**, every row as JSON for the page script too.
 *
 * @example
 * ```ts
 * import { renderTable } from "./render_block.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const html = renderTable({ kind: "table", id: "t", title: "Customers", file: "customers.csv", limit: 1,
 *   columns: [{ key: "id", format: "text" }, { key: "action", format: "text", wrap: true }],
 *   rows: [{ id: "a", action: "call" }, { id: "b", action: "<wait>" }] }, createFormat(), { page: true });
 * match(html, /<td class="wrap">call<\/td>/);
 * match(html, /Showing 1 of 2 rows; the complete table is <code>customers.csv<\/code> in the tables folder of the run\./);
 * match(html, /<script type="application\/json" class="table-data">\{"id":"t",[^<]*"\\u003cwait\\u003e"/);
 * ```
 */
export function renderTable(
  block: TableBlock,
  fmt: Format,
  options: RenderBlockOptions = {},
): string {
  const limit = options.limit ?? block.limit ?? 25;
  const rows = block.rows.slice(0, limit);
  const head = block.columns.map((c) =>
    `<th scope="col" class="${cellClass(c)}">${esc(c.label ?? c.key)}</th>`
  ).join("");
  // Cells are drawn from the values the page embeds, as the page script draws them.
  const body = rows.map((row) =>
    `<tr>${
      block.columns.map((c) => {
        const v = dataValue(row[c.key]);
        const sortKey = typeof v === "number" ? ` data-sort="${v}"` : "";
        return `<td class="${cellClass(c)}"${sortKey}>${esc(formatCell(v, c, fmt))}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  const data = options.page
    ? `\n<script type="application/json" class="table-data">${
      embedTableData(tableData(block, { currency: fmt.currency, limit }))
    }</script>`
    : "";
  const id = options.page ? ` data-block="${attr(block.id)}"` : "";
  return `<div class="table-wrap"${id}><table class="data"><caption>${
    esc(block.title)
  }</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>${tableNote(block, rows.length, fmt, options)}${data}</div>`;
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
      return `<figure class="chart"${options.page ? ` data-block="${attr(block.id)}"` : ""}>${
        renderChart(block.spec)
      }${block.caption ? `<figcaption>${esc(block.caption)}</figcaption>` : ""}</figure>`;
    case "table":
      return renderTable(block, fmt, options);
  }
}
