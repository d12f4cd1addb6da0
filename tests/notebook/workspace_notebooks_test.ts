/**
 * The Jupyter-free check of the workspace's own notebooks (notebooks/NN-*.ipynb): structure
 * rules, type check and a run with `deno run` (displays inert). Parameters come from env
 * `CRM_NB_PARAMS` when set (for example small fixture data in CI).
 *
 * @module
 */
import { checkNotebook, formatCheck } from "../../lib/notebook/check_notebooks.ts";
import { listNotebooks } from "../../lib/notebook/run_notebooks.ts";
import { ok } from "node:assert/strict";

const notebooks = listNotebooks();

for (const path of notebooks) {
  Deno.test({
    name: `notebook ${path.split("/").pop()} passes the Jupyter-free check`,
    sanitizeResources: false,
    fn: async () => {
      const check = await checkNotebook(path);
      ok(check.ok, formatCheck(check));
    },
  });
}

if (notebooks.length === 0) {
  Deno.test("workspace notebooks: none yet under notebooks/ (nothing to check)", () => {});
}
