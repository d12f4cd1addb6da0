import { deepStrictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { CANONICAL_FIELDS } from "../../lib/db/canonical.ts";
import { OptionError } from "../../lib/errors.ts";
import { formatMapping, parseMapping } from "../../lib/load/mod.ts";

Deno.test("parseMapping() reads the CLI form with quoted and bare values", () => {
  deepStrictEqual(
    parseMapping('customer_id="Customer Name", invoice_date="Order Date",quantity=Units'),
    {
      customer_id: "Customer Name",
      invoice_date: "Order Date",
      quantity: "Units",
    },
  );
  deepStrictEqual(parseMapping('description="Item, ""long"" name"'), {
    description: 'Item, "long" name',
  });
});

Deno.test("parseMapping() reads a one-level JSON mapping file", () => {
  deepStrictEqual(
    parseMapping('{\n  "customer_id": "Customer Name",\n  "country": "Market"\n}\n'),
    {
      customer_id: "Customer Name",
      country: "Market",
    },
  );
});

Deno.test("parseMapping() rejects unknown fields, repeats, bad syntax and nested JSON", () => {
  for (
    const text of [
      'customer="Customer Name"',
      "price=A,price=B",
      'price="Unit Price',
      "price",
      "price=A,",
      '{"price": {"column": "A"}}',
      "[1]",
      'price=""',
    ]
  ) {
    throws(() => parseMapping(text), OptionError, text);
  }
});

Deno.test("formatMapping() output parses back to the same mapping", () => {
  const column = fc.string({ minLength: 1 }).filter((s) => s.trim() !== "");
  const mapping = fc.record(Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, column])), {
    requiredKeys: [],
  });
  fc.assert(
    fc.property(mapping, (m) => {
      if (Object.keys(m).length === 0) return;
      deepStrictEqual(parseMapping(formatMapping(m)), { ...m });
    }),
    { seed: 42, numRuns: 200 },
  );
});
