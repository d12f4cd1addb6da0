/**
 * `deno task notebooks`: executes every `notebooks/NN-*.ipynb` headless on the real Deno
 * kernel through Debian's Jupyter, with the repository's kernelspec (`kernels/`, via
 * `JUPYTER_PATH`) and parameters passed by environment (`CRM_NB_PARAMS`).
 *
 * The Deno kernel (2.9.6) can report a cell idle before it publishes the cell's outputs,
 * and `nbconvert --execute` stops listening at idle (measured here: 1 of 6 runs of a
 * 4-cell notebook lost an awaited display). So notebooks are executed by a small nbclient
 * script (`_execute_notebook.py`, Debian's python3-nbclient) that keeps reading a cell's
 * outputs for a short grace period after idle; then every executed notebook is verified,
 * and a cell with fewer outputs than display calls makes the notebook run once more.
 * Error outputs fail the run. Each notebook is exported with `jupyter nbconvert --to html`
 * to a self-contained HTML file (no external scripts).
 *
 * ```sh
 * deno task notebooks [--data FILE] [--param name=value ...] [--only NAME] [--out DIR]
 * ```
 *
 * Exit codes: 0 all notebooks ran cleanly, 1 a notebook failed, 2 bad options or Jupyter
 * is missing.
 *
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isUserError, OptionError } from "../errors.ts";
import { createProgress, type Progress } from "../util/progress.ts";
import { parseOptions } from "../util/parse_options.ts";
import { checkOutputs, parseNotebook } from "./_ipynb.ts";
import { fileURLToPath } from "node:url";
import {
  hasJupyter,
  jupyterPath,
  KERNEL_NAME,
  kernelEnv,
  paramsJson,
  parseParamPairs,
  pythonPath,
  REPO_ROOT,
} from "./_env.ts";

const EXECUTE_SCRIPT = fileURLToPath(new URL("./_execute_notebook.py", import.meta.url));

/** What happened to one notebook. */
export interface NotebookResult {
  /** File name without `.ipynb`. */
  readonly name: string;
  /** The executed notebook (with outputs). */
  readonly executedPath: string;
  /** The exported HTML, or `undefined` if export failed or was skipped. */
  readonly htmlPath: string | undefined;
  /** Number of code cells. */
  readonly cells: number;
  /** Cells (1-based) still missing outputs after the last attempt. */
  readonly outputsMissing: readonly number[];
  /** Error outputs and execution failures. */
  readonly errors: readonly string[];
  /** stderr text printed by cells (reported, not failing). */
  readonly stderr: readonly string[];
  /** Executions needed (2 when the first lost outputs). */
  readonly attempts: number;
  /** Wall time for execution and export. */
  readonly seconds: number;
  /** True when there are no errors, no missing outputs and the HTML was written. */
  readonly ok: boolean;
}

/** Options for {@linkcode runNotebooks}. */
export interface RunNotebooksOptions {
  /** Notebook files to run. @default {notebooks/NN-*.ipynb, sorted} */
  notebooks?: readonly string[];
  /** Output folder for executed notebooks and HTML. @default {"reports/notebooks"} */
  outDir?: string;
  /** `CRM_NB_PARAMS` JSON text passed to every notebook. @default {"{}"} */
  paramsJson?: string;
  /** Executions allowed per notebook when outputs go missing. @default {2} */
  maxAttempts?: number;
  /** Per-cell timeout in seconds. @default {600} */
  cellTimeout?: number;
  /** Seconds to keep reading a cell's outputs after it reports idle. @default {0.2} */
  lateOutputGrace?: number;
  /** Progress reporter. @default {createProgress()} */
  progress?: Progress;
}

/** Throws the user-facing error for a missing Jupyter (the CLI exits with code 2). */
function requireJupyter(): void {
  if (!hasJupyter()) {
    throw new OptionError(
      "jupyter",
      `Cannot run notebooks: ${jupyterPath()} not found`,
      "install Debian's Jupyter: apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-client (or set CRM_JUPYTER)",
    );
  }
}

