/**
 * Benchmark stage: the report page on top of the analysis. Runs the main job's stage graph on
 * one input once, then times what the report adds, repeated: building the report model
 * (sections, words, chart specifications), rendering the page (charts drawn, tables and their
 * embedded data) and reading the committed page script. Prints one JSON line with the times
 * (best and median of the repeats) and the page's size and where its bytes go.
 *
 * Usage: deno run -A bench/report_stage.ts FILE [--repeat N]
 */
import { parseArgs } from "node:util";
import { openDb } from "@crm/db/mod.ts";
import { readReportOptions } from "@crm/options/mod.ts";
import {
  buildReport,
  CRM,
  CUSTOMER_TABLE,
  detectInput,
  type KindRun,
  runKind,
  TRANSACTIONS,
} from "@crm/pipeline/mod.ts";
import { readReportScript, renderReportHtml } from "@crm/report/mod.ts";
import { createProgress } from "@crm/util/mod.ts";
import { summarize, type Timing } from "./_measure.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" } },
});
const [file] = positionals;
if (!file) throw new Error("usage: report_stage.ts FILE [--repeat N]");
const repeat = Math.max(1, Number(values.repeat ?? 3));

const options = readReportOptions({ data: file, intervals: "none" }, "cli");
const db = await openDb();
const progress = createProgress({ write: () => {} });
const context = { db, options, progress };
const detected = await detectInput(options);
// deno-lint-ignore no-explicit-any
const run: KindRun<any, any> = detected.kind === "transactions"
  ? await runKind(TRANSACTIONS, { map: detected.map, rejectsPath: "/dev/null" }, context)
  : detected.kind === "customers"
  ? await runKind(CUSTOMER_TABLE, { mapping: detected.mapping }, context)
  : await runKind(CRM, detected.input, context);
db.close();

const page = {
  input: [{ label: "Input file", value: file }],
  codeVersion: "bench",
  command: "bench",
  generatedAt: "2026-01-01 00:00 UTC",
};
const build: Timing[] = [], render: Timing[] = [], script: Timing[] = [], total: Timing[] = [];
let html = "";
for (let i = 0; i < repeat; i++) {
  const t0 = performance.now();
  const report = buildReport(run, options, page);
  const t1 = performance.now();
  const js = await readReportScript();
  const t2 = performance.now();
  html = renderReportHtml(report, { script: js });
  const t3 = performance.now();
  const s = (a: number, b: number): Timing => ({ wall: (b - a) / 1000, cpu: NaN });
  build.push(s(t0, t1));
  script.push(s(t1, t2));
  render.push(s(t2, t3));
  total.push(s(t0, t3));
}

const bytes = (text: string): number => new TextEncoder().encode(text).length;
/** Bytes of the charts: each from its `<figure class="chart"` to the next block or section end. */
function chartBytes(page: string): number {
  let n = 0;
  for (const m of page.matchAll(/<figure class="chart"/g)) {
    const rest = page.slice(m.index);
    const end = rest.slice(1).search(/<figure class="chart"|<div class="table-wrap"|<\/section>/);
    n += bytes(end < 0 ? rest : rest.slice(0, end + 1));
  }
  return n;
}
const sum = (re: RegExp): number => [...html.matchAll(re)].reduce((n, m) => n + bytes(m[0]), 0);
console.log(JSON.stringify({
  stage: "report",
  file: file.split("/").pop(),
  runs: repeat,
  buildSeconds: summarize(build).best.wall,
  renderSeconds: summarize(render).best.wall,
  scriptSeconds: summarize(script).best.wall,
  totalBest: summarize(total).best.wall,
  totalMedian: summarize(total).median.wall,
  bytes: bytes(html),
  chartBytes: chartBytes(html),
  tableDataBytes: sum(/<script type="application\/json" class="table-data">[^]*?<\/script>/g),
  scriptBytes: sum(/<script>[^]*?<\/script>/g),
  charts: html.match(/<figure class="chart"/g)?.length ?? 0,
  tables: html.match(/<div class="table-wrap"/g)?.length ?? 0,
}));
