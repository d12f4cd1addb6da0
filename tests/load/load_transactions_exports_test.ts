/**
 * Exports met in the field, each found to go wrong once: identifiers with spaces around them
 * and the words exports write for "no customer"; dates with a UTC offset (`%z`), read as UTC
 * whatever the machine's time zone; a file with the UCI columns that writes days first, read
 * day first even when bad rows are set aside; a Windows-1252 file (`€` and curly quotes at
 * bytes 0x80-0x9F) and Excel's "Unicode Text" (UTF-16 with a byte-order mark, either byte order,
 * plain or gzip-compressed), read as their characters with errors on the file's own lines, and
 * UTF-16 without a byte-order mark refused; workbook formula cells without a saved value, read as empty cells; dates
 * written as numbers (Excel serials, Unix time), compactly or with month names; single-precision
 * Parquet prices; customer ids of zeros; a title or `sep=` line above the header.
 */
import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import type { Db } from "../../lib/db/mod.ts";
import { CsvParseError, InputFileError, OptionError, SchemaError } from "../../lib/errors.ts";
import { loadTransactions, parseMapping } from "../../lib/load/mod.ts";
import {
  caught,
  recordingProgress,
  RETAIL_II_HEADER,
  utf16,
  windows1252,
  withDb,
} from "./_helpers.ts";

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

/** The UCI lines below the header, as in a file. */
const EXPORT_LINES = [
  "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
  "536366,22633,“WARMER” – €5,1,2010-12-01 08:34:00,1.85,17850,Deutschland",
  "536367,22633,Café crème,2,2010-12-01 08:35:00,1.85,13047,United Kingdom",
];

/** The raw table's description, country and price per row, as text. */
async function exportRows(db: Db): Promise<string[][]> {
  return (await db.all<{ d: string; c: string; p: number }>(
    "SELECT description AS d, country AS c, price AS p FROM raw_transactions ORDER BY row_number",
  )).map((r) => [r.d, r.c, String(r.p)]);
}

const EXPECTED_ROWS = [
  ["HEART", "United Kingdom", "2.55"],
  ["“WARMER” – €5", "Deutschland", "1.85"],
  ["Café crème", "United Kingdom", "1.85"],
];

Deno.test("a Windows-1252 file (Excel's CSV on Windows) is read as its characters, € and curly quotes included, and a progress line says so", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "excel export.csv");
  const bytes = windows1252([HEADER, ...EXPORT_LINES].join("\r\n") + "\r\n");
  ok(bytes.includes(0x93) && bytes.includes(0x80), "the file holds bytes 0x80-0x9F");
  await Deno.writeFile(path, bytes);
  await withDb(async (db) => {
    const { progress, lines } = recordingProgress();
    const r = await loadTransactions(db, { path, progress });
    equal(r.encoding, "windows-1252");
    deepStrictEqual(await exportRows(db), EXPECTED_ROWS);
    // said, since Mac Roman puts accented letters at the same bytes
    ok(
      lines.some((l) =>
        /excel export\.csv is read as Windows-1252 .*if its accented letters look wrong, save it as UTF-8/
          .test(l)
      ),
      lines.join("\n"),
    );
  });
});

Deno.test("a French export in Windows-1252 (semicolons, prices written 12,50 €, dates no day of which decides the order) reads as its UTF-8 twin", async () => {
  const dir = await Deno.makeTempDir();
  const lines = [
    "Invoice;Customer ID;InvoiceDate;StockCode;Description;Quantity;Price;Country",
    "1001;C1;01/02/2023 10:00;A1;Tasse “Été”;2;12,50 €;France",
    "1002;C2;12/02/2023 11:00;A2;Bol – grand;1;3,20 €;France",
    "1003;C1;02/03/2023 09:30;A1;Tasse “Été”;4;1 234,00 €;France",
  ];
  const text = lines.join("\r\n") + "\r\n";
  await Deno.writeFile(join(dir, "cp1252.csv"), windows1252(text));
  await Deno.writeTextFile(join(dir, "utf8.csv"), text);
  const read = (name: string) =>
    withDb(async (db) => {
      const r = await loadTransactions(db, {
        path: join(dir, name),
        progress: recordingProgress().progress,
      });
      return {
        encoding: r.encoding,
        rows: await db.all(
          "SELECT description, strftime(invoice_date, '%Y-%m-%d') AS day, price FROM raw_transactions ORDER BY row_number",
        ),
      };
    });
  const [cp1252, utf8] = [await read("cp1252.csv"), await read("utf8.csv")];
  equal(cp1252.encoding, "windows-1252");
  deepStrictEqual(cp1252.rows, utf8.rows);
  deepStrictEqual(
    cp1252.rows.map((
      r,
    ) => [(r as { description: string }).description, (r as { price: number }).price]),
    [["Tasse “Été”", 12.5], ["Bol – grand", 3.2], ["Tasse “Été”", 1234]],
  );
});

Deno.test("a Windows-1252 character far into a file that starts as plain ASCII is read too (UTF-8, then Latin-1, then Windows-1252)", async () => {
  const path = join(await Deno.makeTempDir(), "late_cp1252.csv");
  const filler = Array.from(
    { length: 3000 }, // ~200 KB, past the 64 KB the loader sniffs
    (_, i) => `${540000 + i},85123A,HEART,6,2010-12-02 08:26:00,2.55,17850,United Kingdom`,
  );
  await Deno.writeFile(
    path,
    windows1252([HEADER, ...filler, ...EXPORT_LINES.slice(1)].join("\n") + "\n"),
  );
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path, progress: recordingProgress().progress });
    equal(r.encoding, "windows-1252");
    equal(r.rowsLoaded, 3002);
    deepStrictEqual((await exportRows(db)).slice(-2), EXPECTED_ROWS.slice(1));
  });
});

