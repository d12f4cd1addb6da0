/**
 * What kind of input the main job was given, decided in one place: a transaction log (one row
 * per order line, like Online Retail), a customer-level table (one row per customer, like
 * FLO), or CRM tables (a folder, `--table` pairs, or one file that is a CRM table), with the
 * mapping that goes with it.
 *
 * @module
 */
// Specific files, not the areas' mod.ts: the main job decides the input and starts loading it
// before the analyses are imported (lib/main/start_report.ts), so this module stays light.
import type { CustomerTableMapping } from "../customer_table/mapping.ts";
import { recognizeCustomerTable } from "../customer_table/mapping.ts";
import { InputFileError, OptionError } from "../errors.ts";
import type { LoadOptions, LoadResult } from "../load/load_transactions.ts";
import type { ColumnMapping } from "../load/parse_mapping.ts";
import { parseMapping, parseMappingObject, parseMappingPairs } from "../load/parse_mapping.ts";
import { readHeader } from "../load/read_header.ts";
import { resolveColumns } from "../load/resolve_columns.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { CancellationMode, CleanOptions } from "../clean/mod.ts";
import type { CrmRecode, CrmTableKind, CrmTableSpecArg } from "../crm/mod.ts";
import {
  DEFAULT_RESOLVED_STATUSES,
  parseCrmMapping,
  parseRecode,
  parseResolvedStatuses,
  parseTableOption,
} from "../crm/crm_options.ts";
import { CRM_TABLE_KINDS, isCrmTableKind } from "../crm/table_kinds.ts";
import { recognizeTable } from "../crm/recognize_table.ts";
import type { Progress } from "../util/progress.ts";
import type { CrmRunInput } from "./crm.ts";

/** The main job's input, decided from the header and the mapping. */
export type DetectedInput =
  | { readonly kind: "transactions"; readonly map: ColumnMapping | undefined }
  | { readonly kind: "customers"; readonly mapping: CustomerTableMapping | undefined }
  | { readonly kind: "crm"; readonly input: CrmRunInput };

/** Fields of a customer-level mapping, as written in `--map`. */
export const CUSTOMER_FIELDS = [
  "customer_id",
  "first_order_date",
  "last_order_date",
  "orders",
  "value",
] as const;

/**
 * Decides the input kind. A mapping that names customer-level fields (`last_order_date`,
 * `orders`, `value`) means a customer table; without a mapping, a header holding all of FLO's
 * columns means a customer table (FLO's own names are recognised); anything else is read as a
 * transaction log (whose loader recognises both UCI schemas and reports missing columns).
 *
 * @param header The file's column names.
 * @param mapText The `--map` text (inline or a file's contents), if any.
 * @returns The kind and its parsed mapping.
 * @throws {OptionError} If the mapping cannot be parsed.
 *
 * @example
 * ```ts
 * import { inputKind } from "./input_kinds.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * equal(inputKind(["Invoice", "StockCode", "Price"], undefined).kind, "transactions");
 * deepStrictEqual(inputKind(["id", "last", "web", "shop", "web_eur"], 'customer_id=id,last_order_date=last,orders="web;shop",value=web_eur'), {
 *   kind: "customers",
 *   mapping: { customerId: "id", lastOrderDate: "last", orders: ["web", "shop"], value: ["web_eur"] },
 * });
 * ```
 */
export function inputKind(header: readonly string[], mapText: string | undefined): DetectedInput {
  if (mapText !== undefined && isCustomerMapping(mapText)) {
    return { kind: "customers", mapping: parseCustomerMapping(mapText) };
  }
  if (
    mapText === undefined && recognizeCustomerTable(header) !== undefined
  ) {
    return { kind: "customers", mapping: undefined };
  }
  return { kind: "transactions", map: mapText === undefined ? undefined : parseMapping(mapText) };
}

function isCustomerMapping(text: string): boolean {
  const keys = text.trim().startsWith("{")
    ? Object.keys(parseMappingObject(text))
    : parseMappingPairs(text).map(([k]) => k);
  return keys.some((k) => k === "last_order_date" || k === "orders" || k === "value");
}

