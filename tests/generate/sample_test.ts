/**
 * The committed sample: it must equal a fresh generation with the documented options, and
 * it must look like Online Retail II (checked in DuckDB, as the workspace reads it).
 */
import { equal, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openDb } from "../../lib/db/mod.ts";
import {
  generateTransactions,
  retailCsvChunks,
  SAMPLE_FILE,
  SAMPLE_OPTIONS,
} from "../../lib/generate/mod.ts";

const path = fileURLToPath(new URL(`../../${SAMPLE_FILE}`, import.meta.url));

async function gunzip(file: string): Promise<string> {
  const bytes = await Deno.readFile(file);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

Deno.test("sample file equals a fresh generation with SAMPLE_OPTIONS", async () => {
  const committed = await gunzip(path);
  const fresh = [...retailCsvChunks(generateTransactions(SAMPLE_OPTIONS))].join("");
  ok(
    committed === fresh,
    "data/sample_online_retail.csv.gz is stale: run `deno run -A lib/generate/cli.ts --sample`",
  );
  ok(!committed.includes("\r"), "LF line ends only");
  equal(
    committed.slice(0, committed.indexOf("\n")),
    "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
  );
  ok((await Deno.stat(path)).size < 1_500_000, "sample stays under 1.5 MB");
});

Deno.test("sample looks like Online Retail II", async (t) => {
  const db = await openDb({ threads: 1 });
  await db.run(`create table t as select * from read_csv('${path}', header = true,
    columns = {'Invoice': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'BIGINT',
      'InvoiceDate': 'TIMESTAMP', 'Price': 'DOUBLE', 'Customer ID': 'VARCHAR', 'Country': 'VARCHAR'})`);
  const one = <T>(sql: string): Promise<T> => db.one<T>(sql);
  try {
    await t.step("size: 2,000–3,000 customers, 40k–60k lines, ending 2011-12-09", async () => {
      const s = await one<{ n: number; customers: number; first: string; last: string }>(
        `select count(*) n, count(distinct "Customer ID") customers, strftime(min(InvoiceDate), '%Y-%m-%d') as first,
         strftime(max(InvoiceDate), '%Y-%m-%d') as last from t`,
      );
      ok(s.n >= 40_000 && s.n <= 60_000, `rows ${s.n}`);
      ok(s.customers >= 2000 && s.customers <= 3000, `customers ${s.customers}`);
      equal(s.first, "2010-12-01");
      equal(s.last, "2011-12-09");
    });

    await t.step("missing customer ids: 15–25% of lines, whole invoices", async () => {
      const s = await one<{ share: number; mixed: number }>(
        `select avg(("Customer ID" is null)::int) as share,
         (select count(*) from (select Invoice from t group by 1 having count(distinct "Customer ID" is null) > 1)) mixed from t`,
      );
      ok(s.share >= 0.15 && s.share <= 0.25, `share ${s.share}`);
      equal(s.mixed, 0);
    });

    await t.step(
      "cancellations: C invoices, negative quantities, mostly matching an earlier purchase",
      async () => {
        const s = await one<
          { lines: number; positive: number; matched: number; productLines: number }
        >(
          `with c as (select * from t where Invoice like 'C%')
         select count(*) lines, count(*) filter (where Quantity >= 0) positive,
           count(*) filter (where "Customer ID" is not null and regexp_matches(StockCode, '^\\d{5}') and exists (
             select 1 from t p where p.Invoice not like 'C%' and p."Customer ID" = c."Customer ID"
               and p.StockCode = c.StockCode and p.InvoiceDate <= c.InvoiceDate and p.Quantity >= -c.Quantity)) as matched,
           count(*) filter (where "Customer ID" is not null and regexp_matches(StockCode, '^\\d{5}')) productLines
         from c`,
        );
        ok(s.lines > 500, `cancellation lines ${s.lines}`);
        equal(s.positive, 0);
        const share = s.matched / s.productLines;
        ok(share > 0.85 && share < 1, `matched share ${share} (most, but a few unmatched)`);
      },
    );

    await t.step("November is the top revenue month", async () => {
      const rows = await db.all<{ m: string }>(
        `select strftime(InvoiceDate, '%Y-%m') m from t
         where Invoice not like 'C%' and Quantity > 0 and Price > 0 and "Customer ID" is not null
         group by 1 order by sum(Quantity * Price) desc limit 1`,
      );
      equal(rows[0]!.m, "2011-11");
    });

    await t.step("United Kingdom has 85–95% of lines; other countries form a tail", async () => {
      const s = await one<{ uk: number; countries: number }>(
        `select avg((Country = 'United Kingdom')::int) uk, count(distinct Country) countries from t`,
      );
      ok(s.uk >= 0.85 && s.uk <= 0.95, `uk ${s.uk}`);
      ok(s.countries >= 15, `countries ${s.countries}`);
    });

    await t.step("(almost) no Saturdays; hours 7–20 with a midday peak", async () => {
      const s = await one<{ saturday: number; outside: number; midday: number; early: number }>(
        `select avg((dayofweek(InvoiceDate) = 6)::int) saturday,
         avg((hour(InvoiceDate) < 7 or hour(InvoiceDate) > 20)::int) outside,
         avg((hour(InvoiceDate) between 11 and 15)::int) midday,
         avg((hour(InvoiceDate) between 7 and 9)::int) early from t`,
      );
      ok(s.saturday < 0.005, `saturday ${s.saturday}`);
      ok(s.outside < 0.005, `outside trading hours ${s.outside}`);
      ok(s.midday > 3 * s.early, `midday ${s.midday} vs early ${s.early}`);
    });

    await t.step("exact duplicate lines are present (~1%)", async () => {
      const { dups, n } = await one<{ dups: number; n: number }>(
        `select (select count(*) from t) - (select count(*) from (select distinct * from t)) dups, count(*) n from t`,
      );
      ok(dups / n > 0.003 && dups / n < 0.03, `duplicates ${dups} of ${n}`);
    });

    await t.step("every non-product code is present, with D negative", async () => {
      const rows = await db.all<{ StockCode: string; description: string; minQ: number }>(
        `select StockCode, any_value(Description) description, min(Quantity) minQ from t
         where StockCode in ('POST', 'DOT', 'M', 'BANK CHARGES', 'AMAZONFEE', 'C2', 'D') group by 1 order by 1`,
      );
      const found = Object.fromEntries(rows.map((r) => [r.StockCode, r.description]));
      equal(found["POST"], "POSTAGE");
      equal(found["DOT"], "DOTCOM POSTAGE");
      equal(found["M"], "Manual");
      equal(found["BANK CHARGES"], "Bank Charges");
      equal(found["AMAZONFEE"], "AMAZON FEE");
      equal(found["C2"], "CARRIAGE");
      equal(found["D"], "Discount");
      ok(rows.find((r) => r.StockCode === "D")!.minQ < 0);
    });

    await t.step("zero prices, bad-debt rows and outliers are present", async () => {
      const s = await one<{ zero: number; badDebt: number; bigQ: number; bigP: number }>(
        `select count(*) filter (where Price = 0) zero,
         count(*) filter (where Invoice like 'A%' and Price < 0 and Description = 'Adjust bad debt') badDebt,
         count(*) filter (where Quantity >= 12000) bigQ, count(*) filter (where Price >= 1000) bigP from t`,
      );
      ok(s.zero >= 50, `zero-price lines ${s.zero}`);
      ok(s.badDebt >= 2, `bad debt ${s.badDebt}`);
      ok(s.bigQ >= 1 && s.bigQ <= 20, `quantity outliers ${s.bigQ}`);
      ok(s.bigP >= 1 && s.bigP <= 30, `price outliers ${s.bigP}`);
    });

    await t.step("heterogeneous customers: many with 1 invoice, many with 5 or more", async () => {
      const s = await one<{ once: number; five: number; customers: number }>(
        `select count(*) filter (where n = 1) once, count(*) filter (where n >= 5) five, count(*) customers from (
           select "Customer ID", count(distinct Invoice) n from t
           where "Customer ID" is not null and Invoice not like 'C%' group by 1)`,
      );
      ok(s.once / s.customers > 0.2, `one-invoice share ${s.once / s.customers}`);
      ok(s.five / s.customers > 0.15, `5+ share ${s.five / s.customers}`);
    });

    await t.step("descriptions carry category words and prices are mostly 0.4–15", async () => {
      const s = await one<{ words: number; mid: number }>(
        `select count(distinct w) words, (select avg((Price between 0.4 and 15)::int) from t where regexp_matches(StockCode, '^\\d{5}') and Price > 0) mid
         from (select unnest(['BAG', 'MUG', 'CANDLE', 'T-LIGHT', 'CHRISTMAS', 'CARD', 'CAKE', 'LUNCH BOX', 'CUSHION', 'FRAME', 'HEART', 'VINTAGE']) w) words
         where exists (select 1 from t where contains(Description, w))`,
      );
      equal(s.words, 12);
      ok(s.mid > 0.85, `price share in 0.4–15: ${s.mid}`);
    });
  } finally {
    db.close();
  }
});