for (
  const [name, file, bytes] of [
    ["little-endian, tab-separated, CRLF (Excel's Unicode Text)", "unicode.txt", "le"],
    ["big-endian", "unicode_be.txt", "be"],
    ["little-endian, gzip-compressed", "unicode.tsv.gz", "gz"],
  ] as const
) {
  Deno.test(`a UTF-16 file (${name}) is read as its characters`, async () => {
    const text = [
      HEADER,
      ...EXPORT_LINES,
      "536368,21730,GLASS 🕯 HOLDER,3,2010-12-01 09:02:00,4.25,13047,United Kingdom",
    ]
      .map((l) => l.replaceAll(",", "\t")).join("\r\n") + "\r\n";
    const encoded = utf16(text, bytes === "be" ? "be" : "le");
    const path = join(await Deno.makeTempDir(), file);
    await Deno.writeFile(path, bytes === "gz" ? gzipSync(encoded) : encoded);
    await withDb(async (db) => {
      const r = await loadTransactions(db, { path, progress: recordingProgress().progress });
      equal(r.encoding, bytes === "be" ? "utf-16be" : "utf-16le");
      deepStrictEqual(await exportRows(db), [
        ...EXPECTED_ROWS,
        ["GLASS 🕯 HOLDER", "United Kingdom", "4.25"],
      ]);
    });
  });
}

Deno.test("a bad value in a UTF-16 file is reported on the file's own line", async () => {
  const lines = [HEADER, ...EXPORT_LINES].map((l) => l.replaceAll(",", "\t"));
  lines[3] = lines[3]!.replace("\t1.85\t", "\tabc\t");
  const path = join(await Deno.makeTempDir(), "unicode.txt");
  await Deno.writeFile(path, utf16(lines.join("\r\n") + "\r\n"));
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    ok(error instanceof CsvParseError, String(error));
    match(error.message, /line 4, column "Price" \(6\): current value is "abc"/);
  });
});

Deno.test("UTF-16 without a byte-order mark is refused with how to save it", async () => {
  const path = join(await Deno.makeTempDir(), "unicode.txt");
  const text = [HEADER, ...EXPORT_LINES].join("\r\n") + "\r\n";
  await Deno.writeFile(path, utf16(text).subarray(2));
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    ok(error instanceof InputFileError, String(error));
    match(error.message, /not text \(it looks like UTF-16 text without a byte-order mark\)/);
    match((error as InputFileError).hint ?? "", /CSV UTF-8/);
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
  // thousands separators the first rows cannot tell from decimal commas (no decimal point
  // shown): --decimal . offered with what it reads, not quarantine (it drops the large amounts)
  const thousands = await hint(["2", '"1,020"', '"12,345"']);
  match(
    thousands,
    /^If the commas are thousands separators \("1,020" for 1020\), pass --decimal \./,
  );
  ok(!/--on-invalid quarantine to set/.test(thousands), thousands);
  // currency symbols and codes on a few cells only (or two currencies)
  match(await hint(["2.55", "1.00", "£3.10"]), /plain numbers: no currency symbol or code/);
  match(await hint(["2.55", "1.00", "3.10 EUR"]), /plain numbers/);

  // every row bad: quarantine would set them all aside
  const all = await hint(["£2.55", "€3.10"]);
  ok(!/quarantine/.test(all), all);
  // a decimal comma among points still gets the --decimal hint
  match(await hint(["2.55", '"3,10"']), /^If the numbers use decimal commas, pass --decimal ,/);
});

Deno.test("thousands separators are read where a decimal point is shown or given, apostrophes always; negatives in parentheses or with a trailing minus", async () => {
  const prices = async (written: readonly string[], decimal?: "." | ",") => {
    const path = await csvFile(
      written.map((p, i) => `${536365 + i},85123A,HEART,6,2010-12-01 08:26:00,${p},17850,UK`),
    );
    return await withDb(async (db) => {
      await loadTransactions(db, {
        path,
        ...(decimal ? { decimal } : {}),
        progress: recordingProgress().progress,
      });
      return (await db.all<{ price: number }>(
        "SELECT price FROM raw_transactions ORDER BY row_number",
      )).map((r) => r.price);
    });
  };
  // 1,298.40 shows both separators; 2.55 shows the decimal point, so 1,020 is a thousand
  deepStrictEqual(await prices(["2.55", '"1,020"', '"12,345.50"', '"1,298.40"']), [
    2.55,
    1020,
    12345.5,
    1298.4,
  ]);
  deepStrictEqual(await prices(["2", '"1,020"'], "."), [2, 1020]);
  // negatives as accounts and SAP write them
  deepStrictEqual(await prices(["2.55", "(2.55)", "2.55-", '"(1,298.40)"']), [
    2.55,
    -2.55,
    -2.55,
    -1298.4,
  ]);
  // with decimal commas the same text is 1.02
  deepStrictEqual(await prices(["2", '"1,020"'], ","), [2, 1.02]);
  // apostrophes group thousands only (Swiss exports), the typographic one too, and negatives
  deepStrictEqual(await prices(["2.55", "1'020", "12'345.50", "1’298.40", "(1'298.40)"]), [
    2.55,
    1020,
    12345.5,
    1298.4,
    -1298.4,
  ]);
});

