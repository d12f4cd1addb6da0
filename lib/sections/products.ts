/**
 * Product performance and price elasticity: volume, revenue, categories, concentration on the
 * top products, and the log-log price elasticity per category (or per product) with its
 * interval. Estimates that rest on too few periods, on prices that barely moved, or (on an
 * order log) on unit prices that fall with the quantity bought are flagged, not interpreted.
 *
 * {@linkcode productFacts} computes the numbers; {@linkcode productFindings},
 * {@linkcode productRecommendations} and {@linkcode productLead} word them;
 * {@linkcode productBlocks} assembles the charts and tables.
 *
 * @module
 */
import { intervalDots, topItems } from "../charts/mod.ts";
import type { IntervalRow } from "../charts/mod.ts";
import type { Format } from "../format/mod.ts";
import type { ElasticityFacts, ProductAnalysis, ProductFacts } from "../products/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { plural } from "./_blocks.ts";

/** A top product's revenue share above which its supply is a risk worth managing. */
export const TOP_PRODUCT_SHARE = 0.2;
/** An elasticity below this (more negative) is elastic: demand moves more than the price. */
export const ELASTIC = -1;

/** The numbers and flags the product words read. */
export interface ProductSectionFacts {
  /** `transactions` (CRM), `pipeline` (won deals) or `order_log`. */
  readonly source: ProductAnalysis["source"];
  /** Why volume counts lines, not units (no quantity column); no elasticity is estimated then. */
  readonly noQuantity?: string;
  readonly performance: ProductFacts;
  /** The best seller's name (its description when known). */
  readonly topProductName: string | null;
  readonly elasticity: ElasticityFacts;
  readonly period: "month" | "week";
  /** Most and least elastic categories, with intervals, when their intervals do not overlap. */
  readonly most: ElasticityFacts["categories"][number] | null;
  readonly least: ElasticityFacts["categories"][number] | null;
}

/**
 * The product facts of an analysis.
 *
 * @example
 * ```ts
 * import { productFacts } from "./products.ts";
 * import { exampleProducts } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = productFacts(exampleProducts());
 * equal(f.topProductName, "GTK 500");
 * equal(f.most?.category, "Accessories");
 * ```
 */
export function productFacts(a: ProductAnalysis): ProductSectionFacts {
  const e = a.elasticity.facts;
  const top = a.performance.products[0];
  const clear = e.evidence === "clear";
  return {
    source: a.source,
    performance: a.performance.facts,
    topProductName: top === undefined ? null : top.description ?? top.product,
    elasticity: e,
    period: a.elasticity.period,
    ...(a.noQuantity !== undefined ? { noQuantity: a.noQuantity } : {}),
    most: clear ? e.categories[0] ?? null : null,
    least: clear ? e.categories[e.categories.length - 1] ?? null : null,
  };
}

function interval(fmt: Format, lo: number, hi: number): string {
  return `95% CI ${fmt.number(lo, 2)} to ${fmt.number(hi, 2)}`;
}

/**
 * The product findings: `overview`, `concentration`, `categories`, `elasticity`,
 * `elasticity-flags`, `quantity-discounts` (on an order log, or wherever products were left out
 * for quantity discounts: what the remaining estimates mean).
 *
 * @example Categories whose intervals overlap: no category is named more sensitive
 * ```ts
 * import { productFacts, productFindings } from "./products.ts";
 * import { exampleProducts } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const f = productFacts(exampleProducts());
 * const words = productFindings({ ...f, elasticity: { ...f.elasticity, evidence: "none" }, most: null, least: null }, createFormat());
 * match(words.find((s) => s.id === "elasticity")!.text, /no category is clearly more price-sensitive/);
 * ```
 */
