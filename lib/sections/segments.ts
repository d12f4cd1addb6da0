/**
 * The segmentation section: the RFM grid and the ten named segments with their sizes, value
 * and a recommended action each, then the product-based segments (what customers buy) and how
 * they cross with the RFM segments.
 *
 * @module
 */
import { productSegmentMix, rfmGrid, segmentLabel, segmentSizes } from "../charts/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { DEFAULT_GUARDS, type Guards } from "./guards.ts";
import type {
  ProductSegmentation,
  SegmentCrossRow,
  SegmentedRow,
  SegmentSummaryRow,
} from "../segment/mod.ts";

/** What the segments section reads: RFM segments and (optionally) product segments. */
export interface SegmentsInput {
  readonly asOf: Date;
  readonly customers: readonly SegmentedRow[];
  readonly segments: readonly SegmentSummaryRow[];
  /** `null` for customer-level input or when clustering was skipped. */
  readonly products: ProductSegmentation | null;
  readonly cross: readonly SegmentCrossRow[];
  /** Scoring fallbacks and skipped steps, in words. */
  readonly notes?: readonly string[];
}

/** Segments whose customers have stopped buying but used to be valuable. */
export const AT_RISK_SEGMENTS: readonly string[] = ["at_Risk", "cant_loose"];
/** Silhouette under which product segments are weak structure (tendencies, not groups). */
export const WEAK_SILHOUETTE = 0.25;
/**
 * Spread of the silhouettes over the k tried under which no number of product segments stands
 * out: the differences are then of the size of what another sample or another k-means start
 * gives (about 0.01–0.03 on Online Retail II), so the chosen k is one reading among several.
 */
export const FLAT_SILHOUETTE_SPREAD = 0.05;
/** Lift from which champions count as over-represented in a product segment. */
export const CHAMPION_LIFT = 1.2;

/**
 * The RF grid cells: customers per (recency score, frequency score) with the cell's segment.
 *
 * @example
 * ```ts
 * import { rfGridCells } from "./segments.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const row = (r: number, f: number, segment: string) => ({ customerId: `${r}${f}${segment}`, recency: 1, frequency: 1,
 *   monetary: 1, recencyScore: r, frequencyScore: f, monetaryScore: 1, rfScore: `${r}${f}`, rfmScore: `${r}${f}1`, segment });
 * deepStrictEqual(rfGridCells([row(5, 5, "champions"), row(5, 5, "champions"), row(1, 1, "hibernating")]), [
 *   { recencyScore: 1, frequencyScore: 1, customers: 1, segment: "hibernating" },
 *   { recencyScore: 5, frequencyScore: 5, customers: 2, segment: "champions" },
 * ]);
 * ```
 */
export function rfGridCells(
  customers: readonly SegmentedRow[],
): { recencyScore: number; frequencyScore: number; customers: number; segment: string }[] {
  const cells = new Map<
    string,
    { recencyScore: number; frequencyScore: number; customers: number; segment: string }
  >();
  for (const c of customers) {
    const cell = cells.get(c.rfScore) ??
      {
        recencyScore: c.recencyScore,
        frequencyScore: c.frequencyScore,
        customers: 0,
        segment: c.segment,
      };
    cell.customers++;
    cells.set(c.rfScore, cell);
  }
  return [...cells.values()].sort((a, b) =>
    a.recencyScore - b.recencyScore || a.frequencyScore - b.frequencyScore
  );
}