Deno.test("dates written as numbers, compact or with month names read as the same times", async () => {
  // 2010-12-01 09:45:00 and 2011-06-30 18:30:00 in each notation; the time is dropped where the
  // notation has none
  const written: [string, string, string][] = [
    ["%Y-%m-%dT%H:%M:%S%z", "2010-12-01T10:45:00+01:00", "2011-06-30T18:30:00Z"], // as UTC
    ["%Y-%m-%dT%H:%M:%S%z", "2010-12-01 09:45:00 UTC", "2011-06-30T18:30:00.000+0000"],
    ["%Y-%m-%d %H:%M:%S %z", "2010-12-01 04:45:00 -0500", "2011-06-30 20:30:00 +02:00"],
    ["excel-serial", "40513.40625", "40724.7708333333"], // Excel's 15 digits: to the second
    ["unix-seconds", "1291196700", "1309458600"],
    ["unix-milliseconds", "1291196700000", "1309458600000"],
    ["%d %b %Y %H:%M", "01 Dec 2010 09:45", "30 JUN 2011 18:30"],
    ["%d-%b-%y", "01-Dec-10", "30-jun-11"],
    ["%B %d, %Y %H:%M", "December 1, 2010 09:45", "June 30, 2011 18:30"],
    ["%Y%m%d", "20101201", "20110630"],
    // e-mail and HTTP dates (RFC 2822)
    [
      "%a, %d %b %Y %H:%M:%S GMT",
      "Wed, 01 Dec 2010 09:45:00 GMT",
      "Thu, 30 Jun 2011 18:30:00 GMT",
    ],
    [
      "%a, %d %b %Y %H:%M:%S %z",
      "Wed, 01 Dec 2010 10:45:00 +0100",
      "Thu, 30 Jun 2011 20:30:00 +0200",
    ],
  ];
  for (const [format, a, b] of written) {
    const path = await csvFile([
      `536365,85123A,HEART,6,${a.includes(",") ? `"${a}"` : a},2.55,17850,United Kingdom`,
      `536366,85123A,HEART,6,${b.includes(",") ? `"${b}"` : b},2.55,17850,United Kingdom`,
    ]);
    await withDb(async (db) => {
      const loaded = await loadTransactions(db, { path, progress: recordingProgress().progress });
      equal(loaded.dateFormat, format);
      const dates = await db.all<{ d: string }>(
        "SELECT CAST(invoice_date AS VARCHAR) AS d FROM raw_transactions ORDER BY row_number",
      );
      const timed = /%H|serial|unix/.test(format);
      deepStrictEqual(
        dates.map((r) => r.d),
        timed
          ? ["2010-12-01 09:45:00", "2011-06-30 18:30:00"]
          : ["2010-12-01 00:00:00", "2011-06-30 00:00:00"],
        format,
      );
      // the load says the data has times wherever the notation carries them (Unix time and
      // Excel's serials too)
      equal(loaded.hasTimeOfDay, timed, format);
    });
  }
});

Deno.test("numeric dates: --date-format names the encoding; a value outside it is a bad date", async () => {
  // five-digit numbers are Excel serials when detected; --date-format unix-seconds reads them
  // as seconds after 1970 instead (the user's word wins), and %s means the same
  const path = await csvFile([
    "536365,85123A,HEART,6,40513,2.55,17850,United Kingdom",
    "536366,85123A,HEART,6,soon,2.55,17850,United Kingdom",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    match(error.message, /line 3, column "InvoiceDate" \(5\): current value is "soon"/);
  });
  for (const dateFormat of ["unix-seconds", "%s"]) {
    await withDb(async (db) => {
      const loaded = await loadTransactions(db, {
        path,
        dateFormat,
        onInvalid: "quarantine",
        progress: recordingProgress().progress,
      });
      equal(loaded.dateFormat, "unix-seconds");
      equal(
        (await db.one<{ d: string }>(
          "SELECT CAST(invoice_date AS VARCHAR) AS d FROM raw_transactions",
        ))
          .d,
        "1970-01-01 11:15:13",
      );
    });
  }
  // numbers of mixed sizes fit no one encoding: refused with the --date-format choices
  const mixed = await csvFile([
    "536365,85123A,HEART,6,40513,2.55,17850,United Kingdom",
    "536366,85123A,HEART,6,1291196700,2.55,17850,United Kingdom",
    "536367,85123A,HEART,6,129119670000,2.55,17850,United Kingdom",
    "536368,85123A,HEART,6,7,2.55,17850,United Kingdom",
  ]);
  await withDb(async (db) => {
    const loaded = await caught(
      loadTransactions(db, { path: mixed, progress: recordingProgress().progress }),
    );
    // the sizes differ: the encoding read by most (here one each: the first) wins and the
    // others are bad dates, named with their lines
    match(loaded.message, /line 3.*"1291196700"/s);
  });
  const words = await csvFile(["536365,85123A,HEART,6,7,2.55,17850,United Kingdom"]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: words, progress: recordingProgress().progress }),
    );
    match(
      (error as InputFileError).hint ?? "",
      /The dates are numbers: pass --date-format excel-serial, --date-format unix-seconds or --date-format unix-milliseconds/,
    );
  });
});

