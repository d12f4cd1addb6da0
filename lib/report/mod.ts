/**
 * Self-contained HTML reports: a report model (sections with findings, recommendations and
 * evidence blocks with stable ids), the one block renderer shared with the notebooks, the
 * page renderer with its print layout, each table's embedded data (filter, sort, pages, CSV
 * download in the page) and the page's small script, bundled once by `deno task bundle`.
 *
 * @example
 * ```ts
 * import { renderReportHtml } from "./mod.ts";
 * import { match } from "node:assert/strict";
 * const html = renderReportHtml({ title: "T", subtitle: "", headline: [{ label: "Rows", value: "1,234" }],
 *   sections: [], provenance: [], generatedAt: "now" });
 * match(html, /1,234/);
 * ```
 *
 * @module
 */
export * from "./report.ts";
export * from "./format_cell.ts";
export * from "./table_data.ts";
export * from "./embed_data.ts";
export * from "./render_block.ts";
export * from "./render_html.ts";
export * from "./client_script.ts";
