/**
 * Synthetic notebooks for the notebook tests, written to temporary folders INSIDE the
 * repository (the Deno kernel and the check find deno.json, and so `@crm/`, by walking up).
 *
 * @module
 */
import { fail } from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Cell, Notebook } from "../../lib/notebook/_ipynb.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

/** A temp folder under tests/notebook/ (prefix `.tmp_`); remove it with {@linkcode removeDir}. */
export function repoTempDir(): string {
  return mkdtempSync(join(HERE, ".tmp_"));
}

/** Removes a temp folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A Markdown cell. */
export function md(source: string): Cell {
  return { cell_type: "markdown", metadata: {}, source };
}

/** A code cell, optionally with tags. */
export function code(source: string, tags: readonly string[] = []): Cell {
  return {
    cell_type: "code",
    metadata: tags.length > 0 ? { tags } : {},
    source,
    outputs: [],
  } as Cell;
}

/** A notebook with the Deno kernelspec. */
export function notebook(cells: readonly Cell[]): Notebook {
  return {
    cells: cells.map((c, i) => ({
      ...c,
      id: `cell-${i + 1}`,
      ...(c.cell_type === "code" ? { execution_count: null } : {}),
    })),
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Writes a notebook as `<dir>/<name>.ipynb`; returns its path. */
export function writeNotebook(dir: string, name: string, nb: Notebook): string {
  const path = join(dir, `${name}.ipynb`);
  writeFileSync(path, JSON.stringify(nb, null, 1));
  return path;
}

/** The small demo notebook: a table, a chart and a Markdown display. */
export function demoNotebook(): Notebook {
  return notebook([
    md("# 01 · Demo\nA tiny notebook for the runner tests."),
    code(
      'import { notebookParams, showChart, showMarkdown, showTable } from "@crm/notebook/mod.ts";\n' +
        'const params = notebookParams({ title: "Months", months: 3 });',
      ["parameters"],
    ),
    code(
      'import { monthlyRevenue } from "@crm/charts/mod.ts";\n' +
        "const rows = Array.from({ length: params.months }, (_, i) => ({\n" +
        "  month: `2011-0${i + 1}`, revenue: 1000 * (i + 1), orders: 10 + i, customers: 5 + i,\n" +
        "}));\n" +
        "await showTable(rows, { title: params.title });",
    ),
    code("await showChart(monthlyRevenue(rows));"),
    code("await showMarkdown(`**${rows.length}** months shown`);"),
    md("## Findings\nRevenue grows."),
  ]);
}

/** True when env `CI` is `"true"`: missing programs then fail instead of skipping. */
export function inCi(): boolean {
  return Deno.env.get("CI") === "true";
}

/**
 * Whether a test needing `program` can run. When it is missing: under `CI=true` the test
 * fails; otherwise it says so on stderr and the caller returns (a visible skip).
 */
export function available(program: string, what: "Jupyter" | "Chromium"): boolean {
  if (existsSync(program)) return true;
  const packages = what === "Jupyter"
    ? "jupyter-nbconvert jupyter-client"
    : "chromium fonts-dejavu-core";
  const message =
    `${what} not found at ${program}: install it (apt-get install -y --no-install-recommends ${packages})`;
  if (inCi()) fail(`CI=true: ${message}`);
  console.warn(`SKIPPED: ${message}`);
  return false;
}
