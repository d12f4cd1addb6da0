import { type Db, quoteIdent } from "../db/db.ts";
import { OptionError, ValidationError } from "../errors.ts";
import { asOfDefault } from "../summary/as_of.ts";

/** Options for {@linkcode resolveAsOf}. */
export interface ResolveAsOfOptions {
  /** An explicit analysis date: checked and returned as is. @default {undefined (the default rule)} */
  asOf?: Date;
  /** Timestamp column whose latest value sets the default. @default {"invoice_date"} */
  column?: string;
  /** What the caller is doing, completing "Cannot …" in messages. @default {"compute RFM"} */
  action?: string;
}

/**
 * The analysis ("as of") date of an RFM, feature or customer-table computation: the given
 * `asOf` when there is one, else the workspace's default rule (`asOfDefault` of lib/summary):
 * midnight UTC at the start of the second day after the latest `column` value among rows with a
 * customer id. For Online Retail II (last invoice 2011-12-09 12:50) that is 2011-12-11; for FLO
 * (latest `last_order_date` 2021-05-30) it is 2021-06-01. Rows without a customer id are left
 * out, because they do not take part in any per-customer result.
 *
 * @param db The analysis database.
 * @param table Table with `customer_id` and `column`.
 * @param options Explicit date, column and action for messages.
 * @returns The analysis date.
 * @throws {OptionError} If `asOf` is given but is not a valid `Date`.
 * @throws {ValidationError} If no row has a customer id and a `column` value.
 *
 * @example The default for data ending 2011-12-09 12:50
 * ```ts
 * import { resolveAsOf } from "./as_of.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table t as select * from (values
 *   ('a', timestamp '2011-12-09 12:50'), (NULL, timestamp '2011-12-20 08:00')) v(customer_id, invoice_date)`);
 * deepStrictEqual(await resolveAsOf(db, "t"), new Date("2011-12-11T00:00:00Z"));
 * deepStrictEqual(await resolveAsOf(db, "t", { asOf: new Date("2011-06-01") }), new Date("2011-06-01"));
 * db.close();
 * ```
 */
export async function resolveAsOf(
  db: Db,
  table: string,
  options: ResolveAsOfOptions = {},
): Promise<Date> {
  const { asOf, column = "invoice_date", action = "compute RFM" } = options;
  if (asOf !== undefined) {
    if (!(asOf instanceof Date && Number.isFinite(asOf.getTime()))) {
      throw new OptionError(
        "asOf",
        `Cannot ${action}: asOf must be a valid Date: current value is "${String(asOf)}"`,
        "pass a date such as 2011-12-11",
      );
    }
    return asOf;
  }
  const c = quoteIdent(column);
  const { max } = await db.one<{ max: Date | null }>(
    `SELECT max(${c}) AS max FROM ${quoteIdent(table)} WHERE customer_id IS NOT NULL`,
  );
  if (max === null) {
    throw new ValidationError(
      `Cannot ${action}: table "${table}" has no rows with a customer id and a value in "${column}"`,
      [{ rule: "empty", message: "no customer rows", column }],
      "every line was removed by cleaning or has no customer id: see tables/cleaning_ledger.csv",
    );
  }
  return asOfDefault(max);
}
