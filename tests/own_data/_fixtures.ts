/**
 * Writers of the "own data" corpus: the same generated lines as the exports analysts bring
 * (a US retailer's order export, a European semicolon file, a whitespace-aligned text file, a
 * workbook split by year, day-first dates), and the main job's output tables read back.
 *
 * @module
 */
import { join } from "node:path";
import ExcelJS from "exceljs";
import { money } from "./_generate.ts";
import type { Line } from "./_generate.ts";

/** The header of the Online Retail II export. */
export const UCI_HEADER = [
  "Invoice",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "Price",
  "Customer ID",
  "Country",
] as const;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `M/D/YYYY`, as US exports write dates. */
export function usDate(d: Date): string {
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

/** `YYYY-MM-DD HH:MM:SS`. */
export function isoDateTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** `DD/MM/YYYY HH:MM`, as European exports write dates. */
export function dayFirst(d: Date): string {
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${
    pad(d.getUTCHours())
  }:${pad(d.getUTCMinutes())}`;
}

/** Quotes a field for a delimited file when it needs it. */
export function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value)
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/**
 * A US retailer's order export (the shape of the widely used "Superstore" file): order ids
 * `CA-2017-152156`, M/D/YYYY dates without time, a `Sales` line amount and no unit price, a
 * `Category` column, a postal code beside the product id; UTF-8 with a byte-order mark, CRLF.
 */
export function superstoreCsv(lines: readonly Line[]): string {
  const header = [
    "Row ID",
    "Order ID",
    "Order Date",
    "Ship Date",
    "Ship Mode",
    "Customer ID",
    "Customer Name",
    "Segment",
    "Country",
    "City",
    "State",
    "Postal Code",
    "Region",
    "Product ID",
    "Category",
    "Sub-Category",
    "Product Name",
    "Sales",
    "Quantity",
    "Discount",
    "Profit",
  ];
  const rows = lines.map((l, i) => {
    const ship = new Date(l.date.getTime() + 4 * 86_400_000);
    return [
      String(i + 1),
      l.order,
      usDate(l.date),
      usDate(ship),
      "Standard Class",
      l.customer,
      `Name ${l.customer}`,
      "Consumer",
      l.country,
      "Springfield",
      "Ohio",
      String(43000 + (i % 900)),
      "East",
      l.product,
      l.category,
      l.subcategory,
      l.description,
      money(l.amountCents),
      String(l.quantity),
      "0",
      money(Math.round(l.amountCents * 0.12)),
    ];
  });
  return "\uFEFF" +
    [header, ...rows].map((r) => r.map((f) => field(f, ",")).join(",")).join("\r\n") + "\r\n";
}

/** The lines in the Online Retail II shape, with `C` cancellations appended as written. */
export function uciRows(lines: readonly Line[]): string[][] {
  return lines.map((l) => [
    l.order,
    l.product,
    l.description,
    String(l.quantity),
    isoDateTime(l.date),
    money(l.unitCents),
    l.customer,
    l.country,
  ]);
}

/**
 * A delimited file of UCI-shaped rows: comma with decimal points, or (a European Excel export)
 * semicolons with decimal commas.
 */
export function uciDelimited(
  rows: readonly (readonly string[])[],
  options: { delimiter: "," | ";" | "\t"; decimalComma?: boolean },
): string {
  const { delimiter, decimalComma = false } = options;
  const price = UCI_HEADER.indexOf("Price");
  const out = [UCI_HEADER, ...rows].map((r, i) =>
    r.map((f, j) =>
      field(decimalComma && i > 0 && j === price ? f.replace(".", ",") : f, delimiter)
    ).join(delimiter)
  );
  return out.join("\n") + "\n";
}

/**
 * A whitespace-aligned text file with no invoice and no product column: customer, day, and the
 * line amount, in columns padded with spaces.
 */
export function whitespaceTxt(lines: readonly Line[]): string {
  const head = `${"customer".padEnd(12)}${"day".padEnd(13)}${"amount".padStart(10)}`;
  const body = lines.map((l) =>
    `  ${l.customer.padEnd(10)}${l.date.toISOString().slice(0, 10).padEnd(13)}${
      money(l.amountCents).padStart(10)
    }`
  );
  return [head, ...body].join("\n") + "\n";
}

/**
 * Writes a workbook with exceljs: one sheet per entry (UCI header, then the rows with numbers
 * as numbers and dates as dates), plus the extra sheets given as plain rows.
 */
export async function writeWorkbook(
  path: string,
  sheets: readonly { name: string; lines: readonly Line[] }[],
  extra: readonly { name: string; rows: readonly (readonly string[])[] }[] = [],
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow([...UCI_HEADER]);
    for (const l of s.lines) {
      ws.addRow([
        Number(l.order),
        l.product,
        l.description,
        l.quantity,
        l.date,
        l.unitCents / 100,
        Number(l.customer),
        l.country,
      ]);
    }
  }
  for (const e of extra) {
    const ws = wb.addWorksheet(e.name);
    for (const row of e.rows) ws.addRow([...row]);
  }
  await wb.xlsx.writeFile(path);
}

/** Parses a CSV written by the main job (RFC 4180 quoting) into header → value records. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [], value = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (value += '"', i++);
      else if (ch === '"') quoted = false;
      else value += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(value), value = "");
    else if (ch === "\n") (row.push(value), rows.push(row), row = [], value = "");
    else if (ch !== "\r") value += ch;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

/** The main job's tables the corpus checks. */
export interface Tables {
  readonly summary: Record<string, unknown>;
  readonly kpis: Record<string, unknown>;
  readonly ledger: Record<string, string>[];
  readonly customers: Record<string, string>[];
}

/** Reads `summary.json`, `kpis.json`, `cleaning_ledger.csv` and `customers.csv` of a run. */
export async function readTables(out: string): Promise<Tables> {
  const t = (name: string) => join(out, "tables", name);
  return {
    summary: JSON.parse(await Deno.readTextFile(t("summary.json"))),
    kpis: JSON.parse(await Deno.readTextFile(t("kpis.json"))),
    ledger: parseCsv(await Deno.readTextFile(t("cleaning_ledger.csv"))),
    customers: parseCsv(await Deno.readTextFile(t("customers.csv"))),
  };
}
