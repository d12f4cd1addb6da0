/**
 * The quantity-discount guard of the price elasticity: the within-period slope of log unit
 * price on log quantity by hand, and simulated order logs where a list price that never moves,
 * with cheaper bulk lines, would otherwise read as a strong elasticity.
 *
 * @module
 */
import { equal, ok } from "node:assert/strict";
import { type Db, openDb } from "@crm/db/mod.ts";
import { priceElasticity, quantityDiscounts } from "@crm/products/mod.ts";
import { createRandom } from "@crm/stats/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

/** Lines as a `product_sales` view: product, month (1-based), quantity, unit price. */
async function lines(db: Db, rows: readonly [string, number, number, number][]): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TABLE __lines (product VARCHAR, m INTEGER, quantity DOUBLE, price DOUBLE)`,
  );
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.run(
      `INSERT INTO __lines VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`,
      chunk.flat(),
    );
  }
  await db.run(
    `CREATE OR REPLACE VIEW product_sales AS SELECT product, product AS description,
       CAST(NULL AS VARCHAR) AS category, TIMESTAMP '2023-01-01' + to_months(m - 1) AS sale_date,
       quantity, price, quantity * price AS revenue, CAST(NULL AS DOUBLE) AS list_price FROM __lines`,
  );
}

Deno.test("quantityDiscounts() by hand: the within-month slope of log price on log quantity and its t", async () => {
  const db = await openDb();
  try {
    // Three months, each with a line of 1 unit at 10 and one of 10 units at 8 (month 3: at 9).
    await lines(db, [
      ["A", 1, 1, 10],
      ["A", 1, 10, 8],
      ["A", 2, 1, 10],
      ["A", 2, 10, 8],
      ["A", 3, 1, 10],
      ["A", 3, 10, 9],
    ]);
    const [a] = await quantityDiscounts(db);
    // Centred in each month, x = ∓ln(10)/2; y = ±ln(10/8)/2 in months 1-2 and ±ln(10/9)/2 in 3.
    // slope = Σxy / Σx² = -(2b + c) / (3a) with a = ln 10 / 2, b = ln 1.25 / 2, c = ln(10/9) / 2.
    const A = Math.log(10) / 2, B = Math.log(1.25) / 2, C = Math.log(10 / 9) / 2;
    const slope = -(2 * B + C) / (3 * A);
    ok(Math.abs(a!.slope - slope) < 1e-12, `${a!.slope} vs ${slope}`);
    // Residual sum of squares over 6 lines - 3 months - 1 slope = 2 degrees of freedom.
    const sxx = 6 * A * A;
    const syy = 4 * B * B + 2 * C * C;
    const sse = syy - slope * slope * sxx;
    const t = slope / Math.sqrt(sse / 2 / sxx);
    ok(Math.abs(a!.t - t) < 1e-9, `${a!.t} vs ${t}`);
    equal(a!.lines, 6);
    equal(a!.discounted, t <= -2 && slope <= -0.01);
  } finally {
    db.close();
  }
});

/**
 * An order log of two products over 24 months, 40 lines a month each:
 * `tiered` keeps one list price (10 for fewer than 12 units, 8 from 12 up) and sells more bulk
 * lines in some months than others; `priced` has one unit price per month (±25% around 10) and
 * volume that follows it with elasticity -1.5.
 */
function orderLog(seed: number): [string, number, number, number][] {
  const rnd = createRandom(seed);
  const rows: [string, number, number, number][] = [];
  for (let m = 1; m <= 24; m++) {
    const bulkShare = 0.02 + 0.48 * rnd.next();
    for (let i = 0; i < 40; i++) {
      const q = rnd.next() < bulkShare
        ? 12 + Math.floor(rnd.next() * 12)
        : 1 + Math.floor(rnd.next() * 6);
      rows.push(["tiered", m, q, q >= 12 ? 8 : 10]);
    }
    const price = 10 * Math.exp(0.25 * (2 * rnd.next() - 1));
    // Expected units 3 × (price / 10)^-1.5 per line, with multiplicative noise.
    const mean = 3 * (price / 10) ** -1.5;
    for (let i = 0; i < 40; i++) {
      const q = Math.max(1, Math.round(mean * Math.exp(0.3 * (2 * rnd.next() - 1))));
      rows.push(["priced", m, q, price]);
    }
  }
  return rows;
}

Deno.test("priceElasticity(): a list price that never moves but is cheaper in bulk is flagged, not read as demand", async () => {
  const db = await openDb();
  try {
    await lines(db, orderLog(5));
    const guarded = await priceElasticity(db);
    const row = (key: string) => guarded.rows.find((r) => r.key === key)!;
    equal(row("tiered").status, "quantity-discount");
    equal(row("tiered").elasticity, null);
    equal(guarded.facts.quantityDiscount, 1);
    equal(guarded.facts.discountTested, 2);
    // The product with one price per month keeps its estimate: -1.5 is inside the interval.
    equal(row("priced").status, "estimated");
    ok(
      row("priced").ci_low! < -1.5 && -1.5 < row("priced").ci_high!,
      JSON.stringify(row("priced")),
    );
    // Without the guard the tiered product shows a steep "elasticity" from the discount schedule
    // alone: the monthly mean price falls when bulk lines are many, and volume rises with them.
    const naive = await priceElasticity(db, { discountGuard: false });
    const spurious = naive.rows.find((r) => r.key === "tiered")!;
    equal(spurious.status, "estimated");
    ok(spurious.ci_high! < -1, JSON.stringify(spurious));
  } finally {
    db.close();
  }
});

const FULL = "online_retail_II_year2010-2011.csv.gz";

Deno.test({
  name:
    "on Online Retail II, many products have quantity discounts and are left out of the elasticities",
  ignore: !hasSharedData(FULL),
  fn: async () => {
    const db = await openDb({ threads: 1 });
    try {
      await db.run(
        `CREATE VIEW product_sales AS SELECT "StockCode" AS product, "InvoiceDate"::TIMESTAMP AS sale_date,
           "Quantity"::DOUBLE AS quantity, "Price"::DOUBLE AS price, "Quantity" * "Price" AS revenue,
           CAST(NULL AS VARCHAR) AS category
         FROM read_csv('${
          sharedDataPath(FULL)
        }') WHERE "Quantity" > 0 AND "Price" > 0 AND "Customer ID" IS NOT NULL`,
      );
      const e = await priceElasticity(db);
      // A third or more of the products tested sell cheaper in bulk within a month.
      ok(e.facts.quantityDiscount > e.facts.discountTested / 3, JSON.stringify(e.facts));
      for (const r of e.rows.filter((r) => r.status === "quantity-discount")) {
        equal(r.elasticity, null);
      }
      ok(e.facts.products.estimated > 100, JSON.stringify(e.facts.products));
    } finally {
      db.close();
    }
  },
});
