import { deepStrictEqual, equal, notEqual, ok, rejects, throws } from "node:assert/strict";
import fc from "fast-check";
import { openDb } from "../../lib/db/mod.ts";
import { OptionError } from "../../lib/errors.ts";
import {
  categorizer,
  crossSegments,
  customerProfiles,
  kmeans,
  productSegments,
  silhouetteScore,
} from "../../lib/segment/mod.ts";

Deno.test("categorizer() applies the ordered keyword table, first match wins", () => {
  const c = categorizer();
  const cases: [string, string][] = [
    ["CHRISTMAS LIGHTS 10 REINDEER", "Christmas"], // Christmas before Candles & Lights
    ["WHITE HANGING HEART T-LIGHT HOLDER", "Candles & Lights"], // before Home Decor (HEART)
    ["PACK OF 72 RETROSPOT CAKE CASES", "Baking & Lunch"],
    ["LUNCH BAG RED RETROSPOT", "Bags"], // Bags before Baking & Lunch
    ["SET 7 BABUSHKA NESTING BOXES", "Storage"], // plural "ES"
    ["WHITE METAL LANTERN", "Candles & Lights"],
    ["ASSORTED COLOUR BIRD ORNAMENT", "Home Decor"], // Home Decor (ORNAMENT) before Garden (BIRD)
    ["POSTAGE", "Other"],
    ["teacup and saucer", "Kitchen & Tea"], // case-insensitive
    ["STEAMER", "Other"], // TEA only as a whole word
  ];
  for (const [description, category] of cases) equal(c(description), category, description);
  const mine = categorizer([{ category: "Hats", keywords: ["HAT"] }]);
  deepStrictEqual([mine("RED HATS"), mine("CHRISTMAS")], ["Hats", "Other"]);
});

Deno.test("kmeans() separates clear groups and is deterministic for a seed", () => {
  const pts = [[0, 0], [0.2, 0], [0, 0.2], [5, 5], [5.2, 5], [5, 5.2], [10, 0], [10.2, 0]];
  const fit = kmeans(pts, 3, { seed: 7 });
  const [a, b, c] = [fit.assignments[0], fit.assignments[3], fit.assignments[6]];
  deepStrictEqual(fit.assignments, [a, a, a, b, b, b, c, c]);
  equal(new Set([a, b, c]).size, 3);
  // inertia: a triple around (0.2/3, 0.2/3) has SS 2/225 + 2·(5/225) = 0.16/3; the pair has 2·0.1²
  equal(Math.abs(fit.inertia - (2 * (0.16 / 3) + 0.02)) < 1e-9, true);
  deepStrictEqual(kmeans(pts, 3, { seed: 7 }), fit);
  throws(() => kmeans(pts, 9), OptionError);
});

Deno.test("silhouetteScore() is high for separated groups and 0 for one cluster", () => {
  equal(silhouetteScore([[0], [1], [2]], [0, 0, 0]), 0);
  // [0, 2] vs [10]: point 0: a = 2, b = 10 -> 0.8; point 2: a = 2, b = 8 -> 0.75; point 10 alone -> 0
  equal(
    Math.abs(silhouetteScore([[0], [2], [10]], [0, 0, 1]) - (0.8 + 0.75 + 0) / 3) < 1e-12,
    true,
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 2 })),
        { minLength: 2, maxLength: 30 },
      ),
      (rows) => {
        const s = silhouetteScore(rows.map(([x]) => [x]), rows.map(([, c]) => c));
        return s >= -1 - 1e-12 && s <= 1 + 1e-12;
      },
    ),
    { seed: 12, numRuns: 100 },
  );
});

