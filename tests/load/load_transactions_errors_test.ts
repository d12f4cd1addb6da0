import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { CsvParseError, InputFileError, OptionError, SchemaError } from "../../lib/errors.ts";
import { loadTransactions, parseMapping } from "../../lib/load/mod.ts";
import { caught, fixture, recordingProgress, withDb } from "./_helpers.ts";

const quiet = () => recordingProgress().progress;

Deno.test("loadTransactions() names a missing file", async () => {
  await withDb(async (db) => {
    const path = fixture("does_not_exist.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof InputFileError);
    equal(error.file, path);
    match(error.message, /Cannot load ".*does_not_exist\.csv": file not found/);
    ok(error.hint);
  });
});

Deno.test("loadTransactions() rejects an unknown format and lists the extensions that work", async () => {
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: "sales/orders.xls", progress: quiet() }),
    );
    ok(error instanceof InputFileError);
    match(error.message, /unknown format "\.xls"/);
    for (const ext of [".csv", ".csv.gz", ".parquet", ".xlsx"]) {
      ok(error.hint!.includes(ext), error.hint);
    }
  });
});

Deno.test("loadTransactions() reports an empty file", async () => {
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: fixture("empty.csv"), progress: quiet() }),
    );
    ok(error instanceof InputFileError);
    match(error.message, /empty\.csv": the file is empty/);
  });
});

Deno.test("loadTransactions() reports a header-only file", async () => {
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: fixture("header_only.csv"), progress: quiet() }),
    );
    ok(error instanceof InputFileError);
    match(
      error.message,
      /header_only\.csv": the file has a header but no data rows \(line 1 is the header\)/,
    );
  });
});

Deno.test("loadTransactions() lists required fields, found columns and a --map suggestion for a custom schema", async () => {
  await withDb(async (db) => {
    const path = fixture("custom_schema.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof SchemaError);
    equal(error.file, path);
    // "Unit Price" is recognised on its own (case and spaces are ignored); of the required
    // fields, the date and the customer are not
    deepStrictEqual(error.missing, ["invoice_date", "customer_id"]);
    match(
      error.message,
      /required fields are invoice_date, customer_id and price \(unit price\) or amount \(line total\)/,
    );
    match(
      error.message,
      /found columns "Order ID", "SKU", "Product", "Units", "Order Date", "Unit Price", "Customer Name", "Market"/,
    );
    equal(
      error.hint,
      'Pass --map invoice="Order ID",stock_code="SKU",description="Product",quantity="Units",' +
        'invoice_date="Order Date",customer_id="Customer Name",country="Market"',
    );
    // the suggestion is valid input: pasting it loads the file
    const map = parseMapping(error.hint!.replace(/^Pass --map /, ""));
    const r = await loadTransactions(db, { path, map, progress: quiet() });
    deepStrictEqual([r.rowsLoaded, r.columnMap.price, r.columnMap.country], [
      3,
      "Unit Price",
      "Market",
    ]);
  });
});

Deno.test("loadTransactions() reports a single missing required column", async () => {
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: fixture("no_customer.csv"), progress: quiet() }),
    );
    ok(error instanceof SchemaError);
    deepStrictEqual(error.missing, ["customer_id"]);
    match(error.message, /missing required fields customer_id;/);
  });
});

