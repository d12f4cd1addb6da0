/**
 * Customer-level input: for users without a transaction log, a table with one row per customer
 * (first and last order dates, order counts and spend per channel, like FLO). A mapping names
 * the columns (FLO's own names are recognised without one); the table becomes a canonical
 * customer table whose RFM rows feed the same scoring and segments as transactions.
 *
 * **The one path**, for a file: {@linkcode recognizeCustomerTable} on its header (to choose
 * this loader over the transaction loader) → {@linkcode loadCustomerTable} (reads the CSV,
 * checks every value, builds `customer_orders`) → {@linkcode rfmFromCustomerTable} (frequency =
 * total orders over the mapped channels, monetary = total spend, recency = whole days from the
 * last order date to the as-of date, which defaults to midnight at the start of the second day
 * after the latest last order) → `rfmScoring` / `rfmScores` (lib/rfm) → `assignSegments` and
 * `segmentSummary` (lib/segment). For a table already in DuckDB, use
 * {@linkcode prepareCustomerTable} instead of `loadCustomerTable`.
 *
 * @example Map, then RFM, scores and segments
 * ```ts
 * import { prepareCustomerTable, rfmFromCustomerTable } from "./mod.ts";
 * import { rfmScoring } from "../rfm/mod.ts";
 * import { assignSegments } from "../segment/mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table src as select * from (values
 *   ('x', '2021-01-01', '2', '1', '9.5'), ('y', '2020-12-01', '1', '0', '3'))
 *   t(id, last, web, shop, eur)`);
 * await prepareCustomerTable(db, "src", {
 *   mapping: { customerId: "id", lastOrderDate: "last", orders: ["web", "shop"], value: ["eur"] },
 * });
 * const { asOf, rows } = await rfmFromCustomerTable(db);
 * deepStrictEqual(asOf, new Date("2021-01-03"));
 * deepStrictEqual(rows[0], { customerId: "x", recency: 2, frequency: 3, monetary: 9.5 });
 * const [x] = assignSegments(rfmScoring(rows).rows);
 * equal(x!.segment, "champions"); // of two customers, x is the more recent and more frequent: "55"
 * db.close();
 * ```
 *
 * @module
 */
export * from "./mapping.ts";
export * from "./load_customer_table.ts";
export * from "./customer_rfm.ts";
