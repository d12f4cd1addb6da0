import "../_helpers/cache_dir.ts";
import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runReport } from "@crm/main/run_report.ts";
import { parseReportArgs } from "@crm/options/mod.ts";
import type { ReportOptions } from "@crm/options/mod.ts";
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
  for (
    const f of [
      "index.html",
      "tables/cleaning_ledger.csv",
      "tables/summary.json",
      "tables/removed_rows.csv",
    ]
  ) {
    ok((await Deno.stat(join(out, f))).isFile, f);
  }
  const ledger = await readCsv(join(out, "tables/cleaning_ledger.csv"));
  deepStrictEqual(ledger[0], [
    "step",
    "rule",
    "rows_in",
    "rows_removed",
    "rows_changed",
    "rows_out",
  ]);
  const body = ledger.slice(1).map((r) => r.map((x, i) => (i === 1 ? x : Number(x))));
  // The ledger reconciles: rows_raw = rows_clean + Σ removed, and each step feeds the next.
  const summary = JSON.parse(await Deno.readTextFile(join(out, "tables/summary.json")));
  const removed = body.reduce((s, r) => s + (r[3] as number), 0);
  equal(summary.rows_raw, summary.rows_clean + removed);
  for (let i = 1; i < body.length; i++) equal(body[i]![2], body[i - 1]![5]);
  equal(summary.rows_clean, run.summary.rowsClean);
  for (
    const key of ["rows_raw", "rows_clean", "customers", "invoices", "first_date", "last_date"]
  ) {
    ok(key in summary, key);
  }
  // Removed rows file has one line per removed row (+ header).
  const removedLines =
    (await Deno.readTextFile(join(out, "tables/removed_rows.csv"))).trim().split("\n").length - 1;
  equal(removedLines, removed);
  const html = await Deno.readTextFile(join(out, "index.html"));
  for (
    const title of [
      "Summary",
      "Data quality and cleaning",
      "Sales overview",
      "How customers buy",
      "Customer segments",
      "Cohorts and retention",
    ]
  ) {
    match(html, new RegExp(`<h2 id="[a-z-]+">${title}</h2>`), title);
  }
  doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="http/);
  doesNotMatch(withoutScripts(html), /NaN|undefined|Infinity/);
});

/**
 * The page without its script elements: code may say `NaN`, and compressed table data is base64
 * that may spell it; the words, charts and tables must not (the data's values are checked where
 * they are embedded, in tests/report).
 */
function withoutScripts(html: string): string {
  return html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");
}

/** Parses a CSV written by the main job (RFC 4180 quoting) into header → values records. */
async function readRecords(path: string): Promise<Record<string, string>[]> {
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

Deno.test("report writes the customer-analytics tables: one row per customer, segments that add up, cohorts from 100%", async () => {
  const out = await Deno.makeTempDir();
  await runReport({ ...options([]), out, noRemovedRows: true }, {
    progress: quiet,
    now: fixedClock,
  });
  const t = (name: string) => join(out, "tables", name);
  const customers = await readRecords(t("customers.csv"));
  const required = [
    "customer_id",
    "recency",
    "frequency",
    "monetary",
    "recency_score",
    "frequency_score",
    "monetary_score",
    "rf_score",
    "rfm_score",
    "segment",
    "avg_days_between_purchases",
    "preferred_weekday",
    "peak_hour",
    "product_segment",
  ];
  deepStrictEqual(Object.keys(customers[0]!).slice(0, required.length), required);
  const kpis = JSON.parse(await Deno.readTextFile(t("kpis.json")));
  equal(customers.length, kpis.customers);
  equal(new Set(customers.map((c) => c.customer_id)).size, customers.length);
  for (const c of customers) {
    ok(Number(c.recency) >= 0);
    for (const k of ["recency_score", "frequency_score", "monetary_score"]) {
      ok(/^[1-5]$/.test(c[k]!), `${k} ${c[k]}`);
    }
    equal(c.rf_score, c.recency_score! + c.frequency_score!);
    equal(c.rfm_score, c.rf_score! + c.monetary_score!);
  }
  const segments = await readRecords(t("segments.csv"));
  deepStrictEqual(Object.keys(segments[0]!).slice(0, 1), ["segment"]);
  for (
    const col of [
      "customers",
      "share",
      "recency_mean",
      "frequency_mean",
      "monetary_mean",
      "revenue_share",
    ]
  ) {
    ok(col in segments[0]!, col);
  }
  equal(segments.reduce((s, r) => s + Number(r.customers), 0), customers.length);
  for (const seg of segments) {
    equal(
      Number(seg.customers),
      customers.filter((c) => c.segment === seg.segment).length,
      seg.segment,
    );
  }
  const cohorts = await readRecords(t("cohort_retention.csv"));
  deepStrictEqual(Object.keys(cohorts[0]!).slice(0, 4), [
    "cohort",
    "period",
    "customers",
    "retention",
  ]);
  for (const c of cohorts.filter((c) => c.period === "0")) equal(Number(c.retention), 1);
  // Cohort sizes add up to the customers (every customer has exactly one first-purchase month).
  equal(
    cohorts.filter((c) => c.period === "0").reduce((s, c) => s + Number(c.customers), 0),
    customers.length,
  );
  const monthly = await readRecords(t("monthly.csv"));
  ok(monthly.length >= 12);
  equal(Math.round(monthly.reduce((s, m) => s + Number(m.revenue), 0)), Math.round(kpis.revenue));
  for (
    const f of [
      "customers.parquet",
      "segments.parquet",
      "cohort_retention.parquet",
      "monthly.parquet",
    ]
  ) {
    ok((await Deno.stat(t(f))).size > 0, f);
  }
});

Deno.test("report is byte-identical across runs except the generated line", async () => {
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  await runReport({ ...options([]), out: a }, { progress: quiet, now: fixedClock });
  await runReport({ ...options([]), out: b }, {
    progress: quiet,
    now: () => new Date("2027-05-05T10:00:00Z"),
  });
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
    [["--data", join(dir, "file.xls")], /unknown format "\.xls"/],
    [["--data", empty], /empty/i],
    [
      ["--preset", "fast"],
      /preset must be one of "classic", "recommended": current value is "fast"/,
    ],
    [["--as-of", "2011-13-45"], /as-of must be a date YYYY-MM-DD/],
    [["--bogus"], /bogus/],
    // an --out inside a file, and one that cannot be made
    [
      ["--out", join(dir, "empty.csv", "report")],
      /--out cannot be made or read \(a part of the path is a file, not a folder\)/,
    ],
    [["--out", "/proc/no-such/report"], /--out cannot be made or read/],
  ];
  await Deno.writeTextFile(join(dir, "file.xls"), "a,b\n1,2\n");
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
  for (
    const opt of [
      "--data",
      "--out",
      "--preset",
      "--as-of",
      "--map",
      "--on-invalid",
      "--clv-convention",
    ]
  ) {
    match(stdout, new RegExp(opt));
  }
});

