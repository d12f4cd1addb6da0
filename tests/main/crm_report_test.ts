/**
 * The main job on CRM tables: the embedded sample, larger generated folders with and without
 * planted effects, a single interactions file, named tables, and the mistakes a user makes
 * (broken references, duplicate keys, unknown columns, unrecognised files, bad flags): each
 * gives a clear message or a ledger line, exit code 0 or 2, never a stack trace.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runReport } from "@crm/main/run_report.ts";
import { parseReportArgs } from "@crm/options/mod.ts";
import type { ReportOptions } from "@crm/options/mod.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";
import { writeCrmFolder } from "@crm/generate/crm/mod.ts";
import { LARGE } from "../crm/_crm_data.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const SAMPLE = join(ROOT, "data", "sample_crm");
const quiet = createProgress({ write: () => {} });
const fixedClock = () => new Date("2026-01-01T00:00:00Z");

function options(args: string[]): ReportOptions {
  const parsed = parseReportArgs(args);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.options;
}

/** Parses a CSV written by the main job (RFC 4180 quoting) into records. */
async function records(path: string): Promise<Record<string, string>[]> {
  const text = await Deno.readTextFile(path);
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), field = "");
    else if (ch === "\n") (row.push(field), rows.push(row), row = [], field = "");
    else field += ch;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

async function header(path: string): Promise<string> {
  return (await Deno.readTextFile(path)).split("\n")[0]!;
}

/** The report's words: findings, recommendations and leads, as text. */
async function words(dir: string): Promise<string> {
  const html = await Deno.readTextFile(join(dir, "index.html"));
  return html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<svg[\s\S]*?<\/svg>/g, "")
    .replace(/<[^>]+>/g, " ").replaceAll("&quot;", '"').replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<").replaceAll("&gt;", ">").replace(/\s+/g, " ");
}