Deno.test("productSegments() finds two obvious product groups and names them by lift", async () => {
  const db = await openDb({ threads: 1 });
  // 8 Christmas customers (90% Christmas, 10% bags) and 6 bag customers (the reverse)
  const lines: string[] = [];
  for (let i = 0; i < 14; i++) {
    const xmas = i < 8;
    lines.push(
      `('c${String(i).padStart(2, "0")}', 'X1', 'CHRISTMAS TREE', ${xmas ? 90 + i : 10 + i})`,
    );
    lines.push(`('c${String(i).padStart(2, "0")}', 'B1', 'JUMBO BAG', ${xmas ? 10 : 90})`);
  }
  await db.run(
    `CREATE TABLE clean_transactions AS SELECT * FROM (VALUES ${
      lines.join(",")
    }) t(customer_id, stock_code, description, line_total)`,
  );
  const seg = await productSegments(db, { kRange: [2, 4] });
  deepStrictEqual(seg.categories, ["Bags", "Christmas"]);
  equal(seg.k, 2);
  deepStrictEqual(seg.segments.map((s) => [s.productSegment, s.customers]), [["Christmas", 8], [
    "Bags",
    6,
  ]]);
  deepStrictEqual(
    seg.customers.filter((c) => c.productSegment === "Bags").map((c) => c.customerId),
    ["c08", "c09", "c10", "c11", "c12", "c13"],
  );
  equal(seg.customers.every((c) => Math.abs(c.shares[0]! + c.shares[1]! - 1) < 1e-12), true);
  // a user mapping overrides the keyword rules
  const mapped = await productSegments(db, {
    kRange: [2, 2],
    categoryMap: { X1: "Seasonal", B1: "Carry" },
  });
  deepStrictEqual(mapped.segments.map((s) => s.productSegment), ["Seasonal", "Carry"]);
  // crossing with RFM segments
  const rfm = seg.customers.map((c, i) => ({
    customerId: c.customerId,
    segment: i % 2 === 0 ? "champions" : "hibernating",
  }));
  const cross = crossSegments(rfm, seg.customers);
  equal(cross.reduce((n, r) => n + r.customers, 0), 14);
  deepStrictEqual(
    cross.find((r) => r.segment === "champions" && r.productSegment === "Christmas"),
    {
      segment: "champions",
      productSegment: "Christmas",
      customers: 4,
      shareOfSegment: 4 / 7,
    },
  );
  db.close();
});

Deno.test("customerProfiles() joins features and product segments, null when absent", () => {
  const row = {
    customerId: "a",
    recency: 1,
    frequency: 2,
    monetary: 3,
    recencyScore: 5,
    frequencyScore: 4,
    monetaryScore: 3,
    rfScore: "54",
    rfmScore: "543",
    segment: "champions",
  };
  const [p, q] = customerProfiles([row, { ...row, customerId: "b" }], {
    features: [{
      customerId: "b",
      avgDaysBetweenPurchases: 12.5,
      preferredWeekday: "Friday",
      peakHour: 11,
    }],
    productSegments: [{ customerId: "a", productSegment: "Bags" }],
  });
  deepStrictEqual([p!.avgDaysBetweenPurchases, p!.preferredWeekday, p!.productSegment], [
    null,
    null,
    "Bags",
  ]);
  deepStrictEqual(
    [q!.avgDaysBetweenPurchases, q!.preferredWeekday, q!.peakHour, q!.productSegment],
    [12.5, "Friday", 11, null],
  );
  notEqual(p, q);
});

Deno.test("kmeans() warm-started from given centroids runs once from them", () => {
  const pts = [[0, 0], [0, 2], [10, 10], [10, 12]];
  // Started at the true centres, nothing moves: one assignment pass and the final check.
  const fit = kmeans(pts, 2, { init: [[10, 11], [0, 1]] });
  deepStrictEqual(fit.assignments, [1, 1, 0, 0]);
  deepStrictEqual(fit.centroids, [[10, 11], [0, 1]]);
  equal(fit.inertia, 4);
  // Started badly, Lloyd iterations still find the two groups.
  const moved = kmeans(pts, 2, { init: [[0, 0], [0, 2]] });
  equal(moved.assignments[0] === moved.assignments[1], true);
  equal(moved.assignments[2] === moved.assignments[3], true);
  equal(moved.assignments[0] !== moved.assignments[2], true);
  throws(() => kmeans(pts, 2, { init: [[0, 0]] }), /init must hold 2 centroids of length 2/);
  throws(() => kmeans(pts, 2, { init: [[0], [1]] }), OptionError);
});

