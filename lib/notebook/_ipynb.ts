/**
 * Reading `.ipynb` JSON, the structural rules for workspace notebooks, joining code cells
 * into one module (with a line map back to cells) and checking executed outputs. Pure
 * functions; shared by the check, the runner and the tests.
 *
 * @module
 */

/** One notebook cell (the fields this workspace uses). */
export interface Cell {
  readonly cell_type: "code" | "markdown" | "raw";
  readonly source: string | readonly string[];
  readonly metadata?: { readonly tags?: readonly string[]; readonly [key: string]: unknown };
  readonly outputs?: readonly Output[];
}

/** One output of an executed code cell. */
export interface Output {
  readonly output_type: "stream" | "display_data" | "execute_result" | "error";
  readonly name?: string;
  readonly text?: string | readonly string[];
  readonly data?: Readonly<Record<string, unknown>>;
  readonly ename?: string;
  readonly evalue?: string;
}

/** A notebook (nbformat 4). */
export interface Notebook {
  readonly cells: readonly Cell[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly nbformat?: number;
  readonly nbformat_minor?: number;
}

/** Joins a cell's source (string or list of lines). */
export function cellSource(cell: Cell): string {
  return typeof cell.source === "string" ? cell.source : cell.source.join("");
}

/** Parses notebook JSON, with the file name in the error message. */
export function parseNotebook(text: string, file: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot read notebook "${file}": ${(error as Error).message}`);
  }
  if (nb === null || typeof nb !== "object" || !Array.isArray((nb as Notebook).cells)) {
    throw new SyntaxError(`Cannot read notebook "${file}": no "cells" list`);
  }
  return nb as Notebook;
}

/** A notebook rule broken by a cell (`cell` is 1-based; 0 means the whole notebook). */
export interface StructureIssue {
  readonly cell: number;
  readonly rule: string;
  readonly message: string;
}

const IMPORT = /^\s*import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;
const DECLARATION =
  /^\s*(?:export\s+)?(?:async\s+)?(?:function\s*\*?\s*[A-Za-z_$]|class\s+[A-Za-z_$])/m;
const BARREL = /^@crm\/[a-z0-9_]+\/mod\.ts$/;

/**
 * Checks the workspace notebook rules: the first cell is Markdown with an H1; exactly one
 * code cell is tagged `parameters`; code cells import only `@crm/<area>/mod.ts`; cells
 * declare no functions or classes (that code belongs in lib).
 *
 * @example
 * ```ts
 * import { structureIssues } from "./_ipynb.ts";
 * import { deepEqual } from "node:assert/strict";
 * const issues = structureIssues({ cells: [
 *   { cell_type: "markdown", source: "# 01 · Demo" },
 *   { cell_type: "code", source: 'import { x } from "../lib/rfm/_private.ts";', metadata: { tags: ["parameters"] } },
 * ] });
 * deepEqual(issues.map((i) => i.rule), ["barrel-imports"]);
 * ```
 */
export function structureIssues(nb: Notebook): StructureIssue[] {
  const issues: StructureIssue[] = [];
  const first = nb.cells[0];
  if (
    first === undefined || first.cell_type !== "markdown" || !/^#\s+\S/m.test(cellSource(first))
  ) {
    issues.push({
      cell: 1,
      rule: "title",
      message: "the first cell must be Markdown with an H1 title (# NN · Title)",
    });
  }
  const tagged = nb.cells
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.cell_type === "code" && (c.metadata?.tags ?? []).includes("parameters"));
  if (tagged.length !== 1) {
    issues.push({
      cell: tagged[1]?.i !== undefined ? tagged[1].i + 1 : 0,
      rule: "parameters-cell",
      message: `exactly one code cell must be tagged "parameters": found ${tagged.length}`,
    });
  }
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const source = cellSource(cell);
    for (const re of [IMPORT, DYNAMIC_IMPORT]) {
      for (const m of source.matchAll(re)) {
        if (!BARREL.test(m[1]!)) {
          issues.push({
            cell: i + 1,
            rule: "barrel-imports",
            message: `imports "${m[1]}": notebooks import only area barrels "@crm/<area>/mod.ts"`,
          });
        }
      }
    }
    if (DECLARATION.test(source)) {
      issues.push({
        cell: i + 1,
        rule: "no-declarations",
        message:
          "declares a function or class: move it to lib/ and import it from the area's mod.ts",
      });
    }
  });
  return issues;
}

/** Where a line of the joined module came from. */
export interface CellSpan {
  /** 1-based index among all cells of the notebook. */
  readonly cell: number;
  /** First module line (1-based) of the cell's source. */
  readonly startLine: number;
  readonly lineCount: number;
}

/** The notebook's code cells joined into one module, with a map back to cells. */
export interface JoinedModule {
  readonly code: string;
  readonly spans: readonly CellSpan[];
}

/**
 * Joins the code cells into one TypeScript module, each preceded by a `// cell N` line.
 *
 * @example
 * ```ts
 * import { joinCodeCells, locateLine } from "./_ipynb.ts";
 * import { deepEqual } from "node:assert/strict";
 * const mod = joinCodeCells({ cells: [
 *   { cell_type: "markdown", source: "# T" },
 *   { cell_type: "code", source: ["const a = 1;\n", "const b = 2;"] },
 * ] });
 * deepEqual(locateLine(mod, 4), { cell: 2, line: 2 });
 * ```
 */
export function joinCodeCells(nb: Notebook): JoinedModule {
  const lines: string[] = [
    "// Generated from a notebook by lib/notebook/check_notebooks.ts: do not edit.",
  ];
  const spans: CellSpan[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const source = cellSource(cell).replace(/\n$/, "").split("\n");
    lines.push(`// cell ${i + 1}`);
    spans.push({ cell: i + 1, startLine: lines.length + 1, lineCount: source.length });
    lines.push(...source);
  });
  return { code: lines.join("\n") + "\nexport {};\n", spans };
}

/** Maps a 1-based module line to its cell and 1-based line in the cell. */
export function locateLine(
  mod: JoinedModule,
  line: number,
): { cell: number; line: number } | undefined {
  const span = mod.spans.find((s) => line >= s.startLine && line < s.startLine + s.lineCount);
  return span === undefined ? undefined : { cell: span.cell, line: line - span.startLine + 1 };
}

/**
 * Rewrites `file.ts:LINE:COL` references in compiler or runtime messages into
 * `NAME.ipynb cell N, line L` references.
 */
export function mapMessage(
  text: string,
  mod: JoinedModule,
  modulePath: string,
  notebookName: string,
): string {
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const re = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, "g");
  return text.replace(re, (whole, line: string, col: string) => {
    const at = locateLine(mod, Number(line));
    return at === undefined
      ? whole
      : `${notebookName} cell ${at.cell}, line ${at.line}, column ${col}`;
  });
}

