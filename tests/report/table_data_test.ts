/**
 * A table's embedded data and its CSV download: every row, the values as the output tables
 * write them, spreadsheet-safe text, and JSON that no text can break out of.
 *
 * @module
 */
import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { gunzipSync } from "node:zlib";
import { createFormat } from "../../lib/format/mod.ts";
import {
  dataValue,
  embedTableData,
  renderTable,
  type TableBlock,
  tableCsv,
  tableData,
} from "../../lib/report/mod.ts";
import { toCsv } from "../../lib/util/csv.ts";
import { HOSTILE, MONTHS } from "./_fixtures.ts";

const block: TableBlock = {
  kind: "table",
  id: "sales.months",
  title: "Months",
  file: "monthly.csv",
  limit: 5,
  columns: [
    { key: "month", format: "text" },
    { key: "revenue", format: "money" },
    { key: "orders", format: "int" },
    { key: "share", label: "share of revenue", format: "percent" },
    { key: "note", format: "text", wrap: true },
  ],
  rows: MONTHS,
};

/** RFC 4180 reader (quotes, doubled quotes, commas and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), field = "");
    else if (ch === "\n") (row.push(field), rows.push(row), row = [], field = "");
    else field += ch;
  }
  return rows;
}

Deno.test("the embedded data holds every row on the table's columns, not only the rows shown", () => {
  const data = tableData(block, { currency: "£" });
  equal(data.rows.length, 30);
  equal(data.total, 30);
  equal(data.limit, 5);
  equal(data.download, "monthly.csv");
  deepStrictEqual(data.columns.map((c) => c.key), ["month", "revenue", "orders", "share", "note"]);
  // Row 3 by hand: 1000 + 137.25 × 3 = 1411.75; 43 orders; share 4 / 465.
  deepStrictEqual(data.rows[3], ["2010-04", 1411.75, 43, Number((4 / 465).toPrecision(12)), null]);
});

Deno.test("values are written as the output tables write them (12 significant digits)", () => {
  const rows = [{ a: 236.16000000000005, b: 1 / 3, c: new Date("2011-05-01T00:00:00Z"), d: 7n }];
  const data = tableData({
    kind: "table",
    id: "t",
    title: "t",
    columns: [{ key: "a" }, { key: "b" }, { key: "c" }, { key: "d" }],
    rows,
  });
  deepStrictEqual(data.rows[0], [236.16, 0.333333333333, "2011-05-01", 7]);
  // The same digits as lib/util's CSV writer of the tables folder.
  const written = toCsv([{ a: rows[0]!.a, b: rows[0]!.b }], ["a", "b"]).split("\n")[1];
  equal(written, `${data.rows[0]![0]},${data.rows[0]![1]}`);
  equal(dataValue(-0), 0);
  equal(dataValue(Infinity), null);
});

Deno.test("the CSV download is the table's data: header of labels, every row, RFC 4180", () => {
  const csv = tableCsv(tableData(block));
  const parsed = parseCsv(csv);
  deepStrictEqual(parsed[0], ["month", "revenue", "orders", "share of revenue", "note"]);
  equal(parsed.length, 31);
  MONTHS.forEach((m, i) => {
    const row = parsed[i + 1]!;
    equal(row[0], m.month);
    equal(Number(row[1]), m.revenue);
    equal(Number(row[2]), m.orders);
    ok(Math.abs(Number(row[3]) - m.share) < 1e-12);
    equal(row[4], m.note ?? "");
  });
  match(
    csv,
    /\n2010-01,1000,40,[\d.e-]+,"A long note that wraps: the month of a promotion, see the plan\."\n/,
  );
});

Deno.test("text a spreadsheet would run as a formula gets a leading apostrophe in the CSV", () => {
  const data = tableData({
    kind: "table",
    id: "t",
    title: "t",
    columns: [{ key: "product", format: "text" }, { key: "n", format: "int" }],
    rows: [{ product: HOSTILE.formula, n: -3 }, { product: "-5 OFF", n: 1 }, {
      product: "@x",
      n: 2,
    }],
  });
  const parsed = parseCsv(tableCsv(data));
  deepStrictEqual(parsed.slice(1), [[`'${HOSTILE.formula}`, "-3"], ["'-5 OFF", "1"], ["'@x", "2"]]);
});

Deno.test("embedded JSON cannot end its script element or start markup, whatever the text", () => {
  const html = renderTable(
    {
      kind: "table",
      id: "hostile",
      title: HOSTILE.endScript,
      columns: [{ key: "product", format: "text" }],
      rows: Object.values(HOSTILE).map((product) => ({ product })),
    },
    createFormat(),
    { page: true },
  );
  const json = /<script type="application\/json" class="table-data">([^]*?)<\/script>/.exec(html);
  ok(json, "the data element");
  doesNotMatch(json[1]!, /[<>]/);
  deepStrictEqual(JSON.parse(json[1]!).rows, Object.values(HOSTILE).map((v) => [v]));
  // One script element (the data), and hostile text only as escaped text in the cells.
  equal(html.match(/<script/g)?.length, 1);
  equal(html.match(/<img/g), null);
});

Deno.test("large tables embed their rows gzip-compressed; the same data gives the same bytes", () => {
  const many = Array.from({ length: 3000 }, (_, i) => ({
    id: `C${i}`,
    value: i * 1.125,
    text: `row ${i}`,
  }));
  const big: TableBlock = {
    kind: "table",
    id: "big",
    title: "Big",
    columns: [{ key: "id", format: "text" }, { key: "value", format: "number" }, {
      key: "text",
      format: "text",
    }],
    rows: many,
  };
  const data = tableData(big);
  const text = embedTableData(data);
  equal(text, embedTableData(tableData(big)));
  const packed = JSON.parse(text);
  ok(typeof packed.rows.gzip === "string");
  const rows = JSON.parse(gunzipSync(Buffer.from(packed.rows.gzip, "base64")).toString("utf8"));
  deepStrictEqual(rows, data.rows);
  ok(text.length < JSON.stringify(data.rows).length / 2, "at least halves the size");
  // Small tables stay readable JSON.
  ok(Array.isArray(JSON.parse(embedTableData(tableData(block))).rows));
});

Deno.test("past the embedding limit the page carries the first rows and says where the rest is", () => {
  const data = tableData(block, { maxRows: 10 });
  equal(data.rows.length, 10);
  equal(data.total, 30);
  const html = renderTable(block, createFormat(), { page: true });
  match(
    html,
    /Showing 5 of 30 rows; the complete table is <code>monthly\.csv<\/code> in the tables folder of the run\./,
  );
  doesNotMatch(html, /tables\//, "no path a reader of an e-mailed report cannot open");
});