export function productFindings(f: ProductSectionFacts, fmt: Format): Statement[] {
  const p = f.performance;
  const e = f.elasticity;
  const cats = e.categories;
  const unit = f.source === "pipeline" ? "won deals" : f.noQuantity ? "order lines" : "units";
  const flags = [
    e.tooFew > 0
      ? `${fmt.int(e.tooFew)} ${
        plural(e.tooFew, "product or category", "products or categories")
      } with fewer than 8 ${f.period}s of sales`
      : "",
    e.flatPrice > 0
      ? `${fmt.int(e.flatPrice)} ${
        plural(e.flatPrice, "product or category", "products or categories")
      } whose price barely varied (under 3%)`
      : "",
    e.quantityDiscount > 0
      ? `${fmt.int(e.quantityDiscount)} ${
        plural(e.quantityDiscount, "product")
      } whose unit price falls with the quantity bought in the same ${f.period}`
      : "",
  ].filter((x) => x !== "");
  let elasticity: string | null = null;
  if (f.noQuantity !== undefined) {
    elasticity = `Price elasticity is left out: ${f.noQuantity}, so each line counts as one unit ` +
      "and its amount is not a unit price.";
  } else if (f.most !== null && f.least !== null) {
    elasticity =
      `Categories differ in price sensitivity: ${f.most.category} responds most (elasticity ${
        fmt.number(f.most.elasticity, 2)
      }, ${interval(fmt, f.most.ciLow, f.most.ciHigh)}, n = ${
        fmt.int(f.most.n)
      }: 10% higher prices go with about ${
        fmt.percent(1 - 1.1 ** f.most.elasticity, 0)
      } fewer ${unit}), ${f.least.category} least (${fmt.number(f.least.elasticity, 2)}, ${
        interval(fmt, f.least.ciLow, f.least.ciHigh)
      }); their intervals do not overlap.${
        cats.length > 2
          ? ` In order: ${
            cats.map((c) => `${c.category} ${fmt.number(c.elasticity, 2)}`).join(", ")
          }.`
          : ""
      }`;
  } else if (cats.length >= 2) {
    elasticity = `Category elasticities range from ${fmt.number(cats[0]!.elasticity, 2)} (${
      cats[0]!.category
    }) to ${fmt.number(cats[cats.length - 1]!.elasticity, 2)} (${
      cats[cats.length - 1]!.category
    }), but their 95% intervals overlap: no category is clearly more price-sensitive.`;
  } else if (cats.length === 1) {
    elasticity = `The elasticity of ${cats[0]!.category} is ${
      fmt.number(cats[0]!.elasticity, 2)
    } (${interval(fmt, cats[0]!.ciLow, cats[0]!.ciHigh)}, n = ${fmt.int(cats[0]!.n)}).`;
  } else if (e.products.estimated > 0) {
    elasticity = `Price elasticity was estimated for ${fmt.int(e.products.estimated)} ${
      plural(e.products.estimated, "product")
    } (median ${fmt.number(e.products.median!, 2)}); ${fmt.int(e.products.negative)} ${
      plural(e.products.negative, "has an interval", "have intervals")
    } wholly below 0, ${fmt.int(e.products.positive)} wholly above.`;
  } else {
    elasticity = `No price elasticity could be estimated: ${
      flags.length > 0 ? "every product or category was flagged" : "no product sold at two prices"
    }.`;
  }
  return statements({
    overview: `${fmt.int(p.products)} ${plural(p.products, "product")} sold ${
      fmt.int(p.volume)
    } ${unit} for ${fmt.money(p.revenue)}${
      f.topProductName !== null && p.topProductShare !== null
        ? `; the best seller, "${f.topProductName}", brings ${fmt.percent(p.topProductShare)}`
        : ""
    }.`,
    concentration: p.products > 0
      ? `The top ${Math.min(10, p.products)} products bring ${
        fmt.percent(p.top10Share)
      } of revenue; ${fmt.int(p.productsFor80)} of ${fmt.int(p.products)} make 80% of it.`
      : null,
    categories: p.categories > 0 && p.topCategory !== null && p.topCategoryShare !== null
      ? `${p.topCategory} leads with ${fmt.percent(p.topCategoryShare)} of revenue across ${
        fmt.int(p.categories)
      } ${plural(p.categories, "category", "categories")}.`
      : null,
    elasticity,
    "elasticity-flags": flags.length > 0
      ? `Flagged and not estimated: ${flags.join("; ")}${
        e.discountTested > 0 && e.quantityDiscount > 0
          ? ` (of ${
            fmt.int(e.discountTested)
          } products with lines at two quantities in a ${f.period})`
          : ""
      }.`
      : null,
    "quantity-discounts": f.noQuantity === undefined &&
        (f.source === "order_log" || e.quantityDiscount > 0)
      ? `${
        f.source === "order_log" ? "On an order log the" : "Here the"
      } unit price of a line often falls with the quantity bought (bulk discounts), so a ${f.period}'s mean price moves with the share of bulk orders and a price-volume slope mixes quantity discounts with demand. Products whose unit price falls with quantity within a ${f.period} are left out; the estimates that remain describe how prices and volumes moved together over ${f.period}s, not a demand curve to set prices by.`
      : null,
  });
}

