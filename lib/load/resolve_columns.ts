import {
  CANONICAL_FIELDS,
  type CanonicalField,
  FIELD_DEFAULTS,
  MONEY_FIELDS,
  REQUIRED_FIELDS,
} from "../db/canonical.ts";
import { SchemaError } from "../errors.ts";
import { type ColumnMapping, formatMapping, isNoColumn } from "./parse_mapping.ts";

/** Which naming the source columns follow. */
export type SourceSchema = "online_retail_ii" | "online_retail" | "mapped";

/** A field the loader fills in because the input has no column for it. */
export interface DerivedField {
  readonly field: CanonicalField;
  /** What the loader does instead, in words (`"one unit per line"`). */
  readonly rule: string;
}

/** Result of {@linkcode resolveColumns}. */
export interface ResolvedColumns {
  readonly schema: SourceSchema;
  /** Canonical field → source column name (`null` when the source has no such column). */
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
  /** Fields filled in by a rule because no column holds them (see `FIELD_DEFAULTS`). */
  readonly derived: readonly DerivedField[];
}

/** Options for {@linkcode resolveColumns}. */
export interface ResolveColumnsOptions {
  /** Explicit mapping; wins over recognised names. A field mapped to `none` has no column. @default {{}} */
  map?: ColumnMapping;
  /** File named in errors. @default {undefined} */
  file?: string;
  /**
   * Names the header repeats (told apart as `Notes`, `Notes (2)`): refused when the mapping or a
   * recognised name would read one of them, since which column is meant cannot be known.
   * @default {[]}
   */
  repeated?: readonly string[];
}

/** Names each canonical field goes by (compared after {@linkcode normalizeName}). */
const KNOWN_NAMES: Readonly<Record<CanonicalField, readonly string[]>> = {
  invoice: ["invoice", "invoiceno"],
  stock_code: ["stockcode"],
  description: ["description"],
  quantity: ["quantity"],
  invoice_date: ["invoicedate"],
  price: ["price", "unitprice"],
  customer_id: ["customerid"],
  country: ["country"],
  amount: ["amount", "linetotal"],
  category: ["category"],
  subcategory: ["subcategory"],
  // an order's status (Shopify's financial status before its fulfilment status): lines of
  // cancelled, refunded, voided or failed orders are not sales
  status: [
    "orderstatus",
    "financialstatus",
    "paymentstatus",
    "status",
    "statut",
    "statutcommande",
    "bestellstatus",
    "estado",
    "estadopedido",
    "stato",
  ],
  // a file in more than one currency is refused at load: the names are recognised in any language
  currency: [
    "currency",
    "currencycode",
    "ccy",
    "devise",
    "währung",
    "waehrung",
    "moneda",
    "divisa",
    "valuta",
  ],
  returns: [],
  // a time of day beside a date-only column (point-of-sale and spreadsheet exports); the loader
  // reads it into invoice_date, and leaves it out when the dates already carry their times
  invoice_time: [
    "time",
    "ordertime",
    "invoicetime",
    "transactiontime",
    "saletime",
    "salestime",
    "purchasetime",
    "uhrzeit",
    "heure",
    "hora",
    "orario",
  ],
};

/** The fields whose names decide that a file follows a UCI Online Retail schema. */
const UCI_FIELDS: readonly CanonicalField[] = [
  "invoice",
  "stock_code",
  "quantity",
  "invoice_date",
  "price",
  "customer_id",
];

