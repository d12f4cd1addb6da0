import "../_helpers/cache_dir.ts";
import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDb } from "../../lib/db/mod.ts";
import { InputFileError, OptionError, SchemaError } from "../../lib/errors.ts";
import {
  notebookParams,
  openWorkspace,
  REPORT_PARAMS,
  resolveDataPath,
} from "../../lib/notebook/mod.ts";
import { REPO_ROOT } from "../../lib/notebook/_env.ts";
import { parseReportArgs } from "../../lib/options/mod.ts";
import { runReport } from "../../lib/main/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

const SAMPLE = "data/sample_online_retail.csv.gz";
const CUSTOM = join(REPO_ROOT, "tests", "fixtures", "load", "custom_schema.csv");
const CUSTOM_MAP =
  'invoice="Order ID",stock_code=SKU,description=Product,quantity=Units,invoice_date="Order Date",price="Unit Price",customer_id="Customer Name",country=Market';

Deno.test("openWorkspace() reads notebook parameters as the main job's options, no command line in between", async () => {
  const ws = await openWorkspace({
    data: SAMPLE,
    asOf: "2011-09-30",
    preset: "classic",
    map: "",
    dateFormat: "%Y-%m-%d %H:%M:%S",
    seed: 7,
    horizonMonths: 12,
    penalizer: "",
    topN: 5, // the notebook's own parameter: ignored
  });
  try {
    const cli = parseReportArgs([
      "--data",
      join(REPO_ROOT, SAMPLE),
      "--as-of",
      "2011-09-30",
      "--preset",
      "classic",
      "--date-format",
      "%Y-%m-%d %H:%M:%S",
      "--seed",
      "7",
      "--horizon-months",
      "12",
    ]);
    ok(!cli.help);
    deepEqual(ws.options, cli.options);
  } finally {
    ws.close();
  }
});

Deno.test("openWorkspace() rejects values the main job rejects, naming the notebook parameter", async () => {
  await rejects(openWorkspace({ data: SAMPLE, asOf: "2011-02-30" }), (e: unknown) => {
    match((e as Error).message, /asOf must be a date YYYY-MM-DD: current value is "2011-02-30"/);
    return e instanceof OptionError;
  });
  await rejects(openWorkspace({ data: SAMPLE, preset: "fast" }), /preset must be one of/);
  await rejects(openWorkspace({ data: SAMPLE, seed: 1.5 }), /seed must be a whole number/);
  await rejects(openWorkspace({ data: SAMPLE, preset: true }), /preset must be one of/);
  ok(REPORT_PARAMS.has("asOf") && REPORT_PARAMS.has("map") && !REPORT_PARAMS.has("out"));
});

Deno.test("openWorkspace() reads overrides from the environment through notebookParams()", async () => {
  const params = notebookParams({ data: SAMPLE, asOf: "", preset: "recommended" }, {
    env: { CRM_PARAM_AS_OF: "2011-06-30", CRM_NB_PARAMS: '{"preset":"classic"}' },
  });
  const ws = await openWorkspace(params);
  ws.close();
  equal(ws.options.asOf?.toISOString().slice(0, 10), "2011-06-30");
  equal(ws.options.preset, "classic");
});

Deno.test("resolveDataPath() keeps absolute paths and resolves relative ones from the repository root", () => {
  equal(resolveDataPath("/tmp/x.csv"), "/tmp/x.csv");
  equal(resolveDataPath("data/x.csv"), join(REPO_ROOT, "data", "x.csv"));
});

