import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  type RecognisedTable,
  recognizeFiles,
  recognizeTable,
  type SkippedFile,
} from "@crm/crm/mod.ts";

const table = (r: RecognisedTable | SkippedFile): RecognisedTable => {
  if ("reason" in r) throw new Error(`skipped: ${r.reason}`);
  return r;
};
const skipped = (r: RecognisedTable | SkippedFile): SkippedFile => {
  if (!("reason" in r)) throw new Error(`recognised as ${r.kind}`);
  return r;
};

Deno.test("recognizeTable() knows the Maven CRM tables by their own column names", () => {
  const cases: [string, string[], string][] = [
    ["accounts.csv", [
      "account",
      "sector",
      "year_established",
      "revenue",
      "employees",
      "office_location",
      "subsidiary_of",
    ], "accounts"],
    ["products.csv", ["product", "series", "sales_price"], "products"],
    ["sales_pipeline.csv", [
      "opportunity_id",
      "sales_agent",
      "product",
      "account",
      "deal_stage",
      "engage_date",
      "close_date",
      "close_value",
    ], "pipeline"],
    ["sales_teams.csv", ["sales_agent", "manager", "regional_office"], "sales_team"],
  ];
  for (const [file, header, kind] of cases) {
    equal(table(recognizeTable(file, header)).kind, kind, file);
  }
});

Deno.test("recognizeTable() works from columns alone, whatever the file is called", () => {
  equal(
    table(recognizeTable("export1.csv", ["sales_agent", "manager", "regional_office"])).kind,
    "sales_team",
  );
  equal(table(recognizeTable("x.csv", ["sales_agent", "period", "target"])).kind, "targets");
  const orders = table(
    recognizeTable("x.csv", [
      "Invoice",
      "StockCode",
      "Description",
      "Quantity",
      "InvoiceDate",
      "Price",
      "Customer ID",
      "Country",
    ]),
  );
  equal(orders.kind, "transactions");
  equal(orders.match.columnMap.invoice_date, "InvoiceDate");
  const tickets = table(
    recognizeTable("x.csv", [
      "Ticket ID",
      "Customer Age",
      "Ticket Type",
      "Ticket Status",
      "Ticket Channel",
      "Time to Resolution",
      "Customer Satisfaction Rating",
    ]),
  );
  equal(tickets.kind, "interactions");
  equal(tickets.match.columnMap.channel, "Ticket Channel");
  equal(tickets.match.columnMap.satisfaction, "Customer Satisfaction Rating");
});

Deno.test("recognizeTable() lets a --map make a file recognisable", () => {
  const header = ["Case", "Contact Via", "Result"];
  const r = skipped(recognizeTable("support.csv", header));
  ok(
    r.reason.startsWith("named like an interactions table but missing channel, status or resolved"),
    r.reason,
  );
  equal(r.hint, '--map interactions.channel="Contact Via",interactions.status="..."');
  const mapped = table(
    recognizeTable("support.csv", header, {
      interactions: { channel: "Contact Via", status: "Result" },
    }),
  );
  equal(mapped.kind, "interactions");
});

Deno.test("recognizeTable() skips a data dictionary and an unrecognisable file with the reason", () => {
  const dict = skipped(recognizeTable("data_dictionary.csv", ["Table", "Field", "Description"]));
  equal(
    dict.reason,
    'looks like a data dictionary (columns "Table", "Field", "Description"), not a table',
  );
  const other = skipped(recognizeTable("weather.csv", ["day", "temperature"]));
  equal(other.reason, 'no table kind matches its columns "day", "temperature"');
  equal(
    other.hint,
    'Name its kind with --table KIND=weather.csv and map its columns with --map KIND.field="Column"',
  );
});

Deno.test("recognizeFiles() reads the first file of a kind and skips the second with the reason", () => {
  const r = recognizeFiles([
    { file: "teams_2024.csv", header: ["sales_agent", "manager", "regional_office"] },
    { file: "teams_2023.csv", header: ["sales_agent", "manager", "regional_office"] },
  ]);
  deepStrictEqual(r.tables.map((t) => t.file), ["teams_2023.csv"]);
  deepStrictEqual(r.skipped.map((s) => [s.file, s.reason]), [
    ["teams_2024.csv", 'a second sales_team table: "teams_2023.csv" is read as sales_team'],
  ]);
});