/** Words that hint at a field, with weights, for suggesting a mapping. */
const HINT_WORDS: Readonly<Record<CanonicalField, Readonly<Record<string, number>>>> = {
  invoice: {
    bestellnummer: 3,
    rechnungsnummer: 3,
    belegnummer: 3,
    // French, German, Spanish, Italian exports
    commande: 2,
    bestellung: 2,
    auftrag: 2,
    pedido: 2,
    ordine: 2,
    facture: 3,
    rechnung: 3,
    factura: 3,
    fattura: 3,
    invoice: 3,
    order: 2,
    transaction: 2,
    receipt: 2,
    bill: 2,
    basket: 2,
    ticket: 2,
    // Magento's order number
    increment: 2,
    id: 1,
    no: 1,
    number: 1,
    num: 1,
    date: -3,
    row: -3,
    line: -2,
    priority: -3,
    status: -3,
    quantity: -3,
    amount: -3,
    ship: -3,
    customer: -4,
  },
  stock_code: {
    référence: 2,
    reference: 2,
    artikel: 2,
    artikelnummer: 3,
    articulo: 2,
    client: -4,
    kunde: -4,
    stock: 3,
    sku: 3,
    ean: 3,
    upc: 3,
    article: 2,
    product: 2,
    code: 1,
    item: 1,
    id: 1,
    name: -2,
    description: -3,
    category: -3,
    postal: -4,
    post: -4,
    zip: -4,
    country: -4,
    customer: -4,
    order: -2,
    price: -3,
  },
  description: {
    désignation: 3,
    designation: 3,
    libellé: 3,
    libelle: 3,
    bezeichnung: 3,
    beschreibung: 3,
    descripción: 3,
    descripcion: 3,
    descrizione: 3,
    produit: 2,
    produkt: 2,
    producto: 2,
    lineitem: 1,
    description: 3,
    desc: 3,
    product: 2,
    name: 2,
    title: 2,
    item: 2,
    id: -2,
    code: -2,
    customer: -4,
    category: -2,
    sub: -2,
    city: -4,
    country: -4,
    // point-of-sale exports name their till and venue too (Square's "Device Name")
    device: -4,
    location: -4,
    event: -3,
    type: -2,
    cost: -3,
    price: -3,
    total: -3,
  },
  quantity: {
    quantité: 3,
    quantite: 3,
    qté: 3,
    qte: 3,
    menge: 3,
    anzahl: 3,
    cantidad: 3,
    quantità: 3,
    lineitem: 1,
    quantity: 3,
    qty: 3,
    units: 3,
    pcs: 3,
    pieces: 2,
    count: 2,
    price: -3,
    amount: -2,
    sales: -2,
  },
  invoice_date: {
    bestelldatum: 3,
    rechnungsdatum: 3,
    belegdatum: 3,
    datum: 3,
    fecha: 3,
    created: 2,
    placed: 2,
    date: 3,
    time: 2,
    timestamp: 3,
    datetime: 3,
    day: 1,
    invoice: 1,
    order: 1,
    purchase: 1,
    ship: -3,
    delivery: -2,
    birth: -4,
    first: -2,
    last: -2,
    // the dates of later events, not of the sale
    refund: -4,
    refunded: -4,
    cancelled: -3,
    canceled: -3,
    updated: -3,
    modified: -3,
    due: -2,
  },
  price: {
    prix: 3,
    unitaire: 2,
    preis: 3,
    einzelpreis: 3,
    precio: 3,
    prezzo: 3,
    lineitem: 1,
    price: 3,
    cost: 2,
    unit: 2,
    value: 1,
    amount: -1,
    total: -2,
    sales: -2,
    discount: -3,
    profit: -3,
    // a price's name is text (Square's "Price Point Name")
    name: -4,
  },
  customer_id: {
    kunde: 3,
    kundennummer: 3,
    cliente: 3,
    klant: 3,
    email: 3,
    mail: 2,
    customer: 3,
    client: 3,
    buyer: 3,
    member: 2,
    user: 2,
    account: 2,
    shopper: 2,
    id: 1,
    name: -1,
    segment: -3,
  },
  country: {
    country: 3,
    market: 2,
    region: 2,
    nation: 2,
    territory: 2,
    location: 1,
    pays: 3,
    land: 3,
    país: 3,
    pais: 3,
    paese: 3,
  },
  amount: {
    montant: 3,
    betrag: 3,
    umsatz: 3,
    importe: 3,
    importo: 3,
    amount: 3,
    sales: 3,
    revenue: 3,
    // net of discounts is the revenue (Square's "Net Sales" beside "Gross Sales")
    net: 1,
    gross: -1,
    spend: 2,
    total: 2,
    value: 2,
    dollar: 2,
    sum: 1,
    line: 1,
    price: -1,
    unit: -2,
    discount: -3,
    profit: -3,
    tax: -2,
    shipping: -2,
  },
  category: { category: 3, department: 2, cat: 2, group: 1, family: 1, sub: -4 },
  subcategory: { subcategory: 3, sub: 3, category: 1 },
  status: { status: 3, statut: 3, estado: 3, stato: 3, fulfillment: -3, shipping: -3 },
  currency: { currency: 3, devise: 3, währung: 3, moneda: 3, divisa: 3, valuta: 3 },
  returns: {
    returned: 3,
    returns: 3,
    return: 3,
    cancelled: 3,
    canceled: 3,
    cancellation: 3,
    cancel: 3,
    refund: 2,
    refunded: 2,
    reason: -3,
    // an amount or a date of a refund is no yes/no flag (Stripe's "Amount Refunded")
    amount: -3,
    total: -3,
    date: -3,
    quantity: -3,
    qty: -3,
  },
  invoice_time: {
    time: 3,
    uhrzeit: 3,
    heure: 3,
    hora: 3,
    orario: 3,
    zeit: 2,
    date: -3,
    datetime: -4,
    timestamp: -4,
    stamp: -3,
    zone: -4,
  },
};

