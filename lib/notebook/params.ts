/**
 * Notebook parameters: a notebook's `parameters` cell declares its defaults with
 * {@linkcode notebookParams}; the runner (or a person) overrides them by environment
 * variables, so the same notebook runs unchanged in JupyterLab, headless and under the
 * Jupyter-free check.
 *
 * @module
 */
import { OptionError } from "../errors.ts";

/** A parameter value: a string, a finite number or a boolean. */
export type ParamValue = string | number | boolean;

/** The parameter object type for given defaults (literal types widened). */
export type Params<T extends Record<string, ParamValue>> = {
  readonly [K in keyof T]: T[K] extends string ? string : T[K] extends number ? number : boolean;
};

/** Options for {@linkcode notebookParams}. */
export interface NotebookParamsOptions {
  /** Where overrides come from (tests pass a plain object). @default {Deno.env} */
  env?: Readonly<Record<string, string | undefined>>;
  /** Throw on overrides naming an unknown parameter (the runner passes one set of overrides to every notebook, so the default ignores them). @default {false} */
  strict?: boolean;
}

function readEnv(): Record<string, string | undefined> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

function fail(name: string, message: string, hint?: string): never {
  throw new OptionError(name, `Cannot read params: ${message}`, hint);
}

function coerce(name: string, value: unknown, fallback: ParamValue, source: string): ParamValue {
  const type = typeof fallback;
  const actual = typeof value;
  if (actual === type) {
    if (type === "number" && !Number.isFinite(value as number)) {
      fail(name, `${name} must be a finite number: current value is "${value}" (from ${source})`);
    }
    return value as ParamValue;
  }
  if (typeof value === "string") {
    if (type === "number") {
      const n = value.trim() === "" ? NaN : Number(value);
      if (Number.isFinite(n)) return n;
      fail(name, `${name} must be a number: current value is "${value}" (from ${source})`);
    }
    if (type === "boolean") {
      const v = value.trim().toLowerCase();
      if (v === "true" || v === "1" || v === "yes") return true;
      if (v === "false" || v === "0" || v === "no") return false;
      fail(name, `${name} must be true or false: current value is "${value}" (from ${source})`);
    }
  }
  fail(
    name,
    `${name} must be a ${type}: current value is ${JSON.stringify(value)} (from ${source})`,
    `the default is ${JSON.stringify(fallback)}`,
  );
}

/** `observationEnd` ↔ `CRM_PARAM_OBSERVATION_END` and `CRM_PARAM_OBSERVATIONEND`. */
function squash(name: string): string {
  return name.replace(/_/g, "").toLowerCase();
}

/**
 * Returns the notebook's parameters: `defaults`, overridden first by the JSON object in
 * env `CRM_NB_PARAMS`, then by single variables `CRM_PARAM_<NAME>` (for `observationEnd`
 * either `CRM_PARAM_OBSERVATION_END` or `CRM_PARAM_OBSERVATIONEND`). Each override must
 * have the type of its default; strings are converted for number and boolean defaults.
 * The result is frozen.
 *
 * @param defaults The parameter names, default values and (by those values) types.
 * @param options **env** (for tests) and **strict**.
 * @returns The merged parameters.
 * @throws {OptionError} If `CRM_NB_PARAMS` is not a JSON object, an override has the
 *   wrong type, or (with **strict**) names an unknown parameter.
 *
 * @example
 * ```ts
 * import { notebookParams } from "./params.ts";
 * import { deepEqual, throws } from "node:assert/strict";
 * const env = { CRM_NB_PARAMS: '{"topN": "5"}', CRM_PARAM_OBSERVATION_END: "2011-06-30" };
 * deepEqual(
 *   notebookParams({ data: "data/sample.csv", observationEnd: "2011-12-09", topN: 10 }, { env }),
 *   { data: "data/sample.csv", observationEnd: "2011-06-30", topN: 5 },
 * );
 * throws(() => notebookParams({ topN: 10 }, { env: { CRM_PARAM_TOPN: "ten" } }), /topN must be a number/);
 * ```
 */
export function notebookParams<T extends Record<string, ParamValue>>(
  defaults: T,
  options: NotebookParamsOptions = {},
): Params<T> {
  const { strict = false } = options;
  const env = options.env ?? readEnv();
  const result: Record<string, ParamValue> = { ...defaults };
  const known = Object.keys(defaults);
  const unknown = (name: string, source: string): void => {
    if (strict) {
      fail(
        name,
        `unknown parameter "${name}" (from ${source})`,
        `known parameters are ${known.map((k) => `"${k}"`).join(", ")}`,
      );
    }
  };
  const json = env.CRM_NB_PARAMS;
  if (json !== undefined && json.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      fail("CRM_NB_PARAMS", `CRM_NB_PARAMS is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      fail("CRM_NB_PARAMS", `CRM_NB_PARAMS must be a JSON object: current value is ${json}`);
    }
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!Object.hasOwn(defaults, name)) unknown(name, "CRM_NB_PARAMS");
      else result[name] = coerce(name, value, defaults[name]!, "CRM_NB_PARAMS");
    }
  }
  const bySquashed = new Map(known.map((k) => [squash(k), k]));
  for (const [variable, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!variable.startsWith("CRM_PARAM_") || value === undefined) continue;
    const name = bySquashed.get(squash(variable.slice("CRM_PARAM_".length)));
    if (name === undefined) unknown(variable.slice("CRM_PARAM_".length), variable);
    else result[name] = coerce(name, value, defaults[name]!, variable);
  }
  return Object.freeze(result) as Params<T>;
}