/**
 * Parses a customer-level mapping: `customer_id`, `last_order_date`, `orders` and `value`
 * (required) and `first_order_date` (optional; needed for the CLV models). `orders` and `value`
 * may list several columns, summed: separated by `;` in the CLI form, or as a JSON array.
 *
 * @example
 * ```ts
 * import { parseCustomerMapping } from "./input_kinds.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseCustomerMapping('{"customer_id": "id", "last_order_date": "last", "orders": ["a", "b"], "value": "v"}'),
 *   { customerId: "id", lastOrderDate: "last", orders: ["a", "b"], value: ["v"] });
 * throws(() => parseCustomerMapping("customer_id=id,orders=n"), /needs last_order_date, value/);
 * ```
 */
export function parseCustomerMapping(text: string): CustomerTableMapping {
  const entries: [string, string | string[]][] = text.trim().startsWith("{")
    ? Object.entries(parseMappingObject(text)).map(([k, v]) => {
      if (typeof v === "string") return [k, v];
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return [k, v as string[]];
      throw new OptionError(
        "map",
        `Cannot read option map: value of "${k}" must be a column name or a list of names: current value is ${
          JSON.stringify(v)
        }`,
      );
    })
    : parseMappingPairs(text);
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of entries) {
    if (!(CUSTOMER_FIELDS as readonly string[]).includes(key)) {
      throw new OptionError(
        "map",
        `Cannot read option map: unknown field "${key}" for a customer table`,
        `Fields of a customer table are ${CUSTOMER_FIELDS.join(", ")}`,
      );
    }
    if (fields.has(key)) {
      throw new OptionError("map", `Cannot read option map: field "${key}" is mapped twice`);
    }
    fields.set(key, value);
  }
  const missing = ["customer_id", "last_order_date", "orders", "value"].filter((f) =>
    !fields.has(f)
  );
  if (missing.length > 0) {
    throw new OptionError(
      "map",
      `Cannot read option map: a customer-table mapping needs ${missing.join(", ")}`,
      'for example --map customer_id=id,first_order_date=first,last_order_date=last,orders="online;offline",value="spend_online;spend_offline"',
    );
  }
  const one = (f: string): string => {
    const v = fields.get(f)!;
    return Array.isArray(v) ? v.join(";") : v;
  };
  const list = (f: string): string[] => {
    const v = fields.get(f)!;
    return (Array.isArray(v) ? v : v.split(";")).map((x) => x.trim()).filter((x) => x !== "");
  };
  return {
    customerId: one("customer_id"),
    ...(fields.has("first_order_date") ? { firstOrderDate: one("first_order_date") } : {}),
    lastOrderDate: one("last_order_date"),
    orders: list("orders"),
    value: list("value"),
  };
}

/**
 * Reads the `--map` value: inline text as it is, or the contents of a `.json` mapping file.
 *
 * @throws {InputFileError} If the mapping file does not exist.
 */
export async function readMappingText(text: string): Promise<string> {
  const trimmed = text.trim();
  if (!/\.json$/i.test(trimmed)) return text;
  try {
    return await Deno.readTextFile(trimmed);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputFileError(
        trimmed,
        `Cannot read mapping file "${trimmed}": it does not exist`,
        "check the path given to --map",
      );
    }
    throw error;
  }
}

/**
 * Decides the input kind of a run: CRM tables for `--table`, a folder, or a single file that is
 * a CRM table and not an order log (see {@linkcode crmRunInput}); else from the file's header
 * and `--map` (see {@linkcode inputKind}).
 */
export async function detectInput(options: ReportOptions): Promise<DetectedInput> {
  const mapText = options.map === undefined ? undefined : await readMappingText(options.map);
  const crm = await crmRunInput(options, mapText);
  if (crm !== undefined) return { kind: "crm", input: crm };
  return inputKind(
    await readHeader(options.data, options.delimiter ? { delimiter: options.delimiter } : {}),
    mapText,
  );
}