/** The workspace notebooks `notebooks/NN-*.ipynb`, sorted. */
export function listNotebooks(dir: string = join(REPO_ROOT, "notebooks")): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => /^\d{2}-.*\.ipynb$/.test(n)).sort().map((n) => join(dir, n));
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" })
    .output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Drops the empty `<script src="">` tags nbconvert leaves when require.js/MathJax URLs are blank. */
export function cleanExportedHtml(html: string): string {
  return html.replace(/<script src="">\s*<\/script>/g, "");
}

/**
 * External resources an HTML file would load: `<script src>`, `<link href>` and
 * `<img src>` that are not data: URLs or page anchors.
 *
 * @example
 * ```ts
 * import { externalResources } from "./run_notebooks.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(externalResources('<script src="https://x/a.js"></script><img src="data:image/png;base64,AA">'), ["https://x/a.js"]);
 * ```
 */
export function externalResources(html: string): string[] {
  const found: string[] = [];
  for (
    const m of html.matchAll(
      /<(?:script|img|iframe)\b[^>]*\bsrc="([^"]*)"|<link\b[^>]*\bhref="([^"]*)"/g,
    )
  ) {
    const url = m[1] ?? m[2] ?? "";
    if (!url.startsWith("data:") && !url.startsWith("#")) found.push(url);
  }
  return found;
}

async function executeOnce(
  notebook: string,
  executedPath: string,
  env: Record<string, string>,
  timing: { cellTimeout: number; grace: number },
): Promise<{ failure: string | undefined; late: number }> {
  const result = await run(
    pythonPath(),
    [
      EXECUTE_SCRIPT,
      notebook,
      executedPath,
      KERNEL_NAME,
      String(timing.cellTimeout),
      String(timing.grace),
    ],
    env,
    dirname(notebook),
  );
  const late = (result.stderr.match(/^late output kept:/gm) ?? []).length;
  const failure = result.code === 0
    ? undefined
    : `notebook execution exited with ${result.code}: ${
      result.stderr.trim().split("\n").slice(-5).join("\n")
    }`;
  return { failure, late };
}

async function exportHtml(
  executedPath: string,
  htmlPath: string,
  env: Record<string, string>,
): Promise<string | undefined> {
  const result = await run(
    jupyterPath(),
    [
      "nbconvert",
      "--to",
      "html",
      "--HTMLExporter.require_js_url=",
      "--HTMLExporter.mathjax_url=",
      "--output-dir",
      dirname(htmlPath),
      "--output",
      basename(htmlPath, ".html"),
      executedPath,
    ],
    env,
    dirname(executedPath),
  );
  if (result.code !== 0) {
    return `HTML export exited with ${result.code}: ${
      result.stderr.trim().split("\n").slice(-3).join("\n")
    }`;
  }
  const html = cleanExportedHtml(readFileSync(htmlPath, "utf8"));
  writeFileSync(htmlPath, html);
  const external = externalResources(html);
  return external.length > 0
    ? `HTML is not self-contained: loads ${external.slice(0, 3).join(", ")}`
    : undefined;
}

/**
 * Executes notebooks on the Deno kernel and exports them to HTML (see the module doc).
 *
 * @param options Notebooks, output folder, parameters.
 * @returns One result per notebook, in order.
 * @throws {OptionError} If Jupyter is missing (the CLI exits with code 2).
 */