Deno.test("loadTransactions() reports line and column of a bad number after quoted multi-line fields", async () => {
  await withDb(async (db) => {
    const path = fixture("quoted.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError);
    equal(error.count, 1);
    // physical line 7: rows 1 and 3 each span two lines
    deepStrictEqual(error.location, {
      file: path,
      line: 7,
      column: "Quantity",
      columnIndex: 4,
      value: "six",
      rule: "invalid-number",
      message: error.issues[0]!.message,
    });
    match(error.message, /quoted\.csv" at line 7, column "Quantity" \(4\): current value is "six"/);
  });
});

Deno.test("loadTransactions() reports the same line with CRLF and bare-CR line ends", async () => {
  const dir = await Deno.makeTempDir();
  const text = await Deno.readTextFile(fixture("quoted.csv"));
  for (const [name, nl] of [["crlf", "\r\n"], ["cr", "\r"]] as const) {
    const path = join(dir, `quoted_${name}.csv`);
    await Deno.writeTextFile(path, text.replaceAll("\n", nl));
    await withDb(async (db) => {
      const error = await caught(loadTransactions(db, { path, progress: quiet() }));
      ok(error instanceof CsvParseError, String(error));
      deepStrictEqual([error.location.line, error.location.value], [7, "six"], name);
    });
  }
});

Deno.test("loadTransactions() fails on bad values with the first lines and the total count", async () => {
  await withDb(async (db) => {
    const path = fixture("bad_values.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError);
    equal(error.count, 3);
    deepStrictEqual(error.issues.map((i) => [i.line, i.column, i.value]), [
      [3, "Price", "1,85"],
      [4, "InvoiceDate", "2010-12-32 08:34:00"],
      [6, "Quantity", ""],
    ]);
    match(error.message, /: 3 rows have invalid values/);
    match(
      error.message,
      /Cannot parse price in ".*bad_values\.csv" at line 3, column "Price" \(6\): current value is "1,85": not a number/,
    );
    match(
      error.message,
      /at line 4, column "InvoiceDate" \(5\): current value is "2010-12-32 08:34:00": not a date in the format "%Y-%m-%d %H:%M:%S"/,
    );
    ok(error.hint?.includes("quarantine"));
    // nothing half-loaded is left behind
    const tables = await db.all<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables",
    );
    deepStrictEqual(tables, []);
  });
});

Deno.test("loadTransactions() reports a row with the wrong number of fields at its physical line", async () => {
  await withDb(async (db) => {
    const path = fixture("ragged.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError, String(error));
    equal(error.location.line, 4);
    match(error.message, /ragged\.csv" at line 4: expected 8 fields as in the header, found 7/);
  });
});

Deno.test("loadTransactions() reports an undetectable date format with line, column and value", async () => {
  await withDb(async (db) => {
    const path = fixture("custom_date.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError);
    deepStrictEqual(
      [
        error.location.file,
        error.location.line,
        error.location.column,
        error.location.columnIndex,
        error.location.value,
      ],
      [path, 2, "InvoiceDate", 5, "2010/12/01 08h26"],
    );
    // the hint names the flag a user types, never the internal option name
    match(error.hint!, /--date-format "%d\.%m\.%Y %H:%M"/);
    doesNotMatch(error.hint!, /dateFormat/);
  });
});

Deno.test("loadTransactions() rejects bad options", async () => {
  await withDb(async (db) => {
    const path = fixture("retail_ii.csv");
    const bad = [
      { path, onInvalid: "skip" as "fail" },
      { path, table: "raw; drop table x" },
      { path, dateFormat: "%Q" },
    ];
    for (const options of bad) {
      const error = await caught(loadTransactions(db, { ...options, progress: quiet() }));
      ok(error instanceof OptionError, String(error));
    }
  });
});

Deno.test("loadTransactions() retries as Latin-1 when the first non-UTF-8 byte is far into the file", async () => {
  const path = join(await Deno.makeTempDir(), "late_latin1.csv");
  const header = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  const line =
    "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n";
  const n = 4000; // ~400 KB, past the 64 KB the loader sniffs
  const head = new TextEncoder().encode(header + line.repeat(n));
  const tail = Uint8Array.from([
    ...new TextEncoder().encode("537632,GIFT,GIFT VOUCHER "),
    0xa3,
    ...new TextEncoder().encode("20,1,2010-12-07 15:08:00,20,,United Kingdom\n"),
  ]);
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  await Deno.writeFile(path, bytes);
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path, progress: quiet() });
    equal(r.encoding, "latin-1");
    equal(r.rowsLoaded, n + 1);
    const { d } = await db.one<{ d: string }>(
      `SELECT description AS d FROM raw_transactions WHERE row_number = ${n + 1}`,
    );
    equal(d, "GIFT VOUCHER \u00a320");
  });
});

Deno.test("loadTransactions() leaves an earlier table intact when a load fails", async () => {
  await withDb(async (db) => {
    await loadTransactions(db, { path: fixture("retail_ii.csv"), progress: quiet() });
    await caught(loadTransactions(db, { path: fixture("bad_values.csv"), progress: quiet() }));
    const { n } = await db.one<{ n: number }>("SELECT count(*) AS n FROM raw_transactions");
    equal(n, 4);
  });
});
