import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { SchemaError } from "../../lib/errors.ts";
import { CANONICAL_FIELDS } from "../../lib/db/canonical.ts";
import { resolveColumns, suggestMapping } from "../../lib/load/mod.ts";
import { RETAIL_II_HEADER, RETAIL_ORIGINAL_HEADER } from "./_helpers.ts";

const II = RETAIL_II_HEADER;
const ORIGINAL = RETAIL_ORIGINAL_HEADER;

/** The `--map` hint resolveColumns() stops with for `header`, if it stops. */
function hintFor(header: readonly string[]): string | undefined {
  try {
    resolveColumns(header);
  } catch (e) {
    return (e as { hint?: string }).hint;
  }
  return undefined;
}

Deno.test("resolveColumns() recognises both UCI schemas, ignoring case and spaces", () => {
  equal(resolveColumns(II).schema, "online_retail_ii");
  equal(resolveColumns(ORIGINAL).schema, "online_retail");
  const lower = resolveColumns([
    "invoice_no",
    "stock code",
    "DESCRIPTION",
    "quantity",
    "invoice date",
    "unit price",
    "customer id",
    "country",
  ]);
  deepStrictEqual(lower.columnMap, {
    invoice: "invoice_no",
    stock_code: "stock code",
    description: "DESCRIPTION",
    quantity: "quantity",
    invoice_date: "invoice date",
    price: "unit price",
    customer_id: "customer id",
    country: "country",
    amount: null,
    category: null,
    subcategory: null,
    status: null,
    currency: null,
    returns: null,
    invoice_time: null,
  });
});

Deno.test("resolveColumns() lets an explicit mapping win and marks the schema as mapped", () => {
  const r = resolveColumns([...II, "Client"], { map: { customer_id: "Client" } });
  equal(r.schema, "mapped");
  equal(r.columnMap.customer_id, "Client");
});

Deno.test("resolveColumns() rejects a mapping to a column that does not exist", () => {
  throws(
    () => resolveColumns(II, { map: { customer_id: "Client" }, file: "x.csv" }),
    (e: unknown) => {
      ok(e instanceof SchemaError);
      ok(
        e.message.includes('Cannot map customer_id to column "Client" in "x.csv": no such column'),
        e.message,
      );
      return true;
    },
  );
});

Deno.test("resolveColumns() rejects column names that collide after ignoring case", () => {
  throws(() => resolveColumns([...II, "customer id"]), SchemaError);
});

/** The eight fields of an order line's columns (the first eight canonical fields). */
const LINE_FIELDS = CANONICAL_FIELDS.slice(0, 8);

Deno.test("suggestMapping() guesses the custom schema's columns by name", () => {
  const header = [
    "Order ID",
    "SKU",
    "Product",
    "Units",
    "Order Date",
    "Unit Price",
    "Customer Name",
    "Market",
  ];
  deepStrictEqual(
    suggestMapping(header, LINE_FIELDS),
    {
      invoice: "Order ID",
      stock_code: "SKU",
      description: "Product",
      quantity: "Units",
      invoice_date: "Order Date",
      price: "Unit Price",
      customer_id: "Customer Name",
      country: "Market",
    },
  );
  deepStrictEqual(suggestMapping(["a", "b"], ["customer_id"]), {});
});

Deno.test("resolveColumns() never proposes the column it just said does not exist, and prefers a product id to a postal code", () => {
  const header = ["Order ID", "Order Date", "Client", "Postal Code", "Product ID", "Sales"];
  throws(
    () => resolveColumns(header, { map: { customer_id: "Customer", invoice_date: "Order Date" } }),
    (e: unknown) => {
      ok(e instanceof SchemaError);
      ok(e.message.includes('Cannot map customer_id to column "Customer"'), e.message);
      ok(!e.hint!.includes('"Customer"'), e.hint);
      equal(
        e.hint,
        'Pass --map invoice="Order ID",stock_code="Product ID",invoice_date="Order Date",customer_id="Client",amount="Sales"',
      );
      return true;
    },
  );
});

Deno.test("resolveColumns() reports a one-column header as a delimiter problem, before any mapping", () => {
  throws(
    () =>
      resolveColumns(["Invoice;Price;Customer ID"], {
        map: { invoice_date: "Invoice;Price;Customer ID" },
      }),
    (e: unknown) => {
      ok(e instanceof SchemaError);
      equal(e.hint, 'The lines look separated by ";": pass --delimiter ";"');
      return true;
    },
  );
});

