/**
 * Parsers of the CRM flags of the main job (`--table`, the per-kind `--map`, `--recode`,
 * `--resolved-status`, `--amounts`); the flags themselves are declared once with every other
 * option in lib/options.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { splitQuotedPairs } from "../util/mod.ts";
import { CRM_TABLE_KINDS, CRM_TABLES, type CrmTableKind, isCrmTableKind } from "./table_kinds.ts";

/** A table named on the command line: `--table pipeline=deals.csv`. */
export interface CrmTableSpecArg {
  readonly kind: CrmTableKind;
  readonly path: string;
}

/** Field → source column, per table kind. */
export type CrmMapping = Partial<Record<CrmTableKind, Readonly<Record<string, string>>>>;

/** Value replacements per table and field: `{ pipeline: { product: { GTXPro: "GTX Pro" } } }`. */
export type CrmRecode = Partial<
  Record<CrmTableKind, Readonly<Record<string, Readonly<Record<string, string>>>>>
>;

/**
 * Parses one `--table KIND=FILE` value.
 *
 * @param text The flag's value.
 * @returns The kind and path.
 * @throws {OptionError} If the kind is unknown or the path empty; the hint lists the kinds.
 *
 * @example
 * ```ts
 * import { parseTableOption } from "./crm_options.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseTableOption("pipeline=data/deals.csv"), { kind: "pipeline", path: "data/deals.csv" });
 * throws(() => parseTableOption("deals=x.csv"), /unknown table kind "deals"/);
 * ```
 */
export function parseTableOption(text: string): CrmTableSpecArg {
  const eq = text.indexOf("=");
  const kind = eq < 0 ? "" : text.slice(0, eq).trim();
  const path = eq < 0 ? "" : text.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  const hint = `Write --table KIND=FILE with KIND one of ${
    CRM_TABLE_KINDS.join(", ")
  }, e.g. --table pipeline=deals.csv`;
  if (eq < 0) {
    throw new OptionError(
      "table",
      `Cannot read option table: expected KIND=FILE: current value is "${text}"`,
      hint,
    );
  }
  if (!isCrmTableKind(kind)) {
    throw new OptionError(
      "table",
      `Cannot read option table: unknown table kind "${kind}"`,
      hint,
    );
  }
  if (path === "") {
    throw new OptionError("table", `Cannot read option table: no file after "${kind}="`, hint);
  }
  return { kind, path };
}

/**
 * Parses a per-table column mapping: the command-line form `KIND.field="Column",...` (values
 * quoted when they hold a comma or quote; `""` inside quotes is a quote), or the text of a JSON
 * mapping file holding one object per kind: `{"interactions": {"channel": "Ticket Channel"}}`.
 * A JSON file may also carry `"recode"` (see {@linkcode parseRecode}); it is ignored here.
 *
 * @param text The `--map` value or a mapping file's text.
 * @returns Field → column per kind.
 * @throws {OptionError} On a syntax error, a missing or unknown kind, an unknown field of the
 *   kind (the hint lists its fields), a field mapped twice or an empty column name.
 *
 * @example
 * ```ts
 * import { parseCrmMapping } from "./crm_options.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(
 *   parseCrmMapping('interactions.channel="Ticket Channel",interactions.status="Ticket Status"'),
 *   { interactions: { channel: "Ticket Channel", status: "Ticket Status" } },
 * );
 * deepStrictEqual(parseCrmMapping('{"pipeline": {"rep": "Owner"}}'), { pipeline: { rep: "Owner" } });
 * throws(() => parseCrmMapping('channel="Ticket Channel"'), /field "channel" needs its table kind/);
 * ```
 */
