import { histogram, weekdayHourHeatmap } from "../charts/mod.ts";
import type { CustomerFeatures, GapBin, ShoppingPeaks, WeekdayHourCell } from "../features/mod.ts";
import type { Section } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import { chartBlock, median } from "./_blocks.ts";

/** What {@linkcode customerBehaviourSection} reads: lib/features results. */
export interface CustomerBehaviourInput {
  readonly features: readonly CustomerFeatures[];
  readonly gaps: readonly GapBin[];
  readonly weekdayHour: readonly WeekdayHourCell[];
  readonly peaks: ShoppingPeaks;
}

/**
 * The smallest bin end by which at least `share` of the gaps have happened (the gap a
 * customer has "normally" come back within), or `null` when the bins hold no gaps or the
 * share is only reached in the open last bin.
 *
 * @example
 * ```ts
 * import { gapQuantile } from "./customer_behaviour.ts";
 * import { equal } from "node:assert/strict";
 * const bins = [{ start: 0, end: 7, gaps: 5, share: 0.5 }, { start: 7, end: 14, gaps: 4, share: 0.4 }, { start: 14, end: null, gaps: 1, share: 0.1 }];
 * equal(gapQuantile(bins, 0.9), 14);
 * equal(gapQuantile(bins, 0.95), null);
 * ```
 */
export function gapQuantile(bins: readonly GapBin[], share: number): number | null {
  const total = bins.reduce((s, b) => s + b.gaps, 0);
  if (total === 0) return null;
  let cum = 0;
  for (const b of bins) {
    cum += b.gaps;
    if (cum / total >= share - 1e-12) return b.end;
  }
  return null;
}

/**
 * How customers buy: rhythm (days between purchases, regularity), basket (order value, items,
 * products per order), returns, and when they shop (weekday × hour). The recommendations turn
 * the rhythm into a lapse trigger (the gap within which 90% of repeat purchases happen) and the
 * peaks into send times.
 *
 * @param input Features and population views.
 * @param currency Currency symbol. @default {"£"}
 * @returns The report section.
 *
 * @example
 * ```ts
 * import { customerBehaviourSection } from "./customer_behaviour.ts";
 * import { match } from "node:assert/strict";
 * const f = (id: string, gap: number | null) => ({ customerId: id, firstPurchase: new Date("2011-01-01"),
 *   lastPurchase: new Date("2011-02-01"), tenureDays: 60, orders: gap === null ? 1 : 3, purchaseDays: gap === null ? 1 : 3,
 *   avgDaysBetweenPurchases: gap, medianDaysBetweenPurchases: gap, regularity: gap === null ? null : 0.5,
 *   averageOrderValue: 20, itemsPerOrder: 4, productsPerOrder: 2, returnLines: null, returnRate: null,
 *   preferredWeekday: "Thursday", peakHour: 12 });
 * const s = customerBehaviourSection({
 *   features: [f("a", 10), f("b", 30), f("c", null)],
 *   gaps: [{ start: 0, end: 30, gaps: 9, share: 0.9 }, { start: 30, end: null, gaps: 1, share: 0.1 }],
 *   weekdayHour: [{ weekday: 4, weekdayName: "Thursday", hour: 12, orders: 5, revenue: 100 }],
 *   peaks: { busiestWeekday: "Thursday", busiestHour: 12, topSlots: [] },
 * });
 * match(s.findings[0]!, /2 of 3 customers \(66.7%\) bought on more than one day/);
 * match(s.findings[0]!, /median customer comes back every 20 days/);
 * ```
 */
