/**
 * Notebook infrastructure: the workspace (the main job's pipeline, run lazily from the
 * notebook's parameters), display helpers that publish charts, tables, key figures and
 * findings through the Deno Jupyter kernel with the report's own renderer (and stay inert
 * elsewhere), notebook parameters from the environment, and the runners: headless execution
 * on the real kernel with HTML export (`run_notebooks.ts`), and a Jupyter-free check
 * (`check_notebooks.ts`).
 *
 * @example Parameters and a table outside the kernel
 * ```ts
 * import { notebookParams, showTable, tableBundle } from "./mod.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const params = notebookParams({ topN: 10, preset: "recommended" }, { env: { CRM_PARAM_TOPN: "3" } });
 * equal(params.topN, 3);
 * await showTable([{ a: 1 }]); // inert outside the kernel
 * match(tableBundle([{ a: 1 }])["text/html"]!, /<td class="num" data-sort="1">1<\/td>/);
 * ```
 *
 * @module
 */
export * from "./display.ts";
export * from "./params.ts";
export * from "./workspace.ts";
export * from "./crm_workspace.ts";
