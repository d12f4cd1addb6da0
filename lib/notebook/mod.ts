/**
 * Notebook infrastructure: display helpers that publish charts, tables and Markdown
 * through the Deno Jupyter kernel (and stay inert elsewhere), report sections shown in a
 * notebook (findings as Markdown, evidence blocks one by one), notebook parameters from the
 * environment read with the main job's option rules, the shared load-and-clean step, and the
 * runners: headless execution on the real kernel with HTML export (`run_notebooks.ts`), and
 * a Jupyter-free check (`check_notebooks.ts`).
 *
 * @example Parameters and a table outside the kernel
 * ```ts
 * import { notebookParams, reportOptions, showTable, tableBundle } from "./mod.ts";
 * import { equal, match } from "node:assert/strict";
 *
 * const params = notebookParams({ topN: 10, preset: "recommended" }, { env: { CRM_PARAM_TOPN: "3" } });
 * equal(params.topN, 3);
 * equal(reportOptions(params).preset, "recommended");
 * await showTable([{ a: 1 }]); // inert outside the kernel
 * match(tableBundle([{ a: 1 }])["text/html"], /<td[^>]*>1<\/td>/);
 * ```
 *
 * @module
 */
export * from "./display.ts";
export * from "./params.ts";
export * from "./prepare.ts";
export * from "./section.ts";
