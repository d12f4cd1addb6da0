import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { CsvParseError } from "../../lib/errors.ts";
import { loadTransactions, readHeader } from "../../lib/load/mod.ts";
import { caught, recordingProgress, RETAIL_II_HEADER, withDb } from "./_helpers.ts";

const HEADER = RETAIL_II_HEADER;

/** Writes a one-sheet workbook: the header, then `rows`. */
async function writeXlsx(path: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Year 2010-2011");
  ws.addRow(HEADER);
  for (const row of rows) ws.addRow(row);
  await wb.xlsx.writeFile(path);
}

const ROWS: unknown[][] = [
  [
    "536365",
    "85123A",
    "WHITE HANGING HEART T-LIGHT HOLDER",
    6,
    new Date(Date.UTC(2010, 11, 1, 8, 26)),
    2.55,
    17850,
    "United Kingdom",
  ],
  [
    536366,
    "22633",
    { richText: [{ text: "HAND " }, { text: "WARMER" }] },
    6,
    new Date(Date.UTC(2010, 11, 1, 8, 28)),
    1.85,
    null,
    "United Kingdom",
  ],
  [
    "C536379",
    "D",
    "Discount",
    -1,
    new Date(Date.UTC(2010, 11, 1, 9, 41)),
    27.5,
    14527,
    "United Kingdom",
  ],
];

/** The workbook conversions in a cache folder (`<root>/xlsx/<key>/workbook.parquet`). */
async function conversions(root: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const e of Deno.readDir(join(root, "xlsx"))) {
      if (e.isDirectory && !e.name.startsWith(".")) found.push(join(root, "xlsx", e.name));
    }
  } catch {
    // no conversion yet
  }
  return found;
}

Deno.test("loadTransactions() converts an xlsx once to a Parquet cache, reuses it, and reconverts when the source changes", async () => {
  const dir = await Deno.makeTempDir();
  const root = await Deno.makeTempDir();
  const cache = { dir: root };
  const path = join(dir, "retail.xlsx");
  await writeXlsx(path, ROWS);
  await withDb(async (db) => {
    const first = recordingProgress();
    const r1 = await loadTransactions(db, { path, progress: first.progress, cache });
    deepStrictEqual([r1.format, r1.converted, r1.rowsLoaded, r1.dateFormat], [
      "xlsx",
      true,
      3,
      "%Y-%m-%d %H:%M:%S",
    ]);
    ok(
      first.lines.some((l) => /convert retail\.xlsx to Parquet: 3 rows \(\d+\.\d+ s\)/.test(l)),
      first.lines.join("\n"),
    );
    const [entry, ...others] = await conversions(root);
    deepStrictEqual(others, []);
    const parquet = join(entry!, "workbook.parquet");
    ok((await Deno.stat(parquet)).isFile);
    // nothing is written beside the data
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["retail.xlsx"]);
    const got = await db.all<Record<string, unknown>>(
      "SELECT row_number, invoice, description, quantity, invoice_date, customer_id, is_cancellation FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(got, [
      {
        row_number: 1,
        invoice: "536365",
        description: "WHITE HANGING HEART T-LIGHT HOLDER",
        quantity: 6,
        invoice_date: new Date("2010-12-01T08:26:00Z"),
        customer_id: "17850",
        is_cancellation: false,
      },
      {
        row_number: 2,
        invoice: "536366",
        description: "HAND WARMER",
        quantity: 6,
        invoice_date: new Date("2010-12-01T08:28:00Z"),
        customer_id: null,
        is_cancellation: false,
      },
      {
        row_number: 3,
        invoice: "C536379",
        description: "Discount",
        quantity: -1,
        invoice_date: new Date("2010-12-01T09:41:00Z"),
        customer_id: "14527",
        is_cancellation: true,
      },
    ]);

    const cacheMtime = (await Deno.stat(parquet)).mtime?.getTime();
    const second = recordingProgress();
    // another load option: the load cache misses, the workbook's conversion is reused
    const quarantining = (progress: typeof second.progress) =>
      loadTransactions(db, { path, progress, cache, onInvalid: "quarantine" });
    const r2 = await quarantining(second.progress);
    deepStrictEqual([r2.converted, r2.rowsLoaded], [false, 3]);
    ok(!second.lines.some((l) => l.includes("to Parquet")), second.lines.join("\n"));
    ok(second.lines.some((l) => l.includes(`xlsx: using cache ${entry}`)), second.lines.join("\n"));
    equal((await Deno.stat(parquet)).mtime?.getTime(), cacheMtime);
    // the load cache's own hit converts nothing either
    const third = recordingProgress();
    const r3 = await loadTransactions(db, { path, progress: third.progress, cache });
    ok(third.lines.some((l) => l.includes("load: from cache")), third.lines.join("\n"));
    deepStrictEqual([r3.converted, r3.rowsLoaded], [false, 3]);
    deepStrictEqual(await conversions(root), [entry]);

    // a changed bit in the conversion (Parquet keeps no checksums): converted again, same rows
    const bytes = await Deno.readFile(parquet);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 1;
    await Deno.writeFile(parquet, bytes);
    await Deno.remove(join(root, "load"), { recursive: true }); // so that the load reads the workbook
    const damaged = recordingProgress();
    const rd = await quarantining(damaged.progress);
    ok(
      damaged.lines.some((l) =>
        l.includes(`xlsx: cache entry ${entry} unreadable (workbook.parquet's SHA-256`)
      ),
      damaged.lines.join("\n"),
    );
    deepStrictEqual([rd.converted, rd.rowsLoaded], [true, 3]);
    deepStrictEqual(
      await db.all(
        "SELECT row_number, invoice, quantity FROM raw_transactions ORDER BY row_number",
      ),
      got.map((r) => ({ row_number: r.row_number, invoice: r.invoice, quantity: r.quantity })),
    );

    await writeXlsx(path, [...ROWS, [
      "536367",
      "84879",
      "BIRD",
      32,
      new Date(Date.UTC(2010, 11, 1, 8, 34)),
      1.69,
      13047,
      "United Kingdom",
    ]]);
    const r4 = await loadTransactions(db, {
      path,
      progress: recordingProgress().progress,
      cache,
    });
    deepStrictEqual([r4.converted, r4.rowsLoaded], [true, 4]);
    equal((await conversions(root)).length, 2);
    deepStrictEqual(await readHeader(path), HEADER);
    // without the cache, the workbook is converted in a temporary folder each time
    const r5 = await loadTransactions(db, { path, progress: recordingProgress().progress });
    deepStrictEqual([r5.converted, r5.rowsLoaded], [true, 4]);
    equal((await conversions(root)).length, 2);
  });
});

Deno.test("loadTransactions() reports the sheet row of a bad xlsx cell", async () => {
  const path = join(await Deno.makeTempDir(), "bad.xlsx");
  await writeXlsx(path, [ROWS[0]!, [
    "536366",
    "22633",
    "HAND WARMER",
    "n/a",
    new Date(Date.UTC(2010, 11, 1, 8, 28)),
    1.85,
    17850,
    "United Kingdom",
  ]]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    ok(error instanceof CsvParseError, String(error));
    deepStrictEqual(
      [
        error.location.line,
        error.location.column,
        error.location.columnIndex,
        error.location.value,
      ],
      [3, "Quantity", 4, "n/a"],
    );
  });
});