/**
 * How the main job loads a transaction log: the file, the mapping (with the returns column of
 * `--cancellations column:NAME`) and the reading options (`--date-format`, `--delimiter`,
 * `--decimal`, `--sheet`, `--only-currency`, `--fill-down`, `--on-invalid`, `--cache`), with quarantined rows written to
 * `rejectsPath`. The load stage and the early start of the main job read the options the same
 * way through it.
 *
 * @throws {OptionError} If `--map returns=` and `--cancellations column:` name different columns.
 */
export function transactionLoadOptions(
  options: ReportOptions,
  map: ColumnMapping | undefined,
  rejectsPath: string,
  progress: Progress,
): LoadOptions {
  const mapped = withReturnsColumn(map, options.cancellations);
  return {
    path: options.data,
    ...(mapped !== undefined ? { map: mapped } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.decimal !== undefined ? { decimal: options.decimal } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.onlyCurrency !== undefined ? { onlyCurrency: options.onlyCurrency } : {}),
    ...(options.fillDown ? { fillDown: true } : {}),
    onInvalid: options.onInvalid,
    rejectsPath,
    cache: options.cache === "on",
    progress,
  };
}

/**
 * How the main job cleans a loaded transaction log: the preset and the cleaning options
 * (`--cancellations`, `--order-fields`, `--order-status`, `--only-currency`, `--duplicates`, `--non-products`, `--outliers`, `--returns`,
 * `--accept-removal`) and what the load found (rows read and set aside, schema, sheets). The
 * clean stage and the early start of the main job (which restores cached cleaned tables) read
 * the options the same way through it.
 */
export function transactionCleanOptions(options: ReportOptions, load: LoadResult): CleanOptions {
  return {
    preset: options.preset,
    rowsRead: load.rowsRead,
    rowsRejected: load.rowsRejected,
    file: options.data,
    schema: load.schema,
    cancellations: options.cancellations,
    ...(options.orderFields !== undefined ? { orderFields: options.orderFields } : {}),
    ...(options.orderStatus !== undefined ? { orderStatus: options.orderStatus } : {}),
    ...(options.onlyCurrency !== undefined ? { onlyCurrency: options.onlyCurrency } : {}),
    ...(options.duplicates !== undefined ? { duplicates: options.duplicates } : {}),
    ...(options.nonProducts !== undefined ? { nonProducts: options.nonProducts } : {}),
    ...(options.outliers !== undefined ? { outliers: options.outliers } : {}),
    ...(options.returns !== undefined ? { keepReturns: options.returns === "table" } : {}),
    acceptRemoval: options.acceptRemoval,
    ...(load.sheets !== undefined ? { sheets: load.sheets } : {}),
  };
}

/**
 * The mapping with the returns column named by `--cancellations column:NAME`.
 *
 * @throws {OptionError} If `--map returns=` names another column.
 */
export function withReturnsColumn(
  map: ColumnMapping | undefined,
  cancellations: CancellationMode,
): ColumnMapping | undefined {
  if (cancellations.kind !== "column" || cancellations.column === undefined) return map;
  if (map?.returns !== undefined && map.returns !== cancellations.column) {
    throw new OptionError(
      "cancellations",
      `Cannot read options: --cancellations column:${cancellations.column} and --map returns="${map.returns}" name different columns`,
      "name the returns column once",
    );
  }
  return { ...(map ?? {}), returns: cancellations.column };
}

/**
 * Kinds a single file is read as on its own, without `--table` or a per-kind `--map`: the ones
 * that give an analysis alone (a ticket export, a deal pipeline). Any other file that is no
 * order log stays one, and gets the order log's message and suggested `--map`.
 */
const SINGLE_FILE_KINDS: readonly CrmTableKind[] = ["interactions", "pipeline"];

