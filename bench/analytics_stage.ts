/**
 * Benchmark stage: the customer analytics and the CLV stage exactly as the main job runs them
 * (the transaction-log stage graph of lib/pipeline, independent stages at the same time) on
 * one transactions file, after load and clean. Each stage's time comes from the graph
 * runner. Runs twice: with all DuckDB threads (two at least) and with one (the default of
 * `openDb`, `CRM_THREADS` unset); the results are the same, only the time differs. Prints one
 * JSON line per stage and mode, then a total line per mode with the ratio to the load and to
 * load+clean.
 *
 * Usage: deno run -A bench/analytics_stage.ts FILE [preset] [--repeat N]
 * (`deno task bench` passes the generated 1M-row file.) With `--repeat N` the analytics run
 * N times per mode and the best run is reported.
 */
import { parseArgs } from "node:util";
import { openDb } from "@crm/db/mod.ts";
import { readReportOptions } from "@crm/options/mod.ts";
import type { TransactionResults } from "@crm/pipeline/mod.ts";
import { runGraph, TRANSACTIONS } from "@crm/pipeline/mod.ts";
import { createProgress } from "@crm/util/mod.ts";
import { report } from "./_measure.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" } },
});
const [file, preset = "recommended"] = positionals;
if (!file) throw new Error("usage: analytics_stage.ts FILE [preset] [--repeat N]");
const repeat = Math.max(1, Number(values.repeat ?? 1));

const db = await openDb();
const options = {
  report: readReportOptions({ data: file, preset }, "cli"),
  input: { map: undefined, rejectsPath: "/dev/null" },
};
const progress = createProgress({ write: () => {} });
const prepared: Record<string, number> = {};
const base = await runGraph(TRANSACTIONS.stages, {
  db,
  options,
  progress,
  targets: ["clean"],
  timings: prepared,
});
const cores = navigator.hardwareConcurrency;

for (const threads of [Math.max(2, cores), 1]) {
  await db.run(`SET threads = ${threads}`);
  let best: { total: number; timings: Record<string, number>; customers: number } | undefined;
  for (let i = 0; i < repeat; i++) {
    const timings: Record<string, number> = {};
    const t0 = performance.now();
    // Every stage but load and clean, which are given as done.
    const results = await runGraph(TRANSACTIONS.stages, {
      db,
      options,
      progress,
      done: { load: base.load, clean: base.clean } as Partial<TransactionResults>,
      timings,
    });
    const total = (performance.now() - t0) / 1000;
    if (best === undefined || total < best.total) {
      best = { total, timings, customers: results.profiles?.length ?? 0 };
    }
  }
  for (const [name, seconds] of Object.entries(best!.timings)) {
    report({ stage: `analytics: ${name}`, threads, seconds });
  }
  report({
    stage: "analytics: total",
    threads,
    file,
    preset,
    rowsLoaded: base.load!.rowsLoaded,
    rowsClean: base.clean!.rowsClean,
    customers: best!.customers,
    loadSeconds: prepared.load,
    cleanSeconds: prepared.clean,
    analyticsAndClvSeconds: best!.total,
    ratioAnalyticsToLoad: best!.total / prepared.load!,
    ratioAllToLoadClean: best!.total / (prepared.load! + prepared.clean!),
    repeat,
  });
}
db.close();