export function parseCrmMapping(text: string): CrmMapping {
  const trimmed = text.trim();
  const entries: [string, string, string][] = [];
  if (trimmed.startsWith("{")) {
    const object = parseJsonObject("map", trimmed);
    for (const [kind, fields] of Object.entries(object)) {
      if (kind === "recode") continue;
      if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
        throw new OptionError(
          "map",
          `Cannot read option map: "${kind}" must be an object of field: "Column" pairs`,
          '--map file example: {"interactions": {"channel": "Ticket Channel"}}',
        );
      }
      for (const [field, column] of Object.entries(fields as Record<string, unknown>)) {
        if (typeof column !== "string") {
          throw new OptionError(
            "map",
            `Cannot read option map: ${kind}.${field} must be a column name: current value is ${
              JSON.stringify(column)
            }`,
          );
        }
        entries.push([kind, field, column]);
      }
    }
  } else {
    for (const [key, value] of splitPairs("map", trimmed)) {
      const dot = key.indexOf(".");
      if (dot < 0) {
        const kinds = CRM_TABLE_KINDS.filter((k) =>
          CRM_TABLES[k].fields.some((f) => f.name === key)
        );
        throw new OptionError(
          "map",
          `Cannot read option map: field "${key}" needs its table kind`,
          kinds.length > 0
            ? `Write --map ${kinds[0]}.${key}="${value}"${
              kinds.length > 1 ? ` (${kinds.join(", ")} have a field ${key})` : ""
            }`
            : `Write --map KIND.field="Column" with KIND one of ${CRM_TABLE_KINDS.join(", ")}`,
        );
      }
      entries.push([key.slice(0, dot), key.slice(dot + 1), value]);
    }
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [kind, field, column] of entries) {
    checkField("map", kind, field);
    if (column.trim() === "") {
      throw new OptionError(
        "map",
        `Cannot read option map: empty column name for ${kind}.${field}`,
      );
    }
    const fields = out[kind] ??= {};
    if (field in fields) {
      throw new OptionError("map", `Cannot read option map: ${kind}.${field} is mapped twice`);
    }
    fields[field] = column;
  }
  return out as CrmMapping;
}

/**
 * Parses value replacements: the command-line form `KIND.field="FROM=>TO",...`, or a JSON
 * mapping file's `"recode"` object `{"pipeline.product": {"GTXPro": "GTX Pro"}}` (other keys of
 * the file are ignored, so one file can hold the mapping and the recoding).
 *
 * @param text The `--recode` value or a mapping file's text.
 * @returns Replacements per kind and field.
 * @throws {OptionError} On a syntax error, an unknown kind or field, or a value without `=>`.
 *
 * @example
 * ```ts
 * import { parseRecode } from "./crm_options.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(parseRecode('pipeline.product="GTXPro=>GTX Pro"'), { pipeline: { product: { GTXPro: "GTX Pro" } } });
 * deepStrictEqual(parseRecode('{"recode": {"interactions.channel": {"E-mail": "Email"}}}'),
 *   { interactions: { channel: { "E-mail": "Email" } } });
 * ```
 */
export function parseRecode(text: string): CrmRecode {
  const trimmed = text.trim();
  const entries: [string, string, string][] = [];
  if (trimmed.startsWith("{")) {
    const recode = parseJsonObject("recode", trimmed).recode ?? {};
    if (recode === null || typeof recode !== "object" || Array.isArray(recode)) {
      throw new OptionError("recode", `Cannot read option recode: "recode" must be an object`);
    }
    for (const [key, values] of Object.entries(recode as Record<string, unknown>)) {
      if (values === null || typeof values !== "object" || Array.isArray(values)) {
        throw new OptionError(
          "recode",
          `Cannot read option recode: "${key}" must be an object of "FROM": "TO" pairs`,
        );
      }
      for (const [from, to] of Object.entries(values as Record<string, unknown>)) {
        entries.push([key, from, String(to)]);
      }
    }
  } else {
    for (const [key, value] of splitPairs("recode", trimmed)) {
      const arrow = value.indexOf("=>");
      if (arrow < 0) {
        throw new OptionError(
          "recode",
          `Cannot read option recode: expected "FROM=>TO" for ${key}: current value is "${value}"`,
          'Write --recode KIND.field="FROM=>TO", e.g. --recode pipeline.product="GTXPro=>GTX Pro"',
        );
      }
      entries.push([key, value.slice(0, arrow), value.slice(arrow + 2)]);
    }
  }
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const [key, from, to] of entries) {
    const dot = key.indexOf(".");
    const kind = dot < 0 ? "" : key.slice(0, dot);
    const field = dot < 0 ? key : key.slice(dot + 1);
    checkField("recode", kind, field);
    const fields = out[kind] ??= {};
    (fields[field] ??= {})[from] = to;
  }
  return out as CrmRecode;
}

