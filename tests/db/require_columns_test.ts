import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { openDb, requireColumns } from "../../lib/db/mod.ts";
import { SchemaError } from "../../lib/errors.ts";

Deno.test("requireColumns() resolves when every column is there, on tables and views", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(`CREATE TABLE "Clean Lines" AS SELECT 'a' AS customer_id, 1.0 AS line_total`);
    await db.run(`CREATE VIEW v AS SELECT customer_id FROM "Clean Lines"`);
    deepStrictEqual(
      await requireColumns(db, "Clean Lines", ["line_total", "customer_id"], "compute RFM"),
      ["customer_id", "line_total"],
    );
    await requireColumns(db, "v", ["customer_id"], "compute RFM");
    await requireColumns(db, "v", [], "compute RFM");
  } finally {
    db.close();
  }
});

Deno.test("requireColumns() names the missing columns and the columns found", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(`CREATE TABLE t AS SELECT 'a' AS customer_id, 1.0 AS line_total`);
    await rejects(
      requireColumns(db, "t", ["customer_id", "invoice", "invoice_date"], "build cohorts"),
      (e: unknown) => {
        equal(e instanceof SchemaError, true);
        const s = e as SchemaError;
        equal(
          s.message,
          'Cannot build cohorts: table "t" has no columns "invoice", "invoice_date"',
        );
        deepStrictEqual(s.missing, ["invoice", "invoice_date"]);
        deepStrictEqual(s.found, ["customer_id", "line_total"]);
        equal(s.hint?.includes("canonical columns"), true);
        return true;
      },
    );
    await rejects(
      requireColumns(db, "t", ["invoice"], "compute KPIs"),
      /^SchemaError: Cannot compute KPIs: table "t" has no column "invoice"$/,
    );
  } finally {
    db.close();
  }
});

Deno.test("requireColumns() reports a missing table with every needed column", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await rejects(requireColumns(db, "nope", ["customer_id"], "compute RFM"), (e: unknown) => {
      equal(e instanceof SchemaError, true);
      const s = e as SchemaError;
      equal(s.message, 'Cannot compute RFM: table "nope" does not exist');
      deepStrictEqual(s.missing, ["customer_id"]);
      equal(s.hint?.includes("{ table }"), true);
      return true;
    });
  } finally {
    db.close();
  }
});
