import { CANONICAL_FIELDS, type CanonicalField, REQUIRED_FIELDS } from "../db/canonical.ts";
import { SchemaError } from "../errors.ts";
import { type ColumnMapping, formatMapping } from "./parse_mapping.ts";

/** Which naming the source columns follow. */
export type SourceSchema = "online_retail_ii" | "online_retail" | "mapped";

/** Result of {@linkcode resolveColumns}. */
export interface ResolvedColumns {
  readonly schema: SourceSchema;
  /** Canonical field → source column name (`null` when the source has no such column). */
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
}

/** Options for {@linkcode resolveColumns}. */
export interface ResolveColumnsOptions {
  /** Explicit mapping; wins over recognised names. @default {{}} */
  map?: ColumnMapping;
  /** File named in errors. @default {undefined} */
  file?: string;
}

/** Names each canonical field goes by in the two UCI schemas (compared after {@linkcode normalizeName}). */
const KNOWN_NAMES: Readonly<Record<CanonicalField, readonly string[]>> = {
  invoice: ["invoice", "invoiceno"],
  stock_code: ["stockcode"],
  description: ["description"],
  quantity: ["quantity"],
  invoice_date: ["invoicedate"],
  price: ["price", "unitprice"],
  customer_id: ["customerid"],
  country: ["country"],
};

/** Words that hint at a field, with weights, for suggesting a mapping. */
const HINT_WORDS: Readonly<Record<CanonicalField, Readonly<Record<string, number>>>> = {
  invoice: {
    invoice: 3,
    order: 2,
    transaction: 2,
    receipt: 2,
    bill: 2,
    basket: 2,
    id: 1,
    no: 1,
    number: 1,
    date: -3,
  },
  stock_code: { stock: 3, sku: 3, code: 2, item: 1, product: 1, article: 2, id: 1, name: -2 },
  description: {
    description: 3,
    desc: 3,
    product: 2,
    name: 2,
    title: 2,
    item: 1,
    id: -2,
    code: -2,
  },
  quantity: { quantity: 3, qty: 3, units: 3, pieces: 2, count: 2, amount: 1, price: -3 },
  invoice_date: { date: 3, time: 2, timestamp: 3, datetime: 3, day: 1, invoice: 1, order: 1 },
  price: { price: 3, cost: 2, amount: 1, value: 1, unit: 1 },
  customer_id: {
    customer: 3,
    client: 3,
    buyer: 3,
    member: 2,
    user: 2,
    account: 2,
    shopper: 2,
    id: 1,
  },
  country: { country: 3, market: 2, region: 2, nation: 2, territory: 2, location: 1 },
};

/**
 * Lower-cases a column name and drops everything but letters and digits, so
 * `"Customer ID"`, `"customer_id"` and `"CustomerID"` compare equal.
 *
 * @example
 * ```ts
 * import { normalizeName } from "./resolve_columns.ts";
 * import { equal } from "node:assert/strict";
 * equal(normalizeName(" Customer ID "), "customerid");
 * ```
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Matches source columns to canonical fields: an explicit mapping first, then the
 * names of both UCI schemas (case- and space-insensitive).
 *
 * @param header Source column names in file order.
 * @param options Explicit mapping and the file named in errors.
 * @returns The schema recognised and the canonical → source column map.
 * @throws {SchemaError} If a mapped column does not exist, a column name repeats, or a
 *   required field stays unmapped; the hint suggests a `--map` argument.
 *
 * @example The original UCI schema
 * ```ts
 * import { resolveColumns } from "./resolve_columns.ts";
 * import { equal } from "node:assert/strict";
 * const r = resolveColumns(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]);
 * equal(r.schema, "online_retail");
 * equal(r.columnMap.price, "UnitPrice");
 * ```
 */