/** The statuses counted as resolved unless `--resolved-status` says otherwise. */
export const DEFAULT_RESOLVED_STATUSES: readonly string[] = [
  "Closed",
  "Resolved",
  "Solved",
  "Done",
];

/**
 * Parses `--resolved-status A,B,...`: the interaction statuses that count as resolved (compared
 * without case and surrounding spaces).
 *
 * @example
 * ```ts
 * import { parseResolvedStatuses } from "./crm_options.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseResolvedStatuses(' Closed, "Fixed, verified" '), ["Closed", "Fixed, verified"]);
 * throws(() => parseResolvedStatuses(" , "), /resolved-status needs at least one status/);
 * ```
 */
export function parseResolvedStatuses(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    const value = (m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2] ?? "").trim();
    if (value !== "" && !out.includes(value)) out.push(value);
    if (m[0] === "") break;
  }
  if (out.length === 0) {
    throw new OptionError(
      "resolved-status",
      `Cannot read option resolved-status: resolved-status needs at least one status: current value is "${text}"`,
      "Write --resolved-status Closed,Resolved",
    );
  }
  return out;
}

/**
 * Parses `--amounts`: what to do with transaction amounts that disagree with quantity x price.
 *
 * @example
 * ```ts
 * import { parseAmountsOption } from "./crm_options.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(parseAmountsOption("flag"), "flag");
 * throws(() => parseAmountsOption("fix"), /amounts must be one of "recompute", "flag"/);
 * ```
 */
export function parseAmountsOption(text: string): "recompute" | "flag" {
  const value = text.trim();
  if (value === "recompute" || value === "flag") return value;
  throw new OptionError(
    "amounts",
    `Cannot read options: amounts must be one of "recompute", "flag": current value is "${text}"`,
    "Write --amounts recompute or --amounts flag",
  );
}

function checkField(option: string, kind: string, field: string): void {
  if (!isCrmTableKind(kind)) {
    throw new OptionError(
      option,
      `Cannot read option ${option}: unknown table kind "${kind}" in "${kind}.${field}"`,
      `Table kinds are ${CRM_TABLE_KINDS.join(", ")}`,
    );
  }
  const fields = CRM_TABLES[kind].fields.map((f) => f.name);
  if (!fields.includes(field)) {
    throw new OptionError(
      option,
      `Cannot read option ${option}: ${kind} has no field "${field}"`,
      `Fields of ${kind} are ${fields.join(", ")}`,
    );
  }
}

function parseJsonObject(option: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OptionError(
      option,
      `Cannot read option ${option}: invalid JSON: ${(error as Error).message}`,
      'Write one JSON object per kind, e.g. {"interactions": {"channel": "Ticket Channel"}}',
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new OptionError(option, `Cannot read option ${option}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits `key="Value",key2=Value2` (keys may hold dots); the quoting of lib/load's `--map`. */
function splitPairs(option: string, text: string): [string, string][] {
  const fail = (what: string, i = 0): never => {
    throw new OptionError(
      option,
      `Cannot read option ${option}: ${what} at character ${i + 1} of ${JSON.stringify(text)}`,
      `Write KIND.field="Value" pairs separated by commas, e.g. --${option} ${
        option === "map"
          ? 'interactions.channel="Ticket Channel"'
          : 'pipeline.product="GTXPro=>GTX Pro"'
      }`,
    );
  };
  if (text === "") fail("empty value");
  return splitQuotedPairs(text, /^[a-z_]+(\.[a-z_]+)?$/, "KIND.field", fail);
}