/**
 * The product recommendations: `price-test` (categories whose elasticities clearly differ; not
 * on an order log, where the slopes are not demand), `protect-top` (a best seller above 20% of
 * revenue).
 *
 * @example
 * ```ts
 * import { productFacts, productRecommendations } from "./products.ts";
 * import { exampleProducts } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const f = productFacts(exampleProducts());
 * deepStrictEqual(productRecommendations(f, createFormat()).map((s) => s.id), ["price-test", "protect-top"]);
 * // On an order log the slopes are not demand: no pricing advice.
 * deepStrictEqual(
 *   productRecommendations({ ...f, source: "order_log" }, createFormat()).map((s) => s.id),
 *   ["protect-top"],
 * );
 * ```
 */
export function productRecommendations(f: ProductSectionFacts, fmt: Format): Statement[] {
  const p = f.performance;
  return statements({
    "price-test": f.most !== null && f.least !== null && f.source !== "order_log"
      ? `Test a price increase first where demand is least sensitive (${f.least.category}, ${
        fmt.number(f.least.elasticity, 2)
      }), and use discounts where it is most sensitive (${f.most.category}, ${
        fmt.number(f.most.elasticity, 2)
      }): ${
        f.most.elasticity < ELASTIC
          ? "there a price cut moves more volume than it gives away"
          : "there volume responds most"
      }. Run the change as a test with a control group: these are observed slopes, not experiments.`
      : null,
    "protect-top": f.topProductName !== null && p.topProductShare !== null &&
        p.topProductShare > TOP_PRODUCT_SHARE
      ? `"${f.topProductName}" alone brings ${
        fmt.percent(p.topProductShare)
      } of revenue: secure its supply and watch its sales weekly.`
      : null,
  });
}

/** The product section's one-sentence answer. */
export function productLead(f: ProductSectionFacts, fmt: Format): string {
  const p = f.performance;
  const e = f.elasticity;
  return `${fmt.int(p.products)} products, ${fmt.money(p.revenue)} revenue; the top ${
    Math.min(10, p.products)
  } bring ${fmt.percent(p.top10Share)}; ${
    f.noQuantity !== undefined
      ? "no price elasticity without quantities."
      : f.most !== null && f.least !== null
      ? `price sensitivity ranges from ${f.most.category} (${
        fmt.number(f.most.elasticity, 2)
      }) to ${f.least.category} (${fmt.number(f.least.elasticity, 2)}).`
      : `${fmt.int(e.estimated)} elasticities estimated, ${
        fmt.int(e.tooFew + e.flatPrice + e.quantityDiscount)
      } flagged.`
  }`;
}

/**
 * The elasticities worth a chart: the estimated categories, or without categories the estimated
 * products with the most periods (at most `limit`), labelled by name, with their intervals.
 *
 * @example
 * ```ts
 * import { elasticityIntervals } from "./products.ts";
 * import { exampleProducts } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const e = elasticityIntervals(exampleProducts());
 * equal(e.level, "category");
 * equal(e.rows[0]!.label, "Accessories");
 * ```
 */
export function elasticityIntervals(
  a: ProductAnalysis,
  limit = 15,
): { level: "category" | "product"; rows: IntervalRow[] } {
  const estimated = (level: "category" | "product") =>
    a.elasticity.rows.filter((r) => r.level === level && r.status === "estimated");
  const categories = estimated("category");
  const level = categories.length > 0 ? "category" : "product";
  const names = new Map(a.performance.products.map((x) => [x.product, x.description ?? x.product]));
  const chosen = level === "category"
    ? categories
    : estimated("product").sort((x, y) => y.n - x.n || (x.key < y.key ? -1 : 1)).slice(0, limit);
  return {
    level,
    rows: chosen.map((r) => ({
      label: level === "product" ? names.get(r.key) ?? r.key : r.key,
      estimate: r.elasticity!,
      low: r.ci_low,
      high: r.ci_high,
      n: r.n,
    })),
  };
}

