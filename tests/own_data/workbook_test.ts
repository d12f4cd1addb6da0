import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { loadTransactions } from "../../lib/load/mod.ts";
import { openDb } from "../../lib/db/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { expected, generateLines } from "./_generate.ts";
import { readTables, writeWorkbook } from "./_fixtures.ts";
import { assertTables, runMain } from "./_run.ts";
import { type Cell, writeXlsx } from "./_xlsx.ts";
import { UCI_HEADER } from "./_fixtures.ts";
import type { Line } from "./_generate.ts";

// A workbook split by year across two sheets, as the full Online Retail II file is, plus a
// notes sheet that is not data.
const LINES = generateLines({
  seed: 47,
  customers: 70,
  maxOrders: 6,
  maxLines: 3,
  start: new Date("2009-12-01T00:00:00Z"),
  days: 730,
  withTime: true,
  ids: "uci",
});
const SPLIT = new Date("2010-12-01T00:00:00Z").getTime();
const FIRST = LINES.filter((l) => l.date.getTime() < SPLIT);
const SECOND = LINES.filter((l) => l.date.getTime() >= SPLIT);
const NOTES = [["About this file"], ["Exported from the shop system"]];

async function workbook(): Promise<string> {
  const path = join(await Deno.makeTempDir(), "online_retail_II.xlsx");
  await writeWorkbook(path, [
    { name: "Year 2009-2010", lines: FIRST },
    { name: "Year 2010-2011", lines: SECOND },
  ], [{ name: "Notes", rows: NOTES }]);
  return path;
}

Deno.test("own data: every sheet of a workbook split by year is read and counted per sheet in the ledger", async () => {
  const data = await workbook();
  const out = join(await Deno.makeTempDir(), "out");
  const run = await runMain(["--data", data, "--out", out]);
  equal(run.code, 0, run.error?.message);
  const tables = await readTables(out);
  assertTables(tables, expected(LINES), "two sheets");
  deepStrictEqual(
    tables.ledger.filter((r) => r.step === "0").map((r) => [r.rule, r.rows_in, r.rows_out]),
    [
      ["load", String(LINES.length), String(LINES.length)],
      ["sheet:Year 2009-2010", String(FIRST.length), String(FIRST.length)],
      ["sheet:Year 2010-2011", String(SECOND.length), String(SECOND.length)],
    ],
  );
  ok(
    run.lines.some((l) => /sheet "Notes" skipped: its columns differ/.test(l)),
    run.lines.join("\n"),
  );

  // --sheet reads one sheet: the second year alone
  const one = join(await Deno.makeTempDir(), "out");
  const second = await runMain(["--data", data, "--out", one, "--sheet", "Year 2010-2011"]);
  equal(second.code, 0, second.error?.message);
  assertTables(await readTables(one), expected(SECOND), "--sheet");
  // a sheet that does not exist is named with the sheets there are
  const none = await runMain(["--data", data, "--out", one, "--sheet", "2012"]);
  equal(none.code, 2);
  equal(
    none.error!.message,
    `Cannot read options: --sheet names no sheet of "${data}": current value is "2012"; the sheets are "Year 2009-2010", "Year 2010-2011", "Notes"`,
  );
});

Deno.test("loadTransactions() lists every sheet of a workbook with its rows, and names the sheet of a bad cell", async () => {
  const data = await workbook();
  const db = await openDb({ threads: 1 });
  try {
    const r = await loadTransactions(db, {
      path: data,
      progress: createProgress({ write: () => {} }),
    });
    deepStrictEqual(r.sheets, [
      { name: "Year 2009-2010", rows: FIRST.length, read: true, rowsRejected: 0 },
      { name: "Year 2010-2011", rows: SECOND.length, read: true, rowsRejected: 0 },
      {
        name: "Notes",
        rows: 1,
        read: false,
        reason: 'its columns differ from sheet "Year 2009-2010"',
        rowsRejected: 0,
      },
    ]);
    equal(r.rowsLoaded, LINES.length);
    equal(r.hasTimeOfDay, true);
  } finally {
    db.close();
  }
});

function sheetRows(lines: readonly Line[]): Cell[][] {
  return [
    [...UCI_HEADER],
    ...lines.map((l): Cell[] => [
      Number(l.order),
      l.product,
      l.description,
      l.quantity,
      l.date,
      l.unitCents / 100,
      Number(l.customer),
      l.country,
    ]),
  ];
}

Deno.test("loadTransactions() streams every sheet of an Excel-ordered workbook (no fallback) with dates and sheet names", async () => {
  const path = join(await Deno.makeTempDir(), "excel_like.xlsx");
  await writeXlsx(path, [
    { name: "Year 2009-2010", rows: sheetRows(FIRST) },
    { name: "Notes", rows: NOTES },
    { name: "Year 2010-2011", rows: sheetRows(SECOND) },
  ]);
  const lines: string[] = [];
  const db = await openDb({ threads: 1 });
  try {
    const r = await loadTransactions(db, {
      path,
      progress: createProgress({ write: (l) => lines.push(l) }),
    });
    ok(!lines.some((l) => /streaming reader failed/.test(l)), lines.join("\n"));
    deepStrictEqual(r.sheets?.map((s) => [s.name, s.rows, s.read]), [
      ["Year 2009-2010", FIRST.length, true],
      ["Notes", 1, false],
      ["Year 2010-2011", SECOND.length, true],
    ]);
    const got = await db.all<{ invoice: string; invoice_date: Date; line_total: number }>(
      "SELECT invoice, invoice_date, line_total FROM raw_transactions ORDER BY row_number",
    );
    deepStrictEqual(
      got.map((g) => [g.invoice, g.invoice_date.toISOString(), Math.round(g.line_total * 100)]),
      [...FIRST, ...SECOND].map((l) => [l.order, l.date.toISOString(), l.amountCents]),
    );
  } finally {
    db.close();
  }
});