Deno.test("productSegments() checks kRange and needs more customers than the smallest k", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(`CREATE TABLE clean_transactions AS SELECT * FROM (VALUES
      ('a', 'X1', 'CHRISTMAS TREE', 5.0), ('b', 'B1', 'JUMBO BAG', 3.0))
      t(customer_id, stock_code, description, line_total)`);
    await rejects(productSegments(db, { kRange: [1, 3] }), OptionError);
    await rejects(
      productSegments(db, { kRange: [4, 3] }),
      /kRange must be two integers 2 <= min <= max/,
    );
    await rejects(
      productSegments(db),
      /Cannot build product segments: 2 customers with spend are too few for k = 2/,
    );
    await rejects(productSegments(db, { table: "nope" }), /table "nope" does not exist/);
  } finally {
    db.close();
  }
});

Deno.test("productSegments() uses the data's own category column and says so", async () => {
  const db = await openDb({ threads: 1 });
  // 30 customers: ten buy furniture only, ten technology only, ten both (descriptions say
  // nothing the keyword table knows)
  await db.run(`CREATE TABLE clean_transactions AS
    SELECT 'c' || lpad(CAST(c AS VARCHAR), 2, '0') AS customer_id, 'S' || k AS stock_code,
      'Item ' || k AS description,
      CASE WHEN c < 10 OR (c >= 20 AND k % 2 = 0) THEN 'Furniture' ELSE 'Technology' END AS category,
      10.0 + k AS line_total
    FROM range(30) a(c), range(4) b(k)`);
  const seg = await productSegments(db, { seed: 1 });
  equal(seg.categorySource, "column");
  equal(seg.categoryColumn, "category");
  deepStrictEqual(seg.categories, ["Furniture", "Technology"]);
  const names = new Set(seg.customers.map((c) => c.productSegment));
  ok(
    [...names].every((n) => /^(Furniture|Technology|Mixed)( \+ (Furniture|Technology))?/.test(n)),
    [...names].join(),
  );
  equal(seg.customers.find((c) => c.customerId === "c00")!.shares[0], 1);
  // a product → category map wins over the column; without both, the keyword table
  const mapped = await productSegments(db, {
    seed: 1,
    categoryMap: { S0: "Chairs", S1: "Chairs", S2: "Desks", S3: "Desks" },
  });
  equal(mapped.categorySource, "map");
  await db.run("ALTER TABLE clean_transactions DROP COLUMN category");
  const keywords = await productSegments(db, { seed: 1 });
  equal(keywords.categorySource, "keywords");
  deepStrictEqual(keywords.categories, ["Other"]); // "Item 3" is in no keyword rule
  db.close();
});

Deno.test("crossSegments() gives the same cells whether or not its lists come sorted by customer id", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.nat(5), { minLength: 60, maxLength: 60 }),
      fc.array(fc.nat(3), { minLength: 60, maxLength: 60 }),
      (ids, segmentPicks, productPicks) => {
        const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rfm = sorted.map((customerId, i) => ({ customerId, segment: `s${segmentPicks[i]}` }));
        // Some customers have no product segment (pick 0), the others one of three.
        const products = sorted.filter((_, i) => productPicks[i] !== 0)
          .map((customerId, i) => ({ customerId, productSegment: `p${productPicks[i]! % 3}` }));
        const walked = crossSegments(rfm, products);
        const mapped = crossSegments([...rfm].reverse(), [...products].reverse());
        deepStrictEqual(walked, mapped);
        equal(walked.reduce((n, c) => n + c.customers, 0), rfm.length);
      },
    ),
  );
});
