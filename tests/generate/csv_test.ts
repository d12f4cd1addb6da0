import { deepStrictEqual, equal } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import {
  csvField,
  formatRetailRow,
  RETAIL_CSV_HEADER,
  retailCsvChunks,
  type RetailRow,
} from "../../lib/generate/mod.ts";

Deno.test("csvField() quotes only fields with a comma, quote or line break", () => {
  equal(csvField("WHITE HANGING HEART T-LIGHT HOLDER"), "WHITE HANGING HEART T-LIGHT HOLDER");
  equal(csvField("AIRLINE LOUNGE,METAL SIGN"), '"AIRLINE LOUNGE,METAL SIGN"');
  equal(csvField('say "hi"'), '"say ""hi"""');
  equal(csvField("a\nb"), '"a\nb"');
  equal(csvField(""), "");
});

Deno.test("retailCsvChunks() text is read back unchanged by DuckDB's CSV reader", async () => {
  const text = fc.string({
    unit: fc.constantFrom("A", "B", " ", ",", '"', "É", "£", "\n"),
    maxLength: 12,
  });
  const rows: RetailRow[] = fc.sample(
    fc.record({
      invoice: fc.constantFrom("536365", "C536366", "A563185"),
      stockCode: fc.constantFrom("85123A", "POST", "BANK CHARGES"),
      description: text.map((s) => `X${s}`),
      quantity: fc.integer({ min: -100, max: 100 }),
      invoiceDate: fc.constant("2011-11-30 12:05:00"),
      price: fc.constantFrom(0, 1.25, 18, -11062.06, 0.001),
      customerId: fc.constantFrom("12346", null),
      country: fc.constantFrom("United Kingdom", "EIRE"),
    }),
    { numRuns: 200, seed: 42 },
  );
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, [...retailCsvChunks(rows, { chunkChars: 500 })].join(""));
  const db = await openDb({ threads: 1 });
  try {
    const back = await db.all<Record<string, unknown>>(
      `select Invoice, StockCode, Description, Quantity, strftime(InvoiceDate, '%Y-%m-%d %H:%M:%S') as d, Price,
        "Customer ID" as c, Country from read_csv('${path}', header = true, quote = '"', escape = '"',
        columns = {'Invoice': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'BIGINT',
          'InvoiceDate': 'TIMESTAMP', 'Price': 'DOUBLE', 'Customer ID': 'VARCHAR', 'Country': 'VARCHAR'})`,
    );
    deepStrictEqual(
      back,
      rows.map((r) => ({
        Invoice: r.invoice,
        StockCode: r.stockCode,
        Description: r.description,
        Quantity: r.quantity,
        d: r.invoiceDate,
        Price: r.price,
        c: r.customerId,
        Country: r.country,
      })),
    );
  } finally {
    db.close();
    await Deno.remove(path);
  }
});

Deno.test("formatRetailRow() writes the eight header fields in order", () => {
  const line = formatRetailRow({
    invoice: "536365",
    stockCode: "85123A",
    description: "WHITE HANGING HEART T-LIGHT HOLDER",
    quantity: 6,
    invoiceDate: "2010-12-01 08:26:00",
    price: 2.55,
    customerId: "17850",
    country: "United Kingdom",
  });
  equal(RETAIL_CSV_HEADER.split(",").length, 8);
  equal(
    line,
    "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
  );
});
