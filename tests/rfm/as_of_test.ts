import { deepStrictEqual, rejects } from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import { OptionError, ValidationError } from "../../lib/errors.ts";
import { resolveAsOf } from "../../lib/rfm/mod.ts";

// The rule: midnight (UTC) at the start of the second day after the latest customer row's day.
const CASES: [string, string][] = [
  ["2011-12-09 12:50:00", "2011-12-11T00:00:00Z"], // Online Retail II
  ["2011-12-09 00:00:00", "2011-12-11T00:00:00Z"], // exactly midnight: still two days on
  ["2011-12-09 23:59:59", "2011-12-11T00:00:00Z"],
  ["2011-12-31 18:00:00", "2012-01-02T00:00:00Z"], // across a year
  ["2012-02-28 10:00:00", "2012-03-01T00:00:00Z"], // leap year: 29 February is a day
  ["2021-05-30 00:00:00", "2021-06-01T00:00:00Z"], // FLO's latest last_order_date
];

Deno.test("resolveAsOf() gives midnight at the start of the second day after the last row", async () => {
  const db = await openDb({ threads: 1 });
  try {
    for (const [last, expected] of CASES) {
      await db.run(
        `CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES
          ('a', timestamp '2010-01-01 08:00'), ('b', timestamp '${last}'),
          (NULL, timestamp '2030-01-01 00:00')) v(customer_id, invoice_date)`,
      );
      deepStrictEqual(await resolveAsOf(db, "t"), new Date(expected), last);
    }
    await db.run(
      `CREATE TABLE c AS SELECT 'x' AS customer_id, timestamp '2021-05-30' AS last_order_date`,
    );
    deepStrictEqual(
      await resolveAsOf(db, "c", { column: "last_order_date" }),
      new Date("2021-06-01T00:00:00Z"),
    );
  } finally {
    db.close();
  }
});

Deno.test("resolveAsOf() returns an explicit date, and rejects invalid dates and empty tables", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(
      `CREATE TABLE t AS SELECT NULL::VARCHAR AS customer_id, timestamp '2011-01-01' AS invoice_date`,
    );
    const given = new Date("2011-06-30T12:00:00Z");
    deepStrictEqual(await resolveAsOf(db, "t", { asOf: given }), given);
    await rejects(
      resolveAsOf(db, "t", { asOf: new Date("not a date"), action: "build cohorts" }),
      (e: unknown) =>
        e instanceof OptionError && e.option === "asOf" &&
        e.message ===
          'Cannot build cohorts: asOf must be a valid Date: current value is "Invalid Date"',
    );
    await rejects(
      resolveAsOf(db, "t"),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.message ===
          'Cannot compute RFM: table "t" has no rows with a customer id and a value in "invoice_date"',
    );
  } finally {
    db.close();
  }
});
