import { SchemaError } from "../errors.ts";
import { type CustomerTableMapping, FLO_CUSTOMER_MAPPING, mappingColumns } from "../summary/mod.ts";

/** The one mapping type of customer tables and FLO's names, declared in lib/summary. */
export { type CustomerTableMapping, FLO_CUSTOMER_MAPPING, mappingColumns };

/**
 * Tells a customer-level table from a transaction log by its header: the FLO mapping when every
 * FLO column is present (FLO's own names need no mapping), else `undefined`. Use it to pick the
 * loader for an input file (read its header with `readHeader` of lib/load).
 *
 * @param columns A table's or file's column names.
 * @returns {@linkcode FLO_CUSTOMER_MAPPING}, or `undefined` when the columns are not FLO's.
 *
 * @example
 * ```ts
 * import { FLO_CUSTOMER_MAPPING, mappingColumns, recognizeCustomerTable } from "./mapping.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(recognizeCustomerTable(["extra", ...mappingColumns(FLO_CUSTOMER_MAPPING)]), FLO_CUSTOMER_MAPPING);
 * equal(recognizeCustomerTable(["Invoice", "StockCode", "Customer ID"]), undefined);
 * ```
 */
export function recognizeCustomerTable(
  columns: readonly string[],
): CustomerTableMapping | undefined {
  return mappingColumns(FLO_CUSTOMER_MAPPING).every((c) => columns.includes(c))
    ? FLO_CUSTOMER_MAPPING
    : undefined;
}

/**
 * Picks the mapping for a table's columns: the given one, else FLO's when every FLO column is
 * present. Checks that every mapped column exists.
 *
 * @param columns The table's column names.
 * @param options The user's mapping (if any) and the file name for messages.
 * @returns The mapping to use and how it was chosen.
 * @throws {SchemaError} Naming the missing columns and the columns found.
 *
 * @example FLO columns are detected
 * ```ts
 * import { FLO_CUSTOMER_MAPPING, mappingColumns, resolveCustomerMapping } from "./mapping.ts";
 * import { equal, throws } from "node:assert/strict";
 *
 * equal(resolveCustomerMapping(mappingColumns(FLO_CUSTOMER_MAPPING)).detected, "flo");
 * throws(() => resolveCustomerMapping(["id", "last"]), /no mapping was given and the columns are not FLO's/);
 * ```
 */
export function resolveCustomerMapping(
  columns: readonly string[],
  options: { mapping?: CustomerTableMapping; file?: string } = {},
): { mapping: CustomerTableMapping; detected: "mapping" | "flo" } {
  const where = options.file === undefined ? "the customer table" : `"${options.file}"`;
  if (options.mapping === undefined) {
    const missing = mappingColumns(FLO_CUSTOMER_MAPPING).filter((c) => !columns.includes(c));
    if (recognizeCustomerTable(columns) === undefined) {
      throw new SchemaError(
        `Cannot read ${where}: no mapping was given and the columns are not FLO's (missing ${
          missing.map((c) => `"${c}"`).join(", ")
        })`,
        {
          file: options.file,
          missing,
          found: [...columns],
          hint:
            'pass --map naming your columns, e.g. --map customer_id=id,first_order_date=first,last_order_date=last,orders="web;shop",value="web_spend;shop_spend"',
        },
      );
    }
    return { mapping: FLO_CUSTOMER_MAPPING, detected: "flo" };
  }
  const mapping = options.mapping;
  if (mapping.orders.length === 0 || mapping.value.length === 0) {
    throw new SchemaError(
      `Cannot read ${where}: the mapping needs at least one orders column and one value column`,
      {
        file: options.file,
        found: [...columns],
        hint:
          'name the order-count and spend columns, e.g. --map orders="web;shop",value="web_spend;shop_spend" (with customer_id and last_order_date)',
      },
    );
  }
  const missing = mappingColumns(mapping).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new SchemaError(
      `Cannot read ${where}: mapped column${missing.length > 1 ? "s" : ""} ${
        missing.map((c) => `"${c}"`).join(", ")
      } not found`,
      {
        file: options.file,
        missing,
        found: [...columns],
        hint: `the columns are ${columns.map((c) => `"${c}"`).join(", ")}`,
      },
    );
  }
  return { mapping, detected: "mapping" };
}
