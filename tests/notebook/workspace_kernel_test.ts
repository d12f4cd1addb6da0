/**
 * End-to-end test of the workspace notebooks on the real Deno kernel: every notebook runs
 * through `runNotebooks` (Debian's Jupyter, the late-output executor, HTML export) on the
 * embedded sample (the default parameters) and on the full Online Retail II 2010-2011 file
 * (`../shared/data`), with no error output and every display of every cell present; then
 * each exported HTML opens in headless Chromium with every chart drawn (the plot's marks
 * have visible shapes) and no console errors. Missing Jupyter or Chromium skips these tests
 * with a message, and fails them under `CI=true`; so does a missing shared file.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { equal, match, ok } from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  listNotebooks,
  type NotebookResult,
  runNotebooks,
} from "../../lib/notebook/run_notebooks.ts";
import { cellSource, expectedOutputs, parseNotebook } from "../../lib/notebook/_ipynb.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";
import { available } from "./_synthetic.ts";

const JUPYTER = Deno.env.get("CRM_JUPYTER") ?? "/usr/bin/jupyter";
const CHROMIUM = Deno.env.get("CRM_CHROMIUM") ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const FULL_FILE = "online_retail_II_year2010-2011.csv.gz";
/** A chart output: the report's block renderer draws it as a figure. */
const CHART = /^<div class="crm-output"><style>[^<]*<\/style><figure class="chart">/;

const quiet = createProgress({ write: () => {} });
const notebooks = listNotebooks();
const outRoot = mkdtempSync(join(tmpdir(), "crm-nb-e2e-"));
/** Exported HTML files and how many charts each notebook showed, per pass. */
const exported: { pass: string; html: string; charts: number }[] = [];

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** Checks one executed notebook; returns the number of charts it shows. */
function checkExecuted(result: NotebookResult, pass: string): number {
  const where = `${pass} ${result.name}`;
  equal(result.errors.length, 0, `${where}: ${result.errors.join("\n")}`);
  equal(result.outputsMissing.length, 0, `${where}: outputs missing in ${result.outputsMissing}`);
  equal(result.stderr.length, 0, `${where}: stderr ${result.stderr.join("\n")}`);
  ok(result.ok && result.htmlPath !== undefined, where);
  const nb = parseNotebook(readFileSync(result.executedPath, "utf8"), result.executedPath);
  let charts = 0;
  let findings = "";
  nb.cells.forEach((cell, i) => {
    const expected = expectedOutputs(cell);
    if (expected === 0) return;
    const shown = (cell.outputs ?? []).filter((o) =>
      o.output_type === "display_data" || o.output_type === "execute_result"
    );
    equal(shown.length, expected, `${where} cell ${i + 1}: ${shown.length} of ${expected} outputs`);
    for (const o of shown) {
      const html = text(o.data?.["text/html"]);
      const markdown = text(o.data?.["text/markdown"]);
      ok(html.length > 0 || markdown.length > 0, `${where} cell ${i + 1}: empty output`);
      ok(!/\bNaN\b|\bundefined\b/.test(html + markdown), `${where} cell ${i + 1}: NaN/undefined`);
      if (CHART.test(html)) {
        charts++;
        match(html, /<svg/, `${where} cell ${i + 1}: chart without svg`);
      }
      if (/^await show(?:Findings|List|Summary)\(/.test(cellSource(cell))) findings = markdown;
    }
  });
  match(findings, /\*\*What we found\*\*\n\n- \S/, `${where}: findings from the numbers`);
  return charts;
}

async function runPass(pass: string, params: Record<string, string>): Promise<void> {
  const t0 = performance.now();
  const results = await runNotebooks({
    notebooks,
    outDir: join(outRoot, pass),
    paramsJson: JSON.stringify(params),
    progress: quiet,
  });
  equal(results.length, notebooks.length);
  for (const result of results) {
    const charts = checkExecuted(result, pass);
    exported.push({ pass, html: result.htmlPath!, charts });
  }
  const retried = results.filter((r) => r.attempts > 1).map((r) => r.name);
  console.log(
    `${pass}: ${results.length} notebooks on the real kernel in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s${retried.length > 0 ? ` (re-run after lost outputs: ${retried.join(", ")})` : ""}`,
  );
}

Deno.test({
  name: "every notebook runs on the real Deno kernel on the embedded sample, every output present",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    if (!available(JUPYTER, "Jupyter")) return;
    await runPass("sample", {});
  },
});

Deno.test({
  name: `every notebook runs on the real Deno kernel on ../shared/data/${FULL_FILE}`,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    if (!available(JUPYTER, "Jupyter") || !hasSharedData(FULL_FILE)) return;
    await runPass("full", { data: sharedDataPath(FULL_FILE) });
  },
});

Deno.test({
  name: "every exported notebook opens in headless Chromium with its charts drawn",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    if (!available(JUPYTER, "Jupyter") || !available(CHROMIUM, "Chromium")) return;
    ok(exported.length > 0, "the kernel tests must have exported the notebooks");
    const { chromium } = await import("playwright-core");
    const t0 = performance.now();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
    });
    try {
      for (const { pass, html, charts } of exported) {
        const where = `${pass} ${basename(html)}`;
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const problems: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(`console: ${m.text()}`);
        });
        page.on("pageerror", (e) => problems.push(`page: ${e.message}`));
        page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
        await page.goto(`file://${html}`, { waitUntil: "load" });
        // A string, because Deno type-checks without the DOM library. For each chart: its
        // main plot (the largest SVG of the chart; legends are smaller SVGs), its size, and
        // the shapes of its data marks (aria-labelled groups other than axes, grids, rules and
        // text labels, which a chart without data can still have) with a visible box.
        const drawn = await page.evaluate<
          { title: string; width: number; height: number; marks: number; shapes: number }[]
        >(`[...document.querySelectorAll(".crm-output > figure.chart")].map((chart) => {
          const svgs = [...chart.querySelectorAll("svg")].map((svg) => ({ svg, box: svg.getBoundingClientRect() }));
          svgs.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
          const main = svgs[0];
          const title = chart.querySelector("h2")?.textContent ?? "(untitled)";
          if (!main) return { title, width: 0, height: 0, marks: 0, shapes: 0 };
          const marks = [...main.svg.querySelectorAll("g[aria-label]")]
            .filter((g) => !/axis|grid|frame|^rule$|^text$/.test(g.getAttribute("aria-label")));
          const shapes = marks.flatMap((g) => [...g.querySelectorAll("rect,path,circle,line,text,image")])
            .filter((s) => { const b = s.getBBox(); return b.width > 0 || b.height > 0; });
          return { title, width: main.box.width, height: main.box.height, marks: marks.length, shapes: shapes.length };
        })`);
        equal(drawn.length, charts, `${where}: charts in the page`);
        for (const d of drawn) {
          ok(d.width > 200 && d.height > 100, `${where} "${d.title}": size ${JSON.stringify(d)}`);
          ok(d.marks > 0 && d.shapes > 0, `${where} "${d.title}": marks ${JSON.stringify(d)}`);
        }
        equal(problems.length, 0, `${where}: ${problems.join("\n")}`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    console.log(
      `chromium: ${exported.length} exported notebooks checked in ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s`,
    );
  },
});

Deno.test("cleanup workspace kernel test output", () => {
  rmSync(outRoot, { recursive: true, force: true });
});
