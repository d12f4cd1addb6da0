import { deepEqual, equal, match, ok, rejects, throws } from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputFileError, OptionError, SchemaError } from "../../lib/errors.ts";
import {
  notebookParams,
  prepareData,
  REPORT_PARAMS,
  reportOptions,
  resolveDataPath,
} from "../../lib/notebook/mod.ts";
import { REPO_ROOT } from "../../lib/notebook/_env.ts";

const SAMPLE = "data/sample_online_retail.csv.gz";
const CUSTOM = join(REPO_ROOT, "tests", "fixtures", "load", "custom_schema.csv");
const CUSTOM_MAP =
  'invoice="Order ID",stock_code=SKU,description=Product,quantity=Units,invoice_date="Order Date",price="Unit Price",customer_id="Customer Name",country=Market';

Deno.test("reportOptions() passes notebook parameters as the main job's options", () => {
  const options = reportOptions({
    data: SAMPLE,
    asOf: "2011-09-30",
    preset: "classic",
    mapping: "",
    dateFormat: "%Y-%m-%d %H:%M:%S",
    seed: 7,
    horizonMonths: 12,
    penalizer: "",
    topN: 5, // the notebook's own parameter: ignored
  });
  equal(options.data, join(REPO_ROOT, SAMPLE));
  equal(options.asOf?.toISOString(), "2011-09-30T00:00:00.000Z");
  equal(options.preset, "classic");
  equal(options.map, undefined);
  equal(options.dateFormat, "%Y-%m-%d %H:%M:%S");
  equal(options.seed, 7);
  equal(options.horizonMonths, 12);
  equal(options.penalizer, undefined);
});

Deno.test("reportOptions() fills the main job's defaults for parameters left empty", () => {
  const options = reportOptions({ data: SAMPLE, asOf: "", preset: "" });
  equal(options.asOf, undefined);
  equal(options.preset, "recommended");
  equal(options.onInvalid, "fail");
  equal(options.currency, "£");
  equal(options.timeUnit, "week");
  ok(REPORT_PARAMS.includes("asOf") && REPORT_PARAMS.includes("mapping"));
});

Deno.test("reportOptions() rejects values the main job rejects, naming the parameter's option", () => {
  throws(() => reportOptions({ asOf: "2011-02-30" }), (e: unknown) => {
    match((e as Error).message, /as-of must be a date YYYY-MM-DD: current value is "2011-02-30"/);
    return e instanceof OptionError;
  });
  throws(() => reportOptions({ preset: "fast" }), /preset must be one of/);
  throws(() => reportOptions({ seed: 1.5 }), /seed must be a whole number/);
  throws(() => reportOptions({ preset: true }), /preset must be a string or a number/);
});

Deno.test("reportOptions() reads overrides from the environment through notebookParams()", () => {
  const params = notebookParams({ data: SAMPLE, asOf: "", preset: "recommended" }, {
    env: { CRM_PARAM_AS_OF: "2011-06-30", CRM_NB_PARAMS: '{"preset":"classic"}' },
  });
  const options = reportOptions(params);
  equal(options.asOf?.toISOString().slice(0, 10), "2011-06-30");
  equal(options.preset, "classic");
});

Deno.test("resolveDataPath() keeps absolute paths and resolves relative ones from the repository root", () => {
  equal(resolveDataPath("/tmp/x.csv"), "/tmp/x.csv");
  equal(resolveDataPath("data/x.csv"), join(REPO_ROOT, "data", "x.csv"));
});

Deno.test("prepareData() loads and cleans like the main job, and summarises the clean lines", async () => {
  const data = await prepareData(reportOptions({ data: SAMPLE, preset: "classic" }));
  try {
    equal(data.dataset, "sample_online_retail");
    equal(data.clean.preset, "classic");
    equal(data.load.rowsRead, data.clean.rowsRaw);
    equal(data.summary.rowsClean, data.clean.rowsClean);
    equal(data.summary.customers, data.kpis.customers);
    equal(data.summary.invoices, data.kpis.orders);
    match(data.summary.firstDate, /^\d{4}-\d{2}-\d{2}$/);
    equal(data.loadFacts.schema, "online_retail_ii");
    const { n } = await data.db.one<{ n: number }>("SELECT count(*) AS n FROM clean_transactions");
    equal(n, data.clean.rowsClean);
    const { threads } = await data.db.one<{ threads: number }>(
      "SELECT current_setting('threads') AS threads",
    );
    equal(Number(threads), 1);
    equal(data.analyticsOptions.asOf, undefined);
    equal(data.analyticsOptions.seed, 42);
    const { progress: _, ...clv } = data.clvOptions;
    deepEqual(clv, {
      convention: "repeat",
      timeUnit: "week",
      horizonMonths: 6,
      discount: 0.01,
      seed: 42,
      margin: 0.1,
      intervals: "auto",
    });
  } finally {
    data.db.close();
  }
});

Deno.test("prepareData() passes the CLV parameters as the main job passes its CLV options", async () => {
  const data = await prepareData(reportOptions({
    data: SAMPLE,
    asOf: "2011-11-30",
    clvConvention: "classic",
    timeUnit: "day",
    horizonMonths: 12,
    discount: 0.02,
    penalizer: "0.001",
    margin: 0.2,
    seed: 7,
  }));
  data.db.close();
  const { progress: _, ...clv } = data.clvOptions;
  deepEqual(clv, {
    convention: "classic",
    timeUnit: "day",
    asOf: new Date("2011-11-30T00:00:00Z"),
    horizonMonths: 12,
    discount: 0.02,
    penalizer: 0.001,
    seed: 7,
    margin: 0.2,
    intervals: "auto",
  });
});

Deno.test("prepareData() maps your own columns, from pairs or from a .json file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-prepare-"));
  try {
    const fromPairs = await prepareData(reportOptions({ data: CUSTOM, mapping: CUSTOM_MAP }));
    fromPairs.db.close();
    equal(fromPairs.load.schema, "mapped");
    equal(fromPairs.loadFacts.columnMap.customer_id, "Customer Name");
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
    const fromFile = await prepareData(reportOptions({ data: CUSTOM, mapping: file }));
    fromFile.db.close();
    deepEqual(fromFile.summary, fromPairs.summary);
    await rejects(
      prepareData(reportOptions({ data: CUSTOM, mapping: join(dir, "missing.json") })),
      InputFileError,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("prepareData() reports an unmapped schema and a missing file as user errors", async () => {
  await rejects(prepareData(reportOptions({ data: CUSTOM })), SchemaError);
  await rejects(prepareData(reportOptions({ data: "data/no_such_file.csv" })), InputFileError);
});
