import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import type { Db } from "@crm/db/mod.ts";
import {
  CleaningStopError,
  cleanTransactions,
  PRESET_RULES,
  PRESET_SWITCHES,
  rulesFor,
} from "@crm/clean/mod.ts";
import { OptionError } from "@crm/errors.ts";

/** (invoice, stock, quantity, customer, day of January 2011, flag) → raw_transactions. */
type Row = [string, string, number, string | null, number, boolean?];

async function rawTable(
  db: Db,
  rows: readonly Row[],
  options: { flag?: boolean } = {},
): Promise<void> {
  const values = rows.map(([inv, code, qty, cust, day, flag], i) =>
    `(${i + 1}, '${inv}', '${code}', ${qty}, timestamp '2011-01-${
      String(day).padStart(2, "0")
    } 10:00:00', ${cust === null ? "NULL" : `'${cust}'`}, ${flag ?? false})`
  ).join(",\n");
  await db.run(`CREATE OR REPLACE TABLE raw_transactions AS
    SELECT row_number, invoice, stock_code, 'item ' || stock_code AS description, quantity::DOUBLE AS quantity,
           invoice_date, 2.0::DOUBLE AS price, customer_id, 'United Kingdom' AS country,
           quantity * 2.0 AS line_total, starts_with(invoice, 'C') AS is_cancellation
           ${options.flag ? ", flag AS return_flag" : ""}
    FROM (VALUES ${values}) t(row_number, invoice, stock_code, quantity, invoice_date, customer_id, flag)`);
}

async function removedBy(db: Db, rule: string): Promise<number[]> {
  return (await db.all<{ r: number }>(
    `SELECT row_number AS r FROM cleaning_removed WHERE rule = '${rule}' ORDER BY row_number`,
  )).map((x) => x.r);
}

// Ten purchases and two C cancellations of earlier purchases (negative quantities).
const UCI_LIKE: Row[] = [
  ...Array.from({ length: 10 }, (_, i): Row => [`5${i}`, `P${i % 3}`, 2, `c${i % 4}`, i + 1]),
  ["C60", "P0", -1, "c0", 20],
  ["C61", "P1", -2, "c1", 21],
];

Deno.test("cleanTransactions() auto: the UCI schema or C invoices with negative quantities take the prefix rule", async () => {
  const db = await openDb({ threads: 1 });
  for (const schema of ["online_retail_ii", undefined]) {
    await rawTable(db, UCI_LIKE);
    const r = await cleanTransactions(db, { ...(schema ? { schema } : {}), keepReturns: false });
    equal(r.cancellations?.mode, "prefix:C", String(schema));
    deepStrictEqual(await removedBy(db, "cancellation"), [11, 12]);
  }
  db.close();
});

Deno.test("cleanTransactions() auto: order ids that merely start with C are no cancellations", async () => {
  const db = await openDb({ threads: 1 });
  // CA- ids with positive quantities: the export of a US retailer
  const rows: Row[] = Array.from({ length: 12 }, (_, i): Row => [
    `${i % 5 === 0 ? "US" : "CA"}-2017-${100 + i}`,
    `P${i % 3}`,
    1 + (i % 2),
    `c${i % 4}`,
    i + 1,
  ]);
  await rawTable(db, rows);
  const r = await cleanTransactions(db, { schema: "mapped" });
  equal(r.cancellations?.mode, "off");
  equal(r.rowsClean, 12);
  ok(!r.ledger.some((s) => s.rule === "cancellation"));
  // the same file read as a UCI file: the prefix rule stops, it does not remove 83% silently
  await rejects(cleanTransactions(db, { schema: "online_retail_ii" }), (e: unknown) => {
    ok(e instanceof CleaningStopError);
    equal(e.rule, "cancellation");
    equal(e.reason, "implausible");
    equal(e.ledger.find((s) => s.rule === "cancellation")?.rowsRemoved, 9);
    ok(/--cancellations off/.test(e.hint!) && /--accept-removal cancellation/.test(e.hint!));
    return true;
  });
  db.close();
});

