import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import type { Db } from "@crm/db/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

type Row = [number, string, string, number, string, number, string | null];

/** Builds raw_transactions from (row, invoice, stock, qty, date, price, customer) tuples. */
async function rawTable(db: Db, rows: readonly Row[]): Promise<void> {
  const values = rows.map(([n, inv, code, qty, date, price, cust]) =>
    `(${n}, '${inv}', '${code}', 'item ${code}', ${qty}, timestamp '${date}', ${price}, ${
      cust === null ? "NULL" : `'${cust}'`
    }, 'United Kingdom')`
  ).join(",\n");
  await db.run(`CREATE OR REPLACE TABLE raw_transactions AS
    SELECT row_number, invoice, stock_code, description, quantity::DOUBLE AS quantity, invoice_date,
           price::DOUBLE AS price, customer_id, country, quantity * price AS line_total,
           starts_with(invoice, 'C') AS is_cancellation
    FROM (VALUES ${values}) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country)`);
}

async function column(db: Db, sql: string): Promise<unknown[]> {
  return (await db.all<{ v: unknown }>(sql)).map((r) => r.v);
}

const PROBLEMS: Row[] = [
  [1, "100", "A", 2, "2011-01-01 10:00:00", 1.5, "10"], // clean
  [2, "100", "A", 2, "2011-01-01 10:00:00", 1.5, "10"], // exact duplicate of 1
  [3, "101", "K", 1, "2011-01-02 10:00:00", 3.0, null], // missing customer
  [4, "C102", "A", -1, "2011-01-03 10:00:00", 1.5, "10"], // cancellation of 100/A
  [5, "103", "POST", 1, "2011-01-04 10:00:00", 18.0, "11"], // postage
  [6, "104", "K", 0, "2011-01-05 10:00:00", 3.0, "11"], // zero quantity
  [7, "105", "K", 1, "2011-01-06 10:00:00", 0.0, "11"], // zero price
  [8, "C106", "K", -1, "2011-01-07 10:00:00", 3.0, null], // cancellation without customer
  [9, "107", "gift_0001_10", 1, "2011-01-08 10:00:00", 8.5, "12"], // voucher
  [10, "108", "m", 1, "2011-01-09 10:00:00", 2.0, "12"], // manual, lower case
  [11, "C109", "Z", -2, "2011-01-10 10:00:00", 1.0, "12"], // cancellation with no purchase to match
];

Deno.test("cleanTransactions() classic removes each problem at its own step, first rule wins", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS);
  const result = await cleanTransactions(db, { preset: "classic" });
  deepStrictEqual(
    result.ledger.map((s) => [s.rule, s.rowsIn, s.rowsRemoved, s.rowsOut]),
    [
      ["load", 11, 0, 11],
      ["missing_customer_id", 11, 2, 9], // rows 3 and 8 (8 is also a cancellation: first rule wins)
      ["cancellation", 9, 2, 7], // rows 4 and 11
      ["non_positive_quantity", 7, 1, 6], // row 6
      ["non_positive_price", 6, 1, 5], // row 7
      ["outlier_cap_quantity", 5, 0, 5],
      ["outlier_cap_price", 5, 0, 5],
    ],
  );
  deepStrictEqual(await column(db, "SELECT row_number AS v FROM clean_transactions ORDER BY 1"), [
    1,
    2,
    5,
    9,
    10,
  ]);
  deepStrictEqual(
    await column(
      db,
      "SELECT rule || ':' || row_number AS v FROM cleaning_removed ORDER BY row_number",
    ),
    [
      "missing_customer_id:3",
      "cancellation:4",
      "non_positive_quantity:6",
      "non_positive_price:7",
      "missing_customer_id:8",
      "cancellation:11",
    ],
  );
  equal(result.returnsRows, 0);
  db.close();
});

Deno.test("cleanTransactions() recommended drops duplicates and non-products and keeps matched returns", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS);
  const result = await cleanTransactions(db);
  equal(result.preset, "recommended");
  deepStrictEqual(
    result.ledger.map((s) => [s.rule, s.rowsRemoved]),
    [
      ["load", 0],
      ["duplicate_line", 1], // row 2; row 1 (first occurrence) kept
      ["missing_customer_id", 2],
      ["cancellation", 2],
      ["non_product_code", 3], // POST, gift_0001_10, m
      ["non_positive_quantity", 1],
      ["non_positive_price", 1],
      ["outlier_cap_quantity", 0],
      ["outlier_cap_price", 0],
    ],
  );
  deepStrictEqual(await column(db, "SELECT row_number AS v FROM clean_transactions"), [1]);
  deepStrictEqual(
    await db.all("SELECT row_number, matched_invoice FROM returns ORDER BY row_number"),
    [{ row_number: 4, matched_invoice: "100" }, { row_number: 11, matched_invoice: null }],
  );
  equal(result.returnsRows, 2);
  equal(result.returnsMatched, 1);
  db.close();
});

