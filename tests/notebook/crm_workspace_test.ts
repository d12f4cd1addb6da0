/**
 * The CRM workspace of the notebooks: parameters read with the main job's rules, the same
 * pipeline and sections as `deno task report`, and any input (a folder, one ticket export, an
 * order log read as CRM transactions) opened without failing on what it lacks.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { deepStrictEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { openCrmWorkspace, openWorkspace } from "../../lib/notebook/mod.ts";
import { REPO_ROOT } from "../../lib/notebook/_env.ts";
import { openDb } from "../../lib/db/mod.ts";
import { parseReportArgs } from "../../lib/options/mod.ts";
import {
  buildSections,
  CRM,
  detectInput,
  runKind,
  withCrmSections,
} from "../../lib/pipeline/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

const SAMPLE = join(REPO_ROOT, "data", "sample_crm");

Deno.test("openCrmWorkspace() gives the main job's sections, word for word", async () => {
  const ws = await openCrmWorkspace({
    data: "data/sample_crm/",
    resolvedStatus: "Closed,Resolved",
  });
  const db = await openDb();
  try {
    const parsed = parseReportArgs(["--data", SAMPLE, "--resolved-status", "Closed,Resolved"]);
    if (parsed.help) throw new Error("unexpected help");
    const detected = await detectInput(parsed.options);
    if (detected.kind !== "crm") throw new Error("expected CRM input");
    const run = withCrmSections(
      await runKind(CRM, detected.input, {
        db,
        options: parsed.options,
        progress: createProgress({ write: () => {} }),
      }),
    );
    const report = buildSections(run);
    deepStrictEqual(report.map((s) => s.id), [
      "crm-quality",
      "support",
      "sales-team",
      "products",
      "purchase-behaviour",
      "segments",
    ]);
    for (const expected of report) {
      const got = await ws.section(expected.id);
      equal(got.lead, expected.lead, expected.id);
      deepStrictEqual(got.findings, expected.findings, expected.id);
      deepStrictEqual(got.recommendations, expected.recommendations, expected.id);
    }
    const summary = await ws.summary();
    equal(summary.findings.length, report.length);
  } finally {
    ws.close();
    db.close();
  }
});

Deno.test("openCrmWorkspace() on one ticket export: what it lacks is said, not failed on", async () => {
  const ws = await openCrmWorkspace({ data: join(SAMPLE, "interactions.csv") });
  try {
    equal(await ws.present("support"), true);
    equal(await ws.present("sales"), false);
    match(await ws.about("support"), /^This analysis reads interactions \(`interactions.csv`\)/);
    match(await ws.about("sales"), /lacks what this analysis needs \(a pipeline table/);
    const sales = await ws.section("sales-team");
    match(sales.lead, /^Not in this data: this analysis needs a pipeline table/);
    equal((await ws.get("sales")).facts.deals, 0);
    deepStrictEqual(
      (await ws.summary()).findings.map((f) => f.id),
      ["crm-quality", "support"],
    );
  } finally {
    ws.close();
  }
});

Deno.test("openCrmWorkspace() reads an order log as CRM transactions: products and prices with the quantity-discount guard", async () => {
  const ws = await openCrmWorkspace({ data: "data/sample_online_retail.csv.gz" });
  try {
    deepStrictEqual((await ws.get("validate")).kinds, ["transactions"]);
    const products = await ws.get("products");
    equal(products.source, "transactions");
    ok(products.elasticity.facts.discountTested > 0);
    const quality = await ws.get("quality");
    // Cancellations (negative quantities) and lines without a customer are removed, with lines.
    ok(quality.checks.some((c) => c.check === "non-positive quantity" && c.rows > 0));
    ok(quality.checks.some((c) => c.check === "missing value" && c.column === "customer_id"));
  } finally {
    ws.close();
  }
});

Deno.test("openCrmWorkspace() rejects bad parameters as the main job does, naming the parameter", async () => {
  await rejects(
    openCrmWorkspace({ data: "data/sample_crm/", amounts: "fix" }),
    /amounts must be one of "recompute", "flag"/,
  );
  await rejects(
    openCrmWorkspace({ data: "data/sample_crm/", map: "channel=Medium" }),
    /field "channel" needs its table kind/,
  );
  await rejects(openCrmWorkspace({ data: "data/missing_folder/" }), /missing_folder/);
  // The transaction-log workspace sends CRM tables to the CRM one.
  await rejects(openWorkspace({ data: "data/sample_crm/" }), (e: Error & { hint?: string }) => {
    match(e.message, /holds CRM tables, not a transaction log/);
    match(e.hint ?? "", /openCrmWorkspace/);
    return true;
  });
});
