/**
 * The main job's outputs do not depend on the number of DuckDB threads: it runs as a user runs
 * it (`deno run -A lib/main/report_cli.ts`) with `CRM_THREADS=1` and `CRM_THREADS=4`, and every
 * file of the two output folders must be byte-identical (the report apart from its one
 * "Generated" line). On one thread DuckDB adds rows in one order; on four, partial aggregates
 * are combined in the order the threads finish, so a floating-point sum, an unordered list or a
 * tie without a tie-breaker shows up here as a differing table, chart or model fit. The
 * four-thread run also keeps its tables compressed in memory (`CRM_COMPRESS_ROWS=0`, which large
 * inputs get by default): compression must not change a value or an order either.
 *
 * Cases: the embedded sample, the CRM sample folder, and, from `../shared/data`, Online Retail
 * II (both presets) and FLO (a customer-level table); small inputs exercise little parallelism,
 * so the real files are the sharper check. They are skipped, with a message, when `../shared`
 * is absent, and never under `CI=true` (then a missing file fails).
 *
 * @module
 */
import { equal, match } from "node:assert/strict";
import { join } from "node:path";
import { compareFolders, type FolderDifference, listFiles } from "@crm/outputs/mod.ts";
import { fromFileUrl } from "@crm/util/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const II = "online_retail_II_year2010-2011.csv.gz";
const FLO = "flo_data_20k.csv";

/**
 * Runs the main job with `CRM_THREADS=threads`, its tables compressed when `CRM_COMPRESS_ROWS`
 * is given (`compressRows`); returns exit code and stderr.
 */
async function job(
  args: readonly string[],
  threads: string,
  compressRows?: string,
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "lib/main/report_cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: {
      CRM_QUIET: "1",
      NO_COLOR: "1",
      CRM_THREADS: threads,
      ...(compressRows === undefined ? {} : { CRM_COMPRESS_ROWS: compressRows }),
    },
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Where a file differs: around the first differing character of its first differing line. */
function describe(d: FolderDifference): string {
  if (d.kind !== "differs") return `${d.file} (only on ${d.kind === "only-a" ? 1 : 4} thread(s))`;
  if (d.line === undefined) return `${d.file} (binary)`;
  const { number, a: x, b: y } = d.line;
  let c = 0;
  while (c < x.length && x[c] === y[c]) c++;
  const clip = (s: string) => s.slice(Math.max(0, c - 40), c + 40);
  return `${d.file} (line ${number}: …${clip(x)}… on 1 thread, …${clip(y)}… on 4)`;
}

/**
 * Runs the job on 1 and on 4 threads and asserts that the two output folders hold the same
 * files, byte for byte (the report apart from its "Generated" line). With `withDefault`, also
 * without `CRM_THREADS` (load and cleaning on every core, then one thread per stage), compared
 * with the 1-thread run the same way.
 */
async function assertSameOnOneAndFourThreads(
  args: readonly string[],
  withDefault = false,
): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "crm-threads-" });
  try {
    const outs = { one: join(base, "t1"), four: join(base, "t4"), unset: join(base, "default") };
    for (const [threads, out] of [["1", outs.one], ["4", outs.four]] as const) {
      const run = await job([...args, "--out", out], threads, threads === "4" ? "0" : undefined);
      equal(run.code, 0, `CRM_THREADS=${threads} ${args.join(" ")} failed:\n${run.stderr}`);
    }
    const [one, four] = [await listFiles(outs.one), await listFiles(outs.four)];
    equal(four.join("\n"), one.join("\n"), "the same files are written");
    const differ = (await compareFolders(outs.one, outs.four)).map(describe);
    equal(
      differ.length,
      0,
      `outputs differ between CRM_THREADS=1 and 4 with CRM_COMPRESS_ROWS=0 (${
        args.join(" ") || "default run"
      }):\n  ${differ.join("\n  ")}`,
    );
    if (!withDefault) return;
    const run = await job([...args, "--out", outs.unset], "");
    equal(run.code, 0, `CRM_THREADS unset ${args.join(" ")} failed:\n${run.stderr}`);
    equal((await listFiles(outs.unset)).join("\n"), one.join("\n"), "the same files are written");
    const differDefault = (await compareFolders(outs.one, outs.unset)).map(describe);
    equal(
      differDefault.length,
      0,
      `outputs differ between CRM_THREADS=1 and unset (the "4" below):\n  ${
        differDefault.join("\n  ")
      }`,
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("the embedded sample: byte-identical outputs on 1 and 4 DuckDB threads and by default", async () => {
  await assertSameOnOneAndFourThreads([], true);
});

Deno.test("the CRM sample folder: byte-identical outputs on 1 and 4 DuckDB threads", async () => {
  await assertSameOnOneAndFourThreads(["--data", join(ROOT, "data", "sample_crm")]);
});

Deno.test({
  name: "Online Retail II, both presets: byte-identical outputs on 1 and 4 DuckDB threads",
  ignore: !hasSharedData(II),
  fn: async () => {
    await assertSameOnOneAndFourThreads(["--data", sharedDataPath(II)], true);
    await assertSameOnOneAndFourThreads([
      "--data",
      sharedDataPath(II),
      "--preset",
      "classic",
      "--clv-convention",
      "classic",
    ]);
  },
});

Deno.test({
  name: "FLO customer table: byte-identical outputs on 1 and 4 DuckDB threads",
  ignore: !hasSharedData(FLO),
  fn: async () => {
    await assertSameOnOneAndFourThreads(["--data", sharedDataPath(FLO)]);
  },
});

Deno.test("CRM_THREADS that is not a whole number of at least 1 stops the job with exit code 2", async () => {
  for (const bad of ["0", "two", "1.5", "-3"]) {
    const out = await Deno.makeTempDir();
    try {
      const run = await job(["--out", join(out, "r")], bad);
      equal(run.code, 2, `CRM_THREADS=${bad}: ${run.stderr}`);
      match(
        run.stderr,
        new RegExp(`CRM_THREADS must be a whole number of at least 1.*current value is "${bad}"`),
      );
      equal(/\n\s+at /.test(run.stderr), false, "no stack trace");
      equal((await listFiles(out)).length, 0, "nothing written");
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
});

Deno.test("CRM_COMPRESS_ROWS that is not a whole number stops the job with exit code 2, naming the variable", async () => {
  const out = await Deno.makeTempDir();
  try {
    const run = await job(["--out", join(out, "r")], "1", "many");
    equal(run.code, 2, run.stderr);
    match(run.stderr, /CRM_COMPRESS_ROWS must be a whole number.*current value is "many"/);
    match(run.stderr, /CRM_COMPRESS_ROWS=0/);
    equal(/\n\s+at /.test(run.stderr), false, "no stack trace");
    equal((await listFiles(out)).length, 0, "nothing written");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
