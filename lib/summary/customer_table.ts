import { type Db, quoteIdent } from "../db/db.ts";
import { type Issue, oneOf, SchemaError, ValidationError } from "../errors.ts";
import type { TimeUnit } from "../types.ts";
import { asOfDefault } from "./as_of.ts";
import type { SummaryConvention, SummaryTable } from "./customer_summaries.ts";
import { checkDate, DAY_MS, sqlTimestamp, toFloat64, unitDays } from "./_sql.ts";

/**
 * Which source columns of a customer-level table (one row per customer) hold what: the one
 * mapping type of customer tables (the loader in lib/customer_table uses it too). Order counts
 * and spend may be split over several columns (online and offline): they are summed.
 */
export interface CustomerTableMapping {
  readonly customerId: string;
  /** First order date (the customer's age T in the CLV models; without it, no CLV). */
  readonly firstOrderDate?: string;
  readonly lastOrderDate: string;
  /** Order-count columns, summed into `frequency`. */
  readonly orders: readonly string[];
  /** Spend columns, summed into `monetary`. */
  readonly value: readonly string[];
}

/** FLO's own column names (`flo_data_20k.csv`), recognised without a mapping. */
export const FLO_CUSTOMER_MAPPING: CustomerTableMapping = {
  customerId: "master_id",
  firstOrderDate: "first_order_date",
  lastOrderDate: "last_order_date",
  orders: ["order_num_total_ever_online", "order_num_total_ever_offline"],
  value: ["customer_value_total_ever_offline", "customer_value_total_ever_online"],
};

/** Options for {@linkcode summaryFromCustomerTable}. */
export interface CustomerTableOptions {
  /** Column mapping. @default {FLO_CUSTOMER_MAPPING when the table has FLO's columns} */
  mapping?: CustomerTableMapping;
  /** `"classic"` or `"repeat"`. @default {"classic"} */
  convention?: SummaryConvention;
  /** Unit of `recency` and `T`. @default {"week" for "classic", "day" for "repeat"} */
  timeUnit?: TimeUnit;
  /** Analysis date. @default {asOfDefault(latest last-order date)} */
  asOf?: Date;
}

/**
 * Maps a customer-level table (one row per customer: first and last order dates, order
 * counts, total spend, like FLO) onto the same summary as the transaction functions.
 *
 * - **`classic`** (default; the FLO CLTV tutorials): `frequency` = total orders; `recency` =
 *   whole days from first to last order / 7; `T` = whole days from the first order to `asOf`
 *   / 7; `monetaryValue` = total value / total orders. Customers with `frequency > 1` are kept
 *   (all 19,945 FLO customers have at least 2 orders).
 * - **`repeat`**: `frequency` = orders − 1; `recency` and `T` as above in `timeUnit` (days by
 *   default), with `asOf`'s day as the end; `monetaryValue` = total value / orders when
 *   `frequency > 0`, else 0. This is an approximation: without per-order values the first
 *   order cannot be excluded, so it is the mean of all orders, not of the repeat ones. All
 *   customers are kept.
 *
 * @param db The analysis database.
 * @param table A table with one row per customer.
 * @param options Mapping, convention, unit and analysis date.
 * @returns Columns sorted by customer id.
 * @throws {SchemaError} If mapped columns are missing (or no mapping is given for a non-FLO table).
 * @throws {ValidationError} Naming customers with fewer than 1 order, missing values, a last
 *   order before the first, or a first order after `asOf`.
 *
 * @example Two customers, classic
 * ```ts
 * import { summaryFromCustomerTable } from "./customer_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table c as select * from (values
 *   ('x', date '2021-01-01', date '2021-01-15', 3.0, 1.0, 100.0, 20.0),
 *   ('y', date '2021-01-10', date '2021-01-10', 1.0, 0.0, 0.0, 10.0))
 *   t(id, first, last, n_on, n_off, v_off, v_on)`);
 * const mapping = {
 *   customerId: "id", firstOrderDate: "first", lastOrderDate: "last",
 *   orders: ["n_on", "n_off"], value: ["v_off", "v_on"],
 * };
 * const s = await summaryFromCustomerTable(db, "c", { mapping, asOf: new Date("2021-01-29") });
 * deepStrictEqual(s.customerIds, ["x"]);
 * deepStrictEqual([...s.frequency, ...s.recency, ...s.T, ...s.monetaryValue], [4, 2, 4, 30]);
 * db.close();
 * ```
 */