Deno.test("cleanTransactions() matches a return to the latest earlier purchase of that customer and product", async () => {
  const db = await openDb();
  await rawTable(db, [
    [1, "1", "A", 5, "2011-01-01 10:00:00", 1, "7"],
    [2, "2", "A", 5, "2011-02-01 10:00:00", 1, "7"],
    [3, "C3", "A", -2, "2011-02-10 10:00:00", 1, "7"],
    [4, "4", "A", 5, "2011-03-01 10:00:00", 1, "7"], // later than the return: not a match
    [5, "5", "A", 5, "2011-01-15 10:00:00", 1, "8"], // other customer
  ]);
  await cleanTransactions(db);
  deepStrictEqual(await db.all("SELECT matched_invoice FROM returns"), [{ matched_invoice: "2" }]);
  db.close();
});

Deno.test("cleanTransactions() caps outliers at q99 + 1.5·(q99 − q01) with linear quantiles", async () => {
  // 198 lines of quantity 1, one of 2 and one of 1000 (n = 200). Linear quantiles:
  // q01 at h = 199·0.01 = 1.99 → 1; q99 at h = 199·0.99 = 197.01 → 1 + 0.01·(2 − 1) = 1.01.
  // iqr = 0.01, upper cap = 1.01 + 0.015 = 1.025, lower cap = 0.985: two lines change.
  const rows: Row[] = [];
  for (let i = 1; i <= 198; i++) rows.push([i, String(i), "A", 1, "2011-01-01 10:00:00", 2, "1"]);
  rows.push([199, "199", "A", 2, "2011-01-01 10:00:00", 2, "1"]);
  rows.push([200, "200", "A", 1000, "2011-01-01 10:00:00", 2, "1"]);
  const db = await openDb();
  await rawTable(db, rows);
  const result = await cleanTransactions(db, { preset: "classic" });
  const q = result.thresholds.find((t) => t.column === "quantity")!;
  equal(q.qLow, 1);
  equal(Math.round(q.qHigh * 1e9) / 1e9, 1.01);
  equal(Math.round(q.high * 1e9) / 1e9, 1.025);
  const capStep = result.ledger.find((s) => s.rule === "outlier_cap_quantity")!;
  equal(capStep.rowsChanged, 2);
  equal(capStep.rowsRemoved, 0);
  const changed = await db.all<{ row_number: number; old_value: number; new_value: number }>(
    `SELECT row_number, old_value, round(new_value, 9) AS new_value FROM cleaning_changed WHERE "column" = 'quantity' ORDER BY row_number`,
  );
  deepStrictEqual(changed, [
    { row_number: 199, old_value: 2, new_value: 1.025 },
    { row_number: 200, old_value: 1000, new_value: 1.025 },
  ]);
  const after = await db.one<{ quantity: number; line_total: number }>(
    "SELECT round(quantity, 9) AS quantity, round(line_total, 9) AS line_total FROM clean_transactions WHERE row_number = 200",
  );
  deepStrictEqual(after, { quantity: 1.025, line_total: 2.05 });
  db.close();
});

Deno.test("cleanTransactions() accounts for rows quarantined at load", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS.slice(0, 1));
  const result = await cleanTransactions(db, { rowsRead: 4, rowsRejected: 3 });
  deepStrictEqual(result.ledger[0], {
    step: 0,
    rule: "load",
    description: "rows read from the file; unparseable rows quarantined",
    rowsIn: 4,
    rowsRemoved: 3,
    rowsChanged: 0,
    rowsOut: 1,
  });
  equal(result.rowsRaw, 4);
  equal(result.rowsClean, 1);
  db.close();
});

Deno.test("cleanTransactions() rejects an unknown preset with the allowed names", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS.slice(0, 1));
  await rejects(
    // deno-lint-ignore no-explicit-any
    () => cleanTransactions(db, { preset: "strict" as any }),
    {
      name: "OptionError",
      message:
        'Cannot read options: preset must be one of "classic", "recommended": current value is "strict"',
    },
  );
  db.close();
});

