/**
 * Customer-level input: for users without a transaction log, a table with one row per customer
 * (first and last order dates, order counts and spend per channel, like FLO). A mapping names
 * the columns (FLO's own names are recognised without one); the table becomes a canonical
 * customer table whose RFM rows feed the same scoring and segments as transactions.
 *
 * @example Map, then RFM
 * ```ts
 * import { prepareCustomerTable, rfmFromCustomerTable } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table src as select 'x' as id, '2021-01-01' as last, '2' as n, '9.5' as eur`);
 * await prepareCustomerTable(db, "src", { mapping: { customerId: "id", lastOrderDate: "last", orders: ["n"], value: ["eur"] } });
 * const { rows } = await rfmFromCustomerTable(db);
 * equal(rows[0]!.recency, 2);
 * db.close();
 * ```
 *
 * @module
 */
export * from "./mapping.ts";
export * from "./load_customer_table.ts";
export * from "./customer_rfm.ts";
