/**
 * Full-stack notebook test: a tiny synthetic notebook runs on the real Deno kernel through
 * Debian's Jupyter (via `runNotebooks`), every display arrives, there is no error, and the
 * exported HTML opens in headless Chromium with the chart drawn and no console errors.
 * Missing programs skip these tests with a message, except under `CI=true`, where they fail.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { equal, match, ok } from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runNotebooks } from "../../lib/notebook/run_notebooks.ts";
import { checkOutputs, type Notebook, parseNotebook } from "../../lib/notebook/_ipynb.ts";
import { externalResources } from "../../lib/notebook/run_notebooks.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { available, demoNotebook, removeDir, repoTempDir, writeNotebook } from "./_synthetic.ts";

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

let htmlPath: string | undefined;
const dir = repoTempDir();
const quiet = createProgress({ write: () => {} });

Deno.test({
  name: "runNotebooks() executes a small notebook on the real Deno kernel with every output",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    if (!available(JUPYTER, "Jupyter")) return;
    const path = writeNotebook(dir, "01-demo", demoNotebook());
    const t0 = performance.now();
    const [result] = await runNotebooks({
      notebooks: [path],
      outDir: join(dir, "out"),
      paramsJson: JSON.stringify({ months: "4", title: "Four months" }),
      progress: quiet,
    });
    const seconds = (performance.now() - t0) / 1000;
    ok(result, "one result");
    equal(result.errors.length, 0, result.errors.join("\n"));
    equal(result.outputsMissing.length, 0, `missing outputs in cells ${result.outputsMissing}`);
    ok(result.ok);
    equal(result.cells, 4);
    const executed: Notebook = parseNotebook(
      readFileSync(result.executedPath, "utf8"),
      result.executedPath,
    );
    const report = checkOutputs(executed);
    equal(report.errors.length, 0);
    const outputs = executed.cells.map((c) => (c.outputs ?? []).map((o) => o.data ?? {}));
    // cell 3: table (with the overridden params), cell 4: chart, cell 5: markdown
    match(String(outputs[2]?.[0]?.["text/html"]), /<caption[^>]*>Four months<\/caption>/);
    match(String(outputs[2]?.[0]?.["text/html"]), /4 rows/);
    match(
      String(outputs[3]?.[0]?.["text/html"]),
      /^<div class="crm-output"><style>[^<]*<\/style><figure class="chart"><figure[\s\S]*<svg/,
    );
    equal(outputs[4]?.[0]?.["text/markdown"], "**4** months shown");
    ok(result.htmlPath && existsSync(result.htmlPath));
    const html = readFileSync(result.htmlPath!, "utf8");
    equal(externalResources(html).length, 0, `external: ${externalResources(html)}`);
    match(html, /<strong>4<\/strong> months shown/);
    htmlPath = result.htmlPath;
    console.log(
      `kernel run of the small notebook: ${seconds.toFixed(1)} s (${result.attempts} attempt(s))`,
    );
  },
});

Deno.test({
  name: "the exported HTML opens in headless Chromium with the chart drawn and no console errors",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    if (!available(JUPYTER, "Jupyter") || !available(CHROMIUM, "Chromium")) return;
    ok(htmlPath, "the kernel test must have produced the HTML");
    const { chromium } = await import("playwright-core");
    const t0 = performance.now();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page: ${e.message}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      await page.goto(`file://${htmlPath}`, { waitUntil: "load" });
      // A string, because Deno type-checks without the DOM library.
      const drawn = await page.evaluate<
        { rects: number; paths: number; width: number; height: number }
      >(`(() => {
        const svg = document.querySelector("figure svg");
        if (svg === null) return { rects: 0, paths: 0, width: 0, height: 0 };
        const box = svg.getBoundingClientRect();
        return {
          rects: svg.querySelectorAll("rect").length,
          paths: svg.querySelectorAll("path").length,
          width: box.width,
          height: box.height,
        };
      })()`);
      ok(drawn.rects > 0, `bars drawn: ${JSON.stringify(drawn)}`);
      ok(drawn.paths > 0, `trend line and axes drawn: ${JSON.stringify(drawn)}`);
      ok(drawn.width > 100 && drawn.height > 100, `visible size: ${JSON.stringify(drawn)}`);
      const tableRows = await page.locator(".crm-output table.data tbody tr").count();
      equal(tableRows, 4);
      equal(problems.length, 0, problems.join("\n"));
    } finally {
      await browser.close();
    }
    console.log(`chromium check: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  },
});

Deno.test("cleanup kernel test notebooks", () => removeDir(dir));
