/**
 * Benchmark stage: the customer analytics exactly as the main job runs them
 * (`customerAnalytics` of lib/main, then the CLV stage) on one transactions file, after load
 * and clean (recommended preset). Each sub-stage's time comes from the stage's own progress
 * reporter, so nothing here re-implements the pipeline. Runs twice: with all DuckDB threads,
 * and with one thread as the main job does for byte-identical output. Prints one JSON line per
 * sub-stage and mode, then a total line per mode with the ratio to the load and to load+clean.
 *
 * Usage: deno run -A bench/analytics_stage.ts FILE [preset] [--repeat N]
 * (`deno task bench` passes the generated 1M-row file.) With `--repeat N` the whole stage runs
 * N times per mode and the best run is reported.
 */
import { parseArgs } from "node:util";
import { openDb } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import type { Preset } from "@crm/clean/mod.ts";
import { customerAnalytics } from "@crm/main/mod.ts";
import { lifetimeValueStage } from "@crm/lifetime_value/mod.ts";
import type { Progress } from "@crm/util/mod.ts";
import { report, timed } from "./_measure.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" } },
});
const [file, preset = "recommended"] = positionals;
if (!file) throw new Error("usage: analytics_stage.ts FILE [preset] [--repeat N]");
const repeat = Math.max(1, Number(values.repeat ?? 1));

const db = await openDb();
const [load, loadSeconds] = await timed(() => loadTransactions(db, { path: file }));
const [clean, cleanSeconds] = await timed(() =>
  cleanTransactions(db, { preset: preset as Preset })
);

/** A progress reporter that records each stage's seconds instead of printing. */
function recorder(): { progress: Progress; stages: Map<string, number> } {
  const stages = new Map<string, number>();
  return {
    stages,
    progress: {
      stage(name) {
        const t0 = performance.now();
        return () => {
          const s = (performance.now() - t0) / 1000;
          stages.set(name, s);
          return s;
        };
      },
      info() {},
    },
  };
}

const threadsDefault = (await db.one<{ t: number }>("SELECT current_setting('threads') AS t")).t;
for (const threads of [threadsDefault, 1]) {
  await db.run(`SET threads = ${threads}`);
  let best:
    | { total: number; analytics: number; clv: number; stages: Map<string, number> }
    | undefined;
  let customers = 0;
  for (let i = 0; i < repeat; i++) {
    const { progress, stages } = recorder();
    const [analytics, analyticsSeconds] = await timed(() => customerAnalytics(db, { progress }));
    const [, clvSeconds] = await timed(() =>
      lifetimeValueStage(db, { asOf: analytics.rfm.asOf, progress })
    );
    customers = analytics.profiles.length;
    const total = analyticsSeconds + clvSeconds;
    if (best === undefined || total < best.total) {
      best = { total, analytics: analyticsSeconds, clv: clvSeconds, stages };
    }
  }
  for (const [name, seconds] of best!.stages) {
    report({ stage: `analytics: ${name}`, threads, seconds });
  }
  report({
    stage: "analytics: total",
    threads,
    file,
    preset,
    rowsLoaded: load.rowsLoaded,
    rowsClean: clean.rowsClean,
    customers,
    loadSeconds,
    cleanSeconds,
    customerAnalyticsSeconds: best!.analytics,
    clvSeconds: best!.clv,
    ratioAnalyticsToLoad: best!.analytics / loadSeconds,
    ratioAllToLoadClean: best!.total / (loadSeconds + cleanSeconds),
    repeat,
  });
}
db.close();
