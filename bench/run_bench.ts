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
 * @module
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { fromFileUrl } from "@crm/util/mod.ts";

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
  const size = n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
  return `retail_${size}.csv`;
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

const stages: { name: string; args: () => Promise<string[]> | string[] }[] = [];
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

const loadClean: Record<string, unknown>[] = [];
for (const stage of stages) {
  if (values.only && !stage.name.startsWith(values.only)) continue;
  console.error(`bench: ${stage.name}…`);
  for (const line of await deno(await stage.args())) {
    if (line.stage === "load+clean") {
      loadClean.push(line);
      console.error(formatLine(line));
    } else console.log(formatLine(line));
  }
}
if (loadClean.length > 0) console.log(loadCleanTable(loadClean));

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
