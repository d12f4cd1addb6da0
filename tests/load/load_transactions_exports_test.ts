/**
 * Exports met in the field, each found to go wrong once: identifiers with spaces around them
 * and the words exports write for "no customer"; dates with a UTC offset (`%z`), read as UTC
 * whatever the machine's time zone; a file with the UCI columns that writes days first, read
 * day first even when bad rows are set aside; a Windows-1252 file, refused with its line and
 * how to convert it; workbook formula cells without a saved value, read as empty cells.
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { InputFileError } from "../../lib/errors.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { caught, recordingProgress, RETAIL_II_HEADER, withDb } from "./_helpers.ts";

const HEADER = RETAIL_II_HEADER.join(",");

async function csvFile(lines: readonly string[], name = "export.csv"): Promise<string> {
  const path = join(await Deno.makeTempDir(), name);
  await Deno.writeTextFile(path, [HEADER, ...lines].join("\n") + "\n");
  return path;
}

Deno.test("identifiers lose the spaces around them; 'NULL', 'N/A', 'nan' … are no customer", async () => {
  const path = await csvFile([
    "536365 ,85123A ,HEART,6,2010-12-01 08:26:00,2.55, 17850 ,United Kingdom",
    "536366,85123A,HEART,6,2010-12-01 08:28:00,2.55,17850,United Kingdom",
    "536367,22633,WARMER,1,2010-12-01 08:34:00,1.85,NULL,United Kingdom",
    "536368,22633,WARMER,1,2010-12-01 08:35:00,1.85,N/A,United Kingdom",
    "536369,22633,WARMER,1,2010-12-01 08:36:00,1.85,nan,United Kingdom",
    "536370,22633,WARMER,1,2010-12-01 08:37:00,1.85,#N/A,United Kingdom",
    "536371,22633,WARMER,1,2010-12-01 08:38:00,1.85,None,United Kingdom",
    "536372,22633,WARMER,1,2010-12-01 08:39:00,1.85,-,United Kingdom",
    "536373,22633,WARMER,1,2010-12-01 08:40:00,1.85,12346.0 ,United Kingdom",
  ]);
  await withDb(async (db) => {
    await loadTransactions(db, { path, progress: recordingProgress().progress });
    const rows = await db.all<{ invoice: string; stock_code: string; customer_id: string | null }>(
      "SELECT invoice, stock_code, customer_id FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(rows.map((r) => r.customer_id), [
      "17850",
      "17850",
      null,
      null,
      null,
      null,
      null,
      null,
      "12346",
    ]);
    equal(rows[0]!.invoice, "536365");
    equal(rows[0]!.stock_code, "85123A");
  });
});

Deno.test("dates with a UTC offset (%z) are read as UTC times, and the engine's time zone is UTC", async () => {
  const path = await csvFile([
    "536365,85123A,HEART,6,2010-12-01T09:26:00+01:00,2.55,17850,United Kingdom",
    "536366,85123A,HEART,6,2010-12-01T03:28:00-05:00,2.55,17850,United Kingdom",
  ]);
  await withDb(async (db) => {
    equal((await db.one<{ tz: string }>("SELECT current_setting('TimeZone') AS tz")).tz, "UTC");
    const r = await loadTransactions(db, {
      path,
      dateFormat: "%Y-%m-%dT%H:%M:%S%z",
      progress: recordingProgress().progress,
    });
    equal(r.hasTimeOfDay, true);
    const rows = await db.all<{ d: string; t: string }>(
      "SELECT strftime(invoice_date, '%Y-%m-%d %H:%M:%S') AS d, typeof(invoice_date) AS t FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(rows, [
      { d: "2010-12-01 08:26:00", t: "TIMESTAMP" },
      { d: "2010-12-01 08:28:00", t: "TIMESTAMP" },
    ]);
  });
});

Deno.test("the UCI columns with days first: the whole column decides, also when bad rows are set aside", async () => {
  // the first 1,200 rows (more than the sample) cannot tell (day 1); later rows can (day 13)
  const lines = [
    ...Array.from(
      { length: 1200 },
      (_, i) => `${536365 + i},85123A,HEART,6,01/12/2010 08:26,2.55,17850,United Kingdom`,
    ),
    // then a fortnight of days above 12 (a typo or two would not be enough: see below)
    ...Array.from(
      { length: 100 },
      (_, i) => `${537600 + i},22633,WARMER,1,${13 + (i % 14)}/12/2010 09:00,1.85,17850,UK`,
    ),
    "537700,22633,WARMER,1,14/01/2011 09:00,abc,17850,United Kingdom",
  ];
  const path = await csvFile(lines);
  await withDb(async (db) => {
    const r = await loadTransactions(db, {
      path,
      onInvalid: "quarantine",
      rejectsPath: join(await Deno.makeTempDir(), "rejects.csv"),
      progress: recordingProgress().progress,
    });
    equal(r.dateFormat, "%d/%m/%Y %H:%M");
    equal(r.rowsRejected, 1); // the price "abc" only
    const dates = await db.all<{ d: string }>(
      "SELECT strftime(invoice_date, '%Y-%m-%d') AS d FROM raw_transactions ORDER BY row_number",
    );
    equal(dates.length, 1300);
    deepStrictEqual(dates.slice(1199, 1202).map((x) => x.d), [
      "2010-12-01",
      "2010-12-13",
      "2010-12-14",
    ]);
  });
  // the original Online Retail's month-first order stays, and a typo day-first date among
  // month-first ones is a bad date (refused, with its line), not a reason to read all day first
  const us = await csvFile([
    ...Array.from(
      { length: 1200 },
      (_, i) => `${536365 + i},85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom`,
    ),
    "537600,22633,WARMER,1,13/1/2010 9:00,1.85,17850,United Kingdom",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: us, progress: recordingProgress().progress }),
    );
    match(error.message, /line 1202.*13\/1\/2010/s);
  });
});

Deno.test("a Windows-1252 file is refused with its line, the byte, and how to convert it", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "excel export.csv");
  const enc = new TextEncoder();
  await Deno.writeFile(
    path,
    new Uint8Array([
      ...enc.encode(
        `${HEADER}\n536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n`,
      ),
      ...enc.encode("536366,22633,"),
      0x93, // “ in Windows-1252, a C1 control in Latin-1, never UTF-8
      ...enc.encode("WARMER"),
      0x94,
      ...enc.encode(",1,2010-12-01 08:34:00,1.85,17850,United Kingdom\n"),
    ]),
  );
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    ok(error instanceof InputFileError, String(error));
    match(
      error.message,
      /line 3 \(byte 0x93 \("“" in Windows-1252\)\) is neither UTF-8 nor Latin-1/,
    );
    match((error as InputFileError).hint ?? "", /CSV UTF-8.*iconv -f WINDOWS-1252 -t UTF-8/);
  });
});

Deno.test("workbook formula cells without a saved value are empty cells, never the formula object", async () => {
  const path = join(await Deno.makeTempDir(), "formulas.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Orders");
  ws.addRow(RETAIL_II_HEADER as string[]);
  const when = new Date(Date.UTC(2010, 11, 1, 8, 26));
  ws.addRow(["536365", "85123A", "HEART", 6, when, 2.55, {
    formula: 'TEXT(17850,"0")',
    result: "17850",
  }, "UK"]);
  ws.addRow(["536366", "85123A", "HEART", 6, when, 2.55, { formula: 'IF(Z3="","",Z3)' }, "UK"]);
  await wb.xlsx.writeFile(path);
  await withDb(async (db) => {
    await loadTransactions(db, { path, progress: recordingProgress().progress });
    const ids = await db.all<{ c: string | null }>(
      "SELECT customer_id AS c FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(ids.map((r) => r.c), ["17850", null]);
  });
});

Deno.test("rows are numbered in file order on every thread count, whatever the load's expressions", async () => {
  // invoice = line number; ids with spaces, "NULL" ids and a mapped returns flag: every
  // expression the load applies (an IN list among them once planned as a join and lost the order)
  const lines = Array.from({ length: 400_000 }, (_, i) => {
    const id = i % 7 === 0 ? "NULL" : ` ${12000 + (i % 5000)} `;
    return `${i + 2},A${i % 100},ITEM,${1 + (i % 9)},2011-0${1 + (i % 9)}-0${
      1 + (i % 9)
    } 10:00:00,1.5,${id},UK,${i % 3 === 0 ? "yes" : "no"}`;
  });
  const path = join(await Deno.makeTempDir(), "numbered.csv");
  await Deno.writeTextFile(path, [`${HEADER},Returned`, ...lines].join("\n") + "\n");
  for (const threads of [1, 2, 4]) {
    await withDb(async (db) => {
      await db.run(`SET threads = ${threads}`);
      await loadTransactions(db, {
        path,
        map: { returns: "Returned" },
        progress: recordingProgress().progress,
      });
      const r = await db.one<{ n: number; off: number }>(
        "SELECT count(*) AS n, count(*) FILTER (WHERE CAST(invoice AS BIGINT) <> row_number + 1) AS off FROM raw_transactions",
      );
      deepStrictEqual(r, { n: 400_000, off: 0 }, `${threads} threads`);
    });
  }
});

Deno.test("the hint never proposes a fix that reads numbers wrongly or sets every row aside", async () => {
  const hint = async (prices: readonly string[]) => {
    const path = await csvFile(
      prices.map((p, i) =>
        `${536365 + i},85123A,HEART,6,2010-12-01 08:26:00,${p},17850,United Kingdom`
      ),
    );
    return await withDb(async (db) => {
      const error = await caught(
        loadTransactions(db, { path, progress: recordingProgress().progress }),
      );
      return (error as { hint?: string }).hint ?? "";
    });
  };
  // thousands separators: not --decimal , (1,020 would be 1.02), not quarantine (drops the large)
  const thousands = await hint(["2.55", '"1,020"', '"12,345.50"']);
  match(thousands, /commas as thousands separators \("1,020"\)/);
  ok(!/pass --decimal ,;|--on-invalid quarantine to set/.test(thousands), thousands);
  // currency symbols and codes, negative amounts in parentheses
  match(await hint(["2.55", "£3.10"]), /plain numbers: no currency symbol or code/);
  match(await hint(["2.55", "3.10 EUR"]), /plain numbers/);
  match(await hint(["2.55", "(3.10)"]), /not in parentheses/);
  // every row bad: quarantine would set them all aside
  const all = await hint(["£2.55", "£3.10"]);
  ok(!/quarantine/.test(all), all);
  // a decimal comma among points still gets the --decimal hint
  match(await hint(["2.55", '"3,10"']), /^If the numbers use decimal commas, pass --decimal ,/);
});
