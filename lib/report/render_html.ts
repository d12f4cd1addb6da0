import { createFormat, type Format } from "../format/mod.ts";
import type { Report, Section } from "./report.ts";
import { attr, esc, renderBlock, renderKpis } from "./render_block.ts";

/** Options for {@linkcode renderReportHtml}. */
export interface RenderReportOptions {
  /** JavaScript inlined at the end of the page (the esbuild bundle). @default {""} */
  script?: string;
}

/**
 * Renders a report as one self-contained HTML page: inline CSS, inline SVG charts, an optional
 * inline script, no external URL. Pure: the same report gives the same bytes.
 *
 * @example
 * ```ts
 * import { renderReportHtml } from "./render_html.ts";
 * import { match, doesNotMatch } from "node:assert/strict";
 * const html = renderReportHtml({
 *   title: "Data quality", subtitle: "sample", headline: [{ label: "Rows", value: "10" }],
 *   sections: [{ id: "q", title: "Cleaning", lead: "All rows accounted for.", findings: [{ id: "a", text: "2 < 3" }],
 *     recommendations: [], blocks: [] }],
 *   provenance: [{ label: "file", value: "a.csv" }], generatedAt: "2026-01-01 00:00 UTC",
 * });
 * match(html, /<h2 id="q">Cleaning<\/h2>/);
 * match(html, /2 &lt; 3/);
 * doesNotMatch(html, /src="http/);
 * ```
 */
export function renderReportHtml(report: Report, options: RenderReportOptions = {}): string {
  const fmt = createFormat({ currency: report.currency ?? "" });
  const toc = report.sections.map((s) => `<li><a href="#${attr(s.id)}">${esc(s.title)}</a></li>`)
    .join("");
  const notice = report.notice ? `<p class="notice" role="note">${esc(report.notice)}</p>` : "";
  const { html: body, styles } = hoistChartStyles(
    [
      `<header class="page-head"><h1>${esc(report.title)}</h1>${notice}<p class="subtitle">${
        esc(report.subtitle)
      }</p>${renderKpis(report.headline)}</header>`,
      `<nav class="toc" aria-label="Contents"><h2 class="toc-title">Contents</h2><ol>${toc}</ol></nav>`,
      ...report.sections.map((s) => renderSection(s, fmt)),
      renderProvenance(report),
    ].join("\n").replace(/plot-(clip|marker|pattern)-(\d+)/g, renumber()),
  );
  const script = options.script
    ? `<script>${options.script.replaceAll("</script", "<\\/script")}</script>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)}</title>
<style>${styles}</style>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
${script}
</body>
</html>
`;
}

/**
 * Plot puts a copy of its style sheet in every chart; on a page one copy of each is enough.
 * Moves them, deduplicated in order of first appearance, out of the body (Plot's selectors are
 * `:where(.plot-…)`, so they apply page-wide and weigh nothing against the report's rules).
 */
function hoistChartStyles(html: string): { html: string; styles: string } {
  const seen = new Set<string>();
  const out = html.replace(/<style>([^<]*)<\/style>/g, (_, css: string) => {
    seen.add(css.trim());
    return "";
  });
  return { html: out, styles: [...seen].join("\n") };
}

function renderSection(section: Section, fmt: Format): string {
  const findings = section.findings.length > 0
    ? `<div class="findings"><h3>What we found</h3><ul>${
      section.findings.map((f) => `<li>${esc(f.text)}</li>`).join("")
    }</ul></div>`
    : "";
  const recs = section.recommendations.length > 0
    ? `<div class="recommendations"><h3>What to do</h3><ul>${
      section.recommendations.map((f) => `<li>${esc(f.text)}</li>`).join("")
    }</ul></div>`
    : "";
  return `<section class="section" aria-labelledby="${attr(section.id)}">
<h2 id="${attr(section.id)}">${esc(section.title)}</h2>
<p class="lead">${esc(section.lead)}</p>
<div class="summary">${findings}${recs}</div>
${section.blocks.map((b) => renderBlock(b, fmt, { page: true })).join("\n")}
</section>`;
}