/** The numbers the segment words read. */
export interface SegmentFacts {
  readonly asOf: Date;
  readonly customers: number;
  readonly segmentCount: number;
  readonly champions: {
    readonly share: number;
    readonly revenueShare: number;
    readonly recencyMean: number;
    readonly frequencyMean: number;
  } | null;
  /** At-risk and can't-lose customers together. */
  readonly atRisk: {
    readonly segments: readonly string[];
    readonly customers: number;
    readonly revenue: number;
    readonly revenueShare: number;
    /** Customer-weighted mean days since the last purchase. */
    readonly recencyMean: number;
  } | null;
  readonly largest: {
    readonly segment: string;
    readonly customers: number;
    readonly share: number;
    readonly revenueShare: number;
  } | null;
  /** The segment worth most per customer (revenue share over customer share). */
  readonly mostValuable: { readonly segment: string; readonly ratio: number } | null;
  /** The three segments with the most revenue, with their recommended action. */
  readonly topByRevenue: readonly {
    readonly segment: string;
    readonly customers: number;
    readonly revenueShare: number;
    readonly advice: string;
  }[];
  readonly products: {
    /** Where the product categories came from. */
    readonly categorySource: "column" | "map" | "keywords" | null;
    readonly k: number;
    readonly silhouette: number | null;
    /** The lowest and highest silhouette over the k tried, and that range of k. */
    readonly silhouetteRange: {
      readonly min: number;
      readonly max: number;
      readonly kFrom: number;
      readonly kTo: number;
    } | null;
    readonly segments: readonly { readonly name: string; readonly share: number }[];
    /** The product segment where champions are most over-represented (lift > 1.2). */
    readonly championSegment: {
      readonly name: string;
      readonly shareOfChampions: number;
      readonly shareOfAll: number;
    } | null;
  } | null;
  readonly notes: readonly string[];
}

/** Product segments with weak structure (a silhouette under {@linkcode WEAK_SILHOUETTE}). */
function weak(p: { readonly silhouette: number | null }): boolean {
  return p.silhouette === null || p.silhouette < WEAK_SILHOUETTE;
}

/**
 * Silhouettes that barely change with k ({@linkcode FLAT_SILHOUETTE_SPREAD}) on weak structure:
 * the chosen k is not a property of the data.
 */
function flat(p: SegmentFacts["products"] & object): boolean {
  return weak(p) && p.silhouetteRange !== null &&
    p.silhouetteRange.max - p.silhouetteRange.min < FLAT_SILHOUETTE_SPREAD;
}

/** A segment's recommended action without its numbers (they are in the columns). */
function advice(action: string): string {
  return action.replace(/^[^:]*: /, "");
}

/**
 * The segment facts of the RFM and product segmentation.
 *
 * @example
 * ```ts
 * import { segmentFacts } from "./segments.ts";
 * import { exampleSegments } from "./_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = segmentFacts(exampleSegments());
 * equal(f.atRisk?.customers, 30);
 * equal(f.largest?.segment, "hibernating");
 * ```
 */