Deno.test("a typed Parquet file: Unix milliseconds as integers, single-precision prices as typed", async () => {
  const path = join(await Deno.makeTempDir(), "typed.parquet");
  await withDb(async (db) => {
    await db.run(`COPY (SELECT * FROM (VALUES
      ('536365', '85123A', 'HEART', 6, 1291196700000::BIGINT, 0.85::FLOAT, 17850::BIGINT, 'UK'),
      ('536366', '85123A', 'HEART', 3, 1309458600000::BIGINT, 2.55::FLOAT, 0::BIGINT, 'UK'))
      AS t("Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"))
      TO '${path}' (FORMAT parquet)`);
  });
  await withDb(async (db) => {
    await loadTransactions(db, { path, progress: recordingProgress().progress });
    const rows = await db.all<{ d: string; price: number; c: string | null }>(
      `SELECT CAST(invoice_date AS VARCHAR) AS d, price, customer_id AS c
       FROM raw_transactions ORDER BY row_number`,
    );
    // 0.85 as FLOAT is 0.8500000238418579: read as the 0.85 that was typed; customer 0 is none
    deepStrictEqual(rows, [
      { d: "2010-12-01 09:45:00", price: 0.85, c: "17850" },
      { d: "2011-06-30 18:30:00", price: 2.55, c: null },
    ]);
  });
});

Deno.test("customer ids of zeros only (walk-in and guest orders) are no customer", async () => {
  const path = await csvFile([
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,0,United Kingdom",
    "536366,85123A,HEART,6,2010-12-01 08:28:00,2.55,0000,United Kingdom",
    "536367,85123A,HEART,6,2010-12-01 08:29:00,2.55,0.0,United Kingdom",
    "536368,85123A,HEART,6,2010-12-01 08:30:00,2.55,00420,United Kingdom",
    "536369,85123A,HEART,6,2010-12-01 08:31:00,2.55,10,United Kingdom",
  ]);
  await withDb(async (db) => {
    await loadTransactions(db, { path, progress: recordingProgress().progress });
    const ids = await db.all<{ c: string | null }>(
      "SELECT customer_id AS c FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(ids.map((r) => r.c), [null, null, null, "00420", "10"]);
  });
});

Deno.test("a title or Excel's sep= line above the header: left out, said, and lines still counted from the top", async () => {
  const load = async (text: string, onInvalid: "fail" | "quarantine" = "fail") => {
    const path = join(await Deno.makeTempDir(), "export.csv");
    await Deno.writeTextFile(path, text);
    return await withDb(async (db) => {
      const { progress, lines } = recordingProgress();
      const result = await loadTransactions(db, { path, progress, onInvalid }).catch((e) => e);
      const rows = result instanceof Error ? [] : await db.all<{ invoice: string }>(
        "SELECT invoice FROM raw_transactions ORDER BY row_number",
      );
      return { result, lines, rows: rows.map((r) => r.invoice) };
    });
  };
  const row = (invoice: number, quantity = "6") =>
    `${invoice},85123A,HEART,${quantity},2010-12-01 08:26:00,2.55,17850,United Kingdom`;
  const titled = await load(
    `Orders export generated 2012-01-01\n\n${HEADER}\n${row(1)}\n${row(2)}\n`,
  );
  deepStrictEqual(titled.rows, ["1", "2"]);
  ok(
    titled.lines.some((l) =>
      l.includes(
        `export.csv: lines 1-2 above the table's header ("Orders export generated 2012-01-01") left out`,
      )
    ),
    titled.lines.join("\n"),
  );
  // Excel's sep= line names the delimiter
  const sep = await load(`sep=;\n${HEADER.replaceAll(",", ";")}\n${row(1).replaceAll(",", ";")}\n`);
  deepStrictEqual(sep.rows, ["1"]);
  ok(sep.lines.some((l) => l.includes(`line 1 "sep=;" (Excel's delimiter line) left out`)));
  // a bad value and a ragged line are named by their line in the file, title lines included
  const bad = await load(`Orders\n\n${HEADER}\n${row(1)}\n${row(2, "six")}\n`);
  match(String(bad.result), /line 5, column "Quantity" \(4\): current value is "six"/);
  const ragged = await load(
    `Orders\n\n${HEADER}\n${row(1)}\n${row(2)},extra\n${row(3)}\n${row(4)}\n${row(5)}\n${row(6)}\n`,
  );
  match(String(ragged.result), /at line 5: expected 8 fields as in the header, found 9/);
  // one title line without a table below it in the first lines: line 1 stays the header
  const plain = await load(`Orders\n${row(1)}\n`);
  ok(plain.result instanceof Error && !/left out/.test(plain.lines.join("\n")));
});

Deno.test("a workbook with a title and notes above the table: read from its header, the rows left out said", async () => {
  const path = join(await Deno.makeTempDir(), "titled.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Orders");
  ws.addRow(["Online shop order export"]);
  ws.addRow(["Generated on", "2012-01-01"]);
  ws.addRow([]);
  ws.addRow(RETAIL_II_HEADER as string[]);
  const when = new Date(Date.UTC(2010, 11, 1, 8, 26));
  ws.addRow(["536365", "85123A", "HEART", 6, when, 2.55, 17850, "UK"]);
  ws.addRow(["536366", "85123A", "HEART", "six", when, 2.55, 17850, "UK"]);
  await wb.xlsx.writeFile(path);
  await withDb(async (db) => {
    const { progress, lines } = recordingProgress();
    const error = await caught(loadTransactions(db, { path, cache: false, progress }));
    // the bad cell is named by its row in the sheet
    match(error.message, /line 6, column "Quantity" \(4\): current value is "six"/);
    ok(
      lines.some((l) =>
        l.includes(
          'sheet "Orders": rows 1-2 above the table\'s header left out ("Online shop order export")',
        )
      ),
      lines.join("\n"),
    );
    const loaded = await loadTransactions(db, {
      path,
      cache: false,
      onInvalid: "quarantine",
      progress: recordingProgress().progress,
    });
    equal(loaded.schema, "online_retail_ii");
    deepStrictEqual(
      await db.all("SELECT invoice, quantity, customer_id FROM raw_transactions"),
      [{ invoice: "536365", quantity: 6, customer_id: "17850" }],
    );
  });
});

Deno.test("a total or footer line at the end: the hint says what it looks like", async () => {
  const hint = async (tail: readonly string[], rows = 6) => {
    const lines = Array.from(
      { length: rows },
      (_, i) => `${536365 + i},85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom`,
    );
    const path = await csvFile([...lines, ...tail]);
    return await withDb(async (db) => {
      const error = await caught(
        loadTransactions(db, { path, progress: recordingProgress().progress }),
      );
      return (error as { hint?: string }).hint ?? "";
    });
  };
  equal(
    await hint(["Total,,,36,,15.30,,"]),
    'The last line looks like a total or footer, not a transaction ("Total"): delete it from the file, or pass --on-invalid quarantine to set it aside (counted in the cleaning ledger)',
  );
  match(await hint([",,,,,,,", ",,Total,,,15.30,,"]), /^The last 2 lines look like a total/);
  // a bad row in the middle is no footer
  const middle = await hint([
    "536999,85123A,HEART,6,,2.55,17850,United Kingdom",
    "537000,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    "537001,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    "537002,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
  ]);
  ok(!/footer/.test(middle), middle);
});

Deno.test("money cells with one currency mark are read without it; another currency is a bad value", async () => {
  const load = async (prices: readonly string[]) => {
    const path = await csvFile(
      prices.map((p, i) =>
        `${536365 + i},85123A,HEART,6,2010-12-01 08:26:00,${
          p.includes(",") ? `"${p}"` : p
        },17850,United Kingdom`
      ),
    );
    return await withDb(async (db) => {
      const loaded = await loadTransactions(db, { path, progress: recordingProgress().progress })
        .catch((e) => e as Error);
      if (loaded instanceof Error) return { error: loaded };
      const rows = await db.all<{ price: number }>(
        "SELECT price FROM raw_transactions ORDER BY row_number",
      );
      return { currency: loaded.currency, prices: rows.map((r) => r.price) };
    });
  };
  deepStrictEqual(await load(["£2.55", "-£1.20", "£ 1,298.40", "3"]), {
    currency: "£",
    prices: [2.55, -1.2, 1298.4, 3],
  });
  deepStrictEqual(await load(["2.55 EUR", "10 EUR"]), { currency: "EUR", prices: [2.55, 10] });
  // the symbol after the number, decimal commas and grouped digits (French and German exports)
  deepStrictEqual(await load(["12,50 €", "1 234,00 €", "-3,20€", "1\u202f000,5 €"]), {
    currency: "€",
    prices: [12.5, 1234, -3.2, 1000.5],
  });
  deepStrictEqual(await load(["1 234,00 EUR", "2,55 EUR"]), {
    currency: "EUR",
    prices: [1234, 2.55],
  });
  // plain numbers: no currency
  deepStrictEqual(await load(["2.55", "10"]), { currency: undefined, prices: [2.55, 10] });
  // the first rows are in pounds, a later one in euros: that row is refused, never added up
  const mixed = await load([...Array.from({ length: 1200 }, () => "£2.55"), "€4.00"]);
  match(String(mixed.error), /1 row has invalid values/);
  match(String(mixed.error), /line 1202, column "Price" \(6\): current value is "€4.00"/);
  match(
    (mixed.error as { hint?: string }).hint ?? "",
    /^The money columns are read in £ \(the first rows' currency\): values in another currency are not added/,
  );
});

Deno.test("ids Excel rounded to scientific notation are refused: customers would merge", async () => {
  const path = await csvFile([
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,1.23457E+11,United Kingdom",
    "536366,85123A,HEART,6,2010-12-01 08:28:00,2.55,1.23457E+11,United Kingdom",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, progress: recordingProgress().progress }),
    );
    match(
      error.message,
      /the customer ids of column "Customer ID" are written in scientific notation \("1\.23457E\+11" at line 2\): Excel rounded them/,
    );
    match((error as { hint?: string }).hint ?? "", /as text/);
  });
});

