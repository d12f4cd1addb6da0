import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openDb } from "../../lib/db/mod.ts";
import { InputFileError, SchemaError, ValidationError } from "../../lib/errors.ts";
import {
  type CustomerTableMapping,
  FLO_CUSTOMER_MAPPING,
  loadCustomerTable,
  rfmFromCustomerTable,
} from "../../lib/customer_table/mod.ts";
import { rfmScores } from "../../lib/rfm/mod.ts";
import { assignSegments, segmentSummary } from "../../lib/segment/mod.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/customer_table/${name}`, import.meta.url));
const SHOP: CustomerTableMapping = {
  customerId: "client",
  firstOrderDate: "first",
  lastOrderDate: "last",
  orders: ["web_orders", "store_orders"],
  value: ["web_spend", "store_spend"],
};

Deno.test("loadCustomerTable() maps a two-channel file and rfmFromCustomerTable() computes RFM", async () => {
  const db = await openDb({ threads: 1 });
  const info = await loadCustomerTable(db, fixture("shop.csv"), { mapping: SHOP });
  deepStrictEqual({ ...info, mapping: undefined }, {
    table: "customer_orders",
    rows: 3,
    mapping: undefined,
    detected: "mapping",
  });
  const { asOf, rows } = await rfmFromCustomerTable(db);
  // latest last order 2021-03-30 -> as of 2021-04-01
  deepStrictEqual(asOf, new Date("2021-04-01T00:00:00Z"));
  deepStrictEqual(rows, [
    { customerId: "C1", recency: 2, frequency: 5, monetary: 150 },
    { customerId: "C2", recency: 22, frequency: 1, monetary: 12.25 },
    { customerId: "C3", recency: 31, frequency: 1, monetary: 20 },
  ]);
  const explicit = await rfmFromCustomerTable(db, { asOf: new Date("2021-03-31T00:00:00Z") });
  deepStrictEqual(explicit.rows.map((r) => r.recency), [1, 21, 30]);
  await rejects(
    rfmFromCustomerTable(db, { asOf: new Date("2021-03-15T00:00:00Z") }),
    /customer "C1" last ordered later \(2021-03-30\)/,
  );
  db.close();
});

Deno.test("loadCustomerTable() names missing columns, bad values and repeated customers", async () => {
  const db = await openDb({ threads: 1 });
  await rejects(loadCustomerTable(db, fixture("shop.csv")), (e: unknown) => {
    equal(e instanceof SchemaError, true);
    equal((e as SchemaError).missing.includes("master_id"), true);
    equal((e as SchemaError).hint?.includes("mapping"), true);
    return true;
  });
  await rejects(
    loadCustomerTable(db, fixture("shop.csv"), {
      mapping: { ...SHOP, value: ["web_spend", "shop_spend"] },
    }),
    /mapped column "shop_spend" not found/,
  );
  await rejects(loadCustomerTable(db, fixture("bad.csv"), { mapping: SHOP }), (e: unknown) => {
    equal(e instanceof ValidationError, true);
    const issues = (e as ValidationError).issues;
    deepStrictEqual(
      issues.map((i) => [i.line, i.column, i.value, i.rule]),
      [[2, "client", "C1", "duplicate_customer"], [3, "last", "yesterday", "bad_date"], [
        4,
        "store_orders",
        "-1",
        "bad_number",
      ]],
    );
    equal((e as Error).message.includes("bad.csv"), true);
    return true;
  });
  await rejects(loadCustomerTable(db, fixture("absent.csv"), { mapping: SHOP }), InputFileError);
  db.close();
});

const FLO = fileURLToPath(new URL("../../../shared/data/flo_data_20k.csv", import.meta.url));
const floExists = existsSync(FLO);
if (!floExists) {
  console.warn(
    `skipping FLO customer-table test: ${FLO} is absent (clone ../shared beside the repo)`,
  );
}

Deno.test({
  name: "loadCustomerTable() recognises FLO and reproduces its published totals",
  ignore: !floExists,
  fn: async () => {
    const db = await openDb({ threads: 2 });
    const info = await loadCustomerTable(db, FLO);
    equal(info.detected, "flo");
    deepStrictEqual(info.mapping, FLO_CUSTOMER_MAPPING);
    const { asOf, rows } = await rfmFromCustomerTable(db);
    deepStrictEqual(asOf, new Date("2021-06-01T00:00:00Z")); // max last_order_date 2021-05-30 + 2 days
    equal(rows.length, 19945);
    equal(rows.reduce((s, r) => s + r.frequency, 0), 100219); // 62,046 online + 38,173 offline
    equal(Math.round(rows.reduce((s, r) => s + r.monetary, 0) * 100), 1498356731); // 9,919,081.11 + 5,064,486.20
    equal(Math.min(...rows.map((r) => r.recency)), 2);
    const segmented = assignSegments(rfmScores(rows));
    equal(segmentSummary(segmented).reduce((n, s) => n + s.customers, 0), 19945);
    db.close();
  },
});
