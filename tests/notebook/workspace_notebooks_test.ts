/**
 * The Jupyter-free check of the workspace's own notebooks (notebooks/NN-*.ipynb): structure
 * rules, type check and a run of every code cell with `deno run` on the embedded sample
 * (displays inert, but logged and counted: every display call of every cell must have run),
 * plus the conventions the runner and the kernel rely on, and a run of every notebook on a short
 * generated log (what a user's own small file looks like). `CRM_NB_PARAMS` in the environment
 * replaces the sample (for example to check on other data).
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { checkNotebook, formatCheck } from "../../lib/notebook/check_notebooks.ts";
import { listNotebooks } from "../../lib/notebook/run_notebooks.ts";
import { cellSource, parseNotebook } from "../../lib/notebook/_ipynb.ts";
import { REPO_ROOT } from "../../lib/notebook/_env.ts";
import { writeTransactionsCsv } from "../../lib/generate/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

const SAMPLE = join(REPO_ROOT, "data", "sample_online_retail.csv.gz");
const PARAMS = Deno.env.get("CRM_NB_PARAMS") ?? JSON.stringify({ data: SAMPLE });
const notebooks = listNotebooks();

Deno.test("the workspace has the seven numbered notebooks of the analysis, in order", () => {
  deepEqual(notebooks.map((p) => basename(p)), [
    "01-preprocessing.ipynb",
    "02-eda-kpis.ipynb",
    "03-customer-features.ipynb",
    "04-segmentation.ipynb",
    "05-cohorts.ipynb",
    "06-clv.ipynb",
    "07-crm-operations.ipynb",
  ]);
});

for (const path of notebooks) {
  const name = basename(path);
  Deno.test(`notebook ${name} follows the workspace conventions`, () => {
    const nb = parseNotebook(readFileSync(path, "utf8"), path);
    match(cellSource(nb.cells[0]!), new RegExp(`^# ${name.slice(0, 2)} · `), "numbered H1");
    match(cellSource(nb.cells[0]!), /\*\*Question: [^*]+\?\*\*/, "says what it answers");
    const kernelspec = nb.metadata?.kernelspec as { name?: string; language?: string };
    deepEqual([kernelspec?.name, kernelspec?.language], ["deno-crm", "typescript"]);
    const codeCells = nb.cells.filter((c) => c.cell_type === "code");
    const paramsCell = codeCells.find((c) => c.metadata?.tags?.includes("parameters"))!;
    for (const cell of codeCells) {
      equal((cell.outputs ?? []).length, 0, "committed without outputs");
      if (cell === paramsCell) continue;
      ok(cellSource(cell).split("\n").length <= 10, `a few lines:\n${cellSource(cell)}`);
    }
    const params = cellSource(paramsCell);
    // The cleaning preset is an option of transaction logs; CRM tables are validated instead.
    const shared = name.startsWith("07-")
      ? ["data", "map", "dateFormat"]
      : ["data", "preset", "map", "dateFormat"];
    for (const p of shared) {
      match(params, new RegExp(`^\\s+${p}: `, "m"), `parameter ${p}`);
    }
    match(
      cellSource(codeCells.at(-1)!),
      /^await show(?:Findings|List|Summary)\(/,
      "ends with computed findings",
    );
  });

  Deno.test({
    name: `notebook ${name} passes the Jupyter-free check on the embedded sample`,
    sanitizeResources: false,
    fn: async () => {
      const check = await checkNotebook(path, { paramsJson: PARAMS });
      ok(check.ok, formatCheck(check));
      ok(check.displays.length > 3, `${check.displays.length} displays`);
      equal(check.displays.length, check.expectedDisplays);
      const findings = check.displays.at(-1)!;
      deepEqual(findings.mimeTypes, ["text/markdown", "text/plain"]);
      match(findings.text, /\*\*What we found\*\*\n\n- \S/);
      ok(!/\bNaN\b|undefined/.test(findings.text), findings.text);
    },
  });
}

Deno.test({
  name:
    "notebook 07 passes the Jupyter-free check on the embedded CRM sample, with the planted findings",
  sanitizeResources: false,
  fn: async () => {
    const path = notebooks.find((p) => basename(p).startsWith("07-"));
    ok(path, "07 exists");
    const check = await checkNotebook(path, {
      paramsJson: JSON.stringify({ data: join(REPO_ROOT, "data", "sample_crm") }),
    });
    ok(check.ok, formatCheck(check));
    equal(check.displays.length, check.expectedDisplays);
    const text = check.displays.map((d) => d.text).join("\n");
    match(text, /Phone resolves the most/);
    match(text, /East lags/);
    match(text, /--recode pipeline\.product=\S*GTXPro\S*GTX Pro/);
    ok(!/No chart:/.test(text), "every chart drawn on the sample");
    match(check.displays.at(-1)!.text, /\*\*What we found\*\*\n\n- Data quality across tables: /);
  },
});

Deno.test({
  name: "notebook 01 follows its parameters: the classic preset changes the findings",
  sanitizeResources: false,
  fn: async () => {
    const path = notebooks.find((p) => basename(p).startsWith("01-"));
    ok(path, "01 exists");
    const check = await checkNotebook(path, {
      paramsJson: JSON.stringify({ data: SAMPLE, preset: "classic" }),
    });
    ok(check.ok, formatCheck(check));
    match(check.displays.at(-1)!.text, /"classic" preset/);
  },
});

Deno.test({
  name:
    "every notebook runs on a short log of your own (two months, 200 customers), noting what it cannot show",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "crm-nb-short-" });
    try {
      const data = join(dir, "short.csv");
      await writeTransactionsCsv(data, {
        customers: 200,
        start: "2011-10-01",
        end: "2011-11-30",
        seed: 3,
        progress: createProgress({ write: () => {} }),
      });
      const notes: string[] = [];
      for (const path of notebooks) {
        const check = await checkNotebook(path, { paramsJson: JSON.stringify({ data }) });
        ok(check.ok, formatCheck(check));
        notes.push(...check.displays.map((d) => d.text).filter((t) => /was skipped/.test(t)));
      }
      // Two months are too short to hold out a calibration period: 06 says so instead of failing.
      ok(
        notes.some((t) =>
          /Calibration versus holdout was skipped: .*the data spans \d+ days/.test(t)
        ),
        notes.join("\n"),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
