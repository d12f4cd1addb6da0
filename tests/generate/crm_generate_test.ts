import { deepStrictEqual, equal, notDeepStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import {
  CRM_SAMPLE_DIR,
  crmFileCsv,
  DEFAULT_CRM_OPTIONS,
  generateCrm,
} from "@crm/generate/crm/mod.ts";
import { parseCliArgs } from "@crm/generate/mod.ts";
import { REPO_ROOT } from "@crm/util/mod.ts";

Deno.test("generateCrm() is deterministic and the seed matters", () => {
  const small = { customers: 60, transactions: 300, interactions: 200, deals: 150 };
  deepStrictEqual(generateCrm({ ...small, seed: 5 }), generateCrm({ ...small, seed: 5 }));
  notDeepStrictEqual(
    generateCrm({ ...small, seed: 5 }).files,
    generateCrm({ ...small, seed: 6 }).files,
  );
});

Deno.test("the committed data/sample_crm equals a fresh generation with the defaults", async () => {
  const { files } = generateCrm(DEFAULT_CRM_OPTIONS);
  let bytes = 0;
  for (const file of files) {
    const text = await Deno.readTextFile(join(REPO_ROOT, CRM_SAMPLE_DIR, file.name));
    equal(
      text,
      crmFileCsv(file),
      `${CRM_SAMPLE_DIR}/${file.name} is stale: run deno run -A lib/generate/cli.ts --crm ${CRM_SAMPLE_DIR}`,
    );
    bytes += text.length;
  }
  ok(bytes < 400_000, `the sample stays a few hundred KB (${bytes} bytes)`);
});

Deno.test("generateCrm() without defects has unique keys and matching references", () => {
  const { files, truth } = generateCrm({
    seed: 9,
    defects: false,
    customers: 200,
    transactions: 800,
    interactions: 400,
    deals: 300,
  });
  const rows = (name: string) => files.find((f) => f.name === name)!.rows;
  const customers = new Set(rows("customers.csv").map((r) => r[0]));
  equal(customers.size, rows("customers.csv").length);
  ok(rows("interactions.csv").every((r) => customers.has(r[1]!)));
  ok(rows("transactions.csv").every((r) => customers.has(r[1]!)));
  const reps = new Set(rows("sales_teams.csv").map((r) => r[0]));
  ok(rows("sales_pipeline.csv").every((r) => reps.has(r[1]!)));
  const products = new Set(rows("products.csv").map((r) => r[1]));
  ok(rows("sales_pipeline.csv").every((r) => products.has(r[2]!)));
  ok(
    rows("transactions.csv").every((r) =>
      Math.abs((r[6] as number) - (r[4] as number) * (r[5] as number)) < 0.01
    ),
  );
  equal(truth.defects.nearDuplicateProduct.rows, 0);
  deepStrictEqual(truth.defects.repsWithoutDeals, []);
});

Deno.test("generateCrm() without effects plants nothing to find", () => {
  const { truth } = generateCrm({
    seed: 9,
    effects: false,
    customers: 50,
    transactions: 100,
    interactions: 50,
    deals: 50,
  });
  equal(truth.effects.bestChannel, null);
  equal(truth.effects.laggingRegion, null);
  deepStrictEqual(truth.effects.exceedingReps, []);
  equal(new Set(Object.values(truth.effects.resolveProbability)).size, 1);
  equal(new Set(Object.values(truth.effects.elasticity)).size, 1);
});

Deno.test("the generator CLI has a --crm mode with --no-effects and --no-defects", () => {
  deepStrictEqual(parseCliArgs(["--crm", "out/crm", "--seed", "3", "--no-effects"]), {
    help: false,
    crm: "out/crm",
    options: { seed: 3, effects: false },
  });
  deepStrictEqual(parseCliArgs(["--crm", "x", "--no-defects"]), {
    help: false,
    crm: "x",
    options: { defects: false },
  });
  try {
    parseCliArgs(["--out", "x.csv", "--no-effects"]);
    throw new Error("no error");
  } catch (error) {
    ok(/--no-effects needs --crm/.test((error as Error).message));
  }
});
