/**
 * What the two notebook workspaces share (private): the report options from a notebook's
 * parameters, and stages run on demand with their results kept for the next cell.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { reportOptionsFromParams } from "../options/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import { runGraph, type Stage } from "../pipeline/mod.ts";
import type { Progress } from "../util/mod.ts";
import { isAbsolute, resolve } from "node:path";
import { REPORT_OPTIONS } from "../options/mod.ts";
import { REPO_ROOT } from "./_env.ts";

/**
 * A data path as notebooks read it: absolute paths as they are, relative paths from the
 * repository root (notebooks run with `notebooks/` as working directory, in JupyterLab,
 * headless and in the Jupyter-free check alike).
 *
 * @example
 * ```ts
 * import { resolveDataPath } from "./_stages.ts";
 * import { equal } from "node:assert/strict";
 * equal(resolveDataPath("/data/x.csv"), "/data/x.csv");
 * equal(resolveDataPath("data/sample_online_retail.csv.gz").endsWith("/data/sample_online_retail.csv.gz"), true);
 * ```
 */
export function resolveDataPath(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

/** The notebook parameters that are options of the main job (others are the notebook's own). */
export const REPORT_PARAMS: ReadonlySet<string> = new Set(
  REPORT_OPTIONS.filter((o) => o.notebook !== false).map((o) => o.param),
);

/**
 * The report options a notebook's parameters stand for: unknown names are left out, the data
 * path and a JSON mapping file are resolved against the project root, and the values are
 * checked by the options' own rules (a bad value stops the cell with the main job's message).
 */
export function notebookReportOptions(params: Readonly<Record<string, unknown>>): ReportOptions {
  const known: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (REPORT_PARAMS.has(k)) {
      known[k] = k === "data" && typeof v === "string" ? resolveDataPath(v) : v;
    }
  }
  if (typeof known.map === "string" && /\.json$/i.test(known.map.trim())) {
    known.map = resolveDataPath(known.map.trim());
  }
  return reportOptionsFromParams(known);
}

/** Stages of one input kind run on demand, each once. */
export interface StagesOnDemand<R> {
  /** The result of stage `id`, running it (and what it needs) the first time. */
  get<K extends keyof R & string>(id: K): Promise<R[K]>;
  /** Runs the stages `ids` (and what they need) that have not run yet. */
  run(ids: readonly (keyof R & string)[]): Promise<void>;
  /** The results so far. */
  done(): Partial<R>;
  /** Why stages were skipped, by stage id. */
  skipped(): Record<string, string>;
}

/**
 * Runs the stages of an input kind on demand: a stage that was skipped (its input is missing)
 * stops the cell with why, in the words of the skip.
 */
export function stagesOnDemand<R, O>(
  stages: readonly Stage<R, O>[],
  context: { readonly db: Db; readonly options: O; readonly progress: Progress },
): StagesOnDemand<R> {
  let done: Partial<R> = {};
  const skipped: Record<string, string> = {};
  const run = async (ids: readonly (keyof R & string)[]): Promise<void> => {
    const todo = ids.filter((id) => !(id in done));
    if (todo.length > 0) {
      done = await runGraph(stages, { ...context, targets: todo, done, skipped });
    }
  };
  const get = async <K extends keyof R & string>(id: K): Promise<R[K]> => {
    await run([id]);
    if (id in skipped) {
      throw new ValidationError(
        `Cannot show "${id}" for this data: ${skipped[id]!.replace(/^Cannot [^:]*: /, "")}`,
        [],
      );
    }
    return done[id] as R[K];
  };
  return { get, run, done: () => done, skipped: () => skipped };
}
