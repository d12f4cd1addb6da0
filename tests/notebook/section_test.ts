import "../_helpers/cache_dir.ts";
import { deepEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { monthlyRevenue } from "../../lib/charts/mod.ts";
import { createFormat } from "../../lib/format/mod.ts";
import {
  blockBundle,
  escapeMarkdown,
  openWorkspace,
  sectionMarkdown,
  showBlock,
  showFindings,
  statementsMarkdown,
} from "../../lib/notebook/mod.ts";
import type { Section } from "../../lib/report/mod.ts";

const SECTION: Section = {
  id: "sales",
  title: "Sales overview",
  lead: "Revenue £474,094 from 8,319 orders.",
  findings: [
    { id: "largest-loss", text: 'The largest loss is "missing_customer_id": 1,234 rows.' },
    { id: "prices", text: "Costs $5 * 2 <each>." },
  ],
  recommendations: [{ id: "key-accounts", text: "Email the top 20%." }],
  blocks: [
    { kind: "kpis", id: "k", items: [{ label: "Revenue", value: "£474,094", note: "Gini 0.67" }] },
    {
      kind: "chart",
      id: "c",
      spec: monthlyRevenue([{ month: "2011-01", revenue: 1, orders: 1, customers: 1 }]),
      caption: "Bars are <months>",
    },
    {
      kind: "table",
      id: "t",
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
    { kind: "text", id: "x", paragraphs: ["Note: *not* emphasis."] },
  ],
};

Deno.test("sectionMarkdown() lists findings and recommendations as written, Markdown escaped", () => {
  equal(
    sectionMarkdown(SECTION),
    "**Revenue £474,094 from 8,319 orders.**\n\n**What we found**\n\n" +
      '- The largest loss is "missing\\_customer\\_id": 1,234 rows.\n- Costs \\$5 \\* 2 &lt;each&gt;.\n\n' +
      "**What to do**\n\n- Email the top 20%.\n",
  );
});

Deno.test("statementsMarkdown() shows the statements asked for, in the order asked, and skips ones not made", () => {
  equal(
    statementsMarkdown(SECTION.findings, { ids: ["prices", "no-such-finding", "largest-loss"] }),
    '- Costs \\$5 \\* 2 &lt;each&gt;.\n- The largest loss is "missing\\_customer\\_id": 1,234 rows.\n',
  );
  equal(statementsMarkdown([], { title: "What we found" }), "**What we found**\n\n(none)\n");
});

Deno.test("escapeMarkdown() neutralises emphasis, code, links, tables, LaTeX and HTML", () => {
  equal(
    escapeMarkdown("*a* _b_ `c` [d](e) |f| #g ~h $i <j>"),
    "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\|f\\| \\#g \\~h \\$i &lt;j&gt;",
  );
});

Deno.test("blockBundle() draws a chart with the report's renderer and escapes its caption", () => {
  const b = blockBundle(SECTION.blocks[1]!);
  match(b["text/html"]!, /^<div class="crm-output"><style>/);
  match(b["text/html"]!, /<figure class="chart">/);
  match(b["text/html"]!, /<figcaption>Bars are &lt;months&gt;<\/figcaption>/);
  equal(b["text/plain"], "[chart] Revenue per month, with trend");
  ok(!("image/svg+xml" in b));
});

Deno.test("blockBundle() formats a table block by its columns and limit, in the given currency", () => {
  const b = blockBundle(SECTION.blocks[2]!, { format: createFormat({ currency: "€" }) });
  const html = b["text/html"]!;
  match(html, /<th scope="col" class="num">recency \(days\)<\/th>/);
  match(
    html,
    /<td class="num" data-sort="0.134">13.4%<\/td><td class="num" data-sort="1500.4">€1,500<\/td>/,
  );
  match(html, /Showing 25 of 30 rows/);
  equal(html.match(/<tr>/g)?.length, 26); // header and 25 rows
  match(
    b["text/plain"]!,
    /^Segments \(30 rows\)\nsegment\tcustomers\tshare\tspend\trecency \(days\)\tfirst purchase\n/,
  );
  match(b["text/plain"]!, /champions\t1,234\t13.4%\t€1,500\t8.46\t2011-01-04/);
});

Deno.test("blockBundle() shows key-figure tiles and text blocks", () => {
  const kpis = blockBundle(SECTION.blocks[0]!);
  match(
    kpis["text/html"]!,
    /<div class="kpi-value">£474,094<\/div><div class="kpi-label">Revenue<\/div>/,
  );
  equal(kpis["text/plain"], "Revenue: £474,094");
  const text = blockBundle(SECTION.blocks[3]!);
  equal(text["text/markdown"], "Note: \\*not\\* emphasis.");
});

Deno.test("showFindings() and showBlock() always display (a note when no finding applies), inert outside the kernel", async () => {
  const log = await Deno.makeTempFile();
  Deno.env.set("CRM_NB_DISPLAY_LOG", log);
  try {
    await showFindings(SECTION.findings, { ids: ["peak-month"] });
    await showBlock(SECTION.blocks[2]!);
  } finally {
    Deno.env.delete("CRM_NB_DISPLAY_LOG");
  }
  const records = (await Deno.readTextFile(log)).trim().split("\n").map((l) => JSON.parse(l));
  await Deno.remove(log);
  equal(records.length, 2);
  equal(records[0].text, "*Nothing to add here for this data.*");
  deepEqual(records[0].mimeTypes, ["text/markdown", "text/plain"]);
  match(records[1].text, /^Segments \(30 rows\)/);
});

Deno.test("every block of every report section can be shown in a notebook, on the sample", async () => {
  const ws = await openWorkspace({ data: "data/sample_online_retail.csv.gz" });
  try {
    for (const id of ["data-quality", "sales", "behaviour", "segments", "cohorts", "clv"]) {
      const section = await ws.section(id);
      ok(section.findings.length > 0, `${section.id} has findings`);
      const md = sectionMarkdown(section);
      for (const f of section.findings) ok(md.includes(escapeMarkdown(f.text)), f.text);
      const ids = section.blocks.map((b) => b.id);
      equal(new Set(ids).size, ids.length, `${id}: block ids are unique`);
      for (const block of section.blocks) {
        match(block.id, new RegExp(`^${id === "data-quality" ? "quality" : id}\\.`));
        const bundle = blockBundle(block);
        ok((bundle["text/html"] ?? bundle["text/markdown"] ?? "").length > 0);
        doesNotMatch(bundle["text/html"] ?? "", />(?:NaN|undefined|null)</);
      }
    }
  } finally {
    ws.close();
  }
});
