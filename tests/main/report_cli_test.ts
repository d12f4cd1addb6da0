import { deepStrictEqual, equal, match, doesNotMatch, ok } from "node:assert/strict";
import { join } from "node:path";
import { runReport } from "@crm/main/run_report.ts";
import { parseReportArgs } from "@crm/main/options.ts";
import type { ReportOptions } from "@crm/main/options.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const quiet = createProgress({ write: () => {} });
const fixedClock = () => new Date("2026-01-01T00:00:00Z");

function options(args: string[]): ReportOptions {
  const parsed = parseReportArgs(args);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.options;
}

async function readCsv(path: string): Promise<string[][]> {
  return (await Deno.readTextFile(path)).trim().split("\n").map((l) => l.split(","));
}

/** Runs the CLI as a user would; returns exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "lib/main/report_cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { CRM_QUIET: "1", NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stderr: dec.decode(out.stderr), stdout: dec.decode(out.stdout) };
}

Deno.test("report with no arguments writes the report and tables for the embedded sample", async () => {
  const out = await Deno.makeTempDir();
  const run = await runReport({ ...options([]), out }, { progress: quiet, now: fixedClock });
  for (const f of ["index.html", "tables/cleaning_ledger.csv", "tables/summary.json", "tables/removed_rows.csv"]) {
    ok((await Deno.stat(join(out, f))).isFile, f);
  }
  const ledger = await readCsv(join(out, "tables/cleaning_ledger.csv"));
  deepStrictEqual(ledger[0], ["step", "rule", "rows_in", "rows_removed", "rows_changed", "rows_out"]);
  const body = ledger.slice(1).map((r) => r.map((x, i) => (i === 1 ? x : Number(x))));
  // The ledger reconciles: rows_raw = rows_clean + Σ removed, and each step feeds the next.
  const summary = JSON.parse(await Deno.readTextFile(join(out, "tables/summary.json")));
  const removed = body.reduce((s, r) => s + (r[3] as number), 0);
  equal(summary.rows_raw, summary.rows_clean + removed);
  for (let i = 1; i < body.length; i++) equal(body[i]![2], body[i - 1]![5]);
  equal(summary.rows_clean, run.summary.rowsClean);
  for (const key of ["rows_raw", "rows_clean", "customers", "invoices", "first_date", "last_date"]) {
    ok(key in summary, key);
  }
  // Removed rows file has one line per removed row (+ header).
  const removedLines = (await Deno.readTextFile(join(out, "tables/removed_rows.csv"))).trim().split("\n").length - 1;
  equal(removedLines, removed);
  const html = await Deno.readTextFile(join(out, "index.html"));
  match(html, /Data quality and cleaning/);
  doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="http/);
});

Deno.test("report is byte-identical across runs except the generated line", async () => {
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  await runReport({ ...options([]), out: a }, { progress: quiet, now: fixedClock });
  await runReport({ ...options([]), out: b }, { progress: quiet, now: () => new Date("2027-05-05T10:00:00Z") });
  const strip = (s: string) => s.replace(/<p class="generated">[^<]*<\/p>/, "");
  const ha = await Deno.readTextFile(join(a, "index.html"));
  const hb = await Deno.readTextFile(join(b, "index.html"));
  ok(ha !== hb, "the timestamp line differs");
  equal(strip(ha), strip(hb));
  for await (const entry of Deno.readDir(join(a, "tables"))) {
    const x = await Deno.readFile(join(a, "tables", entry.name));
    const y = await Deno.readFile(join(b, "tables", entry.name));
    deepStrictEqual(x, y, entry.name);
  }
});

Deno.test("report CLI exits 2 with a message and no stack trace for user mistakes", async () => {
  const dir = await Deno.makeTempDir();
  const empty = join(dir, "empty.csv");
  await Deno.writeTextFile(empty, "");
  const cases: [string[], RegExp][] = [
    [["--data", join(dir, "nope.csv")], /nope\.csv/],
    [["--data", join(dir, "file.txt")], /\.csv/],
    [["--data", empty], /empty/i],
    [["--preset", "fast"], /preset must be one of "classic", "recommended": current value is "fast"/],
    [["--as-of", "2011-13-45"], /as-of must be a date YYYY-MM-DD/],
    [["--bogus"], /bogus/],
  ];
  await Deno.writeTextFile(join(dir, "file.txt"), "a,b\n1,2\n");
  for (const [args, message] of cases) {
    const { code, stderr } = await cli(args);
    equal(code, 2, `${args.join(" ")}: ${stderr}`);
    match(stderr, message);
    doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  }
});

Deno.test("report --help lists every option", async () => {
  const { code, stdout } = await cli(["--help"]);
  equal(code, 0);
  for (const opt of ["--data", "--out", "--preset", "--as-of", "--map", "--on-invalid", "--clv-convention"]) {
    match(stdout, new RegExp(opt));
  }
});

const II = "online_retail_II_year2010-2011.csv.gz";
const ORIGINAL = "online_retail.csv.gz";
Deno.test({
  name: "report --preset classic agrees on both UCI schemas except the II sheet's extra postage line",
  ignore: !(hasSharedData(II) && hasSharedData(ORIGINAL)),
  fn: async () => {
    const a = await Deno.makeTempDir();
    const b = await Deno.makeTempDir();
    const ra = await runReport({ ...options(["--data", sharedDataPath(II), "--preset", "classic"]), out: a, noRemovedRows: true }, {
      progress: quiet,
      now: fixedClock,
    });
    const rb = await runReport({ ...options(["--data", sharedDataPath(ORIGINAL), "--preset", "classic"]), out: b, noRemovedRows: true }, {
      progress: quiet,
      now: fixedClock,
    });
    equal(ra.summary.rowsRaw, 541910);
    equal(rb.summary.rowsRaw, 541909);
    // Every removal step removes the same rows; the extra line (581587, POST, price 18, customer
    // 12680) passes every classic rule, so the clean tables differ by exactly that line.
    deepStrictEqual(
      ra.clean.ledger.slice(1).map((s) => [s.rule, s.rowsRemoved]),
      rb.clean.ledger.slice(1).map((s) => [s.rule, s.rowsRemoved]),
    );
    equal(ra.summary.rowsClean - rb.summary.rowsClean, 1);
    equal(ra.summary.customers, rb.summary.customers);
    equal(ra.summary.invoices, rb.summary.invoices);
    equal(Math.round((ra.summary.revenue - rb.summary.revenue) * 100) / 100, 18);
  },
});
