import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  createProductSales,
  fitElasticity,
  priceElasticity,
  productPerformance,
} from "@crm/products/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import { LARGE, loadGenerated } from "../crm/_crm_data.ts";

const close = (a: number, b: number, tol: number, what = "") =>
  ok(Math.abs(a - b) <= tol, `${what} expected ${b} ± ${tol}, got ${a}`);

Deno.test("fitElasticity() by hand: ln p = 0..7, ln q = 5,4,4,2,2,1,0,0", () => {
  // x̄ = 3.5, ȳ = 2.25, Sxx = 42, Sxy = -32, Syy = 25.5 (by hand); slope -32/42;
  // SSE = 25.5 - 32²/42; R² = (32²/42)/25.5; se = sqrt(SSE/6/42); t(0.975, 6) = 2.446911851.
  const ys = [5, 4, 4, 2, 2, 1, 0, 0];
  const points = ys.map((y, x) => ({ product: "A", price: Math.exp(x), volume: Math.exp(y) }));
  const r = fitElasticity("product", "A", points);
  const sse = 25.5 - 32 ** 2 / 42;
  const se = Math.sqrt(sse / 6 / 42);
  equal(r.status, "estimated");
  equal(r.n, 8);
  close(r.elasticity!, -32 / 42, 1e-12, "slope");
  close(r.r_squared!, (32 ** 2 / 42) / 25.5, 1e-12, "R²");
  close(r.std_error!, se, 1e-12, "se");
  close(r.ci_low!, -32 / 42 - 2.446911851144969 * se, 1e-9, "ci low");
  close(r.ci_high!, -32 / 42 + 2.446911851144969 * se, 1e-9, "ci high");
});

Deno.test("fitElasticity() centres within products: two price levels, elasticity -1 each", () => {
  // Product A sells at 1-2, product B at 10-20; each has q = k / p exactly. Pooling the raw logs
  // would mix the levels; the within estimator gives -1 with R² 1.
  const prices = [1, 1.1, 1.25, 1.4, 1.6, 1.8, 2];
  const points = [
    ...prices.map((p) => ({ product: "A", price: p, volume: 100 / p })),
    ...prices.map((p) => ({ product: "B", price: 10 * p, volume: 1000 / p })),
  ];
  const r = fitElasticity("category", "X", points);
  equal(r.products, 2);
  close(r.elasticity!, -1, 1e-12);
  close(r.r_squared!, 1, 1e-12);
});

Deno.test("fitElasticity() flags, and does not estimate, flat prices and short series", () => {
  const flat = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => ({
    product: "A",
    price: 2 * (1 + (i % 2) * 0.001),
    volume: 10 + i,
  }));
  const f = fitElasticity("product", "A", flat);
  equal(f.status, "flat-price");
  equal(f.elasticity, null);
  const short = fitElasticity(
    "product",
    "A",
    flat.slice(0, 5).map((p, i) => ({ ...p, price: 1 + i })),
  );
  equal(short.status, "too-few");
  equal(short.elasticity, null);
});

Deno.test("priceElasticity() recovers the planted category elasticities", async () => {
  const { db, dataset } = await loadGenerated({ ...LARGE, seed: 51 });
  try {
    await createProductSales(db, "transactions");
    const e = await priceElasticity(db);
    const planted = dataset.truth.effects.elasticity;
    const categories = e.rows.filter((r) => r.level === "category");
    deepStrictEqual(categories.map((r) => r.key), [
      "Accessories",
      "Electronics",
      "Home",
      "Premium",
    ]);
    for (const r of categories) {
      equal(r.status, "estimated");
      // Tolerance: the planted value lies within the 95% interval widened by half its width.
      const half = (r.ci_high! - r.ci_low!) / 2;
      close(r.elasticity!, planted[r.key]!, 1.5 * half, r.key);
      equal(r.n, 120);
    }
    equal(e.facts.evidence, "clear");
    equal(e.facts.mostElastic, "Accessories");
    equal(e.facts.leastElastic, "Premium");
    ok(e.rows.some((r) => r.level === "product" && r.key === "P999" && r.status === "too-few"));
  } finally {
    db.close();
  }
});

Deno.test("productPerformance() on CRM transactions: shares, categories, concentration", async () => {
  const { db } = await loadGenerated({ seed: 52 });
  try {
    await createProductSales(db, "transactions");
    const p = await productPerformance(db);
    const { revenue } = await db.one<{ revenue: number }>(
      "select sum(amount) as revenue from crm_transactions",
    );
    close(p.facts.revenue, revenue, 1e-6);
    close(p.products.reduce((a, r) => a + r.revenue_share, 0), 1, 1e-12);
    close(p.products[p.products.length - 1]!.cumulative_share, 1, 1e-12);
    deepStrictEqual(p.categories.map((c) => c.category).sort(), [
      "Accessories",
      "Electronics",
      "Home",
      "Premium",
    ]);
    equal(p.facts.productsFor80, p.products.findIndex((r) => r.cumulative_share >= 0.8) + 1);
    ok(p.products.every((r, i) => i === 0 || p.products[i - 1]!.revenue >= r.revenue));
  } finally {
    db.close();
  }
});

Deno.test("product sales from won pipeline deals", async () => {
  const { db } = await loadGenerated({ seed: 53 }, {
    recode: { pipeline: { product: { GTXPro: "GTX Pro" } } },
  });
  try {
    await createProductSales(db, "pipeline");
    const p = await productPerformance(db);
    const { won } = await db.one<{ won: number }>(
      "select sum(close_value) as won from crm_pipeline where stage = 'Won'",
    );
    close(p.facts.revenue, won, 1e-6);
    deepStrictEqual(p.categories.map((c) => c.category).sort(), ["Electronics", "Premium"]);
  } finally {
    db.close();
  }
});

Deno.test("product performance and elasticity run on the plain order log (embedded sample)", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await loadTransactions(db, { path: "data/sample_online_retail.csv.gz" });
    await cleanTransactions(db);
    await createProductSales(db, "order_log");
    const p = await productPerformance(db);
    const { revenue } = await db.one<{ revenue: number }>(
      "select sum(line_total) as revenue from clean_transactions",
    );
    close(p.facts.revenue, revenue, 1e-6 * revenue);
    equal(p.categories.length, 0);
    const e = await priceElasticity(db);
    equal(e.rows.every((r) => r.level === "product"), true);
    equal(e.rows.length, p.products.length);
    equal(e.facts.evidence, "too-few");
    for (const r of e.rows) {
      equal(r.status === "estimated", r.elasticity !== null);
      if (r.status === "too-few") ok(r.n < 8);
    }
  } finally {
    db.close();
  }
});