function renderProvenance(report: Report): string {
  const rows = report.provenance.map((p) =>
    `<tr><th scope="row">${esc(p.label)}</th><td>${esc(p.value)}</td></tr>`
  ).join("");
  return `<footer class="provenance"><h2>How this report was made</h2><table>${rows}</table>
<p class="generated">Generated ${esc(report.generatedAt)}</p></footer>`;
}

/**
 * Plot numbers clip paths, markers and patterns with a counter that runs on through the
 * process; renumbering them by first appearance on the page keeps a report byte-identical
 * however many charts were drawn before it.
 */
function renumber(): (match: string, kind: string, n: string) => string {
  const ids = new Map<string, number>();
  return (_match, kind, n) => {
    const key = `${kind}-${n}`;
    if (!ids.has(key)) ids.set(key, ids.size + 1);
    return `plot-${kind}-${ids.get(key)}`;
  };
}

/**
 * The report page's style sheet: the page, its blocks (tiles, charts, tables, the table tools
 * and chart tooltips the page script adds) and a print layout (A4, a page per section, tables
 * complete with every column, link targets printed, no controls).
 */
export const REPORT_CSS = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;--good:#1a7f37;font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
*{box-sizing:border-box}body{margin:0;color:var(--ink);background:var(--bg);line-height:1.5}
main{max-width:1040px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:1.9rem;margin:0 0 4px}h2{font-size:1.35rem;margin:0 0 8px;padding-top:8px}h3{font-size:1rem;margin:0 0 6px}
a{color:var(--accent)}
.subtitle{color:var(--muted);margin:0 0 16px}
.notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:8px 12px;margin:8px 0 12px;font-weight:600}
.page-head{border-bottom:3px solid var(--accent);padding-bottom:16px;margin-bottom:16px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:12px 0}
.kpi{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.kpi-value{font-size:1.35rem;font-weight:700}.kpi-label{color:var(--muted);font-size:.85rem}.kpi-note{color:var(--muted);font-size:.75rem}
.toc{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px 16px;margin:16px 0 24px}
.toc-title{font-size:1rem;margin:0}.toc ol{margin:6px 0 0;padding-left:20px;columns:2}
.section{border-top:1px solid var(--line);padding:18px 0 8px;margin-top:12px}
.lead{font-size:1.08rem;margin:4px 0 12px}
.summary{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:760px){.summary{grid-template-columns:1fr}.toc ol{columns:1}}
.findings,.recommendations{border-left:4px solid var(--accent);background:var(--soft);padding:8px 12px;border-radius:4px}
.recommendations{border-left-color:var(--good)}
.findings ul,.recommendations ul{margin:0;padding-left:18px}
figure.chart{margin:20px 0}figure.chart figcaption{color:var(--muted);font-size:.85rem}
figure.chart svg{max-width:100%;height:auto}figure.chart svg[class$="-ramp"]{margin-left:12px}
figure.chart figure>h2{font-size:1.1rem;margin:0 0 2px;padding:0;line-height:1.3}
figure.chart figure>h3{font-size:.95rem;font-weight:400;color:var(--muted);margin:0 0 8px;line-height:1.3}
figure.chart div[class$="-swatches"]{font-size:13px}
figure.chart .tip-on{stroke:var(--ink);stroke-width:1.5px}figure.chart g[aria-label=text]{pointer-events:none}
figure.chart.tips svg *{pointer-events:none}figure.chart.tips svg [data-tip],figure.chart.tips svg [data-tip] *{pointer-events:auto}
.chart-tip{position:fixed;z-index:10;pointer-events:none;max-width:340px;background:var(--ink);color:#fff;font-size:.82rem;line-height:1.4;padding:6px 10px;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.25)}
.chart-tip[hidden]{display:none}.chart-tip strong{display:block;font-weight:700}
.table-wrap{overflow-x:auto;margin:14px 0}
.table-tools{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:4px 0 6px;font-size:.82rem}
.table-tools input{font:inherit;padding:3px 8px;border:1px solid var(--line);border-radius:6px;min-width:14em}
.table-tools button,.pager button{font:inherit;font-size:.82rem;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--ink);cursor:pointer}
.table-tools button:hover,.pager button:hover{background:var(--soft)}
.pager{display:flex;gap:8px;align-items:center;margin:4px 0;font-size:.8rem;color:var(--muted)}
.pager button:disabled{opacity:.45;cursor:default}
table.data{border-collapse:collapse;font-size:.86rem;min-width:50%}
table.data caption{text-align:left;font-weight:600;padding:4px 0}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
table.data th{background:var(--soft)}
table.data .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data td.wrap{min-width:18em}
table.data th .sort{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;text-align:inherit;font-weight:700}
table.data th[aria-sort=ascending] .sort::after{content:" ▲"}table.data th[aria-sort=descending] .sort::after{content:" ▼"}
.table-note{color:var(--muted);font-size:.8rem;margin:4px 0}
button:focus-visible,input:focus-visible,a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.provenance{border-top:3px solid var(--line);margin-top:32px;padding-top:8px;font-size:.85rem;color:var(--muted)}
.provenance table{border-collapse:collapse}.provenance th{text-align:left;padding:2px 12px 2px 0;font-weight:600}
.provenance td{word-break:break-all}
@media print{
@page{size:A4;margin:14mm 12mm}
html{font-size:10pt}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:none;padding:0}
.section{break-before:page;border-top:0;margin-top:0;padding-top:0}
.kpis{grid-template-columns:repeat(4,1fr)}.kpi{break-inside:avoid}
.toc a{color:inherit;text-decoration:none}
a[href^="http"]::after,a[href^="mailto:"]::after{content:" (" attr(href) ")";color:var(--muted);font-size:.9em;word-break:break-all}
figure.chart{break-inside:avoid}
.table-tools,.pager button,.chart-tip{display:none!important}
.table-wrap{overflow:visible}
table.data{width:100%;min-width:0;font-size:7.5pt}
table.data th,table.data td{padding:2px 4px}
table.data td.wrap{min-width:0}
table.data tr{break-inside:avoid}
table.data th[aria-sort] .sort::after{content:""}
}
`;

/** Selectors of the block styles (tiles, charts, tables), shared with notebook outputs. */
const BLOCK_SELECTOR =
  /^(\.kpis?|\.kpi-|figure\.chart|\.table-wrap|table\.data|\.table-note|\.table-tools|\.pager|\.chart-tip)/;

/**
 * The report's styles of blocks (key-figure tiles, charts, tables), each selector prefixed
 * with `scope`: notebook outputs carry them so a block looks as it does in the report.
 *
 * @example
 * ```ts
 * import { blockStyles } from "./render_html.ts";
 * import { match } from "node:assert/strict";
 * match(blockStyles(".crm-output"), /\.crm-output table\.data th,\.crm-output table\.data td\{/);
 * ```
 */
export function blockStyles(scope: string): string {
  const rules: string[] = [];
  // Top-level rules only (rules inside @media are page layout).
  for (
    const m of REPORT_CSS.replace(/@media[^{]*\{(?:[^{}]*\{[^}]*\})*[^}]*\}/g, "")
      .matchAll(/([^{}]+)\{([^}]*)\}/g)
  ) {
    const selectors = m[1]!.trim().split(",").map((x) => x.trim());
    if (selectors.length === 1 && selectors[0] === ":root") {
      rules.push(`${scope}{${m[2]}}`); // the colour variables
      continue;
    }
    if (!selectors.every((x) => BLOCK_SELECTOR.test(x))) continue;
    rules.push(`${selectors.map((x) => `${scope} ${x}`).join(",")}{${m[2]}}`);
  }
  return rules.join("");
}