export async function runNotebooks(options: RunNotebooksOptions = {}): Promise<NotebookResult[]> {
  const {
    notebooks = listNotebooks(),
    outDir = join(REPO_ROOT, "reports", "notebooks"),
    maxAttempts = 2,
    cellTimeout = 600,
    lateOutputGrace = 0.2,
    progress = createProgress(),
  } = options;
  requireJupyter();
  mkdirSync(outDir, { recursive: true });
  const env = kernelEnv(options.paramsJson ?? "{}");
  const results: NotebookResult[] = [];
  for (const notebook of notebooks) {
    const name = basename(notebook, ".ipynb");
    const done = progress.stage(`notebook ${name}`);
    const t0 = performance.now();
    const executedPath = resolve(outDir, `${name}.ipynb`);
    const htmlPath = resolve(outDir, `${name}.html`);
    let attempts = 0;
    let errors: string[] = [];
    let report = {
      codeCells: 0,
      missing: [] as readonly number[],
      errors: [] as readonly string[],
      stderr: [] as readonly string[],
    };
    while (attempts < maxAttempts) {
      attempts++;
      const { failure, late } = await executeOnce(resolve(notebook), executedPath, env, {
        cellTimeout,
        grace: lateOutputGrace,
      });
      if (late > 0) progress.info(`${name}: kept ${late} output(s) published after idle`);
      errors = failure === undefined ? [] : [failure];
      try {
        report = checkOutputs(parseNotebook(readFileSync(executedPath, "utf8"), executedPath));
      } catch (error) {
        errors.push((error as Error).message);
        break;
      }
      errors.push(...report.errors);
      if (report.missing.length === 0 || errors.length > 0) break;
      progress.info(
        `${name}: outputs missing in cells ${report.missing.join(", ")}: running again`,
      );
    }
    let exported: string | undefined;
    if (errors.length === 0) {
      const exportError = await exportHtml(executedPath, htmlPath, env);
      if (exportError === undefined) exported = htmlPath;
      else errors.push(exportError);
    }
    const seconds = (performance.now() - t0) / 1000;
    const ok = errors.length === 0 && report.missing.length === 0 && exported !== undefined;
    done(
      ok
        ? `${report.codeCells} code cells, ${attempts} run${attempts > 1 ? "s" : ""}, ${htmlPath}`
        : `FAILED: ${
          [
            ...errors,
            ...(report.missing.length > 0
              ? [`outputs missing in cells ${report.missing.join(", ")}`]
              : []),
          ].join("; ")
        }`,
    );
    results.push({
      name,
      executedPath,
      htmlPath: exported,
      cells: report.codeCells,
      outputsMissing: report.missing,
      errors,
      stderr: report.stderr,
      attempts,
      seconds,
      ok,
    });
  }
  return results;
}

/** Parses the CLI arguments of `deno task notebooks`. */
export function parseRunArgs(args: readonly string[]): {
  data?: string;
  params: Record<string, string>;
  only?: string;
  out: string;
} {
  const parsed = parseOptions({
    args: [...args],
    options: {
      data: { type: "string" },
      param: { type: "string", multiple: true },
      only: { type: "string" },
      out: { type: "string", default: "reports/notebooks" },
    },
    strict: true,
    allowPositionals: false,
  }, "usage: deno task notebooks [--data FILE] [--param name=value ...] [--only NAME] [--out DIR]");
  const v = parsed.values;
  return {
    data: v.data,
    params: parseParamPairs(v.param ?? []),
    only: v.only,
    out: v.out ?? "reports/notebooks",
  };
}

/** Notebooks whose file name contains `only` (e.g. `03` or `rfm`). */
export function selectNotebooks(all: readonly string[], only: string | undefined): string[] {
  if (only === undefined) return [...all];
  const picked = all.filter((n) => basename(n).includes(only));
  if (picked.length === 0) {
    throw new OptionError(
      "only",
      `Cannot select notebooks: no notebook name contains "${only}"`,
      `notebooks are ${all.map((n) => basename(n)).join(", ")}`,
    );
  }
  return picked;
}

async function main(): Promise<number> {
  const progress = createProgress();
  try {
    const args = parseRunArgs(Deno.args);
    requireJupyter();
    const notebooks = selectNotebooks(listNotebooks(), args.only);
    if (notebooks.length === 0) {
      progress.info("no notebooks/NN-*.ipynb found: nothing to run");
      return 0;
    }
    const results = await runNotebooks({
      notebooks,
      outDir: resolve(args.out),
      paramsJson: paramsJson({ data: args.data, params: args.params }),
      progress,
    });
    const failed = results.filter((r) => !r.ok);
    progress.info(`${results.length - failed.length} of ${results.length} notebooks ran cleanly`);
    return failed.length === 0 ? 0 : 1;
  } catch (error) {
    if (!isUserError(error)) throw error;
    // deno-lint-ignore no-console
    console.error(`error: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main());