Deno.test("a workbook in the 1904 date system: date cells and unformatted serials read the same day", async () => {
  const path = join(await Deno.makeTempDir(), "mac.xlsx");
  const wb = new ExcelJS.Workbook();
  (wb.properties as { date1904?: boolean }).date1904 = true;
  const ws = wb.addWorksheet("Orders");
  ws.addRow(RETAIL_II_HEADER as string[]);
  // 2010-12-01 09:45 is serial 40513.40625 from 1900, 39051.40625 from 1904
  ws.addRow(["536365", "85123A", "HEART", 6, 39051.40625, 2.55, 17850, "UK"]);
  ws.addRow(["536366", "85123A", "HEART", 6, 39052.5, 2.55, 17850, "UK"]);
  await wb.xlsx.writeFile(path);
  const dated = join(await Deno.makeTempDir(), "mac_dates.xlsx");
  ws.getCell("E2").value = new Date(Date.UTC(2010, 11, 1, 9, 45));
  ws.getCell("E3").value = new Date(Date.UTC(2010, 11, 2, 12, 0));
  await wb.xlsx.writeFile(dated);
  for (const [file, format] of [[path, "excel-serial-1904"], [dated, "native"]] as const) {
    await withDb(async (db) => {
      const loaded = await loadTransactions(db, {
        path: file,
        cache: false,
        progress: recordingProgress().progress,
      });
      if (format !== "native") equal(loaded.dateFormat, format);
      deepStrictEqual(
        (await db.all<{ d: string }>(
          "SELECT CAST(invoice_date AS VARCHAR) AS d FROM raw_transactions ORDER BY row_number",
        )).map((r) => r.d),
        ["2010-12-01 09:45:00", "2010-12-02 12:00:00"],
        file,
      );
    });
  }
});