/** Score from which a column "looks like" a field that the loader would otherwise fill in. */
const LOOKALIKE_SCORE = 3;
/** Score from which an optional field is proposed in a `--map` hint. */
const OPTIONAL_HINT_SCORE = 2;

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
 * Matches source columns to canonical fields: an explicit mapping first, then the canonical
 * names and those of both UCI schemas (case- and space-insensitive).
 *
 * Required are `invoice_date`, `customer_id` and a money field: `price` (unit price) or
 * `amount` (line total). The other fields are optional; without `invoice`, `stock_code` or
 * `quantity` the loader fills them in (one customer's lines at one timestamp form one order,
 * products are named by their description, one unit per line; see `derived`). So that a
 * column the loader did not recognise is never silently replaced by such a rule, a column whose
 * name looks like one of those three fields (`"Order ID"`, `"Qty"`, `"SKU"`) stops the load
 * with a hint to map it, or to map the field to `none` to confirm the rule.
 *
 * @param header Source column names in file order.
 * @param options Explicit mapping and the file named in errors.
 * @returns The schema recognised, the canonical → source column map and the derived fields.
 * @throws {SchemaError} If a mapped column does not exist, a column name repeats, a required
 *   field stays unmapped, or an unmapped column looks like a field that would be filled in;
 *   the hint suggests a `--map` argument.
 *
 * @example The original UCI schema, and an export with line amounts and no invoice column
 * ```ts
 * import { resolveColumns } from "./resolve_columns.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const r = resolveColumns(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]);
 * equal(r.schema, "online_retail");
 * equal(r.columnMap.price, "UnitPrice");
 * const s = resolveColumns(["client", "day", "spend"], { map: { customer_id: "client", invoice_date: "day", amount: "spend" } });
 * deepStrictEqual(s.derived.map((d) => d.field), ["invoice", "quantity", "price"]);
 * ```
 */