const II = "online_retail_II_year2010-2011.csv.gz";
const ORIGINAL = "online_retail.csv.gz";
Deno.test({
  name:
    "report --preset classic agrees on both UCI schemas except the II sheet's extra postage line",
  ignore: !(hasSharedData(II) && hasSharedData(ORIGINAL)),
  fn: async () => {
    const a = await Deno.makeTempDir();
    const b = await Deno.makeTempDir();
    const ra = await runReport({
      ...options(["--data", sharedDataPath(II), "--preset", "classic"]),
      out: a,
      noRemovedRows: true,
    }, {
      progress: quiet,
      now: fixedClock,
    });
    const rb = await runReport({
      ...options(["--data", sharedDataPath(ORIGINAL), "--preset", "classic"]),
      out: b,
      noRemovedRows: true,
    }, {
      progress: quiet,
      now: fixedClock,
    });
    equal(ra.summary.rowsRaw, 541910);
    equal(rb.summary.rowsRaw, 541909);
    // Every removal step removes the same rows; the extra line (581587, POST, price 18, customer
    // 12680) passes every classic rule, so the clean tables differ by exactly that line.
    deepStrictEqual(
      ra.ledger.slice(1).map((s) => [s.rule, s.rowsRemoved]),
      rb.ledger.slice(1).map((s) => [s.rule, s.rowsRemoved]),
    );
    equal(ra.summary.rowsClean - rb.summary.rowsClean, 1);
    equal(ra.summary.customers, rb.summary.customers);
    equal(ra.summary.invoices, rb.summary.invoices);
    equal(Math.round((ra.summary.revenue - rb.summary.revenue) * 100) / 100, 18);
  },
});

const FLO = "flo_data_20k.csv";
Deno.test({
  name: "report on the FLO customer table (no mapping) writes RFM and segments for every customer",
  ignore: !hasSharedData(FLO),
  fn: async () => {
    const out = await Deno.makeTempDir();
    const run = await runReport({ ...options(["--data", sharedDataPath(FLO)]), out }, {
      progress: quiet,
      now: fixedClock,
    });
    equal(run.input, "customers");
    const customers = await readRecords(join(out, "tables/customers.csv"));
    equal(customers.length, 19945); // PROVENANCE.md: 19,945 rows, distinct master_id
    // frequency = online + offline orders: the sums in PROVENANCE.md are 62,046 + 38,173.
    equal(customers.reduce((s, c) => s + Number(c.frequency), 0), 62046 + 38173);
    equal(
      Math.round(customers.reduce((s, c) => s + Number(c.monetary), 0) * 100) / 100,
      Math.round((9919081.11 + 5064486.20) * 100) / 100,
    );
    const segments = await readRecords(join(out, "tables/segments.csv"));
    equal(segments.reduce((s, r) => s + Number(r.customers), 0), 19945);
    const html = await Deno.readTextFile(join(out, "index.html"));
    match(html, /Customer segments/);
    doesNotMatch(withoutScripts(html), /NaN|undefined/);
  },
});