export async function summaryFromCustomerTable(
  db: Db,
  table: string,
  options: CustomerTableOptions = {},
): Promise<SummaryTable> {
  const { convention = "classic" } = options;
  oneOf("convention", convention, ["repeat", "classic"] as const);
  const timeUnit = options.timeUnit ?? (convention === "classic" ? "week" : "day");
  oneOf("timeUnit", timeUnit, ["day", "week"] as const);
  if (options.asOf !== undefined) checkDate("asOf", options.asOf);
  const mapping = options.mapping ?? await recogniseMapping(db, table);
  await checkMapped(db, table, mapping);
  const m = mappedSql(mapping);
  const t = quoteIdent(table);
  const asOf = options.asOf ?? asOfDefault(
    (await db.one<{ max: Date }>(`SELECT max(CAST(${m.last} AS TIMESTAMP)) AS max FROM ${t}`)).max,
  );
  // classic: asOf is an instant; repeat: asOf's day is the last observed day.
  const end = convention === "classic"
    ? asOf
    : new Date(Math.floor(asOf.getTime() / DAY_MS) * DAY_MS);
  const base = `SELECT CAST(${m.id} AS VARCHAR) AS cid, CAST(${m.first} AS TIMESTAMP) AS f,
      CAST(${m.last} AS TIMESTAMP) AS l, ${m.orders} AS n, ${m.value} AS v FROM ${t}`;
  await validate(db, base, table, end);
  const minOrders = convention === "classic" ? 2 : 1;
  const cols = await db.columns(
    `WITH b AS (${base})
     SELECT cid AS customer_id, n, v,
       (epoch_us(l) - epoch_us(f)) // 86400000000 AS recency_days,
       (epoch_us(?::TIMESTAMP) - epoch_us(f)) // 86400000000 AS t_days
     FROM b WHERE n >= ${minOrders} ORDER BY cid`,
    [sqlTimestamp(end)],
  );
  const n = toFloat64(cols.n);
  const v = toFloat64(cols.v);
  const days = unitDays(timeUnit);
  const frequency = convention === "classic" ? n : n.map((x) => x - 1);
  return {
    customerIds: (cols.customer_id ?? []) as string[],
    frequency,
    recency: toFloat64(cols.recency_days).map((d) => d / days),
    T: toFloat64(cols.t_days).map((d) => d / days),
    monetaryValue: v.map((x, i) => (frequency[i] as number) > 0 ? x / (n[i] as number) : 0),
    asOf,
    convention,
    periodUnit: "day",
    timeUnit,
  };
}

function mappedSql(
  mapping: CustomerTableMapping,
): Record<"id" | "first" | "last" | "orders" | "value", string> {
  const sum = (cols: readonly string[]): string =>
    cols.length === 0
      ? "NULL"
      : `(${cols.map((c) => `CAST(${quoteIdent(c)} AS DOUBLE)`).join(" + ")})`;
  if (mapping.firstOrderDate === undefined) {
    throw new SchemaError(
      "Cannot summarise a customer table for the CLV models: the mapping names no first-order date",
      { hint: "map the first-order date column (the customer's age T comes from it)" },
    );
  }
  return {
    id: quoteIdent(mapping.customerId),
    first: quoteIdent(mapping.firstOrderDate),
    last: quoteIdent(mapping.lastOrderDate),
    orders: sum(mapping.orders),
    value: sum(mapping.value),
  };
}