Deno.test("cleanTransactions() cancellations by flag column, by negative quantity, or off", async () => {
  const db = await openDb({ threads: 1 });
  const rows: Row[] = [
    ["1", "P1", 2, "c1", 1],
    ["2", "P1", 1, "c1", 2, true], // flagged as returned
    ["3", "P2", -1, "c2", 3], // a return written as a negative quantity
    ["4", "P2", 3, "c2", 4],
  ];
  await rawTable(db, rows, { flag: true });
  let r = await cleanTransactions(db, { schema: "mapped", keepReturns: false });
  equal(r.cancellations?.mode, "column:(the mapped returns column)");
  deepStrictEqual(await removedBy(db, "cancellation"), [2]);
  deepStrictEqual(await removedBy(db, "non_positive_quantity"), [3]);
  r = await cleanTransactions(db, { cancellations: "negative-quantity", keepReturns: false });
  deepStrictEqual(await removedBy(db, "cancellation"), [3]);
  r = await cleanTransactions(db, { cancellations: { kind: "off" } });
  ok(!r.rules!.includes("cancellation"));
  deepStrictEqual(await removedBy(db, "non_positive_quantity"), [3]);
  // a flag column is needed for the column mode
  await rawTable(db, rows);
  await rejects(cleanTransactions(db, { cancellations: "column" }), OptionError);
  await rejects(
    cleanTransactions(db, { cancellations: "sometimes" }),
    /--cancellations must be one of/,
  );
  db.close();
});

Deno.test("cleanTransactions() stops when every row is removed, naming the rule and carrying the ledger", async () => {
  const db = await openDb({ threads: 1 });
  await rawTable(db, [["C1", "P1", -1, "c1", 1], ["C2", "P2", -2, "c2", 2]]);
  await rejects(cleanTransactions(db, { file: "all.csv" }), (e: unknown) => {
    ok(e instanceof CleaningStopError);
    equal(e.reason, "all-removed");
    equal(e.rule, "cancellation");
    equal(
      e.message,
      `Cannot clean transactions from "all.csv": no rows are left: step 3 (cancellation: cancellation invoice (starts with 'C'); kept in the returns table) removed the last 2 of 2 rows`,
    );
    deepStrictEqual(e.ledger.map((s) => [s.rule, s.rowsIn, s.rowsRemoved, s.rowsOut]).slice(0, 4), [
      ["load", 2, 0, 2],
      ["duplicate_line", 2, 0, 2],
      ["missing_customer_id", 2, 0, 2],
      ["cancellation", 2, 2, 0],
    ]);
    return true;
  });
  // nothing left after the load (every row quarantined): the load is named
  await db.run("DELETE FROM raw_transactions");
  await rejects(cleanTransactions(db, { rowsRead: 5, rowsRejected: 5 }), (e: unknown) => {
    ok(e instanceof CleaningStopError);
    equal(e.rule, "load");
    return true;
  });
  db.close();
});

Deno.test("cleanTransactions() stops a rule that removes more than half of the rows it sees, unless accepted", async () => {
  const db = await openDb({ threads: 1 });
  const rows: Row[] = [
    ["1", "P1", 1, "c1", 1],
    ["2", "P1", 1, null, 2],
    ["3", "P1", 1, null, 3],
    ["4", "P1", 1, null, 4],
  ];
  await rawTable(db, rows);
  await rejects(cleanTransactions(db), (e: unknown) => {
    ok(e instanceof CleaningStopError);
    equal(e.rule, "missing_customer_id");
    ok(/would remove 3 of the 4 rows it sees \(75%\)/.test(e.message), e.message);
    ok(/--map customer_id=/.test(e.hint!) && /--accept-removal missing_customer_id/.test(e.hint!));
    return true;
  });
  const r = await cleanTransactions(db, { acceptRemoval: ["missing_customer_id"] });
  equal(r.rowsClean, 1);
  // exactly half is not more than half
  await rawTable(db, rows.slice(0, 2));
  equal((await cleanTransactions(db)).rowsClean, 1);
  db.close();
});

