/**
 * Benchmark stage `side-by-side`: the workspace's whole job against the pandas + lifetimes
 * reference pipeline (`../shared/peer/crm_peer.py`, see its README), each as a whole process on
 * the same file:
 *
 * - job: `deno run -A lib/main/report_cli.ts --data FILE --preset classic --clv-convention
 *   classic --out TMPDIR`
 * - reference: `/usr/bin/python3 ../shared/peer/crm_peer.py FILE --out TMPDIR --analysis-date D
 *   --skip-lifetimes-correct` with `PYTHONPATH=$PEER_HOME/lifetimes:$PEER_HOME/autograd`
 *   (`$PEER_HOME` defaults to `$HOME/peers`), where D is the as-of date the job chose (two days
 *   after the last transaction, the reference's own default too), read from the job's
 *   `kpis.json`.
 *
 * One untimed run of each first (it reads the file into the OS cache, fills Deno's and Python's
 * code caches and gives D), then `--repeat` rounds of job, reference, job, reference … so both
 * see the same machine load; the medians are printed with every run's wall time. Wall time is
 * this process's clock around the child; CPU time and peak memory come from the kernel's
 * accounting of the finished process (see bench/_process.ts for how, and why that is the whole
 * tree's peak here).
 *
 * The job's load cache (`--cache on|off`, read from the declared options by `cacheArgs`): the
 * timed job runs have it off, and each round adds a third run with it on ("job (cached)", the
 * re-run of an analyst who changed an analysis parameter), after one run that fills it; the
 * cache lives in a temporary `CRM_CACHE_DIR`. Without such an option only the plain job is
 * measured.
 *
 * Usage: deno run -A bench/side_by_side_stage.ts FILE [--repeat N]
 * Prints one JSON line (read by bench/run_bench.ts, which prints the README table).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { REPORT_OPTIONS } from "@crm/options/mod.ts";
import { fromFileUrl } from "@crm/util/mod.ts";
import { median } from "./_measure.ts";
import { measureProcess, type ProcessRun, rssMethod } from "./_process.ts";
import {
  cacheArgs,
  parseJobProgress,
  parsePeerTimings,
  peerSetup,
  type SideBySide,
  type SideRun,
} from "./_side_by_side.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" } },
});
const file = positionals[0];
if (!file) throw new Error("usage: side_by_side_stage.ts FILE [--repeat N]");
const repeat = Math.max(1, Number(values.repeat ?? 3));
const root = fromFileUrl(new URL("../", import.meta.url));
const peerScript = fromFileUrl(new URL("../../shared/peer/crm_peer.py", import.meta.url));
const setup = peerSetup(Deno.env.toObject(), existsSync);
if (typeof setup === "string") throw new Error(setup);
const cache = cacheArgs(REPORT_OPTIONS);

const tmp = await Deno.makeTempDir({ prefix: "crm-side-by-side-" });
let runNo = 0;

/** One run of the job; its output folder is read by `keep` and then removed. */
async function job(extra: readonly string[], keep?: (out: string) => Promise<void>) {
  const out = join(tmp, `job-${runNo++}`);
  const run = await measureProcess(Deno.execPath(), [
    "run",
    "-A",
    "lib/main/report_cli.ts",
    "--data",
    file!,
    "--preset",
    "classic",
    "--clv-convention",
    "classic",
    "--out",
    out,
    ...extra,
  ], {
    cwd: root,
    // CRM_QUIET is cleared: run_bench quiets its stages, but the job's progress lines are read.
    env: { NO_COLOR: "1", CRM_QUIET: "", CRM_CACHE_DIR: join(tmp, "cache") },
  });
  check("job", run);
  await keep?.(out);
  await Deno.remove(out, { recursive: true });
  return run;
}

/** One run of the reference. */
async function peer(asOf: string) {
  const out = join(tmp, `peer-${runNo++}`);
  const run = await measureProcess("/usr/bin/python3", [
    peerScript,
    file!,
    "--out",
    out,
    "--analysis-date",
    asOf,
    "--skip-lifetimes-correct",
  ], { cwd: root, env: { PYTHONPATH: (setup as { pythonPath: string }).pythonPath } });
  check("reference", run);
  await Deno.remove(out, { recursive: true }).catch(() => {});
  return run;
}

function check(who: string, run: ProcessRun): void {
  if (run.code === 0) return;
  const tail = (run.stderr || run.stdout).trim().split("\n").slice(-8).join("\n");
  throw new Error(`side-by-side: the ${who} failed on ${file} (exit ${run.code}):\n${tail}`);
}

function summary(runs: readonly ProcessRun[]): SideRun {
  return {
    walls: runs.map((r) => round(r.wall)),
    wall: round(median(runs.map((r) => r.wall))),
    cpu: round(median(runs.map((r) => r.cpu))),
    peakRssMb: Math.round(median(runs.map((r) => r.peakRssMb))),
  };
}

const round = (x: number) => Number(x.toFixed(3));

/** The run whose wall time is the median (the lower middle one for an even count). */
function medianRun(runs: readonly ProcessRun[]): ProcessRun {
  return [...runs].sort((a, b) => a.wall - b.wall)[Math.floor((runs.length - 1) / 2)]!;
}

try {
  // Untimed first runs: the job's as-of date, the OS file cache, the code caches.
  let asOf = "";
  let rows = 0;
  await job(cache?.cold ?? [], async (out) => {
    const kpis = JSON.parse(await Deno.readTextFile(join(out, "tables", "kpis.json")));
    const summary = JSON.parse(await Deno.readTextFile(join(out, "tables", "summary.json")));
    asOf = String(kpis.as_of);
    rows = Number(summary.rows_raw);
  });
  await peer(asOf);
  if (cache) await job(cache.warm); // fills the cache

  const ours: ProcessRun[] = [], theirs: ProcessRun[] = [], cached: ProcessRun[] = [];
  for (let i = 0; i < repeat; i++) {
    ours.push(await job(cache?.cold ?? []));
    theirs.push(await peer(asOf));
    if (cache) cached.push(await job(cache.warm));
    console.error(
      `  round ${i + 1}/${repeat}: job ${ours.at(-1)!.wall.toFixed(2)} s, reference ${
        theirs.at(-1)!.wall.toFixed(2)
      } s${cache ? `, cached job ${cached.at(-1)!.wall.toFixed(2)} s` : ""}`,
    );
  }
  const job50 = medianRun(ours);
  const progress = parseJobProgress(job50.stderr);
  const result: SideBySide & Record<string, unknown> = {
    stage: "side-by-side",
    file: basename(file),
    rows,
    repeat,
    asOf,
    rssMethod: rssMethod(),
    ours: summary(ours),
    peer: summary(theirs),
    ...(cache ? { cached: summary(cached) } : {}),
    ratio: round(median(theirs.map((r) => r.wall)) / median(ours.map((r) => r.wall))),
    cache: cache ? "measured" : "not measured: the job has no --cache option",
    jobStages: progress.stages,
    ...(cache ? { cachedStages: parseJobProgress(medianRun(cached).stderr).stages } : {}),
    jobStartupAndExit: round(job50.wall - progress.lastStamp),
    peerStages: parsePeerTimings(medianRun(theirs).stdout),
  };
  console.log(JSON.stringify(result));
} finally {
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
