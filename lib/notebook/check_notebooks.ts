/**
 * Jupyter-free notebook check (for `deno task test` and CI without Python): for each
 * notebook, check the structure rules, join its code cells into one temporary module,
 * type-check and run it with `deno run --check` (display helpers are inert there, and record
 * each display in a log) in the notebook's folder with the parameters from the environment,
 * and report failures by notebook, cell and line, and a run that displayed less than its
 * display calls (a cell did not run to its end).
 *
 * ```sh
 * deno run -A lib/notebook/check_notebooks.ts [--data FILE] [--param name=value ...] [--only NAME] [--no-run]
 * ```
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isUserError, OptionError } from "../errors.ts";
import { createProgress } from "../util/progress.ts";
import type { DisplayRecord } from "./display.ts";
import {
  expectedOutputs,
  joinCodeCells,
  mapMessage,
  parseNotebook,
  type StructureIssue,
  structureIssues,
} from "./_ipynb.ts";
import { paramsJson, parseParamPairs, REPO_ROOT } from "./_env.ts";
import { listNotebooks, selectNotebooks } from "./run_notebooks.ts";

/** The result of checking one notebook. */
export interface NotebookCheck {
  readonly name: string;
  /** Broken structure rules. */
  readonly issues: readonly StructureIssue[];
  /** Type errors, with lines mapped to `NAME.ipynb cell N, line L`. */
  readonly typeErrors: string | undefined;
  /** Run-time failure (stderr tail), lines mapped the same way. */
  readonly runError: string | undefined;
  /** What the run displayed, in order (empty with `run: false`). */
  readonly displays: readonly DisplayRecord[];
  /** Display calls in the code cells: a clean run shows exactly this many. */
  readonly expectedDisplays: number;
  readonly seconds: number;
  readonly ok: boolean;
}

/** Options for {@linkcode checkNotebook}. */
export interface CheckNotebookOptions {
  /** `CRM_NB_PARAMS` JSON for the run. @default {env CRM_NB_PARAMS or "{}"} */
  paramsJson?: string;
  /** Type-check and execute the code (false: structure only). @default {true} */
  run?: boolean;
  /** deno.json whose import map resolves `@crm/`. @default {the repository's deno.json} */
  config?: string;
}

// NO_COLOR is set, but strip colour codes anyway in case a tool ignores it.
const STRIP_ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * Checks one notebook (see the module doc).
 *
 * @param path The `.ipynb` file.
 * @param options Parameters, whether to run, config.
 * @returns What failed, by cell.
 */
export async function checkNotebook(
  path: string,
  options: CheckNotebookOptions = {},
): Promise<NotebookCheck> {
  const t0 = performance.now();
  const name = basename(path);
  const nb = parseNotebook(readFileSync(path, "utf8"), path);
  const issues = structureIssues(nb);
  let typeErrors: string | undefined;
  let runError: string | undefined;
  let displays: DisplayRecord[] = [];
  const expectedDisplays = nb.cells.reduce((n, cell) => n + expectedOutputs(cell), 0);
  const run = options.run ?? true;
  if (run) {
    const mod = joinCodeCells(nb);
    const dir = mkdtempSync(join(tmpdir(), "crm-nbcheck-"));
    const file = join(dir, `${basename(path, ".ipynb").replace(/[^A-Za-z0-9_-]/g, "_")}.ts`);
    const log = join(dir, "displays.jsonl");
    try {
      writeFileSync(file, mod.code);
      writeFileSync(log, "");
      const env = {
        ...Deno.env.toObject(),
        NO_COLOR: "1",
        CRM_NB_DISPLAY_LOG: log,
        CRM_NB_PARAMS: options.paramsJson ?? Deno.env.get("CRM_NB_PARAMS") ?? "{}",
      };
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--check",
          "--config",
          options.config ?? join(REPO_ROOT, "deno.json"),
          file,
        ],
        cwd: dirname(resolve(path)),
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      if (out.code !== 0) {
        const stderr = mapMessage(
          new TextDecoder().decode(out.stderr).replace(STRIP_ANSI, ""),
          mod,
          file,
          name,
        )
          .split("\n")
          .filter((l) => !/^\s*Check /.test(l) && l.trim() !== "")
          .slice(-30)
          .join("\n");
        if (/\bTS\d{4}\b|Type checking failed/.test(stderr)) typeErrors = stderr;
        else runError = stderr;
      }
      displays = readFileSync(log, "utf8").split("\n").filter((l) => l !== "")
        .map((l) => JSON.parse(l) as DisplayRecord);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const ok = issues.length === 0 && typeErrors === undefined && runError === undefined &&
    (!run || displays.length === expectedDisplays);
  return {
    name,
    issues,
    typeErrors,
    runError,
    displays,
    expectedDisplays,
    seconds: (performance.now() - t0) / 1000,
    ok,
  };
}

/** Formats a check result for people: one line when fine, details otherwise. */
export function formatCheck(check: NotebookCheck): string {
  if (check.ok) return `${check.name}: ok (${check.seconds.toFixed(1)} s)`;
  const lines = [`${check.name}: FAILED`];
  for (const i of check.issues) {
    lines.push(`  ${i.cell > 0 ? `cell ${i.cell}` : "notebook"}: ${i.message} [${i.rule}]`);
  }
  if (check.typeErrors) {
    lines.push(
      "  type errors:",
      ...check.typeErrors.split("\n").map((l) => `    ${l}`),
    );
  }
  if (check.runError) {
    lines.push(
      "  run failed:",
      ...check.runError.split("\n").map((l) => `    ${l}`),
    );
  } else if (check.typeErrors === undefined && check.displays.length !== check.expectedDisplays) {
    lines.push(
      `  displayed ${check.displays.length} outputs for ${check.expectedDisplays} display calls`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const progress = createProgress();
  try {
    let values;
    try {
      values = parseArgs({
        args: Deno.args,
        options: {
          data: { type: "string" },
          param: { type: "string", multiple: true },
          only: { type: "string" },
          "no-run": { type: "boolean", default: false },
        },
        strict: true,
      }).values;
    } catch (error) {
      throw new OptionError("args", `Cannot read options: ${(error as Error).message}`);
    }
    const notebooks = selectNotebooks(listNotebooks(), values.only);
    const json = values.data !== undefined || values.param !== undefined
      ? paramsJson({ data: values.data, params: parseParamPairs(values.param ?? []) })
      : undefined;
    let failed = 0;
    for (const nb of notebooks) {
      const check = await checkNotebook(nb, { paramsJson: json, run: !values["no-run"] });
      if (!check.ok) failed++;
      progress.info(formatCheck(check));
    }
    progress.info(`${notebooks.length - failed} of ${notebooks.length} notebooks passed the check`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    if (!isUserError(error)) throw error;
    // deno-lint-ignore no-console
    console.error(`error: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`);
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main());