Deno.test({
  name: "report --preset classic on Online Retail II reproduces the published RFM segment table",
  ignore: !hasSharedData(II),
  fn: async () => {
    const out = await Deno.makeTempDir();
    await runReport({
      ...options(["--data", sharedDataPath(II), "--preset", "classic"]),
      out,
      noRemovedRows: true,
    }, {
      progress: quiet,
      now: fixedClock,
    });
    const segments = await readRecords(join(out, "tables/segments.csv"));
    // The segment table the classic tutorials publish for this file (as of 2011-12-11, 4,338 customers).
    deepStrictEqual(Object.fromEntries(segments.map((s) => [s.segment, Number(s.customers)])), {
      hibernating: 1071,
      at_Risk: 593,
      cant_loose: 63,
      about_to_sleep: 352,
      need_attention: 187,
      loyal_customers: 819,
      promising: 94,
      new_customers: 42,
      potential_loyalists: 484,
      champions: 633,
    });
  },
});

Deno.test({
  name:
    "report --preset recommended on Online Retail II removes exactly the file's 5,268 duplicate lines and reconciles",
  ignore: !hasSharedData(II),
  fn: async () => {
    const out = await Deno.makeTempDir();
    const run = await runReport({ ...options(["--data", sharedDataPath(II)]), out }, {
      progress: quiet,
      now: fixedClock,
    });
    const steps = Object.fromEntries(run.ledger.map((s) => [s.rule, s]));
    equal(steps.duplicate_line!.rowsRemoved, 5268); // PROVENANCE.md: exact duplicate rows 5,268
    equal(steps.load!.rowsIn, 541910);
    const removed = run.ledger.reduce((s, x) => s + x.rowsRemoved, 0);
    equal(run.summary.rowsClean + removed, 541910);
    const removedLines =
      (await Deno.readTextFile(join(out, "tables/removed_rows.csv"))).trim().split("\n").length - 1;
    equal(removedLines, removed);
  },
});

Deno.test("report adds the CLV columns and clv_params.json: finite predictions, P(alive) in [0, 1], segments A-D", async () => {
  const out = await Deno.makeTempDir();
  await runReport({ ...options([]), out, noRemovedRows: true }, {
    progress: quiet,
    now: fixedClock,
  });
  const customers = await readRecords(join(out, "tables/customers.csv"));
  const cols = [
    "p_alive",
    "exp_purchases_1w",
    "exp_purchases_1m",
    "exp_purchases_3m",
    "exp_avg_value",
    "clv",
    "clv_segment",
  ];
  for (const col of cols) ok(col in customers[0]!, col);
  for (const c of customers) {
    const p = Number(c.p_alive);
    ok(p >= 0 && p <= 1, `p_alive ${c.p_alive}`);
    ok(
      Number(c.exp_purchases_1w) <= Number(c.exp_purchases_1m) &&
        Number(c.exp_purchases_1m) <= Number(c.exp_purchases_3m),
    );
    ok(Number.isFinite(Number(c.clv)) && Number(c.clv) >= 0, `clv ${c.clv}`);
    ok(/^[ABCD]$/.test(c.clv_segment!), c.clv_segment);
    if (c.frequency === "1") equal(p, 1); // one invoice: no repeat purchase yet (with one purchase day)
  }
  // A holds the largest CLVs: every A customer is worth at least as much as every B customer.
  const minA = Math.min(
    ...customers.filter((c) => c.clv_segment === "A").map((c) => Number(c.clv)),
  );
  const maxB = Math.max(
    ...customers.filter((c) => c.clv_segment === "B").map((c) => Number(c.clv)),
  );
  ok(minA >= maxB);
  const params = JSON.parse(await Deno.readTextFile(join(out, "tables/clv_params.json")));
  for (const model of ["bg_nbd", "gamma_gamma"]) {
    const m = params.models[model];
    ok(m.converged, model);
    ok(Number.isFinite(m.logLikelihood));
    ok(m.standardErrors !== null, `${model} standard errors`);
    ok(typeof m.verdict.kind === "string" && Array.isArray(m.limits));
  }
  const html = await Deno.readTextFile(join(out, "index.html"));
  match(html, /<h2 id="clv">Customer lifetime value<\/h2>/);
});