Deno.test("a currency column: one currency is the report's, two are refused at the first line of the second, --map currency=none reads the amounts as one", async () => {
  const write = async (header: string, currencies: readonly string[]) => {
    const path = join(await Deno.makeTempDir(), "export.csv");
    const lines = currencies.map((c, i) =>
      `${536365 + i},85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom,${c}`
    );
    await Deno.writeTextFile(path, [`${HEADER},${header}`, ...lines].join("\n") + "\n");
    return path;
  };
  const load = (path: string, map?: string) =>
    withDb(async (db) => {
      const loaded = await loadTransactions(db, {
        path,
        cache: false,
        progress: recordingProgress().progress,
        ...(map === undefined ? {} : { map: parseMapping(map) }),
      }).catch((e) => e as Error);
      return loaded instanceof Error
        ? loaded
        : { currency: loaded.currency, map: loaded.columnMap };
    });
  // one currency (upper-cased; a line without one is the order's, Shopify writes it once)
  const one = await load(await write("Currency", ["gbp", "", "GBP"]));
  ok(!(one instanceof Error), String(one));
  equal(one.currency, "GBP");
  equal(one.map.currency, "Currency");
  // the column's name in French is recognised too
  equal(
    ((await load(await write("Devise", ["EUR", "EUR"]))) as { currency: string }).currency,
    "EUR",
  );
  // two currencies: refused, the second one's first line named
  const path = await write("Currency", ["EUR", "EUR", "GBP", "EUR", "USD"]);
  const mixed = await load(path);
  ok(mixed instanceof CsvParseError, String(mixed));
  equal(
    mixed.message,
    `Cannot load transactions from "${path}": column "Currency" names 3 currencies (EUR on 3 lines, GBP on 1 line, USD on 1 line), and amounts in different currencies cannot be added up; the first GBP line is line 4`,
  );
  deepStrictEqual(
    [mixed.location?.line, mixed.location?.column, mixed.location?.value],
    [4, "Currency", "GBP"],
  );
  match(mixed.hint ?? "", /--map currency=none$/);
  // the user says the amounts are in one currency: read, no currency taken from the column
  const none = await load(path, "currency=none");
  ok(!(none instanceof Error), String(none));
  equal(none.currency, undefined);
});

Deno.test("exports joined into one file: the lines that repeat the header are set aside by themselves, named in a progress line", async () => {
  const path = await csvFile([
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    HEADER,
    "536366,85123A,HEART,6,2010-12-01 08:28:00,2.55,17850,United Kingdom",
    ` ${HEADER.toUpperCase()}`,
    "536367,22633,WARMER,1,2010-12-01 08:34:00,1.85,13047,United Kingdom",
  ]);
  const rejects = join(await Deno.makeTempDir(), "rejects.csv");
  await withDb(async (db) => {
    const { progress, lines } = recordingProgress();
    const r = await loadTransactions(db, { path, cache: false, progress, rejectsPath: rejects });
    deepStrictEqual([r.rowsRead, r.rowsLoaded, r.rowsRejected], [5, 3, 2]);
    ok(
      lines.some((l) => /lines 3 and 5 repeat the header \(exports joined into one file\)/.test(l)),
      lines.join("\n"),
    );
    match(await Deno.readTextFile(rejects), /Quantity/);
  });
  // one header line among a real bad value: the load stops as before, naming both
  const mixed = await csvFile([
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    HEADER,
    "536366,85123A,HEART,6,2010-12-01 08:28:00,abc,17850,United Kingdom",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: mixed, cache: false, progress: recordingProgress().progress }),
    );
    match(error.message, /2 rows have invalid values/);
  });
});

Deno.test("an order's invoice and date on its first line only (a report layout): the hint says so and names --fill-down, which reads it", async () => {
  const path = await csvFile([
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    ",71053,LANTERN,6,,3.39,,",
    ",84406B,CREAM CUPID,8,,2.75,,",
    "536366,22633,WARMER,1,2010-12-01 08:34:00,1.85,13047,United Kingdom",
    ",22632,HAND WARMER,6,,1.85,,",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, cache: false, progress: recordingProgress().progress }),
    );
    match(error.message, /3 rows have invalid values/);
    equal(
      (error as { hint?: string }).hint,
      'Lines 3, 4 and 6 have only some of the fields, each below lines that have them: the file writes an order\'s own fields ("Invoice", "InvoiceDate") on its first line only. Pass --fill-down to read each such line as a line of the order above (its blank invoice, date, customer and country taken from the nearest line above that has an invoice), or export one line per item with every field filled in',
    );
    // --fill-down reads them as lines of the order above
    const r = await loadTransactions(db, {
      path,
      cache: false,
      fillDown: true,
      progress: recordingProgress().progress,
    });
    equal(r.filledDown, 3);
    deepStrictEqual(
      await db.all(
        `SELECT invoice, strftime(invoice_date, '%H:%M') AS t, customer_id, country, stock_code
         FROM raw_transactions ORDER BY row_number`,
      ),
      [
        ["536365", "08:26", "17850", "United Kingdom", "85123A"],
        ["536365", "08:26", "17850", "United Kingdom", "71053"],
        ["536365", "08:26", "17850", "United Kingdom", "84406B"],
        ["536366", "08:34", "13047", "United Kingdom", "22633"],
        ["536366", "08:34", "13047", "United Kingdom", "22632"],
      ].map(([invoice, t, customer_id, country, stock_code]) => ({
        invoice,
        t,
        customer_id,
        country,
        stock_code,
      })),
    );
  });
});