Deno.test("cleanTransactions() caps both tails: q01 − 1.5·iqr below, q99 + 1.5·iqr above (pandas linear quantiles)", async () => {
  // Quantities 1..100 plus -1000 and 1000 (n = 102), and no removal rule, so the negative
  // line survives to the cap. Sorted x[0] = -1000, x[1..100] = 1..100, x[101] = 1000.
  // pandas/linear: q at h = (n − 1)·p = 101·p.
  //   q01: h = 1.01  → x[1] + 0.01·(x[2] − x[1]) = 1 + 0.01 = 1.01
  //   q99: h = 99.99 → x[99] + 0.99·(x[100] − x[99]) = 99 + 0.99 = 99.99
  //   iqr = 98.98; low = 1.01 − 148.47 = −147.46; high = 99.99 + 148.47 = 248.46
  const rows: Row[] = [];
  for (let i = 1; i <= 100; i++) rows.push([i, String(i), "A", i, "2011-01-01 10:00:00", 2, "1"]);
  rows.push([101, "101", "A", -1000, "2011-01-01 10:00:00", 2, "1"]);
  rows.push([102, "102", "A", 1000, "2011-01-01 10:00:00", 2, "1"]);
  const db = await openDb();
  await rawTable(db, rows);
  const result = await cleanTransactions(db, { rules: ["outlier_cap_quantity"] });
  const [t] = result.thresholds;
  const r9 = (x: number) => Math.round(x * 1e9) / 1e9;
  deepStrictEqual([t!.column, r9(t!.qLow), r9(t!.qHigh), r9(t!.low), r9(t!.high)], [
    "quantity",
    1.01,
    99.99,
    -147.46,
    248.46,
  ]);
  deepStrictEqual(
    await db.all(
      `SELECT step, rule, row_number, "column", old_value, round(new_value, 9) AS new_value FROM cleaning_changed ORDER BY row_number`,
    ),
    [
      {
        step: 1,
        rule: "outlier_cap_quantity",
        row_number: 101,
        column: "quantity",
        old_value: -1000,
        new_value: -147.46,
      },
      {
        step: 1,
        rule: "outlier_cap_quantity",
        row_number: 102,
        column: "quantity",
        old_value: 1000,
        new_value: 248.46,
      },
    ],
  );
  deepStrictEqual(
    result.ledger.map((s) => [s.rule, s.rowsIn, s.rowsRemoved, s.rowsChanged, s.rowsOut]),
    [["load", 102, 0, 0, 102], ["outlier_cap_quantity", 102, 0, 2, 102]],
  );
  // line_total follows the capped quantity; other lines are untouched
  deepStrictEqual(
    await db.all(
      "SELECT row_number, round(line_total, 9) AS t FROM clean_transactions WHERE row_number IN (50, 101, 102) ORDER BY 1",
    ),
    [{ row_number: 50, t: 100 }, { row_number: 101, t: -294.92 }, { row_number: 102, t: 496.92 }],
  );
  db.close();
});

Deno.test("cleanTransactions() takes other quantiles and multiplier (outlierQuantiles, outlierMultiplier)", async () => {
  // Prices 1..11 (n = 11): q10 at h = 1 → 2, q90 at h = 9 → 10; iqr = 8; with multiplier 0
  // the caps are the quantiles themselves: 1 → 2 and 11 → 10.
  const rows: Row[] = [];
  for (let i = 1; i <= 11; i++) rows.push([i, String(i), "A", 1, "2011-01-01 10:00:00", i, "1"]);
  const db = await openDb();
  await rawTable(db, rows);
  const result = await cleanTransactions(db, {
    rules: ["outlier_cap_price"],
    outlierQuantiles: [0.1, 0.9],
    outlierMultiplier: 0,
  });
  deepStrictEqual(result.thresholds, [{ column: "price", qLow: 2, qHigh: 10, low: 2, high: 10 }]);
  deepStrictEqual(
    await column(db, "SELECT price AS v FROM clean_transactions ORDER BY row_number"),
    [2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10],
  );
  await rejects(
    () => cleanTransactions(db, { outlierQuantiles: [0.99, 0.01] }),
    { name: "OptionError", message: /outlierQuantiles must be two numbers 0 <= low < high <= 1/ },
  );
  db.close();
});