export function resolveColumns(
  header: readonly string[],
  options: ResolveColumnsOptions = {},
): ResolvedColumns {
  const { map = {}, file } = options;
  const from = file ? ` from "${file}"` : "";
  const byNorm = new Map<string, string>();
  for (const name of header) {
    const key = normalizeName(name);
    if (byNorm.has(key) && key !== "") {
      throw new SchemaError(
        `Cannot load transactions${from}: column names "${
          byNorm.get(key)
        }" and "${name}" are the same after ignoring case and spaces`,
        { file, found: header, hint: "Rename one of the columns" },
      );
    }
    byNorm.set(key, name);
  }
  const oneColumn = singleColumnHeader(header);
  if (oneColumn !== undefined) {
    throw new SchemaError(
      `Cannot load transactions${from}: the header is one column "${header[0]}"`,
      { file, found: header, hint: oneColumn },
    );
  }
  for (const name of options.repeated ?? []) {
    const key = normalizeName(name);
    const read = CANONICAL_FIELDS.some((f) =>
      (map[f] !== undefined && normalizeName(map[f]!) === key) ||
      (map[f] === undefined && KNOWN_NAMES[f].includes(key))
    );
    if (read) {
      throw new SchemaError(
        `Cannot load transactions${from}: column name "${name}" appears more than once (case and spaces aside), so which column is meant cannot be known`,
        { file, found: header, hint: "Rename or delete the other columns of that name" },
      );
    }
  }
  const columnMap = {} as Record<CanonicalField, string | null>;
  const explicitNone = new Set<CanonicalField>();
  const explicit = Object.keys(map).length > 0;
  const findColumn = (wanted: string): string | undefined =>
    header.includes(wanted) ? wanted : byNorm.get(normalizeName(wanted));
  for (const field of CANONICAL_FIELDS) {
    const wanted = map[field];
    if (wanted !== undefined) {
      const found = findColumn(wanted);
      if (found === undefined && isNoColumn(wanted)) {
        explicitNone.add(field);
        columnMap[field] = null;
        continue;
      }
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
  const missing: CanonicalField[] = REQUIRED_FIELDS.filter((f) => columnMap[f] === null);
  const noMoney = MONEY_FIELDS.every((f) => columnMap[f] === null);
  if (missing.length > 0 || noMoney) {
    const names = [...missing, ...(noMoney ? ["price or amount"] : [])];
    throw new SchemaError(
      `Cannot load transactions${from}: missing required fields ${names.join(", ")}; ` +
        `required fields are ${REQUIRED_FIELDS.join(", ")} and price (unit price) or amount ` +
        `(line total); found columns ${quoteList(header)}`,
      {
        file,
        missing: [...missing, ...(noMoney ? MONEY_FIELDS : [])],
        found: header,
        hint: suggestionHint(header, [...missing, ...(noMoney ? MONEY_FIELDS : [])], map),
      },
    );
  }
  for (const field of MONEY_FIELDS) {
    if (explicitNone.has(field) && MONEY_FIELDS.every((f) => columnMap[f] === null)) {
      throw new SchemaError(`Cannot map ${field} to none${from}: a money field is required`, {
        file,
        missing: [field],
        found: header,
      });
    }
  }
  const derived: DerivedField[] = [];
  const used = Object.values(columnMap).filter((c): c is string => c !== null);
  for (const field of ["invoice", "stock_code", "quantity", "price"] as const) {
    if (columnMap[field] !== null) continue;
    if (field === "stock_code" && columnMap.description === null) continue;
    if (!explicitNone.has(field) && field !== "price") {
      const lookalike = header.filter((h) => !used.includes(h))
        .map((column) => ({ column, score: scoreColumn(field, column) }))
        .filter((c) => c.score >= LOOKALIKE_SCORE)
        .sort((a, b) => b.score - a.score)[0];
      if (lookalike !== undefined) {
        throw new SchemaError(
          `Cannot load transactions${from}: no column is mapped to ${field}, but column "${lookalike.column}" looks like one`,
          {
            file,
            missing: [field],
            found: header,
            hint: `Pass --map ${
              formatMapping({ ...existingOnly(map, header), [field]: lookalike.column })
            } to use it, or --map ${field}=none to confirm that the file has no ${
              field.replace("_", " ")
            } column (${FIELD_DEFAULTS[field]})`,
          },
        );
      }
    }
    derived.push({ field, rule: FIELD_DEFAULTS[field]! });
  }
  const norm = (f: CanonicalField) => normalizeName(columnMap[f] ?? "");
  const uci = !explicit && UCI_FIELDS.every((f) => columnMap[f] !== null);
  const schema: SourceSchema = !uci
    ? "mapped"
    : norm("invoice") === "invoiceno" && norm("price") === "unitprice"
    ? "online_retail"
    : "online_retail_ii";
  return { schema, columnMap, derived };
}

/**
 * Guesses source columns for canonical fields by the words in their names ("Order
 * Date" → invoice_date, "Customer Name" → customer_id, "Product ID" rather than
 * "Postal Code" → stock_code). Each column is used once, the best-scoring pairs first;
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
 * deepStrictEqual(suggestMapping(["Order ID", "Order Date", "Client", "Postal Code", "Product ID", "Sales"], ["invoice", "invoice_date", "customer_id", "stock_code", "amount"]), {
 *   invoice: "Order ID",
 *   stock_code: "Product ID",
 *   invoice_date: "Order Date",
 *   customer_id: "Client",
 *   amount: "Sales",
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
  return Object.fromEntries(
    CANONICAL_FIELDS.filter((f) => out[f] !== undefined).map((f) => [f, out[f]]),
  ) as ColumnMapping;
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

/** The entries of `map` whose column exists in the header (a hint never repeats a bad one). */
function existingOnly(map: ColumnMapping, header: readonly string[]): ColumnMapping {
  const names = new Set(header.map(normalizeName));
  return Object.fromEntries(
    Object.entries(map).filter(([, column]) =>
      column !== undefined && (header.includes(column) || names.has(normalizeName(column)))
    ),
  ) as ColumnMapping;
}

function suggestionHint(
  header: readonly string[],
  missing: readonly CanonicalField[],
  map: ColumnMapping,
): string {
  const given = existingOnly(map, header);
  const taken = Object.values(given).filter((v): v is string => v !== undefined);
  const recognised = (f: CanonicalField) =>
    header.some((h) => KNOWN_NAMES[f].includes(normalizeName(h)));
  const optional = CANONICAL_FIELDS.filter((f) =>
    !missing.includes(f) && given[f] === undefined && !recognised(f)
  );
  const required = suggestMapping(header, missing, taken);
  // a unit price and the quantity make the line total: an "amount" is proposed beside a price
  // only when it looks more like one (an export's "Total" is often the order's, on its first line)
  if (required.price !== undefined && required.amount !== undefined) {
    if (scoreColumn("amount", required.amount) > scoreColumn("price", required.price)) {
      delete required.price;
    } else {
      delete required.amount;
    }
  }
  const afterRequired = [...taken, ...Object.values(required).filter((v) => v !== undefined)];
  const extra = Object.fromEntries(
    Object.entries(suggestMapping(header, optional, afterRequired as string[])).filter((
      [field, column],
    ) => scoreColumn(field as CanonicalField, column!) >= OPTIONAL_HINT_SCORE),
  ) as ColumnMapping;
  const guess: ColumnMapping = { ...given, ...required, ...extra };
  const moneyMissing = MONEY_FIELDS.every((f) => missing.includes(f));
  const unguessed = missing.filter((f) =>
    guess[f] === undefined && !(moneyMissing && MONEY_FIELDS.includes(f) &&
      MONEY_FIELDS.some((m) => guess[m] !== undefined))
  );
  const text = formatMapping(guess);
  const parts = [
    text === ""
      ? 'Pass --map field="Column name" pairs, e.g. --map customer_id="Customer Name"'
      : `Pass --map ${text}`,
  ];
  if (unguessed.length > 0) {
    const names = moneyMissing && unguessed.some((f) => MONEY_FIELDS.includes(f))
      ? [...unguessed.filter((f) => !MONEY_FIELDS.includes(f)), "price or amount"]
      : unguessed;
    parts.push(`(no column looks like ${names.join(", ")})`);
  }
  return parts.join(" ");
}

/**
 * When the header is a single column whose name holds another separator, the file was split
 * with the wrong delimiter: the hint names the one to pass (never a mapping to the whole line).
 */
function singleColumnHeader(header: readonly string[]): string | undefined {
  if (header.length !== 1) return undefined;
  const name = header[0]!;
  const seen = [
    { sep: ";", flag: '--delimiter ";"' },
    { sep: "\t", flag: "--delimiter tab" },
    { sep: "|", flag: '--delimiter "|"' },
    { sep: ",", flag: '--delimiter ","' },
  ].find((s) => name.includes(s.sep));
  if (seen !== undefined) {
    return `The lines look separated by "${
      seen.sep === "\t" ? "tab" : seen.sep
    }": pass ${seen.flag}`;
  }
  if (/\S\s+\S+\s+\S/.test(name)) {
    return "The lines look separated by spaces: pass --delimiter whitespace";
  }
  return "A transaction log needs at least a customer, a date and a money column";
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