/** The product evidence: key figures, top products, categories, elasticities and the tables. */
export function productBlocks(a: ProductAnalysis, f: ProductSectionFacts, fmt: Format): Block[] {
  const p = f.performance;
  const categories = a.elasticity.rows.filter((r) =>
    r.level === "category" && r.status === "estimated"
  );
  const shown = elasticityIntervals(a);
  return [
    {
      kind: "kpis",
      id: "products.kpis",
      items: [
        { label: "Products", value: fmt.int(p.products) },
        {
          label: f.source === "pipeline" ? "Won deals" : f.noQuantity ? "Order lines" : "Units",
          value: fmt.int(p.volume),
        },
        { label: "Revenue", value: fmt.money(p.revenue) },
        { label: "Top 10 share", value: fmt.percent(p.top10Share) },
        { label: "Products for 80%", value: fmt.int(p.productsFor80) },
        ...(f.noQuantity === undefined
          ? [{ label: "Elasticities estimated", value: fmt.int(f.elasticity.estimated) }]
          : []),
      ],
    },
    {
      kind: "chart",
      id: "products.top",
      spec: topItems(
        a.performance.products.map((x) => ({
          label: x.description ?? x.product,
          revenue: x.revenue,
          quantity: x.volume,
        })),
        { format: fmt },
      ),
    },
    ...(a.performance.categories.length > 0
      ? [{
        kind: "chart" as const,
        id: "products.categories",
        spec: topItems(
          a.performance.categories.map((c) => ({
            label: c.category,
            revenue: c.revenue,
            quantity: c.volume,
          })),
          { itemName: "categories", format: fmt },
        ),
      }]
      : []),
    ...(f.noQuantity === undefined && shown.rows.length > 0
      ? [{
        kind: "chart" as const,
        id: "products.elasticity",
        spec: intervalDots(shown.rows, {
          title: `Price elasticity by ${shown.level}`,
          subtitle: shown.level === "category"
            ? undefined
            : `The ${shown.rows.length} estimated products with the most ${f.period}s`,
          scale: "number",
          reference: 0,
          referenceLabel: "no response to price",
          xLabel: `Elasticity (log ${f.source === "pipeline" ? "deals" : "volume"} on log price)`,
          format: fmt,
        }),
      }]
      : []),
    {
      kind: "table",
      id: "products.performance",
      title: "Products by revenue",
      file: "product_performance.csv",
      columns: [
        { key: "rank", format: "int" },
        { key: "product", format: "text" },
        { key: "description", format: "text" },
        { key: "category", format: "text" },
        { key: "volume", format: "int" },
        { key: "revenue", format: "money" },
        { key: "revenue_share", label: "share", format: "percent" },
        { key: "cumulative_share", label: "cumulative", format: "percent" },
        { key: "mean_price", label: "mean price", format: "money" },
      ],
      rows: a.performance.products as unknown as Record<string, unknown>[],
    },
    ...(f.noQuantity !== undefined ? [] : [
      <Block> {
        kind: "table",
        id: "products.elasticity-table",
        title: "Price elasticity",
        file: "price_elasticity.csv",
        columns: [
          { key: "level", format: "text" },
          { key: "key", format: "text" },
          { key: "n", format: "int" },
          { key: "elasticity", format: "decimal" },
          { key: "ci_low", label: "95% low", format: "decimal" },
          { key: "ci_high", label: "95% high", format: "decimal" },
          { key: "r_squared", label: "R²", format: "decimal" },
          { key: "price_variation", label: "price variation", format: "decimal" },
          { key: "status", format: "text" },
        ],
        rows: [
          ...categories,
          ...a.elasticity.rows.filter((r) => r.level === "category" && r.status !== "estimated"),
          ...a.elasticity.rows.filter((r) => r.level === "product"),
        ] as unknown as Record<string, unknown>[],
      },
    ]),
  ];
}

/**
 * The product section: facts, then words, then evidence.
 *
 * @param a Product performance and elasticity of one source.
 * @param fmt The report's formatter.
 */
export function productsSection(a: ProductAnalysis, fmt: Format): Section {
  const facts = productFacts(a);
  return {
    id: "products",
    title: "Products and prices",
    lead: productLead(facts, fmt),
    findings: productFindings(facts, fmt),
    recommendations: productRecommendations(facts, fmt),
    blocks: productBlocks(a, facts, fmt),
  };
}
