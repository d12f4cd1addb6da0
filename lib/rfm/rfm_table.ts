import type { Db } from "../db/db.ts";
import { ValidationError } from "../errors.ts";
import { resolveAsOf } from "./as_of.ts";
import { orderRelation, type OrderSource } from "./order_table.ts";

/** One customer's recency, frequency and monetary value as of a date. */
export interface RfmRow {
  readonly customerId: string;
  /** Whole days from the last purchase to the as-of date (the floor of the elapsed time). */
  readonly recency: number;
  /** Distinct invoices (orders). */
  readonly frequency: number;
  /** Total spend (sum of `line_total`). */
  readonly monetary: number;
}

/** RFM rows with the as-of date used. */
export interface RfmTable {
  /** The analysis date (the default filled in). */
  readonly asOf: Date;
  /** One row per customer, sorted by `customerId` (text order). */
  readonly rows: readonly RfmRow[];
}

/** Options for {@linkcode rfmTable}. */
export interface RfmTableOptions extends OrderSource {
  /**
   * Analysis date. Lines after it are ignored.
   * @default {midnight at the start of the second day after the last transaction}
   */
  asOf?: Date;
}

/**
 * Recency, frequency and monetary value per customer, computed in SQL: `recency` is the whole
 * days (floor, like pandas `Timedelta.days`) from the customer's last purchase to `asOf`,
 * `frequency` the number of distinct invoices and `monetary` the total `line_total`. Lines
 * without a customer id, and orders dated after `asOf`, are ignored (an order's date is its
 * latest line's; the lines of an invoice share one timestamp in practice). Pass `{ orders }`
 * (from {@linkcode orderTable}) to read a prepared order table instead of the lines: same
 * result, less work when several analyses run.
 *
 * The default `asOf` is midnight at the start of the second day after the last transaction
 * (2011-12-11 for Online Retail II, which ends 2011-12-09 12:50), as in the classic recipes
 * ({@linkcode resolveAsOf}).
 *
 * Rows are sorted by `customer_id` in text order (`ORDER BY customer_id` on VARCHAR). That
 * order is the tie-break of the frequency rank in {@linkcode rfmScores}. pandas' group-by on
 * float ids sorts numerically; for ids of equal length (the 5-digit UCI ids) both orders agree.
 *
 * @param db The analysis database.
 * @param options Table and as-of date.
 * @returns The as-of date and one row per customer.
 * @throws {SchemaError} If the table or a needed column is missing.
 * @throws {OptionError} If `asOf` is not a valid `Date`.
 * @throws {ValidationError} If the table has no customer purchases on or before `asOf`.
 *
 * @example Two customers
 * ```ts
 * import { rfmTable } from "./rfm_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('b', 'i1', timestamp '2011-12-01 10:00', 10.0), ('b', 'i1', timestamp '2011-12-01 10:00', 5.0),
 *   ('a', 'i2', timestamp '2011-11-30 23:00', 3.0), ('b', 'i3', timestamp '2011-12-09 12:50', 2.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * const { asOf, rows } = await rfmTable(db);
 * deepStrictEqual(asOf, new Date("2011-12-11T00:00:00Z"));
 * deepStrictEqual(rows, [
 *   { customerId: "a", recency: 10, frequency: 1, monetary: 3 }, // 10 days 1 hour
 *   { customerId: "b", recency: 1, frequency: 2, monetary: 17 },
 * ]);
 * db.close();
 * ```
 */
export async function rfmTable(db: Db, options: RfmTableOptions = {}): Promise<RfmTable> {
  const { table = "clean_transactions", orders } = options;
  const from = await orderRelation(db, { table, orders }, "compute RFM");
  const asOf = orders === undefined
    ? await resolveAsOf(db, table, { asOf: options.asOf, action: "compute RFM" })
    : await resolveAsOf(db, orders, {
      asOf: options.asOf,
      column: "order_date",
      action: "compute RFM",
    });
  // Per-customer rows go to a temp table first: Db.columns() cannot read an empty result, and
  // reading columns is about twice as fast as row objects for ~50k customers.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _rfm AS SELECT customer_id,
       CAST(floor((epoch($1::TIMESTAMP) - epoch(max(order_date))) / 86400) AS BIGINT) AS recency,
       count(DISTINCT invoice) AS frequency, sum(revenue)::DOUBLE AS monetary
     FROM ${from}
     WHERE customer_id IS NOT NULL AND order_date <= $1::TIMESTAMP
     GROUP BY customer_id`,
    [asOf],
  );
  try {
    const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM _rfm`);
    if (n === 0) {
      throw new ValidationError(
        `Cannot compute RFM: no purchases on or before ${
          asOf.toISOString().slice(0, 10)
        } in table "${orders ?? table}"`,
        [],
        "pass a later asOf",
      );
    }
    const c = await db.columns<{
      customer_id: string[];
      recency: number[];
      frequency: number[];
      monetary: number[];
    }>(`SELECT * FROM _rfm ORDER BY customer_id`);
    const rows: RfmRow[] = c.customer_id.map((customerId, i) => ({
      customerId,
      recency: c.recency[i]!,
      frequency: c.frequency[i]!,
      monetary: c.monetary[i]!,
    }));
    return { asOf, rows };
  } finally {
    await db.run(`DROP TABLE IF EXISTS _rfm`);
  }
}