Deno.test("--fill-down fills blank cells only: a line's own date, customer and country stay; a date that does not read is still a bad value; lines above the first invoice keep their gaps", async () => {
  const path = await csvFile([
    ",71053,LANTERN,6,,3.39,,", // 2: above the first invoice: nothing to take
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
    ",84406B,CREAM CUPID,8,2010-12-02 09:00:00,2.75,12583,France", // 4: its own fields stay
    ",22632,HAND WARMER,6,not a date,1.85,,", // 5: a bad date, not a blank one
  ]);
  await withDb(async (db) => {
    const error = await caught(loadTransactions(db, {
      path,
      cache: false,
      fillDown: true,
      progress: recordingProgress().progress,
    }));
    ok(error instanceof CsvParseError, String(error));
    match(error.message, /2 rows have invalid values/);
    match(error.message, /line 2, column "Invoice" \(1\).*a value is required/);
    match(error.message, /line 5, column "InvoiceDate" \(5\): current value is "not a date"/);
    const r = await loadTransactions(db, {
      path,
      cache: false,
      fillDown: true,
      onInvalid: "quarantine",
      progress: recordingProgress().progress,
    });
    equal(r.rowsLoaded, 2);
    deepStrictEqual(
      await db.all(
        `SELECT invoice, strftime(invoice_date, '%Y-%m-%d %H:%M') AS t, customer_id, country
         FROM raw_transactions ORDER BY row_number`,
      ),
      [
        {
          invoice: "536365",
          t: "2010-12-01 08:26",
          customer_id: "17850",
          country: "United Kingdom",
        },
        { invoice: "536365", t: "2010-12-02 09:00", customer_id: "12583", country: "France" },
      ],
    );
  });
});

Deno.test("--fill-down needs an invoice column to know where an order starts", async () => {
  const path = join(await Deno.makeTempDir(), "no_invoice.csv");
  await Deno.writeTextFile(
    path,
    "Customer ID,InvoiceDate,Description,Quantity,Price\nc1,2011-01-01 10:00:00,Mug,1,2.5\n",
  );
  await withDb(async (db) => {
    const error = await caught(loadTransactions(db, {
      path,
      map: { invoice: "none" },
      fillDown: true,
      progress: recordingProgress().progress,
    }));
    ok(error instanceof OptionError, String(error));
    match(error.message, /--fill-down fills lines in from the line above that has an invoice/);
  });
});

/** A point-of-sale export: the date and the time of day in columns of their own. */
async function posFile(
  rows: readonly string[],
  header = "Date,Time,Order ID,Customer ID,Item,Qty,Price",
): Promise<string> {
  const path = join(await Deno.makeTempDir(), "pos.csv");
  await Deno.writeTextFile(path, [header, ...rows].join("\n") + "\n");
  return path;
}

const POS_MAP = parseMapping(
  'invoice="Order ID",invoice_date="Date",quantity="Qty",description="Item"',
);

Deno.test("a date and a time of day in columns of their own: each line's timestamp is its date at its time (24-hour, seconds or not, 12-hour with AM/PM)", async () => {
  const path = await posFile([
    "2023-03-01,09:05,A1,C1,Tea,1,2.50",
    "2023-03-01,14:30:15,A2,C2,Cake,2,3.00",
    "2023-03-02,2:05 PM,A3,C1,Tea,1,2.50",
    "2023-03-02,12:30 am,A4,C3,Tea,1,2.50",
    "2023-03-03, 7:45:30 AM ,A5,C2,Cake,1,3.00",
  ]);
  await withDb(async (db) => {
    const { progress, lines } = recordingProgress();
    const r = await loadTransactions(db, { path, map: POS_MAP, progress });
    equal(r.columnMap.invoice_time, "Time");
    equal(r.hasTimeOfDay, true);
    ok(lines.some((l) => /times of day from column "Time", dates from column "Date"/.test(l)));
    deepStrictEqual(
      (await db.all<{ t: string }>(
        "SELECT strftime(invoice_date, '%Y-%m-%d %H:%M:%S') AS t FROM raw_transactions ORDER BY row_number",
      )).map((x) => x.t),
      [
        "2023-03-01 09:05:00",
        "2023-03-01 14:30:15",
        "2023-03-02 14:05:00",
        "2023-03-02 00:30:00",
        "2023-03-03 07:45:30",
      ],
    );
    // the time column is read into the date, not kept beside it
    ok(
      !(await db.all<{ n: string }>("SELECT column_name AS n FROM (DESCRIBE raw_transactions)"))
        .some((c) => c.n === "invoice_time"),
    );
  });
});

