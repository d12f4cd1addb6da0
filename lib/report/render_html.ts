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
  const body = [
    `<header class="page-head"><h1>${esc(report.title)}</h1><p class="subtitle">${
      esc(report.subtitle)
    }</p>${renderKpis(report.headline)}</header>`,
    `<nav class="toc" aria-label="Contents"><h2 class="toc-title">Contents</h2><ol>${toc}</ol></nav>`,
    ...report.sections.map((s) => renderSection(s, fmt)),
    renderProvenance(report),
  ].join("\n").replace(/plot-(clip|marker|pattern)-(\d+)/g, renumber());
  const script = options.script
    ? `<script>${options.script.replaceAll("</script", "<\\/script")}</script>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)}</title>
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
${section.blocks.map((b) => renderBlock(b, fmt)).join("\n")}
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

/** The report page's style sheet. */
export const REPORT_CSS = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;--good:#1a7f37;font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
*{box-sizing:border-box}body{margin:0;color:var(--ink);background:var(--bg);line-height:1.5}
main{max-width:1040px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:1.9rem;margin:0 0 4px}h2{font-size:1.35rem;margin:0 0 8px;padding-top:8px}h3{font-size:1rem;margin:0 0 6px}
.subtitle{color:var(--muted);margin:0 0 16px}
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
figure.chart{margin:16px 0;overflow-x:auto}figure.chart figcaption{color:var(--muted);font-size:.85rem}
figure.chart svg{max-width:100%;height:auto}figure.chart svg[class$="-ramp"]{margin-left:12px}
.table-wrap{overflow-x:auto;margin:14px 0}
table.data{border-collapse:collapse;font-size:.86rem;min-width:50%}
table.data caption{text-align:left;font-weight:600;padding:4px 0}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;white-space:nowrap}
table.data th{background:var(--soft);cursor:pointer;user-select:none}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
table.data th[aria-sort=ascending]::after{content:" ▲"}table.data th[aria-sort=descending]::after{content:" ▼"}
.table-note{color:var(--muted);font-size:.8rem;margin:4px 0}
.provenance{border-top:3px solid var(--line);margin-top:32px;padding-top:8px;font-size:.85rem;color:var(--muted)}
.provenance table{border-collapse:collapse}.provenance th{text-align:left;padding:2px 12px 2px 0;font-weight:600}
.provenance td{word-break:break-all}
@media print{.toc{display:none}figure.chart,table.data{break-inside:avoid}}
`;

/** Selectors of the block styles (tiles, charts, tables), shared with notebook outputs. */
const BLOCK_SELECTOR = /^(\.kpis?|\.kpi-|figure\.chart|\.table-wrap|table\.data|\.table-note)/;

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