export function segmentFacts(input: SegmentsInput, guards: Guards = DEFAULT_GUARDS): SegmentFacts {
  const { segments } = input;
  const bySegment = new Map(segments.map((s) => [s.segment, s]));
  const champions = bySegment.get("champions");
  const risk = segments.filter((s) => AT_RISK_SEGMENTS.includes(s.segment));
  const riskCustomers = risk.reduce((s, r) => s + r.customers, 0);
  const largest =
    [...segments].sort((a, b) => b.customers - a.customers || (a.segment < b.segment ? -1 : 1))[0];
  const best = [...segments].sort((a, b) => b.revenueShare / b.share - a.revenueShare / a.share)[0];
  const products = input.products;
  let productFacts: SegmentFacts["products"] = null;
  if (products) {
    const overall = new Map(products.segments.map((p) => [p.productSegment, p.share]));
    const over = input.cross.filter((c) => c.segment === "champions")
      .map((c) => ({
        ...c,
        lift: c.shareOfSegment / Math.max(overall.get(c.productSegment) ?? 0, 1e-9),
      }))
      .filter((c) => c.productSegment !== "none" && c.customers >= guards.minGroupSize)
      .sort((a, b) => b.lift - a.lift)[0];
    productFacts = {
      categorySource: products.categorySource ?? null,
      k: products.k,
      silhouette: products.silhouettes.find((x) => x.k === products.k)?.silhouette ?? null,
      silhouetteRange: products.silhouettes.length > 1
        ? {
          min: Math.min(...products.silhouettes.map((x) => x.silhouette)),
          max: Math.max(...products.silhouettes.map((x) => x.silhouette)),
          kFrom: Math.min(...products.silhouettes.map((x) => x.k)),
          kTo: Math.max(...products.silhouettes.map((x) => x.k)),
        }
        : null,
      segments: products.segments.map((p) => ({ name: p.productSegment, share: p.share })),
      championSegment: over && over.lift > CHAMPION_LIFT
        ? {
          name: over.productSegment,
          shareOfChampions: over.shareOfSegment,
          shareOfAll: overall.get(over.productSegment) ?? 0,
        }
        : null,
    };
  }
  return {
    asOf: input.asOf,
    customers: segments.reduce((s, r) => s + r.customers, 0),
    segmentCount: segments.length,
    champions: champions
      ? {
        share: champions.share,
        revenueShare: champions.revenueShare,
        recencyMean: champions.recencyMean,
        frequencyMean: champions.frequencyMean,
      }
      : null,
    atRisk: risk.length > 0
      ? {
        segments: risk.map((r) => r.segment),
        customers: riskCustomers,
        revenue: risk.reduce((s, r) => s + r.revenue, 0),
        revenueShare: risk.reduce((s, r) => s + r.revenueShare, 0),
        recencyMean: risk.reduce((s, r) => s + r.recencyMean * r.customers, 0) / riskCustomers,
      }
      : null,
    largest: largest
      ? {
        segment: largest.segment,
        customers: largest.customers,
        share: largest.share,
        revenueShare: largest.revenueShare,
      }
      : null,
    mostValuable: best ? { segment: best.segment, ratio: best.revenueShare / best.share } : null,
    topByRevenue: [...segments].sort((a, b) => b.revenue - a.revenue).slice(0, 3).map((s) => ({
      segment: s.segment,
      customers: s.customers,
      revenueShare: s.revenueShare,
      advice: advice(s.action),
    })),
    products: productFacts,
    notes: input.notes ?? [],
  };
}

/**
 * The segment findings: `champions`, `at-risk`, `largest`, `most-valuable`,
 * `product-segments`, `champion-products`, `note-<n>`.
 *
 * @example
 * ```ts
 * import { segmentFacts, segmentFindings } from "./segments.ts";
 * import { exampleSegments } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const [champions, risk] = segmentFindings(segmentFacts(exampleSegments()), createFormat());
 * match(champions!.text, /Champions are 20.0% of customers and bring 60.0% of revenue/);
 * match(risk!.text, /At risk: 30 customers who used to buy often/);
 * ```
 */