Deno.test("cleanTransactions() applies rules in the given order: the first rule a row fails removes it", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS);
  // cancellation before missing_customer_id: row 8 (a cancellation without a customer) moves
  const result = await cleanTransactions(db, {
    preset: "classic",
    rules: ["cancellation", "missing_customer_id", "non_positive_quantity", "non_positive_price"],
  });
  deepStrictEqual(result.ledger.map((s) => [s.rule, s.rowsRemoved]), [
    ["load", 0],
    ["cancellation", 3], // rows 4, 8, 11
    ["missing_customer_id", 1], // row 3
    ["non_positive_quantity", 1],
    ["non_positive_price", 1],
  ]);
  deepStrictEqual(
    await column(
      db,
      "SELECT step || ':' || row_number AS v FROM cleaning_removed ORDER BY row_number",
    ),
    ["2:3", "1:4", "3:6", "4:7", "1:8", "1:11"],
  );
  deepStrictEqual(result.thresholds, []);
  await rejects(
    // deno-lint-ignore no-explicit-any
    () => cleanTransactions(db, { rules: ["cancellation", "drop_everything" as any] }),
    {
      name: "OptionError",
      message:
        /rules must be one of "order_field_fill", "other_currency", "duplicate_line", .*: current value is "drop_everything"/,
    },
  );
  db.close();
});

Deno.test("cleanTransactions() takes its own non-product codes and prefixes, case-insensitively", async () => {
  const db = await openDb();
  await rawTable(db, [
    [1, "1", "POST", 1, "2011-01-01 10:00:00", 18, "10"],
    [2, "2", "k", 1, "2011-01-01 10:00:00", 3, "10"],
    [3, "3", " K ", 1, "2011-01-01 10:00:00", 3, "10"], // trimmed before comparing
    [4, "4", "SAMPLE-7", 1, "2011-01-01 10:00:00", 3, "10"],
    [5, "5", "85123A", 1, "2011-01-01 10:00:00", 3, "10"],
  ]);
  await cleanTransactions(db, {
    rules: ["non_product_code"],
    nonProductCodes: ["K"],
    nonProductPrefixes: ["sample-"],
    acceptRemoval: ["non_product_code"], // 3 of 5 rows: more than half, confirmed
  });
  deepStrictEqual(await column(db, "SELECT row_number AS v FROM clean_transactions"), [1, 5]);
  // without the lists nothing is a non-product
  await cleanTransactions(db, {
    rules: ["non_product_code"],
    nonProductCodes: [],
    nonProductPrefixes: [],
  });
  equal((await column(db, "SELECT count(*) AS v FROM clean_transactions"))[0], 5);
  db.close();
});

Deno.test("cleanTransactions() tests codes row by row when more than 64 distinct codes are non-products", async () => {
  const rows: Row[] = [];
  for (let i = 1; i <= 80; i++) {
    rows.push([i, String(i), `X${i}`, 1, "2011-01-01 10:00:00", 1, "1"]);
  }
  rows.push([81, "81", "85123A", 1, "2011-01-01 10:00:00", 1, "1"]);
  const db = await openDb();
  await rawTable(db, rows);
  const result = await cleanTransactions(db, {
    rules: ["non_product_code"],
    nonProductPrefixes: ["x"],
    acceptRemoval: ["non_product_code"],
  });
  deepStrictEqual(result.ledger.map((s) => s.rowsRemoved), [0, 80]);
  deepStrictEqual(await column(db, "SELECT stock_code AS v FROM clean_transactions"), ["85123A"]);
  db.close();
});

Deno.test("cleanTransactions() removes only exact repeats: one field different is another line", async () => {
  const db = await openDb();
  await rawTable(db, [
    [1, "100", "A", 2, "2011-01-01 10:00:00", 1.5, "10"],
    [2, "100", "A", 2, "2011-01-01 10:00:00", 1.55, "10"], // other price
    [3, "100", "A", 2, "2011-01-01 10:01:00", 1.5, "10"], // other minute
    [4, "100", "A", 2, "2011-01-01 10:00:00", 1.5, null], // no customer
    [5, "100", "A", 2, "2011-01-01 10:00:00", 1.5, null], // repeat of 4: a duplicate, not a missing id
    [6, "100", "A", 2, "2011-01-01 10:00:00", 1.5, "10"], // third copy of 1
    [7, "100", "A", 2, "2011-01-01 10:00:00", 1.5, "10"],
  ]);
  // (the lines without a customer stay without: their invoice's customer is not filled in)
  const result = await cleanTransactions(db, { keepReturns: false, orderFields: "keep" });
  deepStrictEqual(
    await column(
      db,
      "SELECT rule || ':' || row_number AS v FROM cleaning_removed ORDER BY row_number",
    ),
    ["missing_customer_id:4", "duplicate_line:5", "duplicate_line:6", "duplicate_line:7"],
  );
  deepStrictEqual(await column(db, "SELECT row_number AS v FROM clean_transactions"), [1, 2, 3]);
  equal(result.returnsRows, 0);
  ok(
    !(await column(db, "SELECT table_name AS v FROM information_schema.tables")).includes(
      "returns",
    ),
  );
  db.close();
});