Deno.test("presets are sets of switches: the rules follow from them, and each switch can be turned", async () => {
  deepStrictEqual(PRESET_RULES.classic, [
    "missing_customer_id",
    "cancellation",
    "non_positive_quantity",
    "non_positive_price",
    "outlier_cap_quantity",
    "outlier_cap_price",
  ]);
  deepStrictEqual(PRESET_RULES.recommended, [
    "order_field_fill",
    "duplicate_line",
    "missing_customer_id",
    "cancellation",
    "order_status",
    "non_product_code",
    "non_positive_quantity",
    "non_positive_price",
    "outlier_cap_quantity",
    "outlier_cap_price",
  ]);
  deepStrictEqual(
    rulesFor({
      ...PRESET_SWITCHES.recommended,
      orderFields: "keep",
      orderStatus: "keep",
      duplicates: "keep",
      outliers: "keep",
    }),
    [
      "missing_customer_id",
      "cancellation",
      "non_product_code",
      "non_positive_quantity",
      "non_positive_price",
    ],
  );
  const db = await openDb({ threads: 1 });
  await rawTable(db, [["1", "P1", 1, "c1", 1], ["1", "P1", 1, "c1", 1], ["2", "POST", 1, "c2", 2]]);
  const r = await cleanTransactions(db, {
    duplicates: "keep",
    nonProducts: "keep",
    outliers: "keep",
  });
  deepStrictEqual(r.rules, ["missing_customer_id", "non_positive_quantity", "non_positive_price"]);
  equal(r.rowsClean, 3);
  await rejects(
    cleanTransactions(db, { duplicates: "drop" as "keep" }),
    /duplicates must be one of "remove", "keep"/,
  );
  db.close();
});

Deno.test("cleanTransactions() lists each sheet of a workbook in the ledger, after the load total", async () => {
  const db = await openDb({ threads: 1 });
  await rawTable(db, [["1", "P1", 1, "c1", 1], ["2", "P2", 1, "c2", 2], ["3", "P2", 1, "c3", 3]]);
  const r = await cleanTransactions(db, {
    rowsRead: 4,
    rowsRejected: 1,
    sheets: [
      { name: "2010", rows: 1, rowsRejected: 0 },
      { name: "2011", rows: 3, rowsRejected: 1 },
      { name: "Notes", rows: 2, rowsRejected: 0, read: false },
    ],
  });
  deepStrictEqual(
    r.ledger.filter((s) => s.step === 0).map((s) => [s.rule, s.rowsIn, s.rowsRemoved, s.rowsOut]),
    [
      ["load", 4, 1, 3],
      ["sheet:2010", 1, 0, 1],
      ["sheet:2011", 3, 1, 2],
    ],
  );
  equal(r.rowsRaw, 4);
  equal(r.rowsClean, 3);
  db.close();
});

Deno.test("cleanTransactions() keeps a line amount as the revenue when nothing is capped, and carries category columns", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE raw_transactions AS SELECT * FROM (VALUES
    (1, 'o1', 'A', 'a', 3.0, timestamp '2011-01-01', 10.0 / 3, 'c1', 'UK', 10.0, false, 'Furniture'),
    (2, 'o2', 'B', 'b', 7.0, timestamp '2011-01-02', 1.0 / 7, 'c2', 'UK', 1.0, false, 'Technology')
  ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, line_total, is_cancellation, category)`);
  await cleanTransactions(db, { preset: "classic" });
  deepStrictEqual(
    await db.all("SELECT line_total, category FROM clean_transactions ORDER BY row_number"),
    [{ line_total: 10, category: "Furniture" }, { line_total: 1, category: "Technology" }],
  );
  db.close();
});
