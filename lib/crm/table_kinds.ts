/** The kinds of table a CRM dataset is made of. */
export const CRM_TABLE_KINDS = [
  "transactions",
  "customers",
  "products",
  "interactions",
  "sales_team",
  "pipeline",
  "accounts",
  "targets",
] as const;

/** One kind of CRM table. */
export type CrmTableKind = typeof CRM_TABLE_KINDS[number];

/**
 * How a field's text is read: `id` (keys and references: spaces trimmed), `category` (case and
 * spaces standardised), `text` (as is), `number`, `date` (timestamp) or `boolean`.
 */
export type CrmFieldType = "id" | "category" | "text" | "number" | "date" | "boolean";

/** One canonical field of a table kind. */
export interface CrmField {
  readonly name: string;
  readonly type: CrmFieldType;
  /** Column names recognised without a mapping, compared after `normalizeName` (lib/load). */
  readonly names: readonly string[];
  /** Words that suggest the field in other column names (for the `--map` hint only). */
  readonly words: readonly string[];
  readonly description: string;
}

/** A table kind: its fields, which of them are required, its key and file names. */
export interface CrmTableSpec {
  readonly kind: CrmTableKind;
  readonly fields: readonly CrmField[];
  /** Fields that must be present (mapped). */
  readonly required: readonly string[];
  /** Groups of fields of which at least one must be present. */
  readonly requiredAny: readonly (readonly string[])[];
  /** The field that identifies a row, when the kind has one. */
  readonly key: string | undefined;
  /** Words in a file name that suggest the kind (compared after normalising). */
  readonly fileWords: readonly string[];
}

function f(
  name: string,
  type: CrmFieldType,
  names: readonly string[],
  words: readonly string[],
  description: string,
): CrmField {
  return { name, type, names: [name.replaceAll("_", ""), ...names], words, description };
}

/**
 * The canonical fields of every table kind, in table order. Names follow the order log
 * (`invoice`, `stock_code`, `customer_id`, …) where the kinds overlap, so one mapping syntax
 * serves both, and the public CRM exports (the Maven CRM sales-opportunities tables, support
 * ticket exports) are recognised by their own column names.
 */
