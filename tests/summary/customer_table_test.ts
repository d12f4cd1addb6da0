import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import { SchemaError, ValidationError } from "@crm/errors.ts";
import { summaryFromCustomerTable } from "@crm/summary/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";
import { assertClose } from "./_helpers.ts";

const hasFlo = hasSharedData("flo_data_20k.csv");
const sum = (xs: ArrayLike<number>): number =>
  Array.prototype.reduce.call(xs, (a, b) => (a as number) + (b as number), 0) as number;

/** Mapping of the small hand-made customer tables below. */
const MAPPING = {
  customerId: "id",
  firstOrderDate: "first",
  lastOrderDate: "last",
  orders: ["n"],
  value: ["v"],
};

Deno.test({
  name:
    "summaryFromCustomerTable() recognises FLO's columns: 19,945 customers, Σ frequency = 62,046 + 38,173",
  ignore: !hasFlo,
  async fn() {
    const db = await openDb({ threads: 1 });
    await db.run(
      `CREATE TABLE flo AS SELECT * FROM read_csv('${sharedDataPath("flo_data_20k.csv")}')`,
    );
    const classic = await summaryFromCustomerTable(db, "flo");
    equal(classic.customerIds.length, 19945);
    equal(sum(classic.frequency), 62046 + 38173);
    equal(classic.asOf.toISOString(), "2021-06-01T00:00:00.000Z"); // last order 2021-05-30 + 2 days
    // Σ value / Σ orders is not Σ monetary, but Σ (monetary × frequency) is Σ value.
    assertClose(
      sum(classic.monetaryValue.map((m, i) => m * classic.frequency[i]!)),
      9919081.11 + 5064486.20,
      0.01,
      "total value",
    );
    // First row of the file, by hand: cc294636-…, first 2020-10-30, last 2021-02-26,
    // orders 4 + 1, value 139.99 + 799.38. 119 days first → last; 214 days to 2021-06-01.
    const i = classic.customerIds.indexOf("cc294636-19f0-11eb-8d74-000d3a38a36f");
    deepStrictEqual(
      [classic.frequency[i], classic.recency[i], classic.T[i]],
      [5, 119 / 7, 214 / 7],
    );
    assertClose(classic.monetaryValue[i]!, (139.99 + 799.38) / 5, 1e-9, "monetary");

    const repeat = await summaryFromCustomerTable(db, "flo", { convention: "repeat" });
    equal(repeat.customerIds.length, 19945);
    equal(sum(repeat.frequency), 62046 + 38173 - 19945);
    deepStrictEqual([repeat.frequency[i], repeat.recency[i], repeat.T[i]], [4, 119, 214]);
    db.close();
  },
});

Deno.test("summaryFromCustomerTable() uses a mapping and keeps single-order customers only in repeat", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE c AS SELECT * FROM (VALUES
    ('x', '2021-01-01', '2021-01-15', 3, 40.0),
    ('y', '2021-01-10', '2021-01-10', 1, 10.0)) t(id, first, last, n, v)`);
  const asOf = new Date("2021-01-29");
  const repeat = await summaryFromCustomerTable(db, "c", {
    mapping: MAPPING,
    asOf,
    convention: "repeat",
  });
  deepStrictEqual(repeat.customerIds, ["x", "y"]);
  deepStrictEqual([...repeat.frequency], [2, 0]);
  deepStrictEqual([...repeat.recency], [14, 0]);
  deepStrictEqual([...repeat.T], [28, 19]);
  deepStrictEqual([...repeat.monetaryValue], [40 / 3, 0]);
  const classic = await summaryFromCustomerTable(db, "c", { mapping: MAPPING, asOf });
  deepStrictEqual(classic.customerIds, ["x"]);
  deepStrictEqual([...classic.frequency, ...classic.recency, ...classic.T], [3, 2, 4]);
  db.close();
});

Deno.test("summaryFromCustomerTable() names the customer with a last order before the first", async () => {
  const db = await openDb({ threads: 1 });
  await db.run(`CREATE TABLE c AS SELECT * FROM (VALUES
    ('ok', DATE '2021-01-01', DATE '2021-01-15', 3.0, 40.0),
    ('bad', DATE '2021-02-10', DATE '2021-01-10', 2.0, 10.0)) t(id, first, last, n, v)`);
  await rejects(summaryFromCustomerTable(db, "c", { mapping: MAPPING }), (e: unknown) => {
    ok(e instanceof ValidationError);
    ok(e.message.includes(`customer "bad": last-before-first`), e.message);
    equal(e.issues[0]?.customerId, "bad");
    return true;
  });
  await rejects(
    summaryFromCustomerTable(db, "c"),
    (e: unknown) =>
      e instanceof SchemaError &&
      /no mapping given and the FLO columns "master_id"/.test(e.message),
  );
  await rejects(
    summaryFromCustomerTable(db, "c", { mapping: { ...MAPPING, value: ["spend"] } }),
    (e: unknown) => e instanceof SchemaError && /mapped column "spend" not found/.test(e.message),
  );
  db.close();
});
