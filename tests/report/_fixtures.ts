/**
 * Fixed inputs of the report tests: a small report model (every block kind, a long table, a
 * notice, hostile text) and a transaction log whose product names and customer ids are
 * hostile, for the main job.
 *
 * @module
 */
import { lorenzCurve, monthlyRevenue, topItems } from "../../lib/charts/mod.ts";
import { createFormat } from "../../lib/format/mod.ts";
import type { Report } from "../../lib/report/mod.ts";

/** Text that must stay text wherever it lands: markup, attributes, JSON, CSV. */
export const HOSTILE = {
  script: "<script>window.__pwned = 'script'</script>",
  img: `"><img src=x onerror="window.__pwned='img'">`,
  formula: '=HYPERLINK("http://example.invalid/","click")',
  endScript: "</script><script>window.__pwned='end'</script>",
} as const;

const fmt = createFormat({ currency: "£" });

/** Thirty months of made-up sales: more rows than the table shows. */
export const MONTHS = Array.from({ length: 30 }, (_, i) => {
  const year = 2010 + Math.floor(i / 12);
  const month = String((i % 12) + 1).padStart(2, "0");
  return {
    month: `${year}-${month}`,
    revenue: 1000 + 137.25 * i,
    orders: 40 + i,
    customers: 20 + (i % 7),
    share: (i + 1) / 465,
    note: i % 10 === 0 ? "A long note that wraps: the month of a promotion, see the plan." : null,
  };
});

/** The fixed report model of the golden test. */
export function fixtureReport(): Report {
  return {
    title: "Customer analytics: fixture",
    subtitle: "30 months, made up for the tests",
    notice: "Synthetic data: made up for the tests.",
    headline: [
      { label: "Revenue", value: fmt.money(123456.78) },
      { label: "Customers", value: fmt.int(1234), note: "with an id" },
    ],
    currency: "£",
    sections: [
      {
        id: "sales",
        title: "Sales",
        lead: "Revenue grew every month.",
        findings: [{ id: "growth", text: "Revenue grew by 137.25 a month (3 < 4 & 5 > 4)." }],
        recommendations: [{ id: "keep", text: "Keep going." }],
        blocks: [
          { kind: "kpis", id: "sales.kpis", items: [{ label: "Orders", value: "1,635" }] },
          {
            kind: "chart",
            id: "sales.monthly",
            spec: monthlyRevenue(MONTHS.slice(0, 6), { format: fmt }),
            caption: "Six months.",
          },
          {
            kind: "table",
            id: "sales.months",
            title: "Months",
            file: "monthly.csv",
            limit: 5,
            columns: [
              { key: "month", format: "text" },
              { key: "revenue", format: "money" },
              { key: "orders", format: "int" },
              { key: "share", label: "share of revenue", format: "percent" },
              { key: "note", format: "text", wrap: true },
            ],
            rows: MONTHS,
          },
          { kind: "text", id: "sales.text", paragraphs: ["Made up.", "Still made up."] },
        ],
      },
      {
        id: "hostile",
        title: "Hostile text",
        lead: HOSTILE.script,
        findings: [{ id: "img", text: HOSTILE.img }],
        recommendations: [],
        blocks: [
          {
            kind: "chart",
            id: "hostile.products",
            spec: topItems(
              Object.values(HOSTILE).map((label, i) => ({ label, revenue: 100 - i, quantity: i })),
              { format: fmt },
            ),
          },
          {
            kind: "chart",
            id: "hostile.lorenz",
            spec: lorenzCurve([{ customerShare: 0.5, revenueShare: 0.2 }, {
              customerShare: 1,
              revenueShare: 1,
            }], { format: fmt }),
          },
          {
            kind: "table",
            id: "hostile.table",
            title: HOSTILE.endScript,
            columns: [{ key: "product", format: "text" }, { key: "revenue", format: "money" }],
            rows: Object.values(HOSTILE).map((product, i) => ({ product, revenue: 10 * i })),
          },
        ],
      },
    ],
    provenance: [{ label: "Input file", value: "fixture.csv" }],
    generatedAt: "2026-01-01 00:00 UTC",
  };
}

/** A tiny deterministic generator (LCG), so the fixture file is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A transaction log in the Online Retail II layout whose best-selling products and some customer
 * ids are hostile text: 150 customers over a year, a few purchases each.
 */
export function hostileTransactions(): string {
  const random = lcg(7);
  const hostile = Object.values(HOSTILE);
  const products = [
    ...hostile.map((d, i) => ({ code: `H${i}`, description: d, price: 9.5 + i })),
    ...Array.from({ length: 12 }, (_, i) => ({
      code: `P${100 + i}`,
      description: `PLAIN PRODUCT ${i}`,
      price: 1.25 + i,
    })),
  ];
  const lines = ["Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country"];
  let invoice = 500000;
  for (let c = 0; c < 150; c++) {
    const id = c < hostile.length ? hostile[c]! : String(20000 + c);
    const purchases = 1 + Math.floor(random() * 6);
    const first = Math.floor(random() * 200);
    for (let p = 0; p < purchases; p++) {
      const day = Math.min(360, first + Math.floor(p * (365 - first) / purchases));
      const date = new Date(Date.UTC(2011, 0, 1) + day * 86_400_000 + 10 * 3_600_000);
      const stamp = date.toISOString().slice(0, 19).replace("T", " ");
      invoice++;
      for (let l = 0; l < 2; l++) {
        // Hostile products sell most: they reach the top-products chart and table.
        const product = products[
          random() < 0.5
            ? Math.floor(random() * hostile.length)
            : Math.floor(random() * products.length)
        ]!;
        const quantity = 1 + Math.floor(random() * 6);
        lines.push([
          String(invoice),
          product.code,
          csvField(product.description),
          String(quantity),
          stamp,
          product.price.toFixed(2),
          csvField(id),
          c % 3 === 0 ? "France" : "United Kingdom",
        ].join(","));
      }
    }
  }
  return lines.join("\n") + "\n";
}
