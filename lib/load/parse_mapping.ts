import { CANONICAL_FIELDS, type CanonicalField } from "../db/canonical.ts";
import { OptionError } from "../errors.ts";
import { splitQuotedPairs } from "../util/mod.ts";

/** A column mapping: canonical field → source column name. */
export type ColumnMapping = Partial<Record<CanonicalField, string>>;

/**
 * Parses a column mapping, either in the CLI form
 * `customer_id="Customer Name",invoice_date="Order Date"` (values may be bare when they
 * hold no comma or quote; `""` inside quotes is a literal quote) or as the text of a
 * mapping file holding one JSON object of strings.
 *
 * @param text The `--map` argument or a mapping file's contents.
 * @returns The mapping; keys are canonical fields.
 * @throws {OptionError} On a syntax error, an unknown field, a repeated field or an empty column name.
 *
 * @example CLI form and JSON form
 * ```ts
 * import { parseMapping } from "./parse_mapping.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(parseMapping('customer_id="Customer Name",invoice_date="Order Date",price=Amount'), {
 *   customer_id: "Customer Name",
 *   invoice_date: "Order Date",
 *   price: "Amount",
 * });
 * deepStrictEqual(parseMapping('{"quantity": "Units"}'), { quantity: "Units" });
 * ```
 */
export function parseMapping(text: string): ColumnMapping {
  const trimmed = text.trim();
  const pairs = trimmed.startsWith("{") ? parseJsonPairs(trimmed) : parseCliPairs(trimmed);
  const out: ColumnMapping = {};
  for (const [key, value] of pairs) {
    if (!(CANONICAL_FIELDS as readonly string[]).includes(key)) {
      throw new OptionError(
        "map",
        `Cannot read option map: unknown field "${key}"`,
        `Fields are ${CANONICAL_FIELDS.join(", ")}`,
      );
    }
    if (value.trim() === "") {
      throw new OptionError("map", `Cannot read option map: empty column name for field "${key}"`);
    }
    if (key in out) {
      throw new OptionError("map", `Cannot read option map: field "${key}" is mapped twice`);
    }
    out[key as CanonicalField] = value;
  }
  return out;
}

/**
 * True for the mapping value `none` (any case), which says that the file has no column for the
 * field, so the loader's rule for it applies (for `quantity`: one unit per line). A column that
 * is really called "none" still wins: the loader looks the name up first.
 *
 * @example
 * ```ts
 * import { isNoColumn } from "./parse_mapping.ts";
 * import { equal } from "node:assert/strict";
 * equal(isNoColumn(" None "), true);
 * equal(isNoColumn("Units"), false);
 * ```
 */
export function isNoColumn(value: string): boolean {
  return value.trim().toLowerCase() === "none";
}

/**
 * Writes a mapping in the CLI form that {@linkcode parseMapping} reads back, fields in
 * canonical order.
 *
 * @example
 * ```ts
 * import { formatMapping, parseMapping } from "./parse_mapping.ts";
 * import { equal, deepStrictEqual } from "node:assert/strict";
 * const map = { invoice_date: "Order Date", customer_id: 'Client "ID"' };
 * equal(formatMapping(map), 'invoice_date="Order Date",customer_id="Client ""ID"""');
 * deepStrictEqual(parseMapping(formatMapping(map)), map);
 * ```
 */
export function formatMapping(mapping: ColumnMapping): string {
  return CANONICAL_FIELDS.filter((f) => mapping[f] !== undefined)
    .map((f) => `${f}="${mapping[f]!.replaceAll('"', '""')}"`)
    .join(",");
}

/**
 * Reads the JSON form of a mapping (a mapping file's text) as one JSON object, without checking
 * its keys or values (other tables, such as customer-level inputs, have other fields and may
 * map a field to a list of columns).
 *
 * @param text A mapping file's contents.
 * @returns The object.
 * @throws {OptionError} If the text is not JSON, or not one JSON object.
 *
 * @example
 * ```ts
 * import { parseMappingObject } from "./parse_mapping.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseMappingObject('{"orders": ["a", "b"]}'), { orders: ["a", "b"] });
 * throws(() => parseMappingObject("[1]"), /Cannot read option map: expected a JSON object/);
 * ```
 */
export function parseMappingObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OptionError(
      "map",
      `Cannot read option map: invalid JSON: ${(error as Error).message}`,
      'Write one JSON object, e.g. {"customer_id": "Customer Name"}',
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new OptionError("map", "Cannot read option map: expected a JSON object");
  }
  return value as Record<string, unknown>;
}

function parseJsonPairs(text: string): [string, string][] {
  return Object.entries(parseMappingObject(text)).map(([k, v]) => {
    if (typeof v !== "string") {
      throw new OptionError(
        "map",
        `Cannot read option map: value of "${k}" must be a column name string: current value is ${
          JSON.stringify(v)
        }`,
      );
    }
    return [k, v];
  });
}

/**
 * Splits a mapping in the CLI form `key="Column name",key2=Column` into `[key, value]` pairs,
 * without checking the keys (other tables, such as customer-level inputs, have other fields).
 *
 * @example
 * ```ts
 * import { parseMappingPairs } from "./parse_mapping.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(parseMappingPairs('orders="Web;Shop",customer_id=id'), [["orders", "Web;Shop"], ["customer_id", "id"]]);
 * ```
 */
export function parseMappingPairs(text: string): [string, string][] {
  return parseCliPairs(text.trim());
}

function parseCliPairs(text: string): [string, string][] {
  const fail = (what: string, i = 0): never => {
    throw new OptionError(
      "map",
      `Cannot read option map: ${what} at character ${i + 1} of ${JSON.stringify(text)}`,
      'Write field="Column name" pairs separated by commas, e.g. customer_id="Customer Name",invoice_date="Order Date"',
    );
  };
  if (text === "") fail("empty mapping");
  return splitQuotedPairs(text, /^[a-z_]+$/, "a field name", fail);
}