/** True when a mapping is written per table kind (`interactions.channel=...`). */
function isCrmMapping(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const keys = Object.keys(JSON.parse(trimmed) as Record<string, unknown>);
      return keys.some((k) => isCrmTableKind(k));
    } catch {
      return false;
    }
  }
  return new RegExp(`^\\s*(${CRM_TABLE_KINDS.join("|")})\\.[a-z_]+\\s*=`).test(trimmed);
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * The CRM input of a run, when there is one: the tables of `--table`; every table of a folder
 * given as `--data`; or a single file whose columns make it a CRM table (with a per-kind
 * `--map`, or without a mapping when it is no order log and no customer table but, for example,
 * a ticket export). With the per-kind mapping, the value replacements (`--recode`, and a JSON
 * mapping file's `"recode"`) and the resolved statuses.
 *
 * @param options The run's options.
 * @param mapText The `--map` text (inline or a file's contents), if any.
 * @returns The CRM input, or `undefined` for an order log or customer table.
 * @throws {OptionError} If a CRM flag cannot be parsed (the message names the flag).
 * @throws {InputFileError} If a single file with a per-kind mapping is no CRM table.
 */
export async function crmRunInput(
  options: ReportOptions,
  mapText: string | undefined,
): Promise<CrmRunInput | undefined> {
  const named = options.tables.map(parseTableOption);
  const folder = named.length === 0 && await isFolder(options.data) ? options.data : undefined;
  const crmMap = mapText !== undefined && isCrmMapping(mapText);
  let tables: CrmTableSpecArg[] = named;
  if (named.length === 0 && folder === undefined) {
    if (mapText !== undefined && !crmMap) return undefined;
    const map = crmMap ? parseCrmMapping(mapText!) : {};
    let header: string[];
    try {
      header = await readHeader(options.data);
    } catch {
      return undefined; // the order log's loader says what is wrong with the file
    }
    if (!crmMap) {
      if (recognizeCustomerTable(header) !== undefined) return undefined;
      try {
        resolveColumns(header);
        return undefined;
      } catch {
        // not an order log: is it a CRM table?
      }
    }
    const t = recognizeTable(options.data, header, map);
    if ("reason" in t) {
      if (!crmMap) return undefined;
      throw new InputFileError(
        options.data,
        `Cannot read "${options.data}" as a CRM table: ${t.reason}`,
        t.hint ?? "name its kind with --table KIND=FILE",
      );
    }
    if (!crmMap && !SINGLE_FILE_KINDS.includes(t.kind)) return undefined;
    tables = [{ kind: t.kind, path: options.data }];
  }
  return { folder, tables, ...crmRunFlags(options, mapText) };
}

/**
 * How CRM tables are read and validated, from the options: the per-kind mapping (`--map`), the
 * value replacements (`--recode`, and a JSON mapping file's `"recode"`) and the statuses counted
 * as resolved (`--resolved-status`).
 *
 * @throws {OptionError} If a flag cannot be parsed (the message names the flag).
 *
 * @example
 * ```ts
 * import { crmRunFlags } from "./input_kinds.ts";
 * import { parseReportArgs } from "../options/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const parsed = parseReportArgs(["--resolved-status", "Closed,Fixed"]);
 * if (!parsed.help) {
 *   deepStrictEqual(crmRunFlags(parsed.options, '{"interactions": {"channel": "Medium"}, "recode": {"interactions.channel": {"E-mail": "Email"}}}'), {
 *     map: { interactions: { channel: "Medium" } },
 *     recode: { interactions: { channel: { "E-mail": "Email" } } },
 *     resolvedStatuses: ["Closed", "Fixed"],
 *   });
 * }
 * ```
 */
export function crmRunFlags(
  options: ReportOptions,
  mapText: string | undefined,
): Pick<CrmRunInput, "map" | "recode" | "resolvedStatuses"> {
  return {
    map: mapText !== undefined ? parseCrmMapping(mapText) : {},
    recode: mergeRecode(
      mapText !== undefined && mapText.trim().startsWith("{") ? parseRecode(mapText) : {},
      options.recode !== undefined ? parseRecode(options.recode) : {},
    ),
    resolvedStatuses: options.resolvedStatus !== undefined
      ? parseResolvedStatuses(options.resolvedStatus)
      : DEFAULT_RESOLVED_STATUSES,
  };
}

/** Value replacements of `b` over those of `a`. */
function mergeRecode(a: CrmRecode, b: CrmRecode): CrmRecode {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const part of [a, b]) {
    for (const [kind, fields] of Object.entries(part)) {
      for (const [field, pairs] of Object.entries(fields ?? {})) {
        Object.assign((out[kind] ??= {})[field] ??= {}, pairs);
      }
    }
  }
  return out as CrmRecode;
}