export function resolveColumns(
  header: readonly string[],
  options: ResolveColumnsOptions = {},
): ResolvedColumns {
  const { map = {}, file } = options;
  const byNorm = new Map<string, string>();
  for (const name of header) {
    const key = normalizeName(name);
    if (byNorm.has(key) && key !== "") {
      throw new SchemaError(
        `Cannot load transactions${file ? ` from "${file}"` : ""}: column names "${
          byNorm.get(key)
        }" and "${name}" are the same after ignoring case and spaces`,
        { file, found: header, hint: "Rename one of the columns" },
      );
    }
    byNorm.set(key, name);
  }
  const columnMap = {} as Record<CanonicalField, string | null>;
  const explicit = Object.keys(map).length > 0;
  for (const field of CANONICAL_FIELDS) {
    const wanted = map[field];
    if (wanted !== undefined) {
      const found = header.includes(wanted) ? wanted : byNorm.get(normalizeName(wanted));
      if (found === undefined) {
        throw new SchemaError(
          `Cannot map ${field} to column "${wanted}"${
            file ? ` in "${file}"` : ""
          }: no such column; found columns ${quoteList(header)}`,
          { file, missing: [field], found: header, hint: suggestionHint(header, [field], map) },
        );
      }
      columnMap[field] = found;
    } else {
      const known = KNOWN_NAMES[field].map((n) => byNorm.get(n)).find((n) => n !== undefined);
      columnMap[field] = known ?? null;
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => columnMap[f] === null);
  if (missing.length > 0) {
    throw new SchemaError(
      `Cannot load transactions${file ? ` from "${file}"` : ""}: missing required fields ${
        missing.join(", ")
      }; ` +
        `required fields are ${REQUIRED_FIELDS.join(", ")}; found columns ${quoteList(header)}`,
      { file, missing, found: header, hint: suggestionHint(header, missing, map) },
    );
  }
  const norm = (f: CanonicalField) => normalizeName(columnMap[f] ?? "");
  const schema: SourceSchema = explicit
    ? "mapped"
    : norm("invoice") === "invoiceno" && norm("price") === "unitprice"
    ? "online_retail"
    : "online_retail_ii";
  return { schema, columnMap };
}

/**
 * Guesses source columns for canonical fields by the words in their names ("Order
 * Date" → invoice_date, "Customer Name" → customer_id). Each column is used once;
 * fields with no plausible column are left out.
 *
 * @param header Source column names.
 * @param fields Fields to guess.
 * @param taken Columns already used by other fields.
 *
 * @example
 * ```ts
 * import { suggestMapping } from "./resolve_columns.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(suggestMapping(["Order ID", "Order Date", "Client"], ["invoice", "invoice_date", "customer_id"]), {
 *   invoice: "Order ID",
 *   invoice_date: "Order Date",
 *   customer_id: "Client",
 * });
 * ```
 */
export function suggestMapping(
  header: readonly string[],
  fields: readonly CanonicalField[],
  taken: readonly string[] = [],
): ColumnMapping {
  const candidates: { field: CanonicalField; column: string; score: number }[] = [];
  for (const field of fields) {
    for (const column of header) {
      if (taken.includes(column)) continue;
      const score = scoreColumn(field, column);
      if (score > 0) candidates.push({ field, column, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const out: ColumnMapping = {};
  const used = new Set<string>();
  for (const { field, column } of candidates) {
    if (out[field] !== undefined || used.has(column)) continue;
    out[field] = column;
    used.add(column);
  }
  return out;
}

function scoreColumn(field: CanonicalField, column: string): number {
  const words = column.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const hints = HINT_WORDS[field];
  let score = 0;
  for (const word of words) score += hints[word] ?? hints[word.replace(/s$/, "")] ?? 0;
  if (KNOWN_NAMES[field].includes(normalizeName(column))) score += 10;
  return score;
}

function suggestionHint(
  header: readonly string[],
  missing: readonly CanonicalField[],
  map: ColumnMapping,
): string {
  const taken = Object.values(map).filter((v): v is string => v !== undefined);
  const optional = CANONICAL_FIELDS.filter((f) =>
    !missing.includes(f) && map[f] === undefined &&
    !header.some((h) => KNOWN_NAMES[f].includes(normalizeName(h)))
  );
  const guess = { ...map, ...suggestMapping(header, [...missing, ...optional], taken) };
  const unguessed = missing.filter((f) => guess[f] === undefined);
  const text = formatMapping(guess);
  const parts = [
    text === ""
      ? 'Pass --map field="Column name" pairs, e.g. --map customer_id="Customer Name"'
      : `Pass --map ${text}`,
  ];
  if (unguessed.length > 0) parts.push(`(no column looks like ${unguessed.join(", ")})`);
  return parts.join(" ");
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