export function customerBehaviourSection(input: CustomerBehaviourInput, currency = "£"): Section {
  const { features, gaps, peaks } = input;
  const repeat = features.filter((f) => f.avgDaysBetweenPurchases !== null);
  const findings: string[] = [];
  const recommendations: string[] = [];
  const typicalGap = median(repeat.map((f) => f.avgDaysBetweenPurchases));
  if (repeat.length > 0) {
    findings.push(
      `${formatInt(repeat.length)} of ${formatInt(features.length)} customers (${
        formatPercent(repeat.length / Math.max(features.length, 1))
      }) bought on more than one day; the median customer comes back every ${
        formatNumber(typicalGap, 0)
      } days (average days between distinct purchase days).`,
    );
  } else {
    findings.push(
      `None of the ${formatInt(features.length)} customers bought on more than one day.`,
    );
  }
  const regularity = median(repeat.map((f) => f.regularity));
  if (Number.isFinite(regularity)) {
    findings.push(
      `Purchase rhythm is ${
        regularity < 0.5 ? "fairly regular" : regularity < 1 ? "irregular" : "very irregular"
      }: the median coefficient of variation of a customer's gaps is ${
        formatNumber(regularity, 2)
      } (0 is clockwork).`,
    );
  }
  const halfWithin = gapQuantile(gaps, 0.5);
  const p90 = gapQuantile(gaps, 0.9);
  if (halfWithin !== null) {
    findings.push(
      `Half of all repeat purchases come within ${formatInt(halfWithin)} days of the previous one${
        p90 !== null ? `, 90% within ${formatInt(p90)} days` : ""
      }.`,
    );
  }
  findings.push(
    `A typical order is worth ${
      formatMoney(median(features.map((f) => f.averageOrderValue)), currency)
    } with ${formatNumber(median(features.map((f) => f.itemsPerOrder)), 0)} items across ${
      formatNumber(median(features.map((f) => f.productsPerOrder)), 0)
    } products (customer medians).`,
  );
  const withReturns = features.filter((f) => f.returnRate !== null);
  if (withReturns.length > 0) {
    const returners = withReturns.filter((f) => (f.returnLines ?? 0) > 0).length;
    findings.push(
      `${
        formatPercent(returners / withReturns.length)
      } of customers returned at least one line matched to an earlier purchase.`,
    );
  }
  const slots = peaks.topSlots.map((s) => `${s.weekdayName} ${String(s.hour).padStart(2, "0")}:00`);
  const quiet = input.weekdayHour.length > 0
    ? [...new Set(input.weekdayHour.map((c) => c.weekdayName))].filter((day) =>
      input.weekdayHour.filter((c) => c.weekdayName === day).every((c) => c.orders === 0)
    )
    : [];
  findings.push(
    `Customers order most on ${peaks.busiestWeekday} and around ${
      String(peaks.busiestHour).padStart(2, "0")
    }:00; the busiest slots are ${slots.join(", ")}${
      quiet.length > 0 ? `. No orders at all on ${quiet.join(", ")}` : ""
    }.`,
  );
  if (p90 !== null) {
    recommendations.push(
      `Use ${
        formatInt(p90)
      } days without a purchase as the lapse trigger: 90% of repeat purchases happen sooner, so a customer past it is likely drifting away and should get a win-back message.`,
    );
  }
  if (Number.isFinite(typicalGap)) {
    recommendations.push(
      `Time replenishment and cross-sell messages about ${
        formatNumber(typicalGap * 0.8, 0)
      } days after an order, just before the typical return.`,
    );
  }
  recommendations.push(
    `Send campaigns on ${peaks.busiestWeekday} mornings before the ${
      String(peaks.busiestHour).padStart(2, "0")
    }:00 peak, and staff support for the busiest slots.`,
  );
  return {
    id: "behaviour",
    title: "How customers buy",
    lead: Number.isFinite(typicalGap)
      ? `The median repeat customer buys every ${
        formatNumber(typicalGap, 0)
      } days; ${peaks.busiestWeekday} around ${
        String(peaks.busiestHour).padStart(2, "0")
      }:00 is the busiest time.`
      : `${peaks.busiestWeekday} around ${
        String(peaks.busiestHour).padStart(2, "0")
      }:00 is the busiest time.`,
    findings,
    recommendations,
    blocks: [
      chartBlock(
        histogram(gaps.map((g) => ({ start: g.start, end: g.end, count: g.gaps })), {
          label: "Days between purchases",
          median: Number.isFinite(typicalGap) ? typicalGap : undefined,
          unit: "gaps between purchase days",
          format: (d) => `${formatInt(d)} days`,
        }),
        "All gaps between a customer's consecutive purchase days, in weekly bins; the median marked is that of the customers' average gaps.",
      ),
      chartBlock(weekdayHourHeatmap(input.weekdayHour)),
      {
        kind: "table",
        title: "Customer features (first rows)",
        file: "customer_features.csv",
        limit: 15,
        columns: [
          { key: "customerId", label: "customer", format: "text" },
          { key: "orders", format: "int" },
          { key: "tenureDays", label: "tenure (days)", format: "int" },
          { key: "avgDaysBetweenPurchases", label: "avg days between", format: "number" },
          { key: "regularity", format: "number" },
          { key: "averageOrderValue", label: "avg order", format: "money" },
          { key: "itemsPerOrder", label: "items/order", format: "number" },
          { key: "preferredWeekday", label: "weekday", format: "text" },
          { key: "peakHour", label: "hour", format: "int" },
        ],
        rows: features as unknown as Record<string, unknown>[],
      },
    ],
  };
}
