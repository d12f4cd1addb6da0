/**
 * What kind of input the main job was given, decided in one place: a transaction log (one row
 * per order line, like Online Retail) or a customer-level table (one row per customer, like
 * FLO), with the mapping that goes with it, and the registry of input kinds.
 *
 * @module
 */
import type { CustomerTableMapping } from "../customer_table/mod.ts";
import { recognizeCustomerTable } from "../customer_table/mod.ts";
import { OptionError } from "../errors.ts";
import type { ColumnMapping } from "../load/mod.ts";
import { parseMapping, parseMappingObject, parseMappingPairs, readHeader } from "../load/mod.ts";
import type { ReportOptions } from "../options/mod.ts";
import type { CancellationMode } from "../clean/mod.ts";
import { InputFileError } from "../errors.ts";

/** The main job's input, decided from the header and the mapping. */
export type DetectedInput =
  | { readonly kind: "transactions"; readonly map: ColumnMapping | undefined }
  | { readonly kind: "customers"; readonly mapping: CustomerTableMapping | undefined };

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
 * Decides the input kind of a run from the file's header and `--map` (see
 * {@linkcode inputKind}).
 */
export async function detectInput(options: ReportOptions): Promise<DetectedInput> {
  const mapText = options.map === undefined ? undefined : await readMappingText(options.map);
  return inputKind(
    await readHeader(options.data, options.delimiter ? { delimiter: options.delimiter } : {}),
    mapText,
  );
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