Deno.test({
  name:
    "report --clv-convention classic --preset classic on Online Retail II reproduces the tutorials' BG/NBD and Gamma-Gamma",
  ignore: !hasSharedData(II),
  fn: async () => {
    const out = await Deno.makeTempDir();
    await runReport({
      ...options([
        "--data",
        sharedDataPath(II),
        "--preset",
        "classic",
        "--clv-convention",
        "classic",
        "--as-of",
        "2011-12-11",
      ]),
      out,
      noRemovedRows: true,
    }, { progress: quiet, now: fixedClock });
    const params = JSON.parse(await Deno.readTextFile(join(out, "tables/clv_params.json")));
    equal(params.customers, 2845); // customers with more than one invoice
    const bg = params.models.bg_nbd.params, gg = params.models.gamma_gamma.params;
    const near = (x: number, y: number, name: string) =>
      ok(Math.abs(x - y) < 0.006, `${name} ${x} vs ${y}`);
    near(bg.r, 2.18, "r"),
      near(bg.alpha, 11.41, "alpha"),
      near(bg.a, 0.12, "a"),
      near(bg.b, 2.49, "b");
    near(gg.p, 3.79, "p"), near(gg.q, 0.34, "q"), near(gg.v, 3.73, "v");
    equal(params.penalizer.countModels, 0.001);
    equal(params.penalizer.gammaGamma, 0.01);
  },
});

Deno.test({
  name:
    "report with the default repeat convention on Online Retail II reports the fit honestly (no NaN, boundary in words)",
  ignore: !hasSharedData(II),
  fn: async () => {
    const out = await Deno.makeTempDir();
    await runReport({
      ...options(["--data", sharedDataPath(II), "--preset", "classic"]),
      out,
      noRemovedRows: true,
    }, {
      progress: quiet,
      now: fixedClock,
    });
    const text = await Deno.readTextFile(join(out, "tables/clv_params.json"));
    doesNotMatch(text, /NaN|Infinity/);
    const bg = JSON.parse(text).models.bg_nbd;
    ok(bg.converged);
    // On this data the optimum sits at or near the no-dropout boundary: the report must say so.
    ok(["no-dropout-boundary", "weak-dropout"].includes(bg.verdict.kind), bg.verdict.kind);
    match(JSON.stringify(bg.verdict), /noDropout/);
    const html = await Deno.readTextFile(join(out, "index.html"));
    doesNotMatch(withoutScripts(html), /NaN|Infinity|undefined/);
  },
});

Deno.test({
  name: "report reads a customer table from Parquet as from CSV (same segments)",
  ignore: !hasSharedData(FLO),
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const parquet = join(dir, "flo.parquet");
    const { openDb } = await import("@crm/db/mod.ts");
    const db = await openDb();
    await db.run(
      `COPY (SELECT * FROM read_csv('${sharedDataPath(FLO)}')) TO '${parquet}' (FORMAT parquet)`,
    );
    db.close();
    const a = join(dir, "a"), b = join(dir, "b");
    await runReport({ ...options(["--data", sharedDataPath(FLO)]), out: a }, {
      progress: quiet,
      now: fixedClock,
    });
    const run = await runReport({ ...options(["--data", parquet]), out: b }, {
      progress: quiet,
      now: fixedClock,
    });
    equal(run.input, "customers");
    equal(
      await Deno.readTextFile(join(b, "tables/segments.csv")),
      await Deno.readTextFile(join(a, "tables/segments.csv")),
    );
  },
});

Deno.test("report on your own customer table: --map with summed channels and --date-format", async () => {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "clients.csv");
  // Hand-made: three clients, day.month.year dates, two order and two spend columns.
  await Deno.writeTextFile(
    file,
    [
      "Client,First,Last,Web,Shop,WebSpend,ShopSpend",
      "k1,01.01.2021,28.05.2021,3,1,30.5,10",
      "k2,15.02.2021,01.04.2021,1,1,12,8",
      "k3,03.03.2021,03.03.2021,0,2,0,40",
    ].join("\n") + "\n",
  );
  const map =
    'customer_id=Client,first_order_date=First,last_order_date=Last,orders="Web;Shop",value="WebSpend;ShopSpend"';
  const out = join(dir, "out");
  const run = await runReport({
    ...options(["--data", file, "--map", map, "--date-format", "%d.%m.%Y"]),
    out,
  }, {
    progress: quiet,
    now: fixedClock,
  });
  equal(run.input, "customers");
  const rows = await readRecords(join(out, "tables/customers.csv"));
  // as-of = midnight two days after the latest last order (2021-05-28) = 2021-05-30.
  deepStrictEqual(rows.map((r) => [r.customer_id, r.recency, r.frequency, r.monetary]), [
    ["k1", "2", "4", "40.5"],
    ["k2", "59", "2", "20"],
    ["k3", "88", "2", "40"],
  ]);
});
