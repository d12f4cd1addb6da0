/**
 * The report page before bundling: `renderReportHtml` on a fixed report model with a fixed
 * time, compared with its golden (`CRM_UPDATE_GOLDEN=1` accepts an intended change; review the
 * `-changed` file first), and what the page must always hold.
 *
 * @module
 */
import { doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { renderReportHtml } from "../../lib/report/mod.ts";
import { assertGolden, GOLDEN_DIR } from "../charts/_golden.ts";
import { fixtureReport } from "./_fixtures.ts";

const REPORT_GOLDENS = join(GOLDEN_DIR, "..", "report");

Deno.test("golden: the fixture report page (no script)", () => {
  assertGolden(renderReportHtml(fixtureReport()), "fixture_report", REPORT_GOLDENS);
});

Deno.test("the page is the same bytes for the same report", () => {
  equal(renderReportHtml(fixtureReport()), renderReportHtml(fixtureReport()));
});

Deno.test("the notice heads the page and the tables carry their data", () => {
  const html = renderReportHtml(fixtureReport());
  match(
    html,
    /<h1>Customer analytics: fixture<\/h1><p class="notice" role="note">Synthetic data: made up for the tests\.<\/p>/,
  );
  equal(html.match(/<script type="application\/json" class="table-data">/g)?.length, 2);
  match(html, /<figure class="chart" data-block="sales\.monthly">/);
  // Plot's style sheets: one copy each in the head, none left in the body.
  const body = html.slice(html.indexOf("<body>"));
  doesNotMatch(body, /<style>/);
  ok((html.match(/<style>/g)?.length ?? 0) >= 2);
  doesNotMatch(html, /src="http|href="http|url\(http/);
});

Deno.test("the print layout: A4, a page per section, complete tables, links printed, no controls", () => {
  const html = renderReportHtml(fixtureReport());
  const print = /@media print\{([^]*)\}\n<\/style>/.exec(html)?.[1] ?? "";
  match(print, /@page\{size:A4;/);
  match(print, /\.section\{break-before:page;/);
  match(print, /\.table-wrap\{overflow:visible\}/);
  match(print, /table\.data\{width:100%;/);
  match(print, /a\[href\^="http"\]::after[^{]*\{content:" \(" attr\(href\) "\)"/);
  match(print, /\.table-tools,\.pager button,\.chart-tip\{display:none!important\}/);
  // Text cells wrap (numbers alone stay on one line): no blanket nowrap on cells.
  const cells = /table\.data th,table\.data td\{([^}]*)\}/.exec(html)?.[1] ?? "";
  ok(cells.length > 0);
  doesNotMatch(cells, /nowrap/);
  match(html, /table\.data \.num\{[^}]*white-space:nowrap/);
});

Deno.test("an inlined script cannot end its element early", () => {
  const html = renderReportHtml(fixtureReport(), { script: 'var s = "</script><b>";' });
  match(html, /<script>var s = "<\\\/script><b>";<\/script>\n<\/body>/);
});
