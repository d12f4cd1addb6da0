import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { CleaningStopError } from "../../lib/clean/mod.ts";
import { parseMapping } from "../../lib/load/mod.ts";
import { expected, generateLines } from "./_generate.ts";
import { parseCsv, readTables, superstoreCsv } from "./_fixtures.ts";
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