export function segmentFindings(f: SegmentFacts, fmt: Format): Statement[] {
  const p = f.products;
  const notes: Record<string, string> = {};
  f.notes.forEach((note, i) => (notes[`note-${i + 1}`] = `Note: ${note}.`));
  return statements({
    champions: f.champions
      ? `Champions are ${fmt.percent(f.champions.share)} of customers and bring ${
        fmt.percent(f.champions.revenueShare)
      } of revenue (last purchase ${fmt.number(f.champions.recencyMean, 0)} days ago on average, ${
        fmt.number(f.champions.frequencyMean, 1)
      } orders).`
      : null,
    "at-risk": f.atRisk
      ? `${f.atRisk.segments.map(segmentLabel).join(" and ")}: ${
        fmt.int(f.atRisk.customers)
      } customers who used to buy often but have not bought for ${
        fmt.number(f.atRisk.recencyMean, 0)
      } days on average; they brought ${fmt.percent(f.atRisk.revenueShare)} of revenue (${
        fmt.money(f.atRisk.revenue)
      }).`
      : null,
    largest: f.largest
      ? `The largest segment is ${segmentLabel(f.largest.segment)} with ${
        fmt.int(f.largest.customers)
      } customers (${fmt.percent(f.largest.share)}), worth ${
        fmt.percent(f.largest.revenueShare)
      } of revenue.`
      : null,
    "most-valuable": f.mostValuable && f.mostValuable.segment !== "champions"
      ? `Per customer, ${segmentLabel(f.mostValuable.segment)} are worth the most: ${
        fmt.number(f.mostValuable.ratio, 1)
      }× their share of customers.`
      : null,
    "product-segments": p
      ? `By what they buy, customers fall into ${p.k} product segments (k chosen by silhouette${
        p.silhouette !== null ? `, ${fmt.number(p.silhouette, 2)}` : ""
      }): ${p.segments.map((s) => `${s.name} (${fmt.percent(s.share)})`).join(", ")}${
        p.categorySource === "column"
          ? " (categories from the data's category column)"
          : p.categorySource === "keywords"
          ? " (categories from a keyword table on the product descriptions)"
          : p.categorySource === "map"
          ? " (categories from the product mapping given)"
          : ""
      }.${
        weak(p)
          ? " The segments overlap (a silhouette under 0.25 is weak structure): read them as buying tendencies, not sharp groups."
          : ""
      }${
        flat(p)
          ? ` No number of segments stands out (silhouettes from ${
            fmt.number(p.silhouetteRange!.min, 2)
          } to ${fmt.number(p.silhouetteRange!.max, 2)} for k = ${p.silhouetteRange!.kFrom} to ${
            p.silhouetteRange!.kTo
          }): another sample of customers could give another k.`
          : ""
      }`
      : null,
    "champion-products": p?.championSegment
      ? `${
        weak(p) ? "As a tendency (the product segments overlap), champions" : "Champions"
      } are over-represented in the "${p.championSegment.name}" product segment (${
        fmt.percent(p.championSegment.shareOfChampions)
      } of champions against ${fmt.percent(p.championSegment.shareOfAll)} of all customers).`
      : null,
    ...notes,
  });
}

/**
 * The segment recommendations: `win-back` (at-risk customers), `segment-<key>` for the three
 * segments with the most revenue (at-risk ones are covered by `win-back`), and
 * `champion-products` (only when the product segments are well separated: weak clusters are
 * tendencies, not groups to act on).
 */
export function segmentRecommendations(f: SegmentFacts, fmt: Format): Statement[] {
  const top: Record<string, string> = {};
  for (const s of f.topByRevenue) {
    if (AT_RISK_SEGMENTS.includes(s.segment)) continue;
    top[`segment-${s.segment}`] = `${segmentLabel(s.segment)} (${fmt.int(s.customers)} customers, ${
      fmt.percent(s.revenueShare)
    } of revenue): ${s.advice}.`;
  }
  // Weak clusters are tendencies: no recommendation rests on them.
  const champion = f.products && !weak(f.products) ? f.products.championSegment : null;
  return statements({
    "win-back": f.atRisk
      ? `Win back the ${fmt.int(f.atRisk.customers)} at-risk and can't-lose customers first: ${
        fmt.money(f.atRisk.revenue)
      } of past revenue is at stake. Personal outreach, then a time-limited offer on what they used to buy.`
      : null,
    ...top,
    "champion-products": champion
      ? `Use the "${champion.name}" range to grow new and promising customers into champions: feature it in onboarding and second-order offers.`
      : null,
  });
}

/** The segments section's one-sentence answer. */
export function segmentLead(f: SegmentFacts, fmt: Format): string {
  const base = `${fmt.int(f.customers)} customers in ${f.segmentCount} RFM segments as of ${
    fmt.date(f.asOf)
  }`;
  return f.champions
    ? `${base}; champions (${fmt.percent(f.champions.share)}) bring ${
      fmt.percent(f.champions.revenueShare)
    } of revenue.`
    : `${base}.`;
}

