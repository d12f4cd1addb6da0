/**
 * Self-contained HTML reports: a report model (sections with findings, recommendations and
 * evidence blocks with stable ids), the one block renderer shared with the notebooks, the
 * page renderer, and the esbuild bundle of the page's small script.
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
export * from "./render_block.ts";
export * from "./render_html.ts";
export * from "./bundle.ts";