const SHOW_CALL =
  /\bshow(?:Chart|Table|Columns|Markdown|List|Html|Bundle|Block|Findings|Kpis|Summary)\s*\(/g;

/** Number of outputs a code cell must have: one per display helper call. */
export function expectedOutputs(cell: Cell): number {
  return cell.cell_type === "code" ? [...cellSource(cell).matchAll(SHOW_CALL)].length : 0;
}

/** What an executed notebook shows. */
export interface OutputReport {
  /** Code cells in the notebook. */
  readonly codeCells: number;
  /** 1-based cells with fewer displayed outputs than display calls. */
  readonly missing: readonly number[];
  /** Error outputs, as `cell N: Name: message`. */
  readonly errors: readonly string[];
  /** stderr stream text, as `cell N: text`. */
  readonly stderr: readonly string[];
}

/**
 * Checks an executed notebook: error outputs, stderr, and cells whose display calls did
 * not all produce an output (the kernel's output race).
 *
 * @example
 * ```ts
 * import { checkOutputs } from "./_ipynb.ts";
 * import { deepEqual } from "node:assert/strict";
 * const r = checkOutputs({ cells: [
 *   { cell_type: "code", source: "await showTable(rows);", outputs: [] },
 *   { cell_type: "code", source: "boom()", outputs: [{ output_type: "error", ename: "ReferenceError", evalue: "boom is not defined" }] },
 * ] });
 * deepEqual(r.missing, [1]);
 * deepEqual(r.errors, ["cell 2: ReferenceError: boom is not defined"]);
 * ```
 */
export function checkOutputs(nb: Notebook): OutputReport {
  const missing: number[] = [];
  const errors: string[] = [];
  const stderr: string[] = [];
  let codeCells = 0;
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    codeCells++;
    const outputs = cell.outputs ?? [];
    const shown = outputs.filter((o) =>
      o.output_type === "display_data" || o.output_type === "execute_result"
    );
    if (shown.length < expectedOutputs(cell)) missing.push(i + 1);
    for (const o of outputs) {
      if (o.output_type === "error") {
        errors.push(`cell ${i + 1}: ${o.ename ?? "Error"}: ${o.evalue ?? ""}`);
      }
      if (o.output_type === "stream" && o.name === "stderr") {
        const text = typeof o.text === "string" ? o.text : (o.text ?? []).join("");
        stderr.push(`cell ${i + 1}: ${text.trim()}`);
      }
    }
  });
  return { codeCells, missing, errors, stderr };
}
