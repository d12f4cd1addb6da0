/**
 * Pure helpers of the side-by-side benchmark (bench/side_by_side_stage.ts): where the pandas +
 * lifetimes reference is installed, which arguments turn the job's load cache off and on, how
 * to read where each program spent its time, and the README table.
 *
 * @module
 */
import { join } from "node:path";
import type { OptionSpec } from "@crm/options/mod.ts";

/** The reference pipeline, as `../shared/peer/README.md` installs it. */
export interface PeerSetup {
  /** `PYTHONPATH` for `/usr/bin/python3` (lifetimes and autograd sources). */
  readonly pythonPath: string;
}

/**
 * Where `bash ../shared/peer/setup.sh` put lifetimes and autograd (`$PEER_HOME`, default
 * `$HOME/peers`), or the reason the reference cannot run, which names the command to type.
 * `exists` is the file-system check (a parameter so the rule is testable).
 *
 * @example
 * ```ts
 * import { peerSetup } from "./_side_by_side.ts";
 * import { deepStrictEqual, match } from "node:assert/strict";
 * const all = () => true;
 * deepStrictEqual(peerSetup({ HOME: "/root" }, all), {
 *   pythonPath: "/root/peers/lifetimes:/root/peers/autograd",
 * });
 * deepStrictEqual(peerSetup({ HOME: "/root", PEER_HOME: "/opt/p" }, all), {
 *   pythonPath: "/opt/p/lifetimes:/opt/p/autograd",
 * });
 * const none = peerSetup({ HOME: "/root" }, (p) => p === "/usr/bin/python3");
 * match(String(none), /not set up.*bash \.\.\/shared\/peer\/setup\.sh/);
 * ```
 */
export function peerSetup(
  env: { readonly HOME?: string; readonly PEER_HOME?: string },
  exists: (path: string) => boolean,
): PeerSetup | string {
  const home = env.PEER_HOME ?? join(env.HOME ?? "~", "peers");
  const lifetimes = join(home, "lifetimes");
  const autograd = join(home, "autograd");
  if (!exists("/usr/bin/python3")) {
    return "the pandas + lifetimes reference needs Debian's /usr/bin/python3, which is not there";
  }
  if (!exists(join(lifetimes, "lifetimes")) || !exists(join(autograd, "autograd"))) {
    return `the pandas + lifetimes reference is not set up (no ${lifetimes}/lifetimes or ` +
      `${autograd}/autograd; $PEER_HOME ${env.PEER_HOME ? "is " + env.PEER_HOME : "unset"}): ` +
      "run `bash ../shared/peer/setup.sh` (and set PEER_HOME if you gave it another folder)";
  }
  return { pythonPath: `${lifetimes}:${autograd}` };
}

/** Extra job arguments for a run without and with the load cache. */
export interface CacheArgs {
  readonly cold: readonly string[];
  readonly warm: readonly string[];
}

/**
 * The arguments that turn the job's load cache off (`cold`) and on (`warm`), read from the
 * declared options: a `--cache on|off` choice, a `--no-cache` switch or a `--cache` switch.
 * Undefined when the job has no load cache.
 *
 * @example
 * ```ts
 * import { cacheArgs } from "./_side_by_side.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const spec = { param: "x", placeholder: "", default: undefined, defaultText: "", help: "", group: "input" } as const;
 * deepStrictEqual(cacheArgs([{ ...spec, flag: "cache", kind: "choice", choices: ["on", "off"] }]), {
 *   cold: ["--cache", "off"], warm: ["--cache", "on"],
 * });
 * deepStrictEqual(cacheArgs([{ ...spec, flag: "no-cache", kind: "boolean" }]), { cold: ["--no-cache"], warm: [] });
 * equal(cacheArgs([{ ...spec, flag: "as-of", kind: "date" }]), undefined);
 * ```
 */
export function cacheArgs(options: readonly OptionSpec[]): CacheArgs | undefined {
  const cache = options.find((o) => o.flag === "cache");
  if (cache?.kind === "choice" && cache.choices?.includes("off")) {
    const on = cache.choices.includes("on") ? "on" : cache.choices.find((c) => c !== "off")!;
    return { cold: ["--cache", "off"], warm: ["--cache", on] };
  }
  if (cache?.kind === "boolean") return { cold: [], warm: ["--cache"] };
  if (options.some((o) => o.flag === "no-cache" && o.kind === "boolean")) {
    return { cold: ["--no-cache"], warm: [] };
  }
  return undefined;
}

/** Where the job spent its time, from its progress lines. */
export interface JobStages {
  /** Seconds per stage, in the order the stages ended. */
  readonly stages: Readonly<Record<string, number>>;
  /** The last progress stamp: seconds from the first progress line to the last. */
  readonly lastStamp: number;
}

