import { productSegmentMix, rfmGrid, segmentLabel, segmentSizes } from "../charts/mod.ts";
import type { Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import type {
  ProductSegmentation,
  SegmentCrossRow,
  SegmentedRow,
  SegmentSummaryRow,
} from "../segment/mod.ts";
import { chartBlock } from "./_blocks.ts";

/** What {@linkcode segmentsSection} reads: RFM segments and (optionally) product segments. */
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
const AT_RISK = ["at_Risk", "cant_loose"];

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

/**
 * The segmentation section: the RFM grid and the ten named segments with their sizes, value
 * and a recommended action each, then the product-based segments (what customers buy) and how
 * they cross with the RFM segments.
 *
 * @param input Segments and product segments.
 * @param currency Currency symbol. @default {"£"}
 * @returns The report section.
 *
 * @example
 * ```ts
 * import { segmentsSection } from "./segments.ts";
 * import { match } from "node:assert/strict";
 * const seg = (segment: string, customers: number, share: number, revenueShare: number) => ({ segment, label: segment,
 *   customers, share, recencyMean: 10, frequencyMean: 2, monetaryMean: 100, revenue: 1000 * revenueShare, revenueShare, action: "act" });
 * const s = segmentsSection({ asOf: new Date("2011-12-11"), customers: [], products: null, cross: [],
 *   segments: [seg("champions", 20, 0.2, 0.6), seg("at_Risk", 30, 0.3, 0.25), seg("hibernating", 50, 0.5, 0.15)] });
 * match(s.findings[0]!, /Champions are 20.0% of customers and bring 60.0% of revenue/);
 * match(s.findings[1]!, /At risk: 30 customers who used to buy often/);
 * ```
 */
export function segmentsSection(input: SegmentsInput, currency = "£"): Section {
  const { segments } = input;
  const total = segments.reduce((s, r) => s + r.customers, 0);
  const findings: string[] = [];
  const recommendations: string[] = [];
  const bySegment = new Map(segments.map((s) => [s.segment, s]));
  const champions = bySegment.get("champions");
  if (champions) {
    findings.push(
      `Champions are ${formatPercent(champions.share)} of customers and bring ${
        formatPercent(champions.revenueShare)
      } of revenue (last purchase ${formatNumber(champions.recencyMean, 0)} days ago on average, ${
        formatNumber(champions.frequencyMean, 1)
      } orders).`,
    );
  }
  const risk = segments.filter((s) => AT_RISK.includes(s.segment));
  if (risk.length > 0) {
    const n = risk.reduce((s, r) => s + r.customers, 0);
    const revenue = risk.reduce((s, r) => s + r.revenue, 0);
    const share = risk.reduce((s, r) => s + r.revenueShare, 0);
    findings.push(
      `${risk.map((r) => segmentLabel(r.segment)).join(" and ")}: ${
        formatInt(n)
      } customers who used to buy often but have not bought for ${
        formatNumber(risk.reduce((s, r) => s + r.recencyMean * r.customers, 0) / n, 0)
      } days on average; they brought ${formatPercent(share)} of revenue (${
        formatMoney(revenue, currency)
      }).`,
    );
    recommendations.push(
      `Win back the ${formatInt(n)} at-risk and can't-lose customers first: ${
        formatMoney(revenue, currency)
      } of past revenue is at stake. Personal outreach, then a time-limited offer on what they used to buy.`,
    );
  }
  const largest =
    [...segments].sort((a, b) => b.customers - a.customers || (a.segment < b.segment ? -1 : 1))[0];
  if (largest) {
    findings.push(
      `The largest segment is ${segmentLabel(largest.segment)} with ${
        formatInt(largest.customers)
      } customers (${formatPercent(largest.share)}), worth ${
        formatPercent(largest.revenueShare)
      } of revenue.`,
    );
  }
  const byValue = [...segments].sort((a, b) => b.revenueShare / b.share - a.revenueShare / a.share);
  const best = byValue[0];
  if (best && best.segment !== "champions") {
    findings.push(
      `Per customer, ${segmentLabel(best.segment)} are worth the most: ${
        formatNumber(best.revenueShare / best.share, 1)
      }× their share of customers.`,
    );
  }
  for (const s of [...segments].sort((a, b) => b.revenue - a.revenue).slice(0, 3)) {
    if (AT_RISK.includes(s.segment)) continue;
    recommendations.push(
      `${segmentLabel(s.segment)} (${formatInt(s.customers)} customers, ${
        formatPercent(s.revenueShare)
      } of revenue): ${s.action.replace(/^[^:]*: /, "")}.`,
    );
  }
  const products = input.products;
  if (products) {
    const silhouette = products.silhouettes.find((x) => x.k === products.k)?.silhouette;
    findings.push(
      `By what they buy, customers fall into ${products.k} product segments (k chosen by silhouette${
        silhouette !== undefined ? `, ${formatNumber(silhouette, 2)}` : ""
      }): ${
        products.segments.map((p) => `${p.productSegment} (${formatPercent(p.share)})`).join(", ")
      }.${
        silhouette !== undefined && silhouette < 0.25
          ? " The segments overlap (a silhouette under 0.25 is weak structure): read them as buying tendencies, not sharp groups."
          : ""
      }`,
    );
    const champCells = input.cross.filter((c) => c.segment === "champions");
    const overall = new Map(products.segments.map((p) => [p.productSegment, p.share]));
    const over = champCells
      .map((c) => ({
        ...c,
        lift: c.shareOfSegment / Math.max(overall.get(c.productSegment) ?? 0, 1e-9),
      }))
      .filter((c) => c.productSegment !== "none" && c.customers >= 5)
      .sort((a, b) => b.lift - a.lift)[0];
    if (over && over.lift > 1.2) {
      findings.push(
        `Champions are over-represented in the "${over.productSegment}" product segment (${
          formatPercent(over.shareOfSegment)
        } of champions against ${
          formatPercent(overall.get(over.productSegment) ?? 0)
        } of all customers).`,
      );
      recommendations.push(
        `Use the "${over.productSegment}" range to grow new and promising customers into champions: feature it in onboarding and second-order offers.`,
      );
    }
  }
  for (const note of input.notes ?? []) findings.push(`Note: ${note}.`);
  const mix = input.cross
    .filter((c) => c.productSegment !== "none")
    .map((c) => ({
      productSegment: c.productSegment,
      category: c.segment,
      customers: c.customers,
    }));
  const perProduct = new Map<string, number>();
  for (const m of mix) {
    perProduct.set(m.productSegment, (perProduct.get(m.productSegment) ?? 0) + m.customers);
  }
  return {
    id: "segments",
    title: "Customer segments",
    lead: champions
      ? `${formatInt(total)} customers in ${segments.length} RFM segments as of ${
        input.asOf.toISOString().slice(0, 10)
      }; champions (${formatPercent(champions.share)}) bring ${
        formatPercent(champions.revenueShare)
      } of revenue.`
      : `${formatInt(total)} customers in ${segments.length} RFM segments as of ${
        input.asOf.toISOString().slice(0, 10)
      }.`,
    findings,
    recommendations,
    blocks: [
      chartBlock(rfmGrid(rfGridCells(input.customers))),
      chartBlock(segmentSizes(segments)),
      {
        kind: "table",
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
        rows: segments.map((s) => ({ ...s, todo: s.action.replace(/^[^:]*: /, "") })),
      },
      ...(products
        ? [
          chartBlock(
            productSegmentMix(
              mix.map((m) => ({
                productSegment: m.productSegment,
                category: m.category,
                share: m.customers / (perProduct.get(m.productSegment) ?? 1),
              })),
              {
                title: "Product segments by RFM segment",
                subtitle:
                  `${products.k} product segments; each bar splits its customers by RFM segment`,
                caption:
                  "Each bar is one product segment; its parts are the shares of its customers in each RFM segment (they add up to 100%). Compare the green (champions, loyal) parts between bars.",
              },
            ),
          ),
          {
            kind: "table" as const,
            title: "Product segments",
            file: "product_segments.csv",
            columns: [
              { key: "productSegment", label: "product segment", format: "text" as const },
              { key: "customers", format: "int" as const },
              { key: "share", format: "percent" as const },
              { key: "description", label: "what they buy", format: "text" as const, wrap: true },
            ],
            rows: products.segments as unknown as Record<string, unknown>[],
          },
        ]
        : []),
    ],
  };
}