Deno.test("openWorkspace() loads and cleans like the main job, and runs later stages on demand", async () => {
  const ws = await openWorkspace({ data: SAMPLE, preset: "classic" });
  try {
    equal(ws.dataset, "sample_online_retail");
    const [load, clean, dataset] = [
      await ws.get("load"),
      await ws.get("clean"),
      await ws.get("dataset"),
    ];
    equal(clean.preset, "classic");
    equal(load.rowsRead, clean.rowsRaw);
    equal(dataset.rowsClean, clean.rowsClean);
    match(dataset.firstDate, /^\d{4}-\d{2}-\d{2}$/);
    equal(load.schema, "online_retail_ii");
    equal(ws.fmt.currency, "£");
    const { n } = await ws.db.one<{ n: number }>("SELECT count(*) AS n FROM clean_transactions");
    equal(n, clean.rowsClean);
    // No stage pins the thread count (results do not depend on it): the workspace keeps the
    // count every new database gets (all cores, or CRM_THREADS).
    const threads = async (db: Db) =>
      Number((await db.one<{ t: number }>("SELECT current_setting('threads') AS t")).t);
    const fresh = await openDb();
    try {
      equal(await threads(ws.db), await threads(fresh));
    } finally {
      fresh.close();
    }
    const eda = await ws.get("eda");
    equal(eda.kpis.customers, dataset.customers);
    equal(eda.kpis.orders, dataset.invoices);
    equal(await ws.get("eda"), eda); // computed once
    const section = await ws.section("sales");
    equal(section.id, "sales");
    ok(section.findings.length > 0);
  } finally {
    ws.close();
  }
});

Deno.test("openWorkspace() maps your own columns, from pairs or from a .json file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-workspace-"));
  try {
    const fromPairs = await openWorkspace({ data: CUSTOM, map: CUSTOM_MAP });
    const pairs = { load: await fromPairs.get("load"), dataset: await fromPairs.get("dataset") };
    fromPairs.close();
    equal(pairs.load.schema, "mapped");
    equal(pairs.load.columnMap.customer_id, "Customer Name");
    equal(fromPairs.fmt.currency, ""); // an unknown schema: no currency symbol unless given
    const file = join(dir, "mapping.json");
    writeFileSync(
      file,
      JSON.stringify({
        invoice: "Order ID",
        stock_code: "SKU",
        description: "Product",
        quantity: "Units",
        invoice_date: "Order Date",
        price: "Unit Price",
        customer_id: "Customer Name",
        country: "Market",
      }),
    );
    const fromFile = await openWorkspace({ data: CUSTOM, map: file, currency: "$" });
    deepEqual(await fromFile.get("dataset"), pairs.dataset);
    equal(fromFile.fmt.currency, "$");
    fromFile.close();
    await rejects(
      openWorkspace({ data: CUSTOM, map: join(dir, "missing.json") }),
      InputFileError,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("openWorkspace() reports an unmapped schema and a missing file as user errors", async () => {
  await rejects(openWorkspace({ data: CUSTOM }), SchemaError);
  await rejects(openWorkspace({ data: "data/no_such_file.csv" }), InputFileError);
});

Deno.test({
  name:
    "notebooks load through the job's cache: a second notebook, and the job, read the first one's load",
  sanitizeResources: false,
  fn: async () => {
    const cache = mkdtempSync(join(tmpdir(), "crm-nb-cache-"));
    const before = Deno.env.get("CRM_CACHE_DIR");
    Deno.env.set("CRM_CACHE_DIR", cache);
    try {
      const open = async (params: Record<string, unknown>) => {
        const lines: string[] = [];
        const progress = createProgress({ write: (l) => lines.push(l) });
        const ws = await openWorkspace({ data: SAMPLE, preset: "classic", ...params }, {
          progress,
        });
        const rows = (await ws.get("clean")).rowsClean;
        ws.close();
        return { lines: lines.join("\n"), rows };
      };
      const first = await open({});
      match(first.lines, / load: cached for re-runs in /);
      const second = await open({ asOf: "2011-09-30" }); // an analysis parameter: same load
      match(second.lines, / load: from cache \(/);
      const off = await open({ cache: "off" });
      ok(!/ load: (from cache|cached)/.test(off.lines), off.lines);
      ok(second.rows < first.rows, "the as-of date leaves later lines out");
      equal(off.rows, first.rows);
      // the job, with the sample's relative path, finds the notebooks' entry
      const out = mkdtempSync(join(tmpdir(), "crm-nb-job-"));
      const parsed = parseReportArgs(["--data", SAMPLE, "--preset", "classic", "--out", out]);
      ok(!parsed.help);
      const lines: string[] = [];
      await runReport(parsed.options, {
        progress: createProgress({ write: (l) => lines.push(l) }),
      });
      match(lines.join("\n"), / load: from cache \(/);
      rmSync(out, { recursive: true });
    } finally {
      if (before === undefined) Deno.env.delete("CRM_CACHE_DIR");
      else Deno.env.set("CRM_CACHE_DIR", before);
      rmSync(cache, { recursive: true });
    }
  },
});
