/**
 * `deno task bench`: runs each benchmark stage in its own process (so peak memory is per stage)
 * and prints a table. Stages: load+clean of the real Online Retail II file and of a generated
 * 1M-row file (ratio to DuckDB's bare scan of the same file in the same process), customer
 * analytics on 1M rows, and the CLV models on simulated customers.
 *
 * Options: --only NAME (a stage name prefix), --rows N (generated file size, default 1000000).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { fromFileUrl } from "@crm/util/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { only: { type: "string" }, rows: { type: "string" } },
});
const root = fromFileUrl(new URL("../", import.meta.url));
const real = fromFileUrl(new URL("../../shared/data/online_retail_II_year2010-2011.csv.gz", import.meta.url));
const rows = Number(values.rows ?? 1_000_000);
const generated = `${root}data/generated/retail_${rows >= 1e6 ? `${rows / 1e6}m` : `${rows / 1e3}k`}.csv`;

async function deno(args: string[]): Promise<Record<string, unknown>[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
    env: { CRM_QUIET: "1" },
  }).output();
  if (!out.success) throw new Error(`bench stage failed: ${args.join(" ")}`);
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.startsWith("{")).map((l) =>
    JSON.parse(l)
  );
}

const stages: { name: string; args: () => Promise<string[]> | string[] }[] = [];
if (existsSync(real)) {
  stages.push({ name: "load+clean real classic", args: () => ["bench/load_clean_stage.ts", real, "classic"] });
  stages.push({ name: "load+clean real recommended", args: () => ["bench/load_clean_stage.ts", real, "recommended"] });
} else {
  console.error(`skipping the real-file stages: ${real} is not there`);
}
const ensureGenerated = async (): Promise<void> => {
  if (existsSync(generated)) return;
  console.error(`generating ${generated} (${rows} rows)…`);
  await deno(["lib/generate/cli.ts", "--rows", String(rows), "--out", generated]);
};
stages.push({
  name: "load+clean generated recommended",
  args: async () => {
    await ensureGenerated();
    return ["bench/load_clean_stage.ts", generated, "recommended"];
  },
});
for (const extra of ["bench/analytics_stage.ts", "bench/clv_stage.ts"]) {
  if (existsSync(`${root}${extra}`)) {
    stages.push({
      name: extra.replace(/^bench\/|_stage\.ts$/g, ""),
      args: async () => {
        await ensureGenerated();
        return [extra, generated];
      },
    });
  }
}

const results: Record<string, unknown>[] = [];
for (const stage of stages) {
  if (values.only && !stage.name.startsWith(values.only)) continue;
  console.error(`bench: ${stage.name}…`);
  const lines = await deno(await stage.args());
  for (const line of lines) {
    results.push(line);
    console.log(formatLine(line));
  }
}

function formatLine(r: Record<string, unknown>): string {
  return Object.entries(r)
    .map(([k, v]) => `${k}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(3) : v}`)
    .join("  ");
}