Deno.test("a time of day that does not read is a bad cell of the time column, on its line; an empty one is a missing value", async () => {
  const path = await posFile([
    "2023-03-01,09:05,A1,C1,Tea,1,2.50",
    "2023-03-01,25:61,A2,C2,Cake,2,3.00",
    "2023-03-02,,A3,C1,Tea,1,2.50",
  ]);
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path, map: POS_MAP, progress: recordingProgress().progress }),
    );
    ok(error instanceof CsvParseError, String(error));
    match(
      error.message,
      /Cannot parse invoice time in .* at line 3, column "Time" \(2\): current value is "25:61": not a time of day/,
    );
    match(error.message, /line 4, column "Time" \(2\).*a value is required/);
    doesNotMatch(error.message, /invoice date/);
  });
});

Deno.test("a time column beside dates that have their own times is left out (said), and refused when mapped by hand", async () => {
  const path = await posFile([
    "2023-03-01 09:05,09:05,A1,C1,Tea,1,2.50",
    "2023-03-01 14:30,23:59,A2,C2,Cake,2,3.00",
  ]);
  await withDb(async (db) => {
    const { progress, lines } = recordingProgress();
    const r = await loadTransactions(db, { path, map: POS_MAP, progress });
    equal(r.columnMap.invoice_time, null);
    ok(
      lines.some((l) =>
        /column "Time" left out: the dates of column "Date" have their times/.test(l)
      ),
    );
    deepStrictEqual(
      (await db.all<{ t: string }>(
        "SELECT strftime(invoice_date, '%H:%M') AS t FROM raw_transactions ORDER BY row_number",
      )).map((x) => x.t),
      ["09:05", "14:30"],
    );
    const error = await caught(loadTransactions(db, {
      path,
      map: { ...POS_MAP, invoice_time: "Time" },
      progress: recordingProgress().progress,
    }));
    match(
      error.message,
      /adds a time of day to dates that have their own \(column "Date": "2023-03-01 09:05"\)/,
    );
  });
});

Deno.test("a workbook's date cells and time cells (fractions of a day) in columns of their own", async () => {
  const path = join(await Deno.makeTempDir(), "pos.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sales");
  ws.addRow(["Date", "Time", "Order ID", "Customer ID", "Item", "Qty", "Price"]);
  for (const [day, hours, order] of [[1, 9 + 5 / 60, "A1"], [2, 14.5, "A2"]] as const) {
    const row = ws.addRow([
      new Date(Date.UTC(2023, 2, day)),
      hours / 24,
      order,
      "C1",
      "Tea",
      1,
      2.5,
    ]);
    row.getCell(1).numFmt = "yyyy-mm-dd";
    row.getCell(2).numFmt = day === 1 ? "hh:mm" : "h:mm AM/PM";
  }
  await wb.xlsx.writeFile(path);
  await withDb(async (db) => {
    await loadTransactions(db, { path, map: POS_MAP, progress: recordingProgress().progress });
    deepStrictEqual(
      (await db.all<{ t: string }>(
        "SELECT strftime(invoice_date, '%Y-%m-%d %H:%M') AS t FROM raw_transactions ORDER BY row_number",
      )).map((x) => x.t),
      ["2023-03-01 09:05", "2023-03-02 14:30"],
    );
  });
});

Deno.test("--fill-down with a time of day of its own: a line below its order takes the order's date and time", async () => {
  const path = await posFile([
    "2023-03-01,09:05,A1,C1,Tea,1,2.50",
    ",,,,Cake,2,3.00",
    "2023-03-02,2:05 PM,A2,C2,Tea,1,2.50",
    ",,,,Cake,1,3.00",
  ]);
  await withDb(async (db) => {
    const r = await loadTransactions(db, {
      path,
      map: POS_MAP,
      fillDown: true,
      progress: recordingProgress().progress,
    });
    equal(r.filledDown, 2);
    deepStrictEqual(
      await db.all(
        "SELECT invoice, strftime(invoice_date, '%Y-%m-%d %H:%M') AS t, customer_id, description FROM raw_transactions ORDER BY row_number",
      ),
      [
        { invoice: "A1", t: "2023-03-01 09:05", customer_id: "C1", description: "Tea" },
        { invoice: "A1", t: "2023-03-01 09:05", customer_id: "C1", description: "Cake" },
        { invoice: "A2", t: "2023-03-02 14:05", customer_id: "C2", description: "Tea" },
        { invoice: "A2", t: "2023-03-02 14:05", customer_id: "C2", description: "Cake" },
      ],
    );
  });
});

Deno.test("a header that repeats a name: unused columns are read apart (Notes, notes (2)) and left out; a repeated name a field reads is refused", async () => {
  const dir = await Deno.makeTempDir();
  const lines = [
    "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom,a,b",
    "536366,22633,WARMER,1,2010-12-01 08:34:00,1.85,13047,United Kingdom,,c",
  ];
  const unused = join(dir, "notes.csv");
  await Deno.writeTextFile(unused, [`${HEADER},Notes,notes`, ...lines].join("\n") + "\n");
  await withDb(async (db) => {
    const r = await loadTransactions(db, { path: unused, progress: recordingProgress().progress });
    equal(r.rowsLoaded, 2);
    deepStrictEqual(
      (await db.all<{ p: number }>("SELECT price AS p FROM raw_transactions ORDER BY row_number"))
        .map((x) => x.p),
      [2.55, 1.85],
    );
  });
  const used = join(dir, "prices.csv");
  await Deno.writeTextFile(used, [`${HEADER},Notes,price`, ...lines].join("\n") + "\n");
  await withDb(async (db) => {
    const error = await caught(
      loadTransactions(db, { path: used, progress: recordingProgress().progress }),
    );
    ok(error instanceof SchemaError, String(error));
    match(error.message, /column name "Price" appears more than once/);
  });
});
