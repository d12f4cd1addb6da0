import { equal, ok, rejects } from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { openDb } from "@crm/db/mod.ts";
import { CsvParseError, InputFileError } from "@crm/errors.ts";
import { customerSummaryColumns, readCdnowMaster, readCdnowSample } from "@crm/summary/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";
import { cdnowSampleDb } from "./_helpers.ts";

const hasSample = hasSharedData("CDNOW_sample.txt") &&
  hasSharedData("cdnow_customers_summary.csv") &&
  hasSharedData("cdnow_customers_summary_with_transactions.csv");
const hasMaster = hasSharedData("CDNOW_master.txt");

Deno.test({
  name:
    "customerSummaryColumns() on CDNOW_sample reproduces cdnow_customers_summary.csv (day periods, weeks, as of 1997-09-30)",
  ignore: !hasSample,
  async fn() {
    const db = await openDb({ threads: 1 });
    const loaded = await readCdnowSample(db, sharedDataPath("CDNOW_sample.txt"));
    equal(loaded.rows, 6919);
    equal(loaded.customers, 2357);
    const s = await customerSummaryColumns(db, {
      table: "cdnow_transactions",
      periodUnit: "day",
      timeUnit: "week",
      asOf: new Date("1997-09-30"),
    });
    const ref = await db.all<
      { ID: number; frequency: number; recency: number; T: number; zbar: number }
    >(
      `SELECT a.ID, a.frequency, a.recency, a.T, b.zbar
       FROM read_csv('${sharedDataPath("cdnow_customers_summary.csv")}') a
       JOIN read_csv('${
        sharedDataPath("cdnow_customers_summary_with_transactions.csv")
      }') b USING (ID)
       ORDER BY a.ID`,
    );
    equal(ref.length, 2357);
    equal(s.customerIds.length, 2357);
    const index = new Map(s.customerIds.map((id, i) => [id, i]));
    const off: string[] = [];
    for (const r of ref) {
      const i = index.get(String(r.ID));
      if (i === undefined) {
        off.push(`${r.ID}: missing`);
        continue;
      }
      // The file rounds to 2 decimals: a match is within half a unit of the last digit.
      const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.005 + 1e-9;
      if (s.frequency[i] !== r.frequency) {
        off.push(`${r.ID}: frequency ${s.frequency[i]} vs ${r.frequency}`);
      }
      if (!near(s.recency[i]!, r.recency)) {
        off.push(`${r.ID}: recency ${s.recency[i]} vs ${r.recency}`);
      }
      if (!near(s.T[i]!, r.T)) off.push(`${r.ID}: T ${s.T[i]} vs ${r.T}`);
      if (!near(s.monetaryValue[i]!, r.zbar)) {
        off.push(`${r.ID}: zbar ${s.monetaryValue[i]} vs ${r.zbar}`);
      }
    }
    equal(off.length, 0, off.slice(0, 5).join("; "));
    db.close();
  },
});

Deno.test({
  name:
    "customerSummaryColumns() on CDNOW_sample matches Hardie's repeat-spend statistics (946 repeaters, mean 35, sd 30, median 27)",
  ignore: !hasSample,
  async fn() {
    const db = await cdnowSampleDb();
    const s = await customerSummaryColumns(db, {
      table: "cdnow_transactions",
      asOf: new Date("1997-09-30"),
    });
    const m = [...s.monetaryValue].filter((_, i) => s.frequency[i]! > 0).sort((a, b) => a - b);
    const mean = m.reduce((a, b) => a + b, 0) / m.length;
    const sd = Math.sqrt(m.reduce((a, b) => a + (b - mean) ** 2, 0) / (m.length - 1));
    const median = (m[(m.length - 1) >> 1]! + m[m.length >> 1]!) / 2;
    // lifetimes test_summary_statistics_are_indentical_to_hardies_paper (values rounded).
    equal(m.length, 946);
    equal(Math.round(mean), 35);
    equal(Math.round(sd), 30);
    equal(Math.round(m[0]!), 3);
    equal(Math.round(median), 27);
    equal(Math.round(m[m.length - 1]!), 300);
    db.close();
  },
});

Deno.test({
  name: "readCdnowMaster() reads 69,659 rows of 23,570 customers with the published sums",
  ignore: !hasMaster,
  async fn() {
    const db = await openDb({ threads: 1 });
    const r = await readCdnowMaster(db, sharedDataPath("CDNOW_master.txt"), { table: "master" });
    equal(r.rows, 69659);
    equal(r.customers, 23570);
    const sums = await db.one<
      { cds: number; dollars: number; first: Date; last: Date; id1: string }
    >(
      `SELECT sum(quantity) AS cds, sum(line_total) AS dollars, min(invoice_date) AS first,
         max(invoice_date) AS last, min_by(customer_id, row_number) AS id1 FROM master`,
    );
    equal(sums.cds, 167881);
    ok(Math.abs(sums.dollars - 2500315.63) < 0.005);
    equal(sums.first.toISOString(), "1997-01-01T00:00:00.000Z");
    equal(sums.last.toISOString(), "1998-06-30T00:00:00.000Z");
    equal(sums.id1, "1"); // leading zeros dropped
    db.close();
  },
});

Deno.test("readCdnowSample() names file, line, column and value of a bad field", async () => {
  const dir = Deno.makeTempDirSync();
  const file = `${dir}/bad_cdnow.txt`;
  writeFileSync(
    file,
    " 00004 0001 19970101  2   29.33\r\n 00004 0001 1997-01-18  2   29.73\r\n 00004 0001 19970802  1\r\n",
  );
  const db = await openDb({ threads: 1 });
  await rejects(readCdnowSample(db, file), (e: unknown) => {
    ok(e instanceof CsvParseError);
    equal(
      e.message,
      `Cannot parse date in "${file}" at line 2, column "date" (3): current value is "1997-01-18" (and 1 more lines)`,
    );
    equal(e.issues.length, 2);
    equal(e.issues[1]?.line, 3);
    equal(e.issues[1]?.rule, "field-count");
    return true;
  });
  await rejects(readCdnowSample(db, `${dir}/missing.txt`), InputFileError);
  db.close();
  Deno.removeSync(dir, { recursive: true });
});
