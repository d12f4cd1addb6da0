import { deepEqual, doesNotMatch, equal, match, ok, throws } from "node:assert/strict";
import { monthlyRevenue, renderChart } from "../../lib/charts/mod.ts";
import { customerAnalytics } from "../../lib/main/mod.ts";
import {
  blockBundle,
  blockTitle,
  escapeMarkdown,
  findBlock,
  prepareData,
  reportOptions,
  sectionMarkdown,
  showBlock,
  showFindings,
} from "../../lib/notebook/mod.ts";
import type { Section } from "../../lib/report/mod.ts";
import {
  cohortsSection,
  customerBehaviourSection,
  dataQualitySection,
  salesOverviewSection,
  segmentsSection,
} from "../../lib/sections/mod.ts";

const SECTION: Section = {
  id: "sales",
  title: "Sales overview",
  lead: "Revenue £474,094 from 8,319 orders.",
  findings: ['The largest loss is "missing_customer_id": 1,234 rows.', "Costs $5 * 2 <each>."],
  recommendations: ["Email the top 20%."],
  blocks: [
    { kind: "kpis", items: [{ label: "Revenue", value: "£474,094", note: "Gini 0.67" }] },
    {
      kind: "chart",
      markup: renderChart(
        monthlyRevenue([{ month: "2011-01", revenue: 1, orders: 1, customers: 1 }]),
      ),
      caption: "Bars are <months>",
    },
    {
      kind: "table",
      title: "Segments",
      columns: [
        { key: "segment", format: "text" },
        { key: "customers", format: "int" },
        { key: "share", format: "percent" },
        { key: "spend", format: "money" },
        { key: "recency", label: "recency (days)", format: "number" },
        { key: "first", label: "first purchase" },
      ],
      rows: Array.from({ length: 30 }, (_, i) => ({
        segment: i === 0 ? "champions" : null,
        customers: 1234 + i,
        share: 0.134,
        spend: 1500.4,
        recency: 8.456,
        first: new Date("2011-01-04T00:00:00Z"),
      })),
      limit: 25,
    },
    { kind: "text", paragraphs: ["Note: *not* emphasis."] },
  ],
};

Deno.test("sectionMarkdown() lists findings and recommendations as written, Markdown escaped", () => {
  const md = sectionMarkdown(SECTION);
  equal(
    md,
    "**Revenue £474,094 from 8,319 orders.**\n\n**What we found**\n\n" +
      '- The largest loss is "missing\\_customer\\_id": 1,234 rows.\n- Costs \\$5 \\* 2 &lt;each&gt;.\n\n' +
      "**What to do**\n\n- Email the top 20%.\n",
  );
  match(
    sectionMarkdown(SECTION, { heading: 2, lead: false }),
    /^## Sales overview\n\n\*\*What we found/,
  );
  equal(
    sectionMarkdown({ ...SECTION, lead: "", findings: [], recommendations: [] }),
    "\n",
  );
});

Deno.test("escapeMarkdown() neutralises emphasis, code, links, tables, LaTeX and HTML", () => {
  equal(
    escapeMarkdown("a_b *c* `d` [e](f) |g| $h$ <i> #j ~k~"),
    "a\\_b \\*c\\* \\`d\\` \\[e\\](f) \\|g\\| \\$h\\$ &lt;i&gt; \\#j \\~k\\~",
  );
});

Deno.test("blockTitle() and findBlock(): exact titles first, then the first partial match", () => {
  deepEqual(SECTION.blocks.map(blockTitle), [
    "Key figures",
    "Revenue per month, with trend",
    "Segments",
    "Note: *not* emphasis.",
  ]);
  equal(findBlock(SECTION, "revenue PER month").kind, "chart");
  equal(findBlock(SECTION, "segments").kind, "table");
  throws(
    () => findBlock(SECTION, "cohorts"),
    (e: unknown) =>
      e instanceof RangeError &&
      /Cannot find block "cohorts" in section "Sales overview": its blocks are "Key figures", "Revenue per month, with trend", "Segments"/
        .test(e.message),
  );
});

Deno.test("blockBundle() shows a chart as text/html with its caption escaped", () => {
  const b = blockBundle(SECTION.blocks[1]!);
  deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  match(b["text/html"]!, /^<div class="crm-chart"><style>[^<]*<\/style><figure[\s\S]*<svg/);
  match(b["text/html"]!, /Bars are &lt;months&gt;<\/p><\/div>$/);
  equal(b["text/plain"], "[chart] Revenue per month, with trend");
});

