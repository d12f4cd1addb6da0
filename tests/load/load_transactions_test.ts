import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import type { Db } from "../../lib/db/db.ts";
import { CANONICAL_COLUMNS } from "../../lib/db/canonical.ts";
import { loadTransactions, parseMapping } from "../../lib/load/mod.ts";
import { fixture, recordingProgress, withDb } from "./_helpers.ts";

const quiet = () => recordingProgress().progress;

interface Row {
  row_number: number;
  invoice: string;
  stock_code: string;
  description: string | null;
  quantity: number;
  invoice_date: Date;
  price: number;
  customer_id: string | null;
  country: string | null;
  line_total: number;
  is_cancellation: boolean;
}

function rows(db: Db, table = "raw_transactions"): Promise<Row[]> {
  return db.all<Row>(`SELECT * FROM ${table} ORDER BY row_number`);
}

const utc = (s: string) => new Date(`${s}Z`);

Deno.test("loadTransactions() loads the Online Retail II schema into the canonical columns", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path: fixture("retail_ii.csv"), progress: quiet() });
    equal(r.schema, "online_retail_ii");
    equal(r.format, "csv");
    equal(r.encoding, "utf-8");
    equal(r.dateFormat, "%Y-%m-%d %H:%M:%S");
    deepStrictEqual([r.rowsRead, r.rowsLoaded, r.rowsRejected], [4, 4, 0]);
    equal(r.columnMap.customer_id, "Customer ID");
    const described = await db.all<{ column_name: string; column_type: string }>(
      "DESCRIBE raw_transactions",
    );
    deepStrictEqual(
      described.map((d) => [d.column_name, d.column_type]),
      CANONICAL_COLUMNS.map((c) => [c.name, c.sqlType]),
    );
    const got = await rows(db);
    deepStrictEqual(got[0], {
      row_number: 1,
      invoice: "536365",
      stock_code: "85123A",
      description: "WHITE HANGING HEART T-LIGHT HOLDER",
      quantity: 6,
      invoice_date: utc("2010-12-01T08:26:00"),
      price: 2.55,
      customer_id: "17850",
      country: "United Kingdom",
      line_total: 6 * 2.55,
      is_cancellation: false,
    });
    deepStrictEqual(got.map((g) => g.is_cancellation), [false, false, true, false]);
    deepStrictEqual([got[3]!.description, got[3]!.customer_id], [null, null]);
    // 6*2.55 + 6*3.39 - 1*27.50 + 56*0, by hand
    const { total } = await db.one<{ total: number }>(
      "SELECT round(sum(line_total), 2) AS total FROM raw_transactions",
    );
    equal(total, 8.14);
  });
});

Deno.test("loadTransactions() loads the original Online Retail schema from a CRLF file and drops the '.0' of customer ids", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, {
      path: fixture("retail_original_crlf.csv"),
      table: "orig",
      progress: quiet(),
    });
    equal(r.schema, "online_retail");
    equal(r.columnMap.invoice, "InvoiceNo");
    equal(r.columnMap.price, "UnitPrice");
    const got = await rows(db, "orig");
    deepStrictEqual(got.map((g) => g.customer_id), ["17850", "12583", "17548"]);
    // no stray CR at the end of the last field
    deepStrictEqual(got.map((g) => g.country), ["United Kingdom", "France", "United Kingdom"]);
    equal(got[2]!.description, "PLASTERS IN TIN CIRCUS PARADE ");
    deepStrictEqual(got.map((g) => g.is_cancellation), [false, false, true]);
    const { total } = await db.one<{ total: number }>(
      "SELECT round(sum(line_total), 2) AS total FROM orig",
    );
    equal(total, 85.5); // 15.30 + 90.00 - 19.80
  });
});

Deno.test("loadTransactions() reads a Latin-1 file with bare-CR line ends and 2-digit-year US dates", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path: fixture("latin1_cr.csv"), progress: quiet() });
    equal(r.encoding, "latin-1");
    equal(r.dateFormat, "%m/%d/%y %H:%M");
    const got = await rows(db);
    equal(got.length, 3);
    equal(got[2]!.description, "GIFT VOUCHER \u00a320");
    deepStrictEqual(got.map((g) => g.invoice_date), [
      utc("2010-12-01T08:26:00"),
      utc("2010-12-06T09:58:00"),
      utc("2010-12-07T15:08:00"),
    ]);
    deepStrictEqual(got.map((g) => g.country), [
      "United Kingdom",
      "United Kingdom",
      "United Kingdom",
    ]);
  });
});

