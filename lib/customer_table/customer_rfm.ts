import { type Db, quoteIdent } from "../db/db.ts";
import { ValidationError } from "../errors.ts";
import { requireColumns } from "../db/require_columns.ts";
import { resolveAsOf, type RfmTable } from "../rfm/mod.ts";
import { asOfDefault } from "../summary/mod.ts";

/** Options for {@linkcode rfmFromCustomerTable}. */
export interface CustomerRfmOptions {
  /** The canonical customer table. @default {"customer_orders"} */
  table?: string;
  /**
   * Analysis date.
   * @default {midnight at the start of the second day after the latest last order date}
   */
  asOf?: Date;
}

/**
 * RFM from a customer-level table (see {@linkcode prepareCustomerTable}): `recency` is the whole
 * days from `last_order_date` to `asOf`, `frequency` the total orders (all channels) and
 * `monetary` the total spend. The default `asOf` is midnight at the start of the second day after
 * the latest last order (FLO: 2021-05-30 → 2021-06-01), the same rule as for transactions, so
 * the result feeds `rfmScores` and `assignSegments` unchanged.
 *
 * @param db The analysis database.
 * @param options Table and as-of date.
 * @returns The as-of date and one row per customer, sorted by customer id (text order).
 * @throws {SchemaError} If the table or one of its canonical columns is missing.
 * @throws {OptionError} If `asOf` is not a valid `Date`.
 * @throws {ValidationError} If a last order is after `asOf` (customers named), or the table is
 * empty.
 *
 * @example
 * ```ts
 * import { rfmFromCustomerTable } from "./customer_rfm.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table customer_orders as select * from (values
 *   ('b', timestamp '2021-05-30', 2.0, 30.0), ('a', timestamp '2021-05-01', 5.0, 99.5))
 *   t(customer_id, last_order_date, frequency, monetary)`);
 * const { asOf, rows } = await rfmFromCustomerTable(db);
 * deepStrictEqual(asOf, new Date("2021-06-01"));
 * deepStrictEqual(rows, [
 *   { customerId: "a", recency: 31, frequency: 5, monetary: 99.5 },
 *   { customerId: "b", recency: 2, frequency: 2, monetary: 30 },
 * ]);
 * db.close();
 * ```
 */
export async function rfmFromCustomerTable(
  db: Db,
  options: CustomerRfmOptions = {},
): Promise<RfmTable> {
  const { table = "customer_orders" } = options;
  await requireColumns(
    db,
    table,
    ["customer_id", "last_order_date", "frequency", "monetary"],
    "compute RFM from a customer table",
  );
  const asOf = await resolveAsOf(db, table, {
    asOf: options.asOf,
    column: "last_order_date",
    action: "compute RFM from a customer table",
  });
  const t = quoteIdent(table);
  const late = await db.all<{ id: string; last: Date }>(
    `SELECT customer_id AS id, last_order_date AS last FROM ${t} WHERE last_order_date > ?::TIMESTAMP ORDER BY customer_id LIMIT 5`,
    [asOf],
  );
  if (late.length > 0) {
    throw new ValidationError(
      `Cannot compute RFM as of ${asOf.toISOString().slice(0, 10)}: customer "${
        late[0]!.id
      }" last ordered later (${late[0]!.last.toISOString().slice(0, 10)})`,
      late.map((l) => ({
        rule: "after_as_of",
        message: "last order after the as-of date",
        customerId: l.id,
        column: "last_order_date",
        value: l.last.toISOString().slice(0, 10),
      })),
      `a customer-level table has no order history to cut: pass an --as-of date after the latest last order (for example --as-of ${
        asOfDefault(new Date(late.reduce((m, l) => Math.max(m, l.last.getTime()), 0)))
          .toISOString().slice(0, 10)
      })`,
    );
  }
  const rows = await db.all<
    { customerId: string; recency: number; frequency: number; monetary: number }
  >(
    `SELECT customer_id AS "customerId",
       CAST(floor((epoch(?::TIMESTAMP) - epoch(last_order_date)) / 86400) AS BIGINT) AS recency,
       frequency::DOUBLE AS frequency, monetary::DOUBLE AS monetary
     FROM ${t} ORDER BY customer_id`,
    [asOf],
  );
  return { asOf, rows };
}
