/**
 * `deno task bench`: runs each benchmark stage in its own process (so peak memory is per stage)
 * and prints a table. Stages: load+clean of the real Online Retail II file (both presets) and of a
 * generated file (ratio to DuckDB's bare scan of the same file in the same process), customer
 * analytics on the generated file, the CLV models on simulated customers, and the report page on
 * top of the analysis (build, render, size) for the sample, Online Retail II and FLO.
 *
 * Options:
 * - `--only NAME`: run the stages whose name starts with NAME (e.g. `--only load+clean`).
 * - `--rows N`: size of the generated file (default 1000000); it is written once to
 *   `data/generated/retail_<N>.csv` (e.g. `retail_10m.csv` for `--rows 10000000`) and reused.
 * - `--repeat N`: runs per measurement in each stage (default 3; best and median are shown).
 *
 * For the 10M-row file: `deno task bench --rows 10000000 --only load+clean --repeat 1` (the file,
 * 860 MB, is generated on first use in about 25 s; load+clean then peaks near 4 GB of memory).
 *
 * Side by side (`--only side-by-side`, bench/side_by_side_stage.ts): the whole job
 * (`report_cli.ts --preset classic --clv-convention classic`) against the pandas + lifetimes
 * reference (`../shared/peer/crm_peer.py`), whole processes, alternating runs, medians of
 * `--repeat`, the ratio (reference / job, above 1 means the job is faster) and both peak
 * memories, then a markdown table for the README. Files: the Online Retail II sheet and the
 * reference's seeded synthetic file of `--rows` rows (`../shared/peer/make_synthetic.py`, written
 * once to `data/generated/synthetic_<N>.csv.gz`). Skipped, saying what to type, when
 * `bash ../shared/peer/setup.sh` has not been run. Ten million rows, opt-in:
 * `deno task bench --rows 10000000 --only "side-by-side synthetic" --repeat 3` (the generator
 * takes a few minutes the first time).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { dirname } from "node:path";
import { fromFileUrl } from "@crm/util/mod.ts";
import { peerSetup, type SideBySide, sideBySideTable } from "./_side_by_side.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { only: { type: "string" }, rows: { type: "string" }, repeat: { type: "string" } },
});
const root = fromFileUrl(new URL("../", import.meta.url));
const real = fromFileUrl(
  new URL("../../shared/data/online_retail_II_year2010-2011.csv.gz", import.meta.url),
);
const rows = Number(values.rows ?? 1_000_000);
if (!Number.isInteger(rows) || rows < 1000) {
  throw new Error("--rows must be a whole number >= 1000");
}
const repeat = String(Math.max(1, Number(values.repeat ?? 3)));
const generated = `${root}data/generated/${generatedName(rows)}`;

/** `retail_1m.csv`, `retail_10m.csv`, `retail_250k.csv`, `retail_1500.csv`. */
function generatedName(n: number): string {
  return `retail_${sizeLabel(n)}.csv`;
}

/** `1m`, `10m`, `250k`, `1500`. */
function sizeLabel(n: number): string {
  return n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

async function deno(args: string[], quiet = true): Promise<Record<string, unknown>[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
    env: quiet ? { CRM_QUIET: "1" } : {},
  }).output();
  if (!out.success) throw new Error(`bench stage failed: ${args.join(" ")}`);
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
}

const ensureGenerated = async (): Promise<void> => {
  if (existsSync(generated)) return;
  console.error(`generating ${generated} (${rows.toLocaleString("en-US")} rows)…`);
  await deno(["lib/generate/cli.ts", "--rows", String(rows), "--out", generated], false);
};

/** The reference's seeded synthetic file of `rows` rows (its generator, its schema). */
const synthetic = `${root}data/generated/synthetic_${sizeLabel(rows)}.csv.gz`;
const ensureSynthetic = async (): Promise<void> => {
  if (existsSync(synthetic)) return;
  await Deno.mkdir(dirname(synthetic), { recursive: true });
  console.error(
    `generating ${synthetic} (${rows.toLocaleString("en-US")} rows, make_synthetic.py)…`,
  );
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [`${root}../shared/peer/make_synthetic.py`, synthetic, "--rows", String(rows)],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`make_synthetic.py failed for ${synthetic}`);
};

