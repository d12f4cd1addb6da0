/**
 * The CRM input kind: dispatch (folder, `--table`, one file), the stage graph on any subset of
 * tables, the sections a run shows, and the per-table ledger.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { openDb } from "@crm/db/mod.ts";
import { parseReportArgs } from "@crm/options/mod.ts";
import type { ReportOptions } from "@crm/options/mod.ts";
import {
  CRM,
  crmLedger,
  crmPartPresent,
  crmSectionsFor,
  detectInput,
  runKind,
  withCrmSections,
} from "@crm/pipeline/mod.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const SAMPLE = join(ROOT, "data", "sample_crm");
const quiet = createProgress({ write: () => {} });

function options(args: string[]): ReportOptions {
  const parsed = parseReportArgs(args);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.options;
}

Deno.test("detectInput(): a folder, --table pairs and a ticket export are CRM input; order logs stay order logs", async () => {
  const folder = await detectInput(options(["--data", SAMPLE]));
  equal(folder.kind, "crm");
  if (folder.kind === "crm") equal(folder.input.folder, SAMPLE);
  const named = await detectInput(
    options(["--table", `pipeline=${join(SAMPLE, "sales_pipeline.csv")}`]),
  );
  equal(named.kind, "crm");
  if (named.kind === "crm") deepStrictEqual(named.input.tables.map((t) => t.kind), ["pipeline"]);
  const one = await detectInput(options(["--data", join(SAMPLE, "interactions.csv")]));
  equal(one.kind, "crm");
  if (one.kind === "crm") deepStrictEqual(one.input.tables.map((t) => t.kind), ["interactions"]);
  // The embedded order log, and a CRM transactions export alone, are order logs (with their
  // loader's messages), not CRM tables.
  equal((await detectInput(options([]))).kind, "transactions");
  equal(
    (await detectInput(options(["--data", join(SAMPLE, "transactions.csv")]))).kind,
    "transactions",
  );
  // An order log of your own columns is not a products table: it keeps the order log's message.
  const custom = join(ROOT, "tests", "fixtures", "load", "custom_schema.csv");
  equal((await detectInput(options(["--data", custom]))).kind, "transactions");
  equal(
    (await detectInput(options(["--data", join(SAMPLE, "products.csv")]))).kind,
    "transactions",
  );
  // The resolved statuses and recoding come with the input.
  const flags = await detectInput(
    options([
      "--data",
      SAMPLE,
      "--resolved-status",
      "Closed",
      "--recode",
      'pipeline.product="GTXPro=>GTX Pro"',
    ]),
  );
  if (flags.kind !== "crm") throw new Error("expected CRM input");
  deepStrictEqual(flags.input.resolvedStatuses, ["Closed"]);
  deepStrictEqual(flags.input.recode, { pipeline: { product: { GTXPro: "GTX Pro" } } });
});

Deno.test("runKind(CRM) on interactions alone: the other analyses run on empty tables and are not shown", async () => {
  const db = await openDb();
  try {
    const detected = await detectInput(options(["--data", join(SAMPLE, "interactions.csv")]));
    if (detected.kind !== "crm") throw new Error("expected CRM input");
    const run = await runKind(CRM, detected.input, { db, options: options([]), progress: quiet });
    deepStrictEqual(run.skipped, {});
    equal(run.results.sales.facts.deals, 0);
    equal(run.results.products.performance.facts.products, 0);
    equal(run.results.segments, null);
    ok(crmPartPresent(run.results, "support"));
    for (const part of ["sales", "products", "behaviour", "segments"] as const) {
      equal(crmPartPresent(run.results, part), false, part);
    }
    deepStrictEqual(withCrmSections(run).kind.sections.map((s) => s.id), [
      "crm-quality",
      "support",
    ]);
    // One ledger step per table: read - removed = kept.
    const [step] = crmLedger(run.results);
    equal(step!.rowsIn - step!.rowsRemoved, step!.rowsOut);
    equal(step!.rowsOut, run.results.validate.tables[0]!.rowsKept);
  } finally {
    db.close();
  }
});

Deno.test("crmSectionsFor(): a stage left out for the data keeps its section (it says why), an absent table does not", () => {
  const validate = { checks: [], tables: [], kinds: ["transactions", "customers"] } as const;
  const ids = (skipped: Record<string, string>) =>
    crmSectionsFor({ validate: { ...validate, kinds: [...validate.kinds] } }, skipped).map((s) =>
      s.id
    );
  // Transactions and customers: products, behaviour; segments once computed or left out.
  deepStrictEqual(ids({ segments: "Cannot score RFM: too few customers" }), [
    "crm-quality",
    "products",
    "purchase-behaviour",
    "segments",
  ]);
  deepStrictEqual(ids({ support: "x" }), ["crm-quality", "products", "purchase-behaviour"]);
});

Deno.test("runKind(CRM) refuses a folder without tables, and --table of a missing file, as user errors", async () => {
  const db = await openDb();
  try {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(join(dir, "notes.csv"), "when,what\n2024-01-01,kick-off\n");
    const input = { folder: dir, tables: [], map: {}, recode: {}, resolvedStatuses: ["Closed"] };
    await rejects(
      runKind(CRM, input, { db, options: options([]), progress: quiet }),
      /no file in it is a CRM table/,
    );
    await rejects(
      runKind(CRM, {
        ...input,
        folder: undefined,
        tables: [{ kind: "pipeline", path: join(dir, "x.csv") }],
      }, {
        db,
        options: options([]),
        progress: quiet,
      }),
      /x\.csv/,
    );
  } finally {
    db.close();
  }
});
