/**
 * Customer purchase behaviour where a customers table and transactions exist: spend thirds and
 * frequency segments, spending by region, and premium versus budget preference by region (price
 * tiers of the products), with the region named only when a chi-square test of region against
 * tier supports a difference.
 *
 * {@linkcode purchaseFacts} computes the numbers; {@linkcode purchaseFindings},
 * {@linkcode purchaseRecommendations} and {@linkcode purchaseLead} word them;
 * {@linkcode purchaseBlocks} assembles the charts and tables.
 *
 * @module
 */
import { intervalDots, topItems } from "../charts/mod.ts";
import type { BehaviourFacts, CustomerBehaviour, RegionSpendRow } from "../crm/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { wilsonInterval } from "../stats/mod.ts";
import { plural } from "./_blocks.ts";

/** Share of one-time customers from which a second-purchase programme is recommended. */
export const ONE_TIME_SHARE = 0.3;

/** The numbers and flags the purchase-behaviour words read. */
export interface PurchaseFacts {
  readonly behaviour: BehaviourFacts;
  /** Customers in the frequent segment (5+ orders) and their revenue share. */
  readonly frequent: { readonly customers: number; readonly revenueShare: number } | null;
  /** Regions with a known name. */
  readonly regions: number;
  /** The premium region's row (only when the test supports a difference). */
  readonly premium: RegionSpendRow | null;
}

/**
 * The purchase-behaviour facts.
 *
 * @example
 * ```ts
 * import { purchaseFacts } from "./purchase_behaviour.ts";
 * import { exampleBehaviour } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = purchaseFacts(exampleBehaviour());
 * equal(f.premium?.region, "West");
 * equal(f.regions, 2);
 * ```
 */
export function purchaseFacts(b: CustomerBehaviour): PurchaseFacts {
  const frequent = b.segments.find((s) => s.kind === "frequency" && s.segment === "Frequent");
  return {
    behaviour: b.facts,
    frequent: frequent
      ? { customers: frequent.customers, revenueShare: frequent.revenue_share }
      : null,
    regions: b.regions.filter((r) => r.region !== "(unknown)").length,
    premium: b.regions.find((r) => r.region === b.facts.premiumRegion) ?? null,
  };
}

function p(fmt: Format, value: number | null): string {
  return value === null
    ? "p not available"
    : value < 0.001
    ? "p < 0.001"
    : `p = ${fmt.number(value, value < 0.01 ? 3 : 2)}`;
}

/**
 * The purchase-behaviour findings: `spend`, `frequency`, `regions`, `premium` or
 * `no-premium-difference`, `tiers`.
 *
 * @example
 * ```ts
 * import { purchaseFacts, purchaseFindings } from "./purchase_behaviour.ts";
 * import { exampleBehaviour } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const words = purchaseFindings(purchaseFacts(exampleBehaviour()), createFormat());
 * match(words.find((s) => s.id === "premium")!.text, /^West buys premium products most/);
 * ```
 */
export function purchaseFindings(f: PurchaseFacts, fmt: Format): Statement[] {
  const b = f.behaviour;
  return statements({
    spend: b.highSpendShare !== null
      ? `${fmt.int(b.customers)} customers spent ${
        fmt.money(b.revenue)
      }; the top third by spend brings ${fmt.percent(b.highSpendShare)} of it.`
      : null,
    frequency: b.oneTimeShare !== null
      ? `${fmt.percent(b.oneTimeShare)} of customers ordered once${
        f.frequent !== null
          ? `; ${fmt.int(f.frequent.customers)} frequent customers (5 or more orders) bring ${
            fmt.percent(f.frequent.revenueShare)
          } of revenue`
          : ""
      }.`
      : null,
    regions: b.topRegion !== null && b.topRegionShare !== null && f.regions > 0
      ? `${b.topRegion} brings the most revenue (${fmt.percent(b.topRegionShare)}) of ${
        fmt.int(f.regions)
      } ${plural(f.regions, "region")}.`
      : null,
    premium: b.tierEvidence === "clear" && f.premium !== null && f.premium.premium_share !== null
      ? `${f.premium.region} buys premium products most: ${
        fmt.percent(f.premium.premium_share)
      } of its order lines against ${
        fmt.percent(b.overallPremiumShare ?? NaN)
      } overall; a chi-square test of region against price tier supports the difference (${
        p(fmt, b.tierP)
      }).`
      : null,
    "no-premium-difference": b.tierEvidence === "none"
      ? `Regions show no clear difference in premium versus budget buying (chi-square ${
        p(fmt, b.tierP)
      }).`
      : b.tierEvidence === "too-few" && f.regions > 1
      ? "Too few order lines with a known region and price tier to compare regions."
      : null,
    tiers: b.tierCuts !== null
      ? `Price tiers are thirds of the ${
        b.tierBasis === "list_price" ? "products' list prices" : "products' mean selling prices"
      }: budget up to ${fmt.money(b.tierCuts[0])}, premium above ${fmt.money(b.tierCuts[1])}.`
      : null,
  });
}

/**
 * The purchase-behaviour recommendations: `premium-region` (a premium region the test
 * supports), `second-purchase` (30% or more one-time customers).
 *
 * @example
 * ```ts
 * import { purchaseFacts, purchaseRecommendations } from "./purchase_behaviour.ts";
 * import { exampleBehaviour } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const f = purchaseFacts(exampleBehaviour());
 * deepStrictEqual(purchaseRecommendations({ ...f, premium: null, behaviour: { ...f.behaviour, tierEvidence: "none", oneTimeShare: 0.1 } }, createFormat()), []);
 * ```
 */