const stages: {
  name: string;
  args: () => Promise<string[]> | string[];
  /** Why the stage cannot run here, printed instead of running it. */
  skip?: string;
}[] = [];
if (existsSync(real)) {
  for (const preset of ["classic", "recommended"]) {
    stages.push({
      name: `load+clean real ${preset}`,
      args: () => ["bench/load_clean_stage.ts", real, preset, "--repeat", repeat],
    });
  }
} else {
  console.error(`skipping the real-file stages: ${real} is not there`);
}
stages.push({
  name: "load+clean generated recommended",
  args: async () => {
    await ensureGenerated();
    return ["bench/load_clean_stage.ts", generated, "recommended", "--repeat", repeat];
  },
});
for (const extra of ["bench/analytics_stage.ts", "bench/clv_stage.ts"]) {
  if (existsSync(`${root}${extra}`)) {
    stages.push({
      name: extra.replace(/^bench\/|_stage\.ts$/g, ""),
      args: async () => {
        await ensureGenerated();
        return [extra, generated, "--repeat", repeat];
      },
    });
  }
}

// The report page on top of the analysis: the sample, and the shared files when present.
const flo = fromFileUrl(new URL("../../shared/data/flo_data_20k.csv", import.meta.url));
for (const input of [`${root}data/sample_online_retail.csv.gz`, real, flo]) {
  if (!existsSync(input)) continue;
  stages.push({
    name: `report ${input.split("/").pop()}`,
    args: () => ["bench/report_stage.ts", input, "--repeat", repeat],
  });
}

// The whole job against the pandas + lifetimes reference, whole processes.
const peer = peerSetup(Deno.env.toObject(), existsSync);
const skipPeer = typeof peer === "string" ? peer : undefined;
if (existsSync(real)) {
  stages.push({
    name: "side-by-side real",
    args: () => ["bench/side_by_side_stage.ts", real, "--repeat", repeat],
    skip: skipPeer,
  });
}
stages.push({
  name: `side-by-side synthetic ${sizeLabel(rows)}`,
  args: async () => {
    await ensureSynthetic();
    return ["bench/side_by_side_stage.ts", synthetic, "--repeat", repeat];
  },
  skip: skipPeer,
});

const loadClean: Record<string, unknown>[] = [];
const sideBySide: SideBySide[] = [];
for (const stage of stages) {
  if (values.only && !stage.name.startsWith(values.only)) continue;
  if (stage.skip) {
    console.error(`bench: ${stage.name}: skipped: ${stage.skip}`);
    continue;
  }
  console.error(`bench: ${stage.name}…`);
  for (const line of await deno(await stage.args())) {
    if (line.stage === "load+clean") {
      loadClean.push(line);
      console.error(formatLine(line));
    } else if (line.stage === "side-by-side") {
      sideBySide.push(line as unknown as SideBySide);
      console.log(formatLine(line));
    } else console.log(formatLine(line));
  }
}
if (loadClean.length > 0) console.log(loadCleanTable(loadClean));
if (sideBySide.length > 0) {
  console.log(
    "\nside by side: whole processes, medians (wall time is noisy on a shared machine)\n",
  );
  console.log(sideBySideTable(sideBySide, Number(repeat)));
}

function formatLine(r: Record<string, unknown>): string {
  return Object.entries(r)
    .map(([k, v]) =>
      `${k}=${
        typeof v === "number" && !Number.isInteger(v)
          ? v.toFixed(3)
          : typeof v === "object"
          ? JSON.stringify(v)
          : v
      }`
    )
    .join("  ");
}

/** The load+clean results as an aligned table with a legend. */
function loadCleanTable(results: readonly Record<string, unknown>[]): string {
  const s = (x: unknown) => (typeof x === "number" ? x.toFixed(2) : "?");
  const header = [
    "file",
    "preset",
    "rows",
    "bare",
    "copy",
    "load",
    "clean",
    "load+clean",
    "ratio",
    "cpu ratio",
    "peak RSS",
  ];
  const body = results.map((r) => {
    const median = r.median as Record<string, number>;
    const cpu = r.cpu as Record<string, number>;
    const load = r.loadSeconds as number, clean = r.cleanSeconds as number;
    return [
      String(r.file).split("/").pop()!,
      String(r.preset),
      Number(r.rows).toLocaleString("en-US"),
      `${s(r.bareScanSeconds)} (${s(median.bareScanSeconds)})`,
      s(r.copySeconds),
      `${s(load)} (${s(median.loadSeconds)})`,
      `${s(clean)} (${s(median.cleanSeconds)})`,
      s(load + clean),
      `${s(r.ratio)} (${s(median.ratio)})`,
      s(cpu.ratio),
      `${r.peakRssMb} MB`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    `load+clean, seconds: best of ${results[0]?.repeat} runs (median in brackets)`,
    line(header),
    ...body.map(line),
    "bare: DuckDB's SELECT count(*) FROM read_csv(file), same process; it reads no values into a table.",
    "copy: DuckDB's CREATE TABLE AS SELECT * FROM read_csv(file): its own load, writing every row once as any load must.",
    "ratio: (load + clean) / bare, wall time; cpu ratio: the same in CPU time (steadier on a shared machine).",
  ].join("\n");
}
