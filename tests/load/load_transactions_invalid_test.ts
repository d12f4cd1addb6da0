/**
 * Invalid values at load: `fail` lists the first offending lines and the total, `quarantine`
 * writes a rejects file and the cleaning ledger counts the rows; both on a hand-made fixture
 * and on a generated file large enough that DuckDB reads it in parallel.
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { cleanTransactions } from "../../lib/clean/mod.ts";
import { CsvParseError } from "../../lib/errors.ts";
import { loadTransactions, parseMapping } from "../../lib/load/mod.ts";
import { caught, fixture, recordingProgress, withDb } from "./_helpers.ts";

const quiet = () => recordingProgress().progress;

Deno.test("loadTransactions() with onInvalid fail shows the first five bad cells and counts every bad row", async () => {
  await withDb(async (db) => {
    const path = fixture("many_bad.csv");
    const error = await caught(loadTransactions(db, { path, progress: quiet() }));
    ok(error instanceof CsvParseError, String(error));
    equal(error.count, 7); // lines 3, 4, 6, 7, 8, 10, 11
    // the first five bad rows (line 8 has two bad cells), in file order
    deepStrictEqual(error.issues.map((i) => [i.line, i.column, i.value, i.rule]), [
      [3, "Price", "1.234,50", "invalid-number"],
      [4, "InvoiceDate", "13/1/2010 8:34", "invalid-date"],
      [6, "Quantity", "abc", "invalid-number"],
      [7, "InvoiceDate", "2/30/2011 8:45", "invalid-date"],
      [8, "InvoiceDate", "tomorrow", "invalid-date"],
      [8, "Price", "12 €", "invalid-number"],
    ]);
    const lines = error.message.split("\n");
    equal(lines[0], `Cannot load transactions from "${path}": 7 rows have invalid values`);
    equal(lines.length, 6); // the summary and five cells
    match(
      lines[2]!,
      /at line 4, column "InvoiceDate" \(5\): current value is "13\/1\/2010 8:34": not a date in the format "%m\/%d\/%Y %H:%M"/,
    );
    // numbers (one with a decimal comma, one with a currency sign) and dates are wrong here, so
    // the hint speaks of each, naming the command-line flags
    equal(
      error.hint,
      "If the numbers use decimal commas, pass --decimal ,; else write them with a dot for " +
        "decimals and no thousands separator; " +
        "write the number columns as plain numbers: no currency symbol or code (one currency on " +
        "most of the first rows' cells is read); " +
        'pass --date-format (e.g. --date-format "%d/%m/%Y %H:%M") if the dates use another format; ' +
        "or pass --on-invalid quarantine to set these rows aside",
    );
  });
});

Deno.test("loadTransactions() quarantines every bad row, and the cleaning ledger accounts for them", async () => {
  await withDb(async (db) => {
    const rejectsPath = join(await Deno.makeTempDir(), "rejects.csv");
    const load = await loadTransactions(db, {
      path: fixture("many_bad.csv"),
      onInvalid: "quarantine",
      rejectsPath,
      progress: quiet(),
    });
    deepStrictEqual([load.rowsRead, load.rowsLoaded, load.rowsRejected], [10, 3, 7]);
    const rejects = (await Deno.readTextFile(rejectsPath)).trimEnd().split("\n");
    equal(rejects.length, 8);
    equal(
      rejects[5],
      "536371,22750,G,8,tomorrow,12 €,12583,France,8,InvoiceDate; Price,tomorrow; 12 €,invalid-date; invalid-number",
    );
    equal(
      rejects[6],
      "536373,22752,I,,12/2/2010 9:01,,12583,France,10,Quantity; Price,; ,missing-value; missing-value",
    );
    const clean = await cleanTransactions(db, {
      preset: "classic",
      rowsRead: load.rowsRead,
      rowsRejected: load.rowsRejected,
    });
    deepStrictEqual(clean.ledger[0], {
      step: 0,
      rule: "load",
      description: "rows read from the file; unparseable rows quarantined",
      rowsIn: 10,
      rowsRemoved: 7,
      rowsChanged: 0,
      rowsOut: 3,
    });
    equal(clean.rowsRaw, 10);
    const removed = clean.ledger.reduce((sum, s) => sum + s.rowsRemoved, 0);
    equal(clean.rowsClean + removed, 10);
    deepStrictEqual(
      (await db.all<{ r: number }>("SELECT row_number AS r FROM clean_transactions")).map((x) =>
        x.r
      ),
      [1, 4, 8],
    );
  });
});

Deno.test("loadTransactions() finds the source values of bad rows spread over a file read in parallel", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "big.csv");
  const n = 300_000;
  const bad = new Map<number, [string, string]>([
    [7, ["Quantity", "seven"]],
    [123_456, ["Price", "1,25"]],
    [200_001, ["InvoiceDate", "2011-02-30 10:00:00"]],
    [299_999, ["Quantity", ""]],
  ]);
  const parts = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"];
  for (let row = 1; row <= n; row++) {
    const b = bad.get(row);
    const qty = b?.[0] === "Quantity" ? b[1] : String(row % 7 + 1);
    const date = b?.[0] === "InvoiceDate" ? b[1] : "2011-01-01 10:00:00";
    const price = b?.[0] === "Price" ? `"${b[1]}"` : "2.5";
    parts.push(
      `${500000 + row},A${row % 97},"item, ${row}",${qty},${date},${price},${row % 500},UK\n`,
    );
  }
  await Deno.writeTextFile(path, parts.join(""));
  try {
    await withDb(async (db) => {
      const rejectsPath = join(dir, "rejects.csv");
      const r = await loadTransactions(db, {
        path,
        onInvalid: "quarantine",
        rejectsPath,
        progress: quiet(),
      });
      deepStrictEqual([r.rowsRead, r.rowsLoaded, r.rowsRejected], [n, n - 4, 4]);
      deepStrictEqual(
        r.issues.map((i) => [i.line, i.column, i.value]),
        [...bad].map(([row, [column, value]]) => [row + 1, column, value]),
      );
      const rows = (await Deno.readTextFile(rejectsPath)).trimEnd().split("\n").slice(1);
      deepStrictEqual(
        rows.map((line) => line.split(",")[0]),
        [...bad.keys()].map((row) => String(500000 + row)),
      );
      // the kept rows keep their file row numbers
      const { gaps } = await db.one<{ gaps: number }>(
        `SELECT count(*) FILTER (WHERE row_number IN (7, 123456, 200001, 299999)) AS gaps FROM raw_transactions`,
      );
      equal(gaps, 0);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadTransactions() takes a mapping from a JSON file, as from --map", async () => {
  await withDb(async (db) => {
    const map = parseMapping(await Deno.readTextFile(fixture("custom_schema.map.json")));
    const r = await loadTransactions(db, {
      path: fixture("custom_schema.csv"),
      map,
      progress: quiet(),
    });
    deepStrictEqual([r.schema, r.rowsLoaded, r.columnMap.customer_id, r.columnMap.country], [
      "mapped",
      3,
      "Customer Name",
      "Market",
    ]);
    const { total } = await db.one<{ total: number }>(
      "SELECT round(sum(line_total), 2) AS total FROM raw_transactions",
    );
    equal(total, 189.98); // 2*19.99 + 1*120 + 4*7.50
  });
});