Deno.test("a shop's order export gets a hint that loads it: line items, the creation time, the e-mail", () => {
  // Shopify's order export: one line per item, the order's fields on its first line only
  const header = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Currency",
    "Subtotal",
    "Total",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem sku",
    "Billing Country",
    "Id",
  ];
  equal(
    hintFor(header),
    'Pass --map stock_code="Lineitem sku",description="Lineitem name",quantity="Lineitem quantity",' +
      'invoice_date="Created at",price="Lineitem price",customer_id="Email",country="Billing Country"',
  );
  // the order's "Total" is not proposed beside the unit price: it is not a line total
  ok(!/amount=/.test(hintFor(header) ?? ""));
});

Deno.test("a payments export gets a hint that loads it: no refunded amount or date proposed as the returns flag", () => {
  // Stripe's payments export: one line per charge, the refunds as amounts and a status
  const header = [
    "id",
    "Description",
    "Created (UTC)",
    "Amount",
    "Amount Refunded",
    "Currency",
    "Refunded date (UTC)",
    "Status",
    "Customer ID",
    "Customer Email",
    "Invoice ID",
  ];
  equal(hintFor(header), 'Pass --map invoice="Invoice ID",invoice_date="Created (UTC)"');
});

Deno.test("shop and till exports get hints that load them: Square's item and net sales, Magento's order number", () => {
  // Square's item sales: the till's "Device Name" is no description, "Price Point Name" no
  // price, and the revenue is the sales net of discounts; "Time" is read as the time of day
  equal(
    hintFor([
      "Date",
      "Time",
      "Time Zone",
      "Category",
      "Item",
      "Qty",
      "Price Point Name",
      "SKU",
      "Gross Sales",
      "Discounts",
      "Net Sales",
      "Tax",
      "Transaction ID",
      "Device Name",
      "Location",
      "Customer ID",
      "Customer Name",
    ]),
    'Pass --map invoice="Transaction ID",stock_code="SKU",description="Item",quantity="Qty",' +
      'invoice_date="Date",amount="Net Sales"',
  );
  equal(
    hintFor([
      "increment_id",
      "created_at",
      "customer_email",
      "sku",
      "name",
      "qty_ordered",
      "price",
      "row_total",
      "base_currency_code",
      "status",
    ]),
    'Pass --map invoice="increment_id",stock_code="sku",description="name",quantity="qty_ordered",' +
      'invoice_date="created_at",customer_id="customer_email",amount="row_total",currency="base_currency_code"',
  );
});

Deno.test("suggestMapping() reads French, German and Spanish column names", () => {
  const fields = LINE_FIELDS;
  deepStrictEqual(
    suggestMapping([
      "N° commande",
      "Date commande",
      "Code client",
      "Référence",
      "Désignation",
      "Quantité",
      "Prix unitaire",
      "Pays",
    ], fields),
    {
      invoice: "N° commande",
      stock_code: "Référence",
      description: "Désignation",
      quantity: "Quantité",
      invoice_date: "Date commande",
      price: "Prix unitaire",
      customer_id: "Code client",
      country: "Pays",
    },
  );
  deepStrictEqual(
    suggestMapping([
      "Bestellnummer",
      "Bestelldatum",
      "Kundennummer",
      "Artikelnummer",
      "Bezeichnung",
      "Menge",
      "Einzelpreis",
      "Land",
    ], fields),
    {
      invoice: "Bestellnummer",
      stock_code: "Artikelnummer",
      description: "Bezeichnung",
      quantity: "Menge",
      invoice_date: "Bestelldatum",
      price: "Einzelpreis",
      customer_id: "Kundennummer",
      country: "Land",
    },
  );
  deepStrictEqual(
    suggestMapping(["Pedido", "Fecha", "Cliente", "Descripción", "Cantidad", "Precio", "País"], [
      ...fields,
    ]),
    {
      invoice: "Pedido",
      description: "Descripción",
      quantity: "Cantidad",
      invoice_date: "Fecha",
      price: "Precio",
      customer_id: "Cliente",
      country: "País",
    },
  );
});
