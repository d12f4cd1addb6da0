import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { CsvParseError, InputFileError, SchemaError } from "../../lib/errors.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import type { LoadOptions } from "../../lib/load/mod.ts";
import { caught, recordingProgress, withDb } from "./_helpers.ts";

const quiet = () => recordingProgress().progress;

async function file(name: string, text: string | Uint8Array): Promise<string> {
  const path = join(await Deno.makeTempDir(), name);
  if (typeof text === "string") await Deno.writeTextFile(path, text);
  else await Deno.writeFile(path, text);
  return path;
}

type Row = Record<string, unknown>;

async function load(
  options: LoadOptions,
  sql: string,
): Promise<{ rows: Row[]; r: Awaited<ReturnType<typeof loadTransactions>> }> {
  return await withDb(async (db) => {
    const r = await loadTransactions(db, { progress: quiet(), ...options });
    return { rows: await db.all<Row>(sql), r };
  });
}

Deno.test("loadTransactions() takes a line amount as the revenue and derives the unit price", async () => {
  const path = await file(
    "orders.csv",
    "Order,Client,Day,Units,Total\nA1,7,2020-01-02,3,10.00\nA1,7,2020-01-02,0,5.00\nA2,8,2020-01-03,2,-4.50\n",
  );
  const { rows, r } = await load(
    {
      path,
      map: {
        invoice: "Order",
        customer_id: "Client",
        invoice_date: "Day",
        quantity: "Units",
        amount: "Total",
        stock_code: "none",
      },
    },
    "SELECT invoice, quantity, price, line_total, stock_code FROM raw_transactions ORDER BY row_number",
  );
  deepStrictEqual(rows, [
    // 10 / 3 per unit, and the revenue stays exactly the amount
    { invoice: "A1", quantity: 3, price: 10 / 3, line_total: 10, stock_code: null },
    // no unit price for a line of zero units (cleaning removes it as a non-positive quantity)
    { invoice: "A1", quantity: 0, price: null, line_total: 5, stock_code: null },
    { invoice: "A2", quantity: 2, price: -2.25, line_total: -4.5, stock_code: null },
  ]);
  deepStrictEqual(r.derived.map((d) => d.field), ["price"]);
});

Deno.test("loadTransactions() fills one unit per line and one order per customer and timestamp", async () => {
  const path = await file(
    "lines.csv",
    "customer_id,invoice_date,price\nc1,2020-01-02 10:00:00,4\nc1,2020-01-02 10:00:00,6\nc1,2020-01-02 11:00:00,1\nc2,2020-01-02 10:00:00,2\n",
  );
  const { rows, r } = await load(
    { path },
    "SELECT invoice, quantity, line_total FROM raw_transactions ORDER BY row_number",
  );
  equal(r.schema, "mapped");
  deepStrictEqual(r.derived.map((d) => [d.field, d.rule]), [
    ["invoice", "one customer's lines at one timestamp form one order"],
    ["quantity", "one unit per line"],
  ]);
  deepStrictEqual(rows.map((x) => [x.invoice, x.quantity, x.line_total]), [
    ["2020-01-02 10:00:00 c1", 1, 4],
    ["2020-01-02 10:00:00 c1", 1, 6],
    ["2020-01-02 11:00:00 c1", 1, 1],
    ["2020-01-02 10:00:00 c2", 1, 2],
  ]);
});

Deno.test("loadTransactions() will not put one unit per line beside a column that looks like the quantity", async () => {
  const path = await file("qty.csv", "customer_id,invoice_date,price,Qty\nc1,2020-01-02,4,2\n");
  await withDb(async (db) => {
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof SchemaError, String(error));
    match(error.message, /no column is mapped to quantity, but column "Qty" looks like one/);
    equal(
      error.hint,
      'Pass --map quantity="Qty" to use it, or --map quantity=none to confirm that the file has no quantity column (one unit per line)',
    );
    const r = await loadTransactions(db, { path, map: { quantity: "none" }, progress: quiet() });
    deepStrictEqual(r.derived.map((d) => d.field), ["invoice", "quantity"]);
  });
});