export const CRM_TABLES: Readonly<Record<CrmTableKind, CrmTableSpec>> = {
  transactions: {
    kind: "transactions",
    fields: [
      f("invoice", "id", ["invoiceno", "transactionid", "orderid", "orderno", "ordernumber"], [
        "invoice",
        "order",
        "transaction",
        "receipt",
      ], "order or transaction id (an order may have several lines)"),
      f("stock_code", "id", ["stockcode", "productid", "sku", "itemid", "productcode"], [
        "stock",
        "sku",
        "product",
        "item",
      ], "product id or name, as in the products table"),
      f("description", "text", ["productname", "itemname"], ["description"], "product text"),
      f("quantity", "number", ["qty", "units"], ["quantity", "qty", "units"], "units on the line"),
      f("invoice_date", "date", ["invoicedate", "orderdate", "transactiondate", "date"], [
        "date",
        "time",
      ], "date of the transaction"),
      f("price", "number", ["unitprice", "price"], ["price"], "unit price"),
      f("amount", "number", ["amount", "total", "linetotal", "sales", "revenue"], [
        "amount",
        "total",
        "revenue",
      ], "line amount; checked against quantity x price"),
      f(
        "customer_id",
        "id",
        ["customerid", "clientid", "customer"],
        ["customer", "client"],
        "customer",
      ),
      f("rep", "id", ["salesagent", "salesrep", "agent"], ["rep", "agent", "seller"], "sales rep"),
      f("country", "category", ["country"], ["country"], "country of the sale"),
      f(
        "order_status",
        "category",
        ["transactionstatus", "paymentstatus", "financialstatus"],
        [],
        "order status: lines of cancelled, refunded, voided or failed orders are not sales",
      ),
      f(
        "currency",
        "category",
        ["currencycode"],
        [],
        "the transaction's currency: a table in two currencies is refused",
      ),
    ],
    required: ["invoice", "stock_code", "quantity", "invoice_date", "customer_id"],
    requiredAny: [["price", "amount"]],
    key: undefined,
    fileWords: ["transactions", "orders", "sales", "purchases", "invoices"],
  },
  customers: {
    kind: "customers",
    fields: [
      f(
        "customer_id",
        "id",
        ["customerid", "clientid", "id"],
        ["customer", "client", "id"],
        "customer id",
      ),
      f("name", "text", ["customername", "fullname"], ["name"], "customer name"),
      f("age", "number", ["customerage"], ["age"], "age in years"),
      f(
        "birth_date",
        "date",
        ["birthdate", "dateofbirth", "dob", "birthday"],
        ["birth"],
        "birth date",
      ),
      f("gender", "category", ["sex", "customergender"], ["gender", "sex"], "gender"),
      f("region", "category", ["region", "area", "territory"], ["region", "area"], "region"),
      f("country", "category", ["country"], ["country"], "country"),
      f("signup_date", "date", [
        "signupdate",
        "joindate",
        "registrationdate",
        "customersince",
        "createdat",
      ], [
        "signup",
        "join",
        "registration",
        "since",
      ], "date the customer signed up"),
    ],
    required: ["customer_id"],
    requiredAny: [["age", "birth_date", "gender", "region", "country", "signup_date", "name"]],
    key: "customer_id",
    fileWords: ["customers", "clients", "members"],
  },
  products: {
    kind: "products",
    fields: [
      f(
        "product_id",
        "id",
        ["productid", "stockcode", "sku", "productcode"],
        ["sku", "code", "id"],
        "product id",
      ),
      f("product", "id", ["productname", "name", "product"], ["product", "name"], "product name"),
      f("category", "category", [
        "series",
        "productline",
        "line",
        "family",
        "group",
        "productcategory",
      ], [
        "category",
        "series",
        "line",
        "family",
      ], "category or series"),
      f("list_price", "number", ["salesprice", "listprice", "price", "unitprice", "msrp"], [
        "price",
      ], "list price"),
    ],
    required: [],
    requiredAny: [["product_id", "product"]],
    key: undefined, // product_id when mapped, else product (see productKey)
    fileWords: ["products", "catalogue", "catalog", "items"],
  },
  interactions: {
    kind: "interactions",
    fields: [
      f("interaction_id", "id", ["ticketid", "interactionid", "caseid", "id"], [
        "ticket",
        "case",
        "interaction",
      ], "interaction or ticket id"),
      f(
        "customer_id",
        "id",
        ["customerid", "clientid", "customer"],
        ["customer", "client"],
        "customer",
      ),
      f("created_at", "date", [
        "createdat",
        "createddate",
        "opendate",
        "openedat",
        "date",
        "interactiondate",
        "ticketdate",
      ], [
        "created",
        "opened",
        "date",
      ], "when it was opened"),
      f("channel", "category", ["ticketchannel", "contactchannel", "medium"], [
        "channel",
        "medium",
        "via",
      ], "email, chat, phone, social…"),
      f("issue_type", "category", [
        "tickettype",
        "issue",
        "issuetype",
        "category",
        "reason",
        "topic",
      ], [
        "type",
        "issue",
        "reason",
        "topic",
      ], "issue type"),
      f(
        "status",
        "category",
        ["ticketstatus", "state", "outcome"],
        ["status", "state", "outcome"],
        "status (Closed, Resolved, Open…)",
      ),
      f(
        "resolved",
        "boolean",
        ["isresolved", "resolvedflag"],
        ["resolved"],
        "resolved flag (yes/no, true/false, 1/0)",
      ),
      f(
        "resolution_hours",
        "number",
        ["resolutionhours", "resolutiontimehours", "hourstoresolve"],
        [
          "hours",
          "duration",
        ],
        "hours to resolution",
      ),
      f("resolved_at", "date", [
        "resolvedat",
        "closedat",
        "closedate",
        "resolutiondate",
        "timetoresolution",
      ], [
        "resolved",
        "closed",
        "resolution",
      ], "when it was resolved"),
      f("satisfaction", "number", [
        "customersatisfactionrating",
        "csat",
        "satisfactionrating",
        "rating",
      ], [
        "satisfaction",
        "csat",
        "rating",
      ], "satisfaction score"),
      f(
        "customer_age",
        "number",
        ["customerage", "age"],
        ["age"],
        "customer age, when the table carries it",
      ),
    ],
    required: ["channel"],
    requiredAny: [["status", "resolved"]],
    key: "interaction_id",
    fileWords: ["interactions", "tickets", "support", "cases", "contacts"],
  },
  sales_team: {
    kind: "sales_team",
    fields: [
      f("rep", "id", ["salesagent", "salesrep", "agent", "rep", "employee"], [
        "agent",
        "rep",
        "seller",
        "employee",
      ], "sales rep"),
      f("manager", "category", ["manager", "teamlead", "supervisor"], [
        "manager",
        "lead",
        "supervisor",
      ], "manager"),
      f("region", "category", ["regionaloffice", "region", "office", "territory"], [
        "region",
        "office",
        "territory",
      ], "region or office"),
      f("target", "number", ["target", "quota"], ["target", "quota"], "target per period"),
      f(
        "period",
        "text",
        ["period", "quarter"],
        ["period", "quarter", "year"],
        "period of the target",
      ),
    ],
    required: ["rep"],
    requiredAny: [["manager", "region"]],
    key: "rep",
    fileWords: ["salesteam", "salesteams", "team", "teams", "reps", "agents"],
  },
  pipeline: {
    kind: "pipeline",
    fields: [
      f("opportunity_id", "id", ["opportunityid", "dealid", "opportunity", "deal"], [
        "opportunity",
        "deal",
      ], "opportunity id"),
      f("rep", "id", ["salesagent", "salesrep", "agent", "rep", "owner"], [
        "agent",
        "rep",
        "owner",
        "seller",
      ], "sales rep"),
      f("product", "id", ["product", "productname", "productid"], ["product"], "product"),
      f("account", "id", ["account", "accountname", "company"], ["account", "company"], "account"),
      f("customer_id", "id", ["customerid"], ["customer"], "customer, when the deal names one"),
      f(
        "stage",
        "category",
        ["dealstage", "stage", "status"],
        ["stage", "status"],
        "won, lost, engaging, prospecting…",
      ),
      f("engage_date", "date", ["engagedate", "createddate", "opendate"], [
        "engage",
        "created",
        "open",
      ], "date of first engagement"),
      f("close_date", "date", ["closedate", "closeddate"], ["close"], "close date"),
      f("close_value", "number", ["closevalue", "value", "dealvalue", "amount"], [
        "value",
        "amount",
      ], "value of a won deal"),
    ],
    required: ["opportunity_id", "rep", "stage"],
    requiredAny: [],
    key: "opportunity_id",
    fileWords: ["pipeline", "salespipeline", "deals", "opportunities"],
  },
  accounts: {
    kind: "accounts",
    fields: [
      f("account", "id", ["account", "accountname", "company"], ["account", "company"], "account"),
      f("sector", "category", ["sector", "industry"], ["sector", "industry"], "sector"),
      f(
        "year_established",
        "number",
        ["yearestablished", "founded"],
        ["year", "founded"],
        "year established",
      ),
      f("revenue", "number", ["revenue"], ["revenue"], "annual revenue"),
      f("employees", "number", ["employees", "headcount"], ["employees"], "employees (size)"),
      f("location", "category", ["officelocation", "location", "country", "city"], [
        "location",
        "country",
      ], "location"),
      f(
        "parent",
        "id",
        ["subsidiaryof", "parent", "parentaccount"],
        ["parent", "subsidiary"],
        "parent account",
      ),
    ],
    required: ["account"],
    requiredAny: [["sector", "year_established", "revenue", "employees", "location", "parent"]],
    key: "account",
    fileWords: ["accounts", "companies"],
  },
  targets: {
    kind: "targets",
    fields: [
      f(
        "rep",
        "id",
        ["salesagent", "salesrep", "agent", "rep"],
        ["agent", "rep"],
        "sales rep (or give region)",
      ),
      f(
        "region",
        "category",
        ["regionaloffice", "region", "office"],
        ["region", "office"],
        "region (or give rep)",
      ),
      f("period", "text", ["period", "quarter", "month", "year"], [
        "period",
        "quarter",
        "month",
        "year",
      ], "YYYY, YYYY-Qn or YYYY-MM"),
      f(
        "target",
        "number",
        ["target", "quota", "goal"],
        ["target", "quota", "goal"],
        "target value",
      ),
    ],
    required: ["period", "target"],
    requiredAny: [["rep", "region"]],
    key: undefined,
    fileWords: ["targets", "quotas", "goals"],
  },
};

/**
 * The names of a kind's fields, in table order.
 *
 * @example
 * ```ts
 * import { crmFieldNames } from "./table_kinds.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(crmFieldNames("targets"), ["rep", "region", "period", "target"]);
 * ```
 */
export function crmFieldNames(kind: CrmTableKind): string[] {
  return CRM_TABLES[kind].fields.map((field) => field.name);
}

/**
 * True when `kind` names a table kind.
 *
 * @example
 * ```ts
 * import { isCrmTableKind } from "./table_kinds.ts";
 * import { equal } from "node:assert/strict";
 * equal(isCrmTableKind("pipeline"), true);
 * equal(isCrmTableKind("deals"), false);
 * ```
 */
export function isCrmTableKind(kind: string): kind is CrmTableKind {
  return (CRM_TABLE_KINDS as readonly string[]).includes(kind);
}

/** The DuckDB table holding a kind's validated rows (`crm_<kind>`). */
export function crmTableName(kind: CrmTableKind): string {
  return `crm_${kind}`;
}