Deno.test("loadTransactions() reads UTF-8 with a BOM: the first column name and the £ survive", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path: fixture("utf8_bom.csv"), progress: quiet() });
    equal(r.encoding, "utf-8");
    equal(r.columnMap.invoice, "Invoice");
    const [row] = await rows(db);
    equal(row!.invoice, "536365");
    equal(row!.description, "GIFT VOUCHER \u00a320");
  });
});

Deno.test("loadTransactions() keeps commas, doubled quotes and line breaks inside quoted fields", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, {
      path: fixture("quoted.csv"),
      onInvalid: "quarantine",
      rejectsPath: await tempFile(),
      progress: quiet(),
    });
    deepStrictEqual([r.rowsRead, r.rowsLoaded], [4, 3]);
    const got = await rows(db);
    equal(got[0]!.description, 'HEART, "WHITE" HANGING\nT-LIGHT HOLDER');
    equal(got[2]!.description, 'ASSORTED "BIRD"\nORNAMENT, COLOUR');
    deepStrictEqual(got.map((g) => g.row_number), [1, 2, 3]);
  });
});

Deno.test("loadTransactions() detects US dates with 4-digit years, month first", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path: fixture("us_dates.csv"), progress: quiet() });
    equal(r.dateFormat, "%m/%d/%Y %H:%M");
    deepStrictEqual((await rows(db)).map((g) => g.invoice_date), [
      utc("2010-12-01T08:26:00"),
      utc("2011-01-04T10:00:00"),
      utc("2010-12-13T14:05:00"),
    ]);
  });
});

Deno.test("loadTransactions() parses dates with a user-given strptime format", async () => {
  await withDb(async (db) => {
    const r = await loadTransactions(db, {
      path: fixture("custom_date.csv"),
      dateFormat: "%Y/%m/%d %Hh%M",
      progress: quiet(),
    });
    equal(r.dateFormat, "%Y/%m/%d %Hh%M");
    deepStrictEqual((await rows(db)).map((g) => g.invoice_date), [
      utc("2010-12-01T08:26:00"),
      utc("2010-12-01T08:28:00"),
    ]);
  });
});

Deno.test("loadTransactions() loads a custom schema through an explicit mapping", async () => {
  await withDb(async (db) => {
    const map = parseMapping(
      'invoice="Order ID",stock_code=SKU,description=Product,quantity=Units,invoice_date="Order Date",' +
        'price="Unit Price",customer_id="Customer Name",country=Market',
    );
    const r = await loadTransactions(db, {
      path: fixture("custom_schema.csv"),
      map,
      progress: quiet(),
    });
    equal(r.schema, "mapped");
    equal(r.dateFormat, "%Y-%m-%dT%H:%M");
    const got = await rows(db);
    deepStrictEqual(got.map((g) => [g.invoice, g.customer_id, g.country]), [
      ["SO-1001", "Ada Lovelace", "UK"],
      ["SO-1002", "Alan Turing", "UK"],
      ["SO-1002", "Alan Turing", "UK"],
    ]);
    equal(got[0]!.invoice_date.getTime(), utc("2024-03-05T14:30:00").getTime());
    const { total } = await db.one<{ total: number }>(
      "SELECT round(sum(line_total), 2) AS total FROM raw_transactions",
    );
    equal(total, 189.98); // 2*19.99 + 1*120 + 4*7.50
  });
});

Deno.test("loadTransactions() gives the same table from .csv and .csv.gz", async () => {
  await withDb(async (db) => {
    await loadTransactions(db, {
      path: fixture("retail_ii.csv"),
      table: "plain",
      progress: quiet(),
    });
    const r = await loadTransactions(db, {
      path: fixture("retail_ii.csv.gz"),
      table: "gz",
      progress: quiet(),
    });
    equal(r.format, "csv.gz");
    deepStrictEqual(await rows(db, "gz"), await rows(db, "plain"));
  });
});