Deno.test("blockBundle() formats a table block by its columns and limit, in the given currency", () => {
  const b = blockBundle(SECTION.blocks[2]!, { currency: "€" });
  const html = b["text/html"]!;
  equal(html.match(/<tr>/g)?.length, 1 + 25);
  match(html, /showing 25 of 30 rows/);
  match(html, /<th[^>]*text-align:right">recency \(days\)<\/th>/);
  match(html, /<th[^>]*text-align:left">first purchase<\/th>/);
  match(
    html,
    /<td[^>]*>champions<\/td><td[^>]*text-align:right">1,234<\/td><td[^>]*>13.4%<\/td><td[^>]*>€1,500<\/td><td[^>]*>8.46<\/td><td[^>]*>2011-01-04<\/td>/,
  );
  doesNotMatch(html, /null|undefined|NaN/);
  equal(blockBundle(SECTION.blocks[2]!, { limit: 3 })["text/html"]!.match(/<tr>/g)?.length, 4);
  match(b["text/plain"]!, /^Segments \(30 rows\)\nsegment\tcustomers/);
});

Deno.test("blockBundle() shows KPI tiles and text blocks", () => {
  const kpis = blockBundle(SECTION.blocks[0]!);
  match(kpis["text/html"]!, /£474,094<\/div><div[^>]*>Revenue<\/div><div[^>]*>Gini 0.67<\/div>/);
  equal(kpis["text/plain"], "Revenue: £474,094");
  deepEqual(blockBundle(SECTION.blocks[3]!), {
    "text/markdown": "Note: \\*not\\* emphasis.",
    "text/plain": "Note: *not* emphasis.",
  });
});

Deno.test("showFindings() and showBlock() are inert outside the kernel, and showBlock() checks the title", async () => {
  await showFindings(SECTION);
  await showBlock(SECTION, "Segments");
  let error: unknown;
  try {
    await showBlock(SECTION, "nothing like it");
  } catch (e) {
    error = e;
  }
  ok(error instanceof RangeError);
});

Deno.test("showBlock() with optional shows a note for a block the data does not have", async () => {
  const log = await Deno.makeTempFile();
  Deno.env.set("CRM_NB_DISPLAY_LOG", log);
  try {
    await showBlock(SECTION, "Calibration versus holdout", { optional: true });
    await showBlock(SECTION, "Segments", { optional: true });
  } finally {
    Deno.env.delete("CRM_NB_DISPLAY_LOG");
  }
  const records = (await Deno.readTextFile(log)).trim().split("\n").map((l) => JSON.parse(l));
  await Deno.remove(log);
  equal(records.length, 2);
  equal(
    records[0].text,
    'Calibration versus holdout: not available for this data (the findings of "Sales overview" say why).',
  );
  deepEqual(records[0].mimeTypes, ["text/markdown", "text/plain"]);
  match(records[1].text, /^Segments \(30 rows\)/);
});

Deno.test("every block of the report's sections can be shown by its title, on the sample", async () => {
  const data = await prepareData(reportOptions({ data: "data/sample_online_retail.csv.gz" }));
  try {
    const a = await customerAnalytics(data.db, data.analyticsOptions);
    const sections = [
      dataQualitySection(data.clean, data.summary, data.loadFacts),
      salesOverviewSection(a),
      customerBehaviourSection(a),
      segmentsSection({ ...a.rfm, products: a.products, cross: a.cross, notes: a.notes }),
      cohortsSection({ cells: a.cohorts, totals: a.cohortTotals }),
    ];
    for (const section of sections) {
      ok(section.findings.length > 0, `${section.id} has findings`);
      const md = sectionMarkdown(section);
      for (const f of section.findings) ok(md.includes(escapeMarkdown(f)), f);
      for (const block of section.blocks) {
        equal(findBlock(section, blockTitle(block)), block, `${section.id}: ${blockTitle(block)}`);
        const bundle = blockBundle(block);
        ok((bundle["text/html"] ?? bundle["text/markdown"] ?? "").length > 0);
        doesNotMatch(bundle["text/html"] ?? "", />(?:NaN|undefined|null)</);
      }
    }
  } finally {
    data.db.close();
  }
});
