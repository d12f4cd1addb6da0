import { deepStrictEqual, equal, notDeepStrictEqual, ok, throws } from "node:assert/strict";
import { OptionError } from "../../lib/errors.ts";
import {
  buildCatalogue,
  CATEGORIES,
  generateTransactions,
  type RetailRow,
} from "../../lib/generate/mod.ts";

const small = (
  seed: number,
  customers = 200,
): RetailRow[] => [...generateTransactions({ seed, customers })];

Deno.test("generateTransactions() gives identical rows for the same seed and different rows for another", () => {
  deepStrictEqual(small(5), small(5));
  notDeepStrictEqual(small(5), small(6));
});

Deno.test("generateTransactions() keeps dates inside the period and invoices in time order", () => {
  const rows = [
    ...generateTransactions({ seed: 3, customers: 300, start: "2011-03-01", end: "2011-06-30" }),
  ];
  ok(rows.length > 0);
  let lastNumber = 0;
  let lastDate = "";
  for (const row of rows) {
    ok(
      row.invoiceDate >= "2011-03-01 00:00:00" && row.invoiceDate <= "2011-06-30 23:59:00",
      row.invoiceDate,
    );
    ok(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/.test(row.invoiceDate));
    const number = Number(row.invoice.replace(/^[CA]/, ""));
    ok(number >= lastNumber, "invoice numbers never decrease");
    ok(row.invoiceDate >= lastDate, "dates never decrease");
    lastNumber = number;
    lastDate = row.invoiceDate;
  }
});

Deno.test("generateTransactions() gives each customer one country and each invoice one customer and date", () => {
  const rows = small(8, 400);
  const countryOf = new Map<string, string>();
  const invoiceKey = new Map<string, string>();
  for (const row of rows) {
    if (row.customerId !== null) {
      const seen = countryOf.get(row.customerId) ?? row.country;
      equal(seen, row.country);
      countryOf.set(row.customerId, row.country);
    }
    const key = `${row.customerId}|${row.invoiceDate}|${row.country}`;
    equal(invoiceKey.get(row.invoice) ?? key, key);
    invoiceKey.set(row.invoice, key);
  }
});

Deno.test("generateTransactions() writes negative quantities only on C invoices, D lines and stock adjustments", () => {
  for (const row of small(9, 400)) {
    if (row.invoice.startsWith("C")) ok(row.quantity < 0, row.invoice);
    else if (row.quantity < 0) equal(row.price, 0, `${row.invoice} ${row.stockCode}`);
  }
});

Deno.test("generateTransactions() scales rows with customers", () => {
  const few = small(4, 200).length;
  const many = small(4, 800).length;
  ok(many > 3 * few && many < 5 * few, `${few} -> ${many}`);
});

Deno.test("generateTransactions() rejects bad options with OptionError before yielding", () => {
  const first = (options: Parameters<typeof generateTransactions>[0]) => () =>
    generateTransactions(options).next();
  throws(first({ customers: -1 }), OptionError);
  throws(first({ customers: 1.5 }), /customers must be an integer/);
  throws(first({ seed: Number.NaN }), /seed must be an integer/);
  throws(first({ start: "2011-12-09", end: "2011-12-01" }), /start must be before end/);
  throws(
    first({ end: "09/12/2011" }),
    /end must be a date YYYY-MM-DD: current value is "09\/12\/2011"/,
  );
  throws(first({ guestShare: 1 }), /guestShare must be a number from 0 to 0.9/);
});

Deno.test("buildCatalogue() descriptions carry their category noun and prices are mostly 0.4–15", () => {
  const products = buildCatalogue(42, { products: 3000 });
  for (const p of products) {
    const category = CATEGORIES[p.category]!;
    ok(category.nouns.some((noun) => p.description.includes(noun)), p.description);
    ok(/^\d{5}[A-Z]?$/.test(p.stockCode), p.stockCode);
  }
  equal(new Set(products.map((p) => p.description)).size, products.length);
  const mid = products.filter((p) => p.pricePence >= 40 && p.pricePence <= 1500).length;
  ok(mid / products.length > 0.85, `share in 0.4–15: ${mid / products.length}`);
  ok(products.some((p) => p.pricePence >= 5000), "a few expensive items");
  ok(products.some((p) => p.description.includes(",")), "some descriptions need quoting");
  const top = [...products].sort((a, b) => b.popularity - a.popularity);
  ok(top[0]!.popularity > 50 * top.at(-1)!.popularity, "long-tail popularity");
});