/** Runs the CLI as a user would. */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "lib/main/report_cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { CRM_QUIET: "1", NO_COLOR: "1" },
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("report --data data/sample_crm/: every CRM table, the ledger's planted counts, the planted effects in the words", async () => {
  const out = await Deno.makeTempDir();
  const run = await runReport({ ...options(["--data", SAMPLE]), out }, {
    progress: quiet,
    now: fixedClock,
  });
  equal(run.input, "crm");
  const tables = join(out, "tables");
  equal(await header(join(tables, "crm_checks.csv")), "table,check,column,rows,example,action");
  equal(
    await header(join(tables, "support_channels.csv")),
    "channel,interactions,resolved,resolution_rate,ci_low,ci_high,median_resolution_hours,mean_satisfaction,rated",
  );
  equal(
    await header(join(tables, "sales_reps.csv")),
    "rep,manager,region,deals,won,lost,open,win_rate,won_value,target,attainment",
  );
  for (const f of ["sales_regions.csv", "product_performance.csv", "price_elasticity.csv"]) {
    ok((await Deno.stat(join(tables, f))).isFile, f);
  }
  // The planted defects of the sample (data/sample_crm/README.md), with their exact counts.
  const checks = await records(join(tables, "crm_checks.csv"));
  const rows = (table: string, check: string, column = "") =>
    checks.filter((c) =>
      c.table === table && c.check === check && (column === "" || c.column === column)
    )
      .reduce((a, c) => a + Number(c.rows), 0);
  equal(rows("customers", "duplicate key"), 3);
  equal(rows("interactions", "duplicate key"), 4);
  equal(rows("pipeline", "duplicate key"), 2);
  equal(rows("transactions", "duplicate row"), 5);
  equal(rows("interactions", "broken reference", "customer_id"), 7);
  equal(rows("transactions", "broken reference", "customer_id"), 5);
  equal(rows("transactions", "broken reference", "stock_code"), 3);
  equal(rows("pipeline", "broken reference", "rep"), 4);
  equal(rows("transactions", "amount differs from quantity x price"), 6);
  equal(rows("pipeline", "close before engage"), 3);
  equal(rows("interactions", "missing value", "channel"), 3);
  equal(rows("pipeline", "missing reference", "account"), 5);
  ok(checks.some((c) => c.check === "skipped file" && c.example === '"data_dictionary.csv"'));
  // The ledger reconciles per table: read - removed = kept.
  const ledger = await records(join(tables, "cleaning_ledger.csv"));
  for (const l of ledger) {
    equal(Number(l.rows_in) - Number(l.rows_removed), Number(l.rows_out), l.rule);
  }
  const text = await words(out);
  // A CRM run is titled as what it is, and carries no order-log cleaning preset.
  match(text, /CRM operations: sample_crm/);
  ok(
    !/Customer analytics|Cleaning preset/.test(text),
    "an order-log title or preset in a CRM report",
  );
  match(text, /Phone resolves the most: 86\.7%/);
  match(text, /East lags: win rate 42\.4%/);
  match(
    text,
    /4 of 18 reps with targets are at or above target: Gus Quinn-11 143%, Lea Rao-21 137%/,
  );
  match(text, /"data_dictionary\.csv" \(looks like a data dictionary/);
  match(text, /--recode pipeline\.product="GTXPro=>GTX Pro"/);
  match(text, /West buys premium products most/);
  for (
    const title of [
      "Data quality across tables",
      "Support channels",
      "Sales team",
      "Products and prices",
      "Customer purchase behaviour",
      "Customer segments",
    ]
  ) {
    match(text, new RegExp(`${title}`), title);
  }
  doesNotMatch(text, /NaN|undefined|Infinity/);
});

Deno.test("report on a larger generated folder names the planted channel, region and reps; a no-effect folder names no best channel", async () => {
  const dir = await Deno.makeTempDir({ prefix: "crm_large_" });
  const noEffect = await Deno.makeTempDir({ prefix: "crm_flat_" });
  try {
    const { dataset } = await writeCrmFolder(dir, { ...LARGE, seed: 7 });
    const out = await Deno.makeTempDir();
    const t0 = performance.now();
    await runReport({ ...options(["--data", dir]), out }, { progress: quiet, now: fixedClock });
    console.log(
      `larger folder (${LARGE.transactions} lines, ${LARGE.interactions} interactions, ${LARGE.deals} deals): ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s`,
    );
    const e = dataset.truth.effects;
    const text = await words(out);
    match(text, new RegExp(`${e.bestChannel} resolves the most`));
    match(text, new RegExp(`${e.laggingRegion} lags: win rate`));
    const reps = await records(join(out, "tables", "sales_reps.csv"));
    const above = reps.filter((r) => r.attainment !== "" && Number(r.attainment) >= 1).map((r) =>
      r.rep
    );
    deepStrictEqual(above.sort(), [...e.exceedingReps].sort());
    for (const rep of e.exceedingReps) match(text, new RegExp(`${rep} \\d+%`));
    // Categories differ in price sensitivity as planted: the most elastic is named first.
    const mostElastic = Object.entries(e.elasticity).sort((a, b) => a[1] - b[1])[0]![0];
    match(text, new RegExp(`Categories differ in price sensitivity: ${mostElastic} responds most`));

    await writeCrmFolder(noEffect, {
      seed: 31,
      effects: false,
      interactions: 3000,
      customers: 300,
      transactions: 300,
      deals: 100,
    });
    const flat = await Deno.makeTempDir();
    await runReport({ ...options(["--data", noEffect]), out: flat }, {
      progress: quiet,
      now: fixedClock,
    });
    const flatText = await words(flat);
    doesNotMatch(flatText, /resolves the most|Route the issues/);
    match(flatText, /no clear difference between channels \(chi-square p = 0\.\d+\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(noEffect, { recursive: true });
  }
});

Deno.test("a single interactions file runs alone: data quality and support, nothing else", async () => {
  for (
    const args of [
      ["--data", join(SAMPLE, "interactions.csv")],
      ["--table", `interactions=${join(SAMPLE, "interactions.csv")}`],
    ]
  ) {
    const out = await Deno.makeTempDir();
    const run = await runReport({ ...options(args), out }, { progress: quiet, now: fixedClock });
    equal(run.input, "crm");
    const files = [];
    for await (const f of Deno.readDir(join(out, "tables"))) files.push(f.name);
    deepStrictEqual(files.sort(), [
      "cleaning_ledger.csv",
      "crm_checks.csv",
      "summary.json",
      "support_channels.csv",
    ]);
    const html = await Deno.readTextFile(join(out, "index.html"));
    const titles = [...html.matchAll(/<h2 id="([a-z-]+)">/g)].map((m) => m[1]);
    deepStrictEqual(titles, ["summary", "crm-quality", "support"]);
  }
});

Deno.test("named tables with --map and --recode: the export's own column names, the spelling merged", async () => {
  const dir = await Deno.makeTempDir();
  // A ticket export with its own names, and an unknown column.
  await Deno.writeTextFile(
    join(dir, "tickets.csv"),
    "Ticket ID,Medium,State,Agent Mood\n" +
      Array.from(
        { length: 60 },
        (_, i) => `T${i},${i % 2 ? "E-mail" : "Chat"},${i % 3 ? "Closed" : "Open"},calm`,
      ).join("\n") + "\n",
  );
  const out = await Deno.makeTempDir();
  await runReport({
    ...options([
      "--table",
      `interactions=${join(dir, "tickets.csv")}`,
      "--map",
      'interactions.channel="Medium",interactions.status="State"',
      "--recode",
      'interactions.channel="E-mail=>Email"',
      "--resolved-status",
      "Closed",
    ]),
    out,
  }, { progress: quiet, now: fixedClock });
  const checks = await records(join(out, "tables", "crm_checks.csv"));
  ok(
    checks.some((c) => c.check === "unused column" && c.column === "Agent Mood"),
    "unknown column listed",
  );
  ok(checks.some((c) => c.check === "recoded value" && c.rows === "30"));
  const channels = await records(join(out, "tables", "support_channels.csv"));
  deepStrictEqual(channels.map((c) => c.channel).sort(), ["Chat", "Email"]);
  // i % 3 != 0 is Closed: 40 of 60.
  equal(channels.reduce((a, c) => a + Number(c.resolved), 0), 40);
  match(await words(out), /Counted as resolved: Closed 40; not resolved: Open 20/);
});

Deno.test("a folder with an unrecognised file and a data dictionary runs, listing both; same inputs give identical tables", async () => {
  const dir = await Deno.makeTempDir();
  for (const f of ["interactions.csv", "customers.csv", "data_dictionary.csv"]) {
    await Deno.copyFile(join(SAMPLE, f), join(dir, f));
  }
  await Deno.writeTextFile(join(dir, "notes.csv"), "when,what\n2024-01-01,kick-off\n");
  await Deno.writeTextFile(join(dir, "readme.txt"), "exported by hand\n");
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  for (const out of [a, b]) {
    await runReport({ ...options(["--data", dir]), out }, { progress: quiet, now: fixedClock });
  }
  const checks = await records(join(a, "tables", "crm_checks.csv"));
  deepStrictEqual(
    checks.filter((c) => c.check === "skipped file").map((c) => c.example).sort(),
    ['"data_dictionary.csv"', '"notes.csv"', '"readme.txt"'],
  );
  for (const f of ["crm_checks.csv", "support_channels.csv", "cleaning_ledger.csv"]) {
    equal(
      await Deno.readTextFile(join(a, "tables", f)),
      await Deno.readTextFile(join(b, "tables", f)),
      f,
    );
  }
  const strip = (html: string) => html.replace(/Generated[^<]*/g, "");
  equal(
    strip(await Deno.readTextFile(join(a, "index.html"))),
    strip(await Deno.readTextFile(join(b, "index.html"))),
  );
});

Deno.test("CRM mistakes exit 2 with a message and a hint, never a stack trace", async () => {
  // Broken references, duplicate keys and a data dictionary are ledger lines, not failures.
  const ok0 = await cli(["--data", SAMPLE, "--out", await Deno.makeTempDir()]);
  equal(ok0.code, 0, ok0.stderr);
  doesNotMatch(ok0.stderr, /error|\n\s+at /);
  const empty = await Deno.makeTempDir();
  await Deno.writeTextFile(join(empty, "notes.csv"), "when,what\n2024-01-01,kick-off\n");
  const cases: [string[], RegExp][] = [
    [["--table", "deals=x.csv"], /unknown table kind "deals"/],
    [
      ["--table", `pipeline=${join(SAMPLE, "interactions.csv")}`],
      /missing required fields opportunity_id, rep/,
    ],
    [["--data", empty], /no file in it is a CRM table/],
    [["--data", SAMPLE, "--map", "channel=Medium"], /field "channel" needs its table kind/],
    [["--data", SAMPLE, "--map", 'interactions.channel="Medium"'], /Medium/],
    [["--data", SAMPLE, "--table", "pipeline=x.csv"], /--data and --table both name the input/],
    [["--data", SAMPLE, "--recode", "pipeline.product=GTXPro"], /expected "FROM=>TO"/],
    [["--data", SAMPLE, "--amounts", "fix"], /--amounts must be one of "recompute", "flag"/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await cli([...args, "--out", await Deno.makeTempDir()]);
    equal(code, 2, `${args.join(" ")}: ${stderr}`);
    match(stderr, message, args.join(" "));
    match(stderr, /^hint: /m, args.join(" "));
    doesNotMatch(stderr, /\n\s+at /, args.join(" "));
  }
});
