/**
 * Environment for running notebooks: where the repository, its kernelspec and Debian's
 * Jupyter are, and how CLI parameters become `CRM_NB_PARAMS`.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OptionError } from "../errors.ts";

/** Root of the repository (two folders up from this file). */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The kernel name of the repository's kernelspec (`kernels/deno/kernel.json`). */
export const KERNEL_NAME = "deno";

/** Debian's Jupyter (the `python3` first on PATH may not see Debian's packages). */
export function jupyterPath(): string {
  return Deno.env.get("CRM_JUPYTER") ?? "/usr/bin/jupyter";
}

/** Debian's python3, which sees Debian's nbclient (used to execute notebooks). */
export function pythonPath(): string {
  return Deno.env.get("CRM_PYTHON") ?? "/usr/bin/python3";
}

/** True when the Jupyter command exists. */
export function hasJupyter(): boolean {
  return existsSync(jupyterPath());
}

/**
 * Parses repeated `k=v` strings into an object, failing clearly on a missing `=`.
 *
 * @example
 * ```ts
 * import { parseParamPairs } from "./_env.ts";
 * import { deepEqual, throws } from "node:assert/strict";
 * deepEqual(parseParamPairs(["topN=5", "label=a=b"]), { topN: "5", label: "a=b" });
 * throws(() => parseParamPairs(["oops"]), /--param must look like name=value/);
 * ```
 */
export function parseParamPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf("=");
    if (i <= 0) {
      throw new OptionError(
        "param",
        `Cannot read options: --param must look like name=value: current value is "${pair}"`,
      );
    }
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/**
 * The `CRM_NB_PARAMS` JSON for a run: `--data FILE` becomes the `data` parameter (made
 * absolute, because notebooks run with their own folder as working directory), then the
 * `--param` pairs.
 *
 * @example
 * ```ts
 * import { paramsJson } from "./_env.ts";
 * import { equal } from "node:assert/strict";
 * equal(paramsJson({ data: "/d/x.csv", params: { topN: "5" } }), '{"data":"/d/x.csv","topN":"5"}');
 * ```
 */
export function paramsJson(
  options: { data?: string; params?: Readonly<Record<string, string>>; cwd?: string },
): string {
  const merged: Record<string, string> = {};
  if (options.data !== undefined) {
    merged.data = isAbsolute(options.data)
      ? options.data
      : resolve(options.cwd ?? Deno.cwd(), options.data);
  }
  Object.assign(merged, options.params ?? {});
  return JSON.stringify(merged);
}

/**
 * Environment for the kernel: the repository's kernelspec through `JUPYTER_PATH`, the
 * running deno first on `PATH`, and the parameters.
 */
export function kernelEnv(paramsJsonText: string): Record<string, string> {
  const env = Deno.env.toObject();
  const denoDir = dirname(Deno.execPath());
  const tools = join(REPO_ROOT, ".tools", "node_modules", ".bin");
  const path = [denoDir, ...(existsSync(tools) ? [tools] : []), env.PATH ?? ""].join(delimiter);
  return {
    ...env,
    PATH: path,
    JUPYTER_PATH: [REPO_ROOT, env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    NO_COLOR: "1",
    CRM_NB_PARAMS: paramsJsonText,
  };
}