/**
 * The bars of the product-segment mix chart: for each product segment, the share of its
 * customers in each RFM segment (customers without a product segment left out).
 *
 * @example
 * ```ts
 * import { productMixRows } from "./segments.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const cell = (productSegment: string, segment: string, customers: number) =>
 *   ({ productSegment, segment, customers, shareOfSegment: 0 });
 * deepStrictEqual(productMixRows([cell("Gifts", "champions", 1), cell("Gifts", "hibernating", 3), cell("none", "champions", 9)]),
 *   [{ productSegment: "Gifts", category: "champions", share: 0.25 }, { productSegment: "Gifts", category: "hibernating", share: 0.75 }]);
 * ```
 */
export function productMixRows(
  cross: readonly SegmentCrossRow[],
): { productSegment: string; category: string; share: number }[] {
  const mix = cross.filter((c) => c.productSegment !== "none");
  const perProduct = new Map<string, number>();
  for (const m of mix) {
    perProduct.set(m.productSegment, (perProduct.get(m.productSegment) ?? 0) + m.customers);
  }
  return mix.map((m) => ({
    productSegment: m.productSegment,
    category: m.segment,
    share: m.customers / (perProduct.get(m.productSegment) ?? 1),
  }));
}

/** The RF grid, segment sizes, the segment table and the product-segment mix and table. */
export function segmentBlocks(input: SegmentsInput, fmt: Format): Block[] {
  const { segments, products } = input;
  const blocks: Block[] = [
    {
      kind: "chart",
      id: "segments.rf-grid",
      spec: rfmGrid(rfGridCells(input.customers), { format: fmt }),
    },
    { kind: "chart", id: "segments.sizes", spec: segmentSizes(segments, { format: fmt }) },
    {
      kind: "table",
      id: "segments.table",
      title: "Segments and what to do",
      file: "segments.csv",
      columns: [
        { key: "label", label: "segment", format: "text" },
        { key: "customers", format: "int" },
        { key: "share", format: "percent" },
        { key: "recencyMean", label: "recency (days)", format: "number" },
        { key: "frequencyMean", label: "orders", format: "number" },
        { key: "monetaryMean", label: "spend", format: "money" },
        { key: "revenueShare", label: "revenue share", format: "percent" },
        { key: "todo", label: "recommended action", format: "text", wrap: true },
      ],
      // The action's numbers are already in the columns: show its advice part.
      rows: segments.map((s) => ({ ...s, todo: advice(s.action) })),
    },
  ];
  if (!products) return blocks;
  blocks.push(
    {
      kind: "chart",
      id: "segments.product-mix",
      spec: productSegmentMix(productMixRows(input.cross), {
        title: "Product segments by RFM segment",
        subtitle: `${products.k} product segments; each bar splits its customers by RFM segment`,
        caption:
          "Each bar is one product segment; its parts are the shares of its customers in each RFM segment (they add up to 100%). Compare the green (champions, loyal) parts between bars.",
        format: fmt,
      }),
    },
    {
      kind: "table",
      id: "segments.products",
      title: "Product segments",
      file: "product_segments.csv",
      columns: [
        { key: "productSegment", label: "product segment", format: "text" },
        { key: "customers", format: "int" },
        { key: "share", format: "percent" },
        { key: "description", label: "what they buy", format: "text", wrap: true },
      ],
      rows: products.segments as unknown as Record<string, unknown>[],
    },
  );
  return blocks;
}

/**
 * The segments section: facts, words, evidence.
 *
 * @param input Segments and product segments.
 * @param fmt The report's formatter.
 * @param guards Evidence thresholds.
 * @returns The report section.
 */
export function segmentsSection(
  input: SegmentsInput,
  fmt: Format,
  guards: Guards = DEFAULT_GUARDS,
): Section {
  const facts = segmentFacts(input, guards);
  return {
    id: "segments",
    title: "Customer segments",
    lead: segmentLead(facts, fmt),
    findings: segmentFindings(facts, fmt),
    recommendations: segmentRecommendations(facts, fmt),
    blocks: segmentBlocks(input, fmt),
  };
}