Deno.test("cleanTransactions() reads a view as it reads a table, and names a missing source", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS);
  const fromTable = await cleanTransactions(db);
  const tableRows = await db.all("SELECT * FROM clean_transactions ORDER BY row_number");
  await db.run("CREATE VIEW raw_view AS SELECT * FROM raw_transactions WHERE row_number <= 11");
  const fromView = await cleanTransactions(db, { source: "raw_view" });
  deepStrictEqual(fromView.ledger, fromTable.ledger);
  deepStrictEqual(await db.all("SELECT * FROM clean_transactions ORDER BY row_number"), tableRows);
  await rejects(() => cleanTransactions(db, { source: "no_such_table" }), {
    name: "SchemaError",
    message: 'Cannot clean transactions: table "no_such_table" does not exist',
  });
  await db.run("CREATE TABLE narrow AS SELECT row_number, invoice FROM raw_transactions");
  await rejects(() => cleanTransactions(db, { source: "narrow" }), {
    name: "SchemaError",
    message: /Cannot clean transactions: table "narrow" has no columns "stock_code", "description"/,
  });
  // no temporary table is left behind
  deepStrictEqual(
    await column(
      db,
      "SELECT table_name AS v FROM information_schema.tables WHERE table_name LIKE '__crm%'",
    ),
    [],
  );
  db.close();
});

Deno.test("cleanTransactions() reports a failing output and leaves no working table behind", async () => {
  const db = await openDb();
  await rawTable(db, PROBLEMS);
  // the removed rows are written on a second connection: its error must reach the caller
  await db.run("CREATE VIEW cleaning_removed AS SELECT 1 AS x");
  await rejects(() => cleanTransactions(db), /cleaning_removed is of type View/);
  deepStrictEqual(
    await column(
      db,
      "SELECT table_name AS v FROM information_schema.tables WHERE table_name LIKE '__crm%'",
    ),
    [],
  );
  await db.run("DROP VIEW cleaning_removed");
  equal((await cleanTransactions(db)).rowsClean, 1);
  db.close();
});

const REAL = "online_retail_II_year2010-2011.csv.gz";
Deno.test({
  name:
    "cleanTransactions() reproduces the tutorial's row counts on Online Retail II and the ledger reconciles",
  ignore: !hasSharedData(REAL),
  fn: async () => {
    const db = await openDb();
    await db.run(`CREATE TABLE raw_transactions AS
      SELECT row_number() OVER () AS row_number, Invoice AS invoice, StockCode AS stock_code, Description AS description,
             Quantity::DOUBLE AS quantity, InvoiceDate AS invoice_date, Price AS price, "Customer ID"::VARCHAR AS customer_id,
             Country AS country, Quantity * Price AS line_total, starts_with(Invoice, 'C') AS is_cancellation
      FROM read_csv('${sharedDataPath(REAL)}')`);
    const classic = await cleanTransactions(db, { preset: "classic" });
    // Published in the tutorials: 406,830 rows after dropping missing ids, 397,925 after
    // removing C invoices, 397,885 after price > 0; 4,338 customers.
    deepStrictEqual(classic.ledger.map((s) => s.rowsOut), [
      541910,
      406830,
      397925,
      397925,
      397885,
      397885,
      397885,
    ]);
    equal(
      (await db.one<{ n: number }>(
        "SELECT count(DISTINCT customer_id) AS n FROM clean_transactions",
      )).n,
      4338,
    );
    for (const preset of ["classic", "recommended"] as const) {
      const r = await cleanTransactions(db, { preset });
      const removed = r.ledger.reduce((s, x) => s + x.rowsRemoved, 0);
      equal(r.rowsClean + removed, 541910);
      const counted = await db.one<{ clean: number; removed: number }>(
        "SELECT (SELECT count(*) FROM clean_transactions) AS clean, (SELECT count(*) FROM cleaning_removed) AS removed",
      );
      deepStrictEqual(counted, { clean: r.rowsClean, removed });
    }
    db.close();
  },
});
