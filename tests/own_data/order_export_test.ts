import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { CleaningStopError } from "../../lib/clean/mod.ts";
import { parseMapping } from "../../lib/load/mod.ts";
import { expected, generateLines, type Line, money } from "./_generate.ts";
import { field, isoDateTime, parseCsv, readTables, superstoreCsv } from "./_fixtures.ts";
import { assertTables, runMain } from "./_run.ts";

// A US retailer's order export: CA-/US- order ids (most start with C), M/D/YYYY dates without
// time, a Sales line amount, a Category column, BOM and CRLF.
const LINES = generateLines({
  seed: 11,
  customers: 80,
  maxOrders: 6,
  maxLines: 4,
  start: new Date("2016-01-03T00:00:00Z"),
  days: 700,
  withTime: false,
  ids: "superstore",
});

async function writeExport(): Promise<string> {
  const path = join(await Deno.makeTempDir(), "superstore_orders.csv");
  await Deno.writeTextFile(path, superstoreCsv(LINES));
  return path;
}

Deno.test("own data: an order export gets a --map hint that loads it when pasted, and the report counts every order and dollar", async () => {
  const data = await writeExport();
  const out = join(await Deno.makeTempDir(), "report");
  ok(LINES.filter((l) => l.order.startsWith("C")).length > 0.6 * LINES.length);

  // Without a mapping: exit 2, the missing fields named, and a --map to copy.
  const first = await runMain(["--data", data, "--out", out]);
  equal(first.code, 2);
  match(first.error!.message, /missing required fields invoice_date, price or amount/);
  equal(
    first.error!.hint,
    'Pass --map invoice="Order ID",stock_code="Product ID",description="Product Name",' +
      'invoice_date="Order Date",amount="Sales"',
  );
  // Category, Sub-Category, Quantity, Country and Customer ID are recognised by name; the postal
  // code is never proposed as the product, the whole header never as a field
  doesNotMatch(first.error!.hint!, /Postal Code/);

  // Pasting the suggestion: exit 0, and the numbers of the file.
  const map = first.error!.hint!.replace(/^Pass --map /, "");
  parseMapping(map); // valid input
  const run = await runMain(["--data", data, "--out", out, "--map", map]);
  equal(run.code, 0, run.error?.message);
  const tables = await readTables(out);
  assertTables(tables, expected(LINES), "superstore");
  // No cancellation rule: CA- ids are orders (auto mode sees no C invoice with a negative
  // quantity), and the loader found no time of day.
  deepStrictEqual(tables.ledger.map((r) => r.rule), [
    "load",
    "duplicate_line",
    "missing_customer_id",
    "non_product_code",
    "non_positive_quantity",
    "non_positive_price",
    "outlier_cap_quantity",
    "outlier_cap_price",
  ]);
  ok(
    run.lines.some((l) => /clean: cancellations off \(.*positive quantities/.test(l)),
    run.lines.join("\n"),
  );
  ok(run.lines.some((l) => /the data has dates only/.test(l)));
  // Product segments are named by the file's own categories, not the giftware keywords.
  const names = new Set(tables.customers.map((c) => c.product_segment));
  for (const name of names) {
    match(
      name!,
      /^((Furniture|Office Supplies|Technology)( \+ (Furniture|Office Supplies|Technology))?|Mixed)( \(\d\))?$/,
    );
  }
});

Deno.test("own data: --cancellations prefix:C on CA- order ids stops with exit 2, says what it saw, and writes the ledger", async () => {
  const data = await writeExport();
  const out = join(await Deno.makeTempDir(), "report");
  const map =
    'invoice="Order ID",stock_code="Product ID",description="Product Name",invoice_date="Order Date",amount="Sales",category=Category';
  const run = await runMain([
    "--data",
    data,
    "--out",
    out,
    "--map",
    map,
    "--cancellations",
    "prefix:C",
  ]);
  equal(run.code, 2);
  ok(run.error instanceof CleaningStopError);
  equal(run.error.rule, "cancellation");
  match(
    run.error.message,
    /lines were taken as cancellations \(cancellation invoice \(starts with 'C'\)\), but 100% of them have positive quantities and only \d+% of those match an earlier purchase/,
  );
  match(run.error.hint!, /--cancellations off/);
  match(run.error.hint!, /--accept-removal cancellation/);
  // the ledger up to the stop is written: it shows what the rule would have removed
  const ledger = parseCsv(await Deno.readTextFile(join(out, "tables", "cleaning_ledger.csv")));
  const cancel = ledger.find((r) => r.rule === "cancellation")!;
  equal(Number(cancel.rows_removed), LINES.filter((l) => l.order.startsWith("C")).length);

  // Confirmed, the removal goes ahead: only the US- orders remain.
  const confirmed = await runMain([
    "--data",
    data,
    "--out",
    join(await Deno.makeTempDir(), "report"),
    "--map",
    map,
    "--cancellations",
    "prefix:C",
    "--accept-removal",
    "cancellation",
    "--returns",
    "drop",
  ]);
  equal(confirmed.code, 0, confirmed.error?.message);
});

// A shop's order export (Shopify's layout): one line per item, the order's own fields (billing
// country, financial status) on its first line only; every seventh order refunded.
const SHOP_LINES = generateLines({
  seed: 23,
  customers: 60,
  maxOrders: 5,
  maxLines: 4,
  start: new Date("2023-01-02T00:00:00Z"),
  days: 500,
  withTime: true,
  ids: "uci",
});

const refunded = (l: Line) => Number(l.order) % 7 === 0;

function shopCsv(lines: readonly Line[]): string {
  const header = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name," +
    "Lineitem price,Lineitem sku,Billing Country";
  const rows = lines.map((l, i) => {
    const first = i === 0 || lines[i - 1]!.order !== l.order;
    return [
      `#${l.order}`,
      `${l.customer}@example.com`,
      first ? (refunded(l) ? "refunded" : "paid") : "",
      `${isoDateTime(l.date)} +0000`,
      String(l.quantity),
      field(l.description, ","),
      money(l.unitCents),
      l.product,
      first ? l.country : "",
    ].join(",");
  });
  return [header, ...rows].join("\n") + "\n";
}

Deno.test("own data: a shop export that writes the country and status on an order's first line only: both on every line, refunded orders left out, each step in the ledger", async () => {
  const data = join(await Deno.makeTempDir(), "orders_export.csv");
  await Deno.writeTextFile(data, shopCsv(SHOP_LINES));
  const out = join(await Deno.makeTempDir(), "report");
  // (the financial status is recognised by its name)
  const map = 'invoice="Name",customer_id="Email",invoice_date="Created at",' +
    'quantity="Lineitem quantity",description="Lineitem name",price="Lineitem price",' +
    'stock_code="Lineitem sku",country="Billing Country"';
  const run = await runMain(["--data", data, "--out", out, "--map", map]);
  equal(run.code, 0, run.error?.message);
  const tables = await readTables(out);
  const later = SHOP_LINES.filter((l, i) => i > 0 && SHOP_LINES[i - 1]!.order === l.order);
  ok(later.length > 50, "orders of several lines");
  const sold = SHOP_LINES.filter((l) => !refunded(l));
  ok(sold.length < SHOP_LINES.length - 20, "refunded orders");
  const step = (rule: string) => tables.ledger.find((r) => r.rule === rule);
  const fill = step("order_field_fill"), status = step("order_status");
  deepStrictEqual(
    [fill?.step, fill?.rows_removed, fill?.rows_changed],
    ["1", "0", String(later.length)],
  );
  deepStrictEqual(
    [status?.rows_in, status?.rows_removed],
    [String(SHOP_LINES.length), String(SHOP_LINES.length - sold.length)],
  );
  // everything else as in the file without the refunded orders, customers taken as their e-mail
  const byMail = sold.map((l) => ({ ...l, customer: `${l.customer}@example.com` }));
  assertTables(
    { ...tables, ledger: tables.ledger.filter((r) => r !== fill) },
    expected(byMail, (l) => `#${l.order}`),
    "shop",
  );
  // revenue per country: every line counted under its order's country
  const want = new Map<string, number>();
  for (const l of sold) want.set(l.country, (want.get(l.country) ?? 0) + l.amountCents);
  const countries = parseCsv(await Deno.readTextFile(join(out, "tables", "top_countries.csv")))
    .filter((r) => r.by === "revenue");
  deepStrictEqual(
    new Map(countries.map((r) => [r.country!, Math.round(Number(r.revenue) * 100)])),
    want,
  );
  const changed = parseCsv(await Deno.readTextFile(join(out, "tables", "changed_values.csv")));
  deepStrictEqual(
    [
      changed.filter((r) => r.column === "country").length,
      changed.filter((r) => r.column === "status").length,
    ],
    [later.length, later.length],
  );
  ok(changed.every((r) => r.rule === "order_field_fill"));
  match(
    await Deno.readTextFile(join(out, "index.html")),
    new RegExp(
      `${later.length} lines lacked the country \\(${later.length}\\) or the status \\(${later.length}\\) that other lines of their invoice carry`,
    ),
  );
});