async function tableColumns(db: Db, table: string): Promise<string[]> {
  try {
    const rows = await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(table)}`);
    return rows.map((r) => r.column_name);
  } catch {
    throw new SchemaError(`Cannot summarise customer table "${table}": the table does not exist`, {
      hint: "load the customer file into DuckDB first",
    });
  }
}

async function recogniseMapping(db: Db, table: string): Promise<CustomerTableMapping> {
  const found = await tableColumns(db, table);
  const wanted = mappingColumns(FLO_CUSTOMER_MAPPING);
  const missing = wanted.filter((c) => !found.includes(c));
  if (missing.length > 0) {
    throw new SchemaError(
      `Cannot summarise customer table "${table}": no mapping given and the FLO columns ${
        missing.map((c) => `"${c}"`).join(", ")
      } are missing`,
      {
        missing,
        found,
        hint: "pass { mapping: { customerId, firstOrderDate, lastOrderDate, orders, value } }",
      },
    );
  }
  return FLO_CUSTOMER_MAPPING;
}

async function checkMapped(db: Db, table: string, mapping: CustomerTableMapping): Promise<void> {
  const found = await tableColumns(db, table);
  const missing = mappingColumns(mapping).filter((c) => !found.includes(c));
  if (missing.length > 0 || mapping.orders.length === 0 || mapping.value.length === 0) {
    throw new SchemaError(
      `Cannot summarise customer table "${table}": mapped column${
        missing.length === 1 ? "" : "s"
      } ${missing.map((c) => `"${c}"`).join(", ") || "(orders or value empty)"} not found`,
      { missing, found, hint: "fix the mapping: orders and value each name at least one column" },
    );
  }
}

/**
 * The source columns a mapping needs, in mapping order.
 *
 * @param mapping A customer-table mapping.
 * @returns Its column names.
 *
 * @example
 * ```ts
 * import { mappingColumns } from "./customer_table.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(mappingColumns({ customerId: "id", lastOrderDate: "last", orders: ["n"], value: ["v"] }),
 *   ["id", "last", "n", "v"]);
 * ```
 */
export function mappingColumns(m: CustomerTableMapping): string[] {
  return [
    m.customerId,
    ...(m.firstOrderDate === undefined ? [] : [m.firstOrderDate]),
    m.lastOrderDate,
    ...m.orders,
    ...m.value,
  ];
}

async function validate(db: Db, base: string, table: string, end: Date): Promise<void> {
  const bad = await db.all<{ cid: string | null; rule: string; value: string }>(
    `WITH b AS (${base}), checked AS (
       SELECT cid, CASE
         WHEN cid IS NULL THEN 'missing-id'
         WHEN f IS NULL OR l IS NULL OR n IS NULL OR v IS NULL THEN 'missing-value'
         WHEN n < 1 THEN 'orders-below-1'
         WHEN l < f THEN 'last-before-first'
         WHEN f > ?::TIMESTAMP THEN 'first-after-as-of'
       END AS rule,
       concat_ws(', ', 'first ' || f::DATE, 'last ' || l::DATE, 'orders ' || n, 'value ' || v) AS value
       FROM b)
     SELECT * FROM checked WHERE rule IS NOT NULL ORDER BY cid LIMIT 20`,
    [sqlTimestamp(end)],
  );
  if (bad.length === 0) return;
  const issues: Issue[] = bad.map((b) => ({
    ...(b.cid === null ? {} : { customerId: b.cid }),
    value: b.value,
    rule: b.rule,
    message: `customer "${b.cid}": ${b.rule} (${b.value})`,
  }));
  const first = issues[0] as Issue;
  throw new ValidationError(
    `Cannot summarise customer table "${table}": ${bad.length}${
      bad.length === 20 ? "+" : ""
    } bad rows (first: ${first.message})`,
    issues,
    "every customer needs an id, first ≤ last order date ≤ asOf, at least 1 order and a value",
  );
}
