/**
 * The side-by-side benchmark reads the job's own progress lines and the declared options; these
 * tests keep its readers in step with the real formats (bench/_side_by_side.ts).
 *
 * @module
 */
import { deepStrictEqual, equal, match } from "node:assert/strict";
import { REPORT_OPTIONS } from "../../lib/options/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";
import {
  cacheArgs,
  parseJobProgress,
  peerSetup,
  sideBySideTable,
} from "../../bench/_side_by_side.ts";

Deno.test("parseJobProgress() reads the lines createProgress() writes", () => {
  const lines: string[] = [];
  let t = 0;
  const progress = createProgress({ write: (l) => lines.push(l), now: () => t });
  const load = progress.stage("load data.csv.gz");
  t = 390;
  load("541,910 rows into raw_transactions");
  progress.info("input: csv.gz, online_retail_ii columns");
  const clean = progress.stage("clean");
  t = 1_250;
  clean("397885 of 541910 rows kept");
  const eda = progress.stage("EDA and KPIs");
  t = 2_000;
  eda("13 months, 4338 customers");
  deepStrictEqual(parseJobProgress(lines.join("\n") + "\nReport written: out/index.html\n"), {
    stages: { "load data.csv.gz": 0.39, clean: 0.86, "EDA and KPIs": 0.75 },
    lastStamp: 2,
  });
});

Deno.test("cacheArgs() finds the job's load cache option exactly when one is declared", () => {
  const declared = REPORT_OPTIONS.some((o) => o.flag === "cache" || o.flag === "no-cache");
  equal(cacheArgs(REPORT_OPTIONS) !== undefined, declared);
});

Deno.test("peerSetup() names the setup script when the reference is missing", () => {
  const missing = peerSetup({ HOME: "/home/a" }, (p) => p === "/usr/bin/python3");
  match(String(missing), /\/home\/a\/peers\/lifetimes.*bash \.\.\/shared\/peer\/setup\.sh/);
  deepStrictEqual(peerSetup({ HOME: "/home/a" }, () => true), {
    pythonPath: "/home/a/peers/lifetimes:/home/a/peers/autograd",
  });
});

Deno.test("sideBySideTable() gives the ratio as reference / job and a cached row when measured", () => {
  const run = (wall: number, mb: number) => ({ walls: [wall], wall, cpu: wall, peakRssMb: mb });
  const md = sideBySideTable([{
    file: "f.csv.gz",
    rows: 541_910,
    ours: run(3, 600),
    peer: run(1.5, 250),
    cached: run(0.5, 200),
  }], 3).split("\n");
  equal(md.length, 4);
  equal(md[2], "| f.csv.gz | 541,910 | 3.00 s | 1.50 s | 0.50x | 600 MB | 250 MB |");
  equal(md[3], "| f.csv.gz, cached re-run | 541,910 | 0.50 s | 1.50 s | 3.00x | 200 MB | 250 MB |");
});
