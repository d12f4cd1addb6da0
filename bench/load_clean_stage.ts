/**
 * Benchmark stage: DuckDB's bare `SELECT count(*) FROM read_csv(file)`, then the workspace's
 * load and clean of the same file, in one process, `--repeat` times (alternating, so all three
 * see the same machine load). Prints one JSON line with the best and median wall and CPU
 * seconds of each, the ratio of load+clean to the bare scan, and the peak memory (resident set
 * after the first load+clean, and after all runs).
 *
 * The bare scan counts rows without reading a column into a table; load and clean write
 * tables (`raw_transactions`, then `clean_transactions` and `cleaning_removed`). To show what
 * writing alone costs, the stage also times DuckDB copying the file into a table with its own
 * sniffer (`CREATE TABLE AS SELECT * FROM read_csv(file)`), after the peak memory is read.
 *
 * Usage: deno run -A bench/load_clean_stage.ts FILE [preset] [--repeat N] [--profile]
 * `--profile` prints every SQL statement of the best load and clean run with its time (stderr).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { openDb, quoteLiteral } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { cleanTransactions, PRESETS } from "@crm/clean/mod.ts";
import type { Preset } from "@crm/clean/mod.ts";
import { createProgress } from "@crm/util/progress.ts";
import {
  peakRssMb,
  profiledDb,
  type StatementTiming,
  summarize,
  timedCpu,
  type Timing,
  type TimingSummary,
} from "./_measure.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" }, profile: { type: "boolean" } },
});
const [file, presetArg = "recommended"] = positionals;
if (!file || !(PRESETS as readonly string[]).includes(presetArg)) {
  throw new Error("usage: load_clean_stage.ts FILE [classic|recommended] [--repeat N] [--profile]");
}
const preset = presetArg as Preset;
const repeat = Math.max(1, Number(values.repeat ?? 3));
const quiet = createProgress({ write: () => {} });

const base = await openDb();
const { db, take } = profiledDb(base);
const bareSql = `SELECT count(*) AS n FROM read_csv(${quoteLiteral(file)})`;
await base.all(bareSql); // warm the OS file cache so every run reads from memory

const runs: { bare: Timing; load: Timing; clean: Timing }[] = [];
let best: { load: StatementTiming[]; clean: StatementTiming[] } = { load: [], clean: [] };
let facts = { rows: 0, rowsLoaded: 0, rowsClean: 0 };
let peak = NaN;
for (let i = 0; i < repeat; i++) {
  const [bare, bareTime] = await timedCpu(() => base.one<{ n: number }>(bareSql));
  take();
  const [load, loadTime] = await timedCpu(() =>
    loadTransactions(db, { path: file, progress: quiet })
  );
  const loadStatements = take();
  const [clean, cleanTime] = await timedCpu(() =>
    cleanTransactions(db, { preset, rowsRead: load.rowsRead, rowsRejected: load.rowsRejected })
  );
  const cleanStatements = take();
  const total = loadTime.wall + cleanTime.wall;
  if (runs.every((r) => r.load.wall + r.clean.wall > total)) {
    best = { load: loadStatements, clean: cleanStatements };
  }
  runs.push({ bare: bareTime, load: loadTime, clean: cleanTime });
  facts = { rows: bare.n, rowsLoaded: load.rowsLoaded, rowsClean: clean.rowsClean };
  // the peak of one load+clean, as the main job runs it (later runs replace the tables, and
  // the allocator keeps some of the memory the replaced tables held)
  if (i === 0) peak = Math.round(peakRssMb());
}
const peakAllRuns = Math.round(peakRssMb());

const copyRuns: Timing[] = [];
for (let i = 0; i < repeat; i++) {
  copyRuns.push(
    (await timedCpu(() =>
      base.run(
        `CREATE OR REPLACE TABLE __bench_copy AS SELECT * FROM read_csv(${quoteLiteral(file)})`,
      )
    ))[1],
  );
  await base.run("DROP TABLE __bench_copy");
}

if (values.profile) {
  for (const [stage, statements] of Object.entries(best)) {
    console.error(`${stage}: statements of the best run (seconds)`);
    for (const s of statements) {
      if (s.seconds >= 0.002) {
        console.error(`${s.seconds.toFixed(3).padStart(8)}  ${s.sql.slice(0, 110)}`);
      }
    }
  }
}

const bare = summarize(runs.map((r) => r.bare));
const load = summarize(runs.map((r) => r.load));
const clean = summarize(runs.map((r) => r.clean));
const both = summarize(runs.map((r) => ({
  wall: r.load.wall + r.clean.wall,
  cpu: r.load.cpu + r.clean.cpu,
})));
const round = (x: number) => Math.round(x * 1000) / 1000;
const pick = (s: TimingSummary, at: "best" | "median", key: keyof Timing) => round(s[at][key]);
console.log(JSON.stringify({
  stage: "load+clean",
  file,
  preset,
  ...facts,
  repeat,
  bareScanSeconds: pick(bare, "best", "wall"),
  loadSeconds: pick(load, "best", "wall"),
  cleanSeconds: pick(clean, "best", "wall"),
  ratio: round(both.best.wall / bare.best.wall),
  median: {
    bareScanSeconds: pick(bare, "median", "wall"),
    loadSeconds: pick(load, "median", "wall"),
    cleanSeconds: pick(clean, "median", "wall"),
    ratio: round(both.median.wall / bare.median.wall),
  },
  cpu: {
    bareScanSeconds: pick(bare, "best", "cpu"),
    loadSeconds: pick(load, "best", "cpu"),
    cleanSeconds: pick(clean, "best", "cpu"),
    ratio: round(both.best.cpu / bare.best.cpu),
  },
  copySeconds: round(summarize(copyRuns).best.wall),
  peakRssMb: peak,
  peakRssMbAllRuns: peakAllRuns,
}));
base.close();