export function purchaseRecommendations(f: PurchaseFacts, fmt: Format): Statement[] {
  const b = f.behaviour;
  return statements({
    "premium-region": b.tierEvidence === "clear" && f.premium !== null &&
        f.premium.premium_share !== null
      ? `Lead with premium products in ${f.premium.region} (${
        fmt.percent(f.premium.premium_share)
      } of its lines are premium) and with budget and mid-range offers elsewhere.`
      : null,
    "second-purchase": b.oneTimeShare !== null && b.oneTimeShare >= ONE_TIME_SHARE
      ? `${
        fmt.percent(b.oneTimeShare)
      } of customers bought once: follow up each first order within weeks with an offer for a second.`
      : null,
  });
}

/** The purchase-behaviour section's one-sentence answer. */
export function purchaseLead(f: PurchaseFacts, fmt: Format): string {
  const b = f.behaviour;
  return `${fmt.int(b.customers)} customers; the top spend third brings ${
    b.highSpendShare === null ? "–" : fmt.percent(b.highSpendShare)
  } of revenue; ${
    f.premium !== null
      ? `${f.premium.region} prefers premium products.`
      : "no region clearly prefers premium products."
  }`;
}

/** The purchase-behaviour evidence: key figures, revenue by region, premium share, tables. */
export function purchaseBlocks(b: CustomerBehaviour, f: PurchaseFacts, fmt: Format): Block[] {
  const known = b.regions.filter((r) => r.region !== "(unknown)" && r.premium_share !== null);
  return [
    {
      kind: "kpis",
      id: "purchase.kpis",
      items: [
        { label: "Customers", value: fmt.int(f.behaviour.customers) },
        { label: "Revenue", value: fmt.money(f.behaviour.revenue) },
        {
          label: "Top third's share",
          value: f.behaviour.highSpendShare === null
            ? "–"
            : fmt.percent(f.behaviour.highSpendShare),
        },
        {
          label: "One-time customers",
          value: f.behaviour.oneTimeShare === null ? "–" : fmt.percent(f.behaviour.oneTimeShare),
        },
      ],
    },
    {
      kind: "chart",
      id: "purchase.regions",
      spec: topItems(
        b.regions.map((r) => ({ label: r.region, revenue: r.revenue, quantity: r.orders })),
        { itemName: "regions", format: fmt },
      ),
    },
    ...(known.length > 0
      ? [{
        kind: "chart" as const,
        id: "purchase.premium",
        spec: intervalDots(
          known.map((r) => {
            const n = r.budget_lines + r.mid_lines + r.premium_lines;
            const ci = wilsonInterval(r.premium_lines, n);
            return {
              label: r.region,
              estimate: ci.estimate,
              low: ci.low,
              high: ci.high,
              n,
              highlight: r.region === f.behaviour.premiumRegion,
            };
          }),
          {
            title: "Premium share of order lines by region",
            subtitle: f.behaviour.tierEvidence === "clear" && f.premium !== null
              ? `${f.premium.region} buys premium most (chi-square ${p(fmt, f.behaviour.tierP)})`
              : f.behaviour.tierEvidence === "none"
              ? `No clear difference between regions (chi-square ${p(fmt, f.behaviour.tierP)})`
              : "Too few lines to compare regions",
            reference: f.behaviour.overallPremiumShare ?? undefined,
            referenceLabel: "the overall premium share",
            xLabel: "Premium lines",
            format: fmt,
          },
        ),
      }]
      : []),
    {
      kind: "table",
      id: "purchase.segments",
      title: "Spend and frequency segments",
      columns: [
        { key: "kind", format: "text" },
        { key: "segment", format: "text" },
        { key: "customers", format: "int" },
        { key: "revenue", format: "money" },
        { key: "revenue_share", label: "share", format: "percent" },
        { key: "mean_spend", label: "mean spend", format: "money" },
        { key: "mean_orders", label: "mean orders", format: "number" },
      ],
      rows: b.segments as unknown as Record<string, unknown>[],
    },
    {
      kind: "table",
      id: "purchase.regions-table",
      title: "Regions",
      columns: [
        { key: "region", format: "text" },
        { key: "customers", format: "int" },
        { key: "orders", format: "int" },
        { key: "revenue", format: "money" },
        { key: "revenue_per_customer", label: "per customer", format: "money" },
        { key: "budget_lines", label: "budget lines", format: "int" },
        { key: "mid_lines", label: "mid lines", format: "int" },
        { key: "premium_lines", label: "premium lines", format: "int" },
        { key: "premium_share", label: "premium share", format: "percent" },
      ],
      rows: b.regions as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The purchase-behaviour section: facts, then words, then evidence.
 *
 * @param b The customer behaviour of lib/crm.
 * @param fmt The report's formatter.
 */
export function purchaseBehaviourSection(b: CustomerBehaviour, fmt: Format): Section {
  const facts = purchaseFacts(b);
  return {
    id: "purchase-behaviour",
    title: "Customer purchase behaviour",
    lead: purchaseLead(facts, fmt),
    findings: purchaseFindings(facts, fmt),
    recommendations: purchaseRecommendations(facts, fmt),
    blocks: purchaseBlocks(b, facts, fmt),
  };
}