Deno.test("loadTransactions() reads decimal commas in a semicolon file, thousands dots included", async () => {
  const path = await file(
    "eu.csv",
    "Invoice;StockCode;Description;Quantity;InvoiceDate;Price;Customer ID;Country\n" +
      "1;A;Tasse, rot;2;2020-01-02 10:00:00;12,50;7;DE\n" +
      "2;B;Teller;1;2020-01-02 10:00:00;1.234,5;7;DE\n" +
      "3;C;Glas;3;2020-01-02 10:00:00;0,99;8;DE\n",
  );
  const { rows, r } = await load(
    { path },
    "SELECT description, price, line_total FROM raw_transactions ORDER BY row_number",
  );
  deepStrictEqual([r.delimiter, r.decimal, r.schema], [";", ",", "online_retail_ii"]);
  deepStrictEqual(rows.map((x) => [x.description, x.price]), [
    ["Tasse, rot", 12.5],
    ["Teller", 1234.5],
    ["Glas", 0.99],
  ]);
  // with --decimal . the same file is refused, not misread
  await withDb(async (db) => {
    const error = await caught(loadTransactions(db, { path, decimal: ".", progress: quiet() }));
    ok(error instanceof CsvParseError);
    equal(error.count, 3);
  });
});

Deno.test("loadTransactions() says whether the data has a time of day", async () => {
  const header = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  const midnight = await file("a.csv", header + "1,A,x,1,2020-01-02 00:00:00,1,7,UK\n");
  const timed = await file(
    "b.csv",
    header + "1,A,x,1,2020-01-02 00:00:00,1,7,UK\n2,A,x,1,2020-01-02 08:30:00,1,7,UK\n",
  );
  const dateOnly = await file("c.csv", header + "1,A,x,1,1/2/2020,1,7,UK\n");
  for (const [path, want] of [[midnight, false], [timed, true], [dateOnly, false]] as const) {
    const { r } = await load({ path }, "SELECT 1");
    equal(r.hasTimeOfDay, want, path);
  }
});

Deno.test("loadTransactions() reads a returns flag column and reports a value that is not a flag", async () => {
  const text =
    "customer_id,invoice_date,amount,Returned\nc1,2020-01-02,4,No\nc1,2020-01-03,4,Yes\nc2,2020-01-03,2,\nc2,2020-01-04,2,1\n";
  const path = await file("flags.csv", text);
  const { rows } = await load(
    { path, map: { returns: "Returned" } },
    "SELECT return_flag, is_cancellation FROM raw_transactions ORDER BY row_number",
  );
  deepStrictEqual(rows.map((x) => [x.return_flag, x.is_cancellation]), [
    [false, false],
    [true, true],
    [false, false],
    [true, true],
  ]);
  const bad = await file("flags_bad.csv", text.replace("Yes", "maybe"));
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: bad, map: { returns: "Returned" }, progress: quiet() }),
    );
    ok(error instanceof CsvParseError);
    deepStrictEqual(error.issues.map((i) => [i.line, i.column, i.value, i.rule]), [
      [3, "Returned", "maybe", "invalid-flag"],
    ]);
  });
});

Deno.test("loadTransactions() refuses values and line totals beyond 10^15 as invalid cells", async () => {
  const header = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  const path = await file(
    "big.csv",
    header +
      "1,A,x,1,2020-01-02 10:00:00,2e15,7,UK\n2,A,x,1e8,2020-01-02 10:00:00,1e8,7,UK\n3,A,x,2,2020-01-02 10:00:00,1e12,7,UK\n",
  );
  await withDb(async (db) => {
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError);
    deepStrictEqual(error.issues.map((i) => [i.line, i.column, i.rule]), [
      [2, "Price", "value-out-of-range"],
      [3, "Price", "value-out-of-range"],
    ]);
    match(error.issues[1]!.message, /line total .*quantity × price is beyond ±10\^15/);
    const r = await loadTransactions(db, {
      path,
      onInvalid: "quarantine",
      rejectsPath: `${path}.rejects`,
      progress: quiet(),
    });
    equal(r.rowsLoaded, 1); // 2 × 10^12 is a plausible line
  });
});

Deno.test("loadTransactions() names files that are not what their name says", async () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    [
      "x.csv.gz",
      "a,b\n1,2\n",
      /is named \.gz but is not gzip-compressed \(it looks like plain text\)/,
    ],
    [
      "x.csv",
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      /not text \(it looks like a ZIP archive such as an \.xlsx workbook\)/,
    ],
    ["x.parquet", "a,b\n1,2\n", /not a readable Parquet file/],
    ["x.xlsx", "a,b\n1,2\n", /not a readable \.xlsx workbook \(it looks like plain text\)/],
  ];
  for (const [name, content, message] of cases) {
    const path = await file(name, content);
    await withDb(async (db) => {
      const error = await caught(loadTransactions(db, { path, progress: quiet() }));
      ok(error instanceof InputFileError, `${name}: ${error}`);
      match(error.message, message);
      ok(error.hint !== undefined && error.hint.length > 0, name);
    });
  }
});