Deno.test("loadTransactions() reads Parquet with typed columns (TIMESTAMP dates, float customer ids)", async () => {
  await withDb(async (db) => {
    const path = join(await Deno.makeTempDir(), "tx.parquet");
    await db.run(`COPY (SELECT * FROM (VALUES
      ('536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, TIMESTAMP '2010-12-01 08:26:00', 2.55::DOUBLE, 17850.0::DOUBLE, 'United Kingdom'),
      ('C536379', 'D', 'Discount', -1, TIMESTAMP '2010-12-01 09:41:00', 27.5::DOUBLE, NULL, 'United Kingdom')
    ) AS t("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"))
    TO '${path}' (FORMAT parquet)`);
    const r = await loadTransactions(db, { path, progress: quiet() });
    deepStrictEqual([r.format, r.schema, r.dateFormat, r.rowsLoaded], [
      "parquet",
      "online_retail",
      "native",
      2,
    ]);
    const got = await rows(db);
    deepStrictEqual(
      got.map((g) => [g.row_number, g.customer_id, g.quantity, g.line_total, g.is_cancellation]),
      [
        [1, "17850", 6, 6 * 2.55, false],
        [2, null, -1, -27.5, true],
      ],
    );
    equal(got[0]!.invoice_date.getTime(), utc("2010-12-01T08:26:00").getTime());
  });
});

Deno.test("loadTransactions() quarantines bad rows into a rejects CSV with line, column, value and reason", async () => {
  await withDb(async (db) => {
    const rejectsPath = await tempFile();
    const { progress, lines } = recordingProgress();
    const r = await loadTransactions(db, {
      path: fixture("bad_values.csv"),
      onInvalid: "quarantine",
      rejectsPath,
      progress,
    });
    deepStrictEqual([r.rowsRead, r.rowsLoaded, r.rowsRejected], [6, 3, 3]);
    equal(r.rejectsFile, rejectsPath);
    deepStrictEqual((await rows(db)).map((g) => g.row_number), [1, 4, 6]);
    deepStrictEqual(r.issues.map((i) => [i.line, i.column, i.columnIndex, i.value, i.rule]), [
      [3, "Price", 6, "1,85", "invalid-number"],
      [4, "InvoiceDate", 5, "2010-12-32 08:34:00", "invalid-date"],
      [6, "Quantity", 4, "", "missing-value"],
    ]);
    const text = await Deno.readTextFile(rejectsPath);
    deepStrictEqual(text.trimEnd().split("\n"), [
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country,line,column,value,reason",
      '536366,22633,B,6,2010-12-01 08:28:00,"1,85",17850,United Kingdom,3,Price,"1,85",invalid-number',
      "536367,84879,C,32,2010-12-32 08:34:00,1.69,13047,United Kingdom,4,InvoiceDate,2010-12-32 08:34:00,invalid-date",
      "536369,22748,E,,2010-12-01 08:35:00,2.10,13047,United Kingdom,6,Quantity,,missing-value",
    ]);
    ok(lines.some((l) => l.includes("3 rows with invalid values")), lines.join("\n"));
  });
});

async function tempFile(): Promise<string> {
  return join(await Deno.makeTempDir(), "rejects.csv");
}

Deno.test("a load into the compressed catalog (Db.storeCompressed), compacted, takes a third of the memory or less and reads the same", async () => {
  // Whole row groups (122,880 rows) are what DuckDB compresses: 300,000 lines.
  const dir = await Deno.makeTempDir();
  const path = join(dir, "orders.csv");
  const lines = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"];
  for (let i = 0; i < 300_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    lines.push(
      `${500000 + (i >> 3)},${20000 + (i % 700)},ITEM ${i % 700} IN RED,${
        1 + (i % 12)
      },2011-03-${day} 10:${String(i % 60).padStart(2, "0")}:00,${
        ((i % 400) / 20 + 0.5).toFixed(2)
      },${12000 + (i % 4000)},United Kingdom`,
    );
  }
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  const tableBytes = (db: Db) =>
    db.one<{ b: number }>(
      "SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'",
    ).then((r) => r.b);
  const digest = "SELECT count(*) AS n, sum(hash(COLUMNS(*))) AS h FROM raw_transactions";
  try {
    const plain = await withDb(async (db) => {
      await loadTransactions(db, { path });
      return { bytes: await tableBytes(db), digest: await db.one(digest) };
    });
    const compressed = await withDb(async (db) => {
      await db.storeCompressed!();
      await loadTransactions(db, { path });
      await db.compact!();
      return { bytes: await tableBytes(db), digest: await db.one(digest) };
    });
    deepStrictEqual(compressed.digest, plain.digest);
    ok(compressed.bytes * 3 < plain.bytes, `${plain.bytes} → ${compressed.bytes} bytes`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