/**
 * Reads the job's progress lines (`[   1.3s] clean: 397885 of 541910 rows kept (0.43 s)`): the
 * duration of each stage that ended and the last time stamp. The clock starts when the job
 * begins its work, so the process's wall time minus `lastStamp` is the start-up (importing the
 * modules) and the exit.
 *
 * @example
 * ```ts
 * import { parseJobProgress } from "./_side_by_side.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const text = [
 *   "[   0.0s] load x.csv …",
 *   "[   0.4s] load x.csv: 10 rows into raw_transactions (0.39 s)",
 *   "[   0.4s] input: csv, utf-8",
 *   "[   0.9s] clean: 8 of 10 rows kept (0.50 s)",
 *   "Report written: out/index.html",
 * ].join("\n");
 * deepStrictEqual(parseJobProgress(text), { stages: { "load x.csv": 0.39, clean: 0.5 }, lastStamp: 0.9 });
 * ```
 */
export function parseJobProgress(stderr: string): JobStages {
  const stages: Record<string, number> = {};
  let lastStamp = 0;
  for (const line of stderr.split("\n")) {
    const m = /^\[\s*([\d.]+)s\] (.*)$/.exec(line);
    if (!m) continue;
    lastStamp = Number(m[1]);
    const end = /^(.+?): .*\(([\d.]+) s\)$/.exec(m[2]!);
    if (end) stages[end[1]!] = Number(end[2]);
  }
  return { stages, lastStamp };
}

/**
 * Reads the reference's `timings: {'load': 0.81, …} total 1.43 …` line into seconds per stage
 * (and `total`); empty when the line is missing.
 *
 * @example
 * ```ts
 * import { parsePeerTimings } from "./_side_by_side.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(
 *   parsePeerTimings("rows raw 5\ntimings: {'load': 0.81, 'cltv_tutorial.gg_fit': 0.1} total 1.43 peak_rss_mb 250.1\n"),
 *   { load: 0.81, "cltv_tutorial.gg_fit": 0.1, total: 1.43 },
 * );
 * ```
 */
export function parsePeerTimings(stdout: string): Record<string, number> {
  const m = /^timings: \{(.*)\} total ([\d.]+)/m.exec(stdout);
  if (!m) return {};
  const out: Record<string, number> = {};
  for (const pair of m[1]!.matchAll(/'([^']+)': ([\d.eE+-]+)/g)) out[pair[1]!] = Number(pair[2]);
  out.total = Number(m[2]);
  return out;
}

/** One program's medians in one side-by-side comparison. */
export interface SideRun {
  /** Wall seconds of every run, in run order. */
  readonly walls: readonly number[];
  /** Median wall seconds. */
  readonly wall: number;
  /** Median CPU seconds (user + system). */
  readonly cpu: number;
  /** Median peak resident memory, MB. */
  readonly peakRssMb: number;
}

/** One file's side-by-side result, as the stage prints it. */
export interface SideBySide {
  readonly file: string;
  readonly rows: number;
  readonly ours: SideRun;
  readonly peer: SideRun;
  /** The job re-run with its load cache warm, when it has one. */
  readonly cached?: SideRun;
}

/**
 * The side-by-side results as a markdown table for the README: median wall seconds of the job
 * and the reference, the ratio (reference / job: above 1 means the job is faster) and both
 * peak memories.
 *
 * @example
 * ```ts
 * import { sideBySideTable } from "./_side_by_side.ts";
 * import { match } from "node:assert/strict";
 * const run = (wall: number, mb: number) => ({ walls: [wall], wall, cpu: wall, peakRssMb: mb });
 * const md = sideBySideTable([{ file: "a.csv", rows: 1000, ours: run(2, 300), peer: run(1, 250) }], 3);
 * match(md, /\| a\.csv \| 1,000 \| 2\.00 s \| 1\.00 s \| 0\.50x \| 300 MB \| 250 MB \|/);
 * ```
 */
export function sideBySideTable(results: readonly SideBySide[], repeat: number): string {
  const s = (x: number) => `${x.toFixed(2)} s`;
  const mb = (x: number) => `${Math.round(x)} MB`;
  const lines = [
    `| file | rows | job (median of ${repeat}) | reference | ratio (reference / job) | job peak | reference peak |`,
    "| --- | --: | --: | --: | --: | --: | --: |",
  ];
  for (const r of results) {
    const rows = r.rows.toLocaleString("en-US");
    lines.push(
      `| ${r.file} | ${rows} | ${s(r.ours.wall)} | ${s(r.peer.wall)} | ` +
        `${(r.peer.wall / r.ours.wall).toFixed(2)}x | ${mb(r.ours.peakRssMb)} | ${
          mb(r.peer.peakRssMb)
        } |`,
    );
    if (r.cached) {
      lines.push(
        `| ${r.file}, cached re-run | ${rows} | ${s(r.cached.wall)} | ${s(r.peer.wall)} | ` +
          `${(r.peer.wall / r.cached.wall).toFixed(2)}x | ${mb(r.cached.peakRssMb)} | ${
            mb(r.peer.peakRssMb)
          } |`,
      );
    }
  }
  return lines.join("\n");
}
