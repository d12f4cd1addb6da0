/**
 * How customers buy: rhythm (days between purchases, regularity), basket (order value, items,
 * products per order), returns, and when they shop (weekday × hour). The recommendations turn
 * the rhythm into a lapse trigger (the gap within which 90% of repeat purchases happen) and the
 * peaks into send times.
 *
 * @module
 */
import { histogram, weekdayHourHeatmap } from "../charts/mod.ts";
import type { CustomerFeatures, GapBin, ShoppingPeaks, WeekdayHourCell } from "../features/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { median } from "../stats/mod.ts";

/** What the behaviour section reads: lib/features results. */
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

/** The numbers the behaviour words read. */
export interface BehaviourFacts {
  readonly customers: number;
  /** Customers who bought on more than one day. */
  readonly repeatCustomers: number;
  /** Median over repeat customers of their average days between purchase days. */
  readonly typicalGap: number | null;
  /** Median coefficient of variation of a customer's gaps. */
  readonly regularity: number | null;
  /** Gap within which half, and 90%, of all repeat purchases happen (bin ends). */
  readonly halfWithin: number | null;
  readonly p90Within: number | null;
  /** Customer medians of order value, items and products per order. */
  readonly orderValue: number;
  readonly itemsPerOrder: number;
  readonly productsPerOrder: number;
  /** Share of customers (with return data) who returned a line. */
  readonly returnerShare: number | null;
  readonly busiestWeekday: string;
  readonly busiestHour: number;
  /** The busiest weekday × hour slots, as `Thursday 12:00`. */
  readonly topSlots: readonly string[];
  /** Weekdays without any order. */
  readonly quietDays: readonly string[];
}

/**
 * The behaviour facts of the feature results.
 *
 * @example
 * ```ts
 * import { behaviourFacts } from "./customer_behaviour.ts";
 * import { exampleBehaviourInput } from "./_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = behaviourFacts(exampleBehaviourInput());
 * equal(f.repeatCustomers, 2);
 * equal(f.typicalGap, 20);
 * equal(f.p90Within, 30);
 * ```
 */
export function behaviourFacts(input: CustomerBehaviourInput): BehaviourFacts {
  const { features, gaps, peaks } = input;
  const repeat = features.filter((f) => f.avgDaysBetweenPurchases !== null);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const withReturns = features.filter((f) => f.returnRate !== null);
  const days = [...new Set(input.weekdayHour.map((c) => c.weekdayName))];
  return {
    customers: features.length,
    repeatCustomers: repeat.length,
    typicalGap: finite(median(repeat.map((f) => f.avgDaysBetweenPurchases))),
    regularity: finite(median(repeat.map((f) => f.regularity))),
    halfWithin: gapQuantile(gaps, 0.5),
    p90Within: gapQuantile(gaps, 0.9),
    orderValue: median(features.map((f) => f.averageOrderValue)),
    itemsPerOrder: median(features.map((f) => f.itemsPerOrder)),
    productsPerOrder: median(features.map((f) => f.productsPerOrder)),
    returnerShare: withReturns.length > 0
      ? withReturns.filter((f) => (f.returnLines ?? 0) > 0).length / withReturns.length
      : null,
    busiestWeekday: peaks.busiestWeekday,
    busiestHour: peaks.busiestHour,
    topSlots: peaks.topSlots.map((s) => `${s.weekdayName} ${hourText(s.hour)}`),
    quietDays: days.filter((day) =>
      input.weekdayHour.filter((c) => c.weekdayName === day).every((c) => c.orders === 0)
    ),
  };
}

function hourText(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

/**
 * The behaviour findings: `rhythm`, `regularity`, `gaps`, `basket`, `returns`, `peaks`.
 *
 * @example
 * ```ts
 * import { behaviourFacts, behaviourFindings } from "./customer_behaviour.ts";
 * import { exampleBehaviourInput } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const [rhythm] = behaviourFindings(behaviourFacts(exampleBehaviourInput()), createFormat());
 * match(rhythm!.text, /2 of 3 customers \(66.7%\) bought on more than one day/);
 * match(rhythm!.text, /median customer comes back every 20 days/);
 * ```
 */
export function behaviourFindings(f: BehaviourFacts, fmt: Format): Statement[] {
  const r = f.regularity;
  return statements({
    rhythm: f.repeatCustomers > 0
      ? `${fmt.int(f.repeatCustomers)} of ${fmt.int(f.customers)} customers (${
        fmt.percent(f.repeatCustomers / Math.max(f.customers, 1))
      }) bought on more than one day; the median customer comes back every ${
        fmt.number(f.typicalGap ?? NaN, 0)
      } days (average days between distinct purchase days).`
      : `None of the ${fmt.int(f.customers)} customers bought on more than one day.`,
    regularity: r !== null
      ? `Purchase rhythm is ${
        r < 0.5 ? "fairly regular" : r < 1 ? "irregular" : "very irregular"
      }: the median coefficient of variation of a customer's gaps is ${
        fmt.number(r, 2)
      } (0 is clockwork).`
      : null,
    gaps: f.halfWithin !== null
      ? `Half of all repeat purchases come within ${
        fmt.int(f.halfWithin)
      } days of the previous one${
        f.p90Within !== null ? `, 90% within ${fmt.int(f.p90Within)} days` : ""
      }.`
      : null,
    basket: `A typical order is worth ${fmt.money(f.orderValue)} with ${
      fmt.number(f.itemsPerOrder, 0)
    } items across ${fmt.number(f.productsPerOrder, 0)} products (customer medians).`,
    returns: f.returnerShare !== null
      ? `${
        fmt.percent(f.returnerShare)
      } of customers returned at least one line matched to an earlier purchase.`
      : null,
    peaks: `Customers order most on ${f.busiestWeekday} and around ${
      hourText(f.busiestHour)
    }; the busiest slots are ${f.topSlots.join(", ")}${
      f.quietDays.length > 0 ? `. No orders at all on ${f.quietDays.join(", ")}` : ""
    }.`,
  });
}

/** The behaviour recommendations: `lapse-trigger`, `replenishment`, `send-times`. */
export function behaviourRecommendations(f: BehaviourFacts, fmt: Format): Statement[] {
  return statements({
    "lapse-trigger": f.p90Within !== null
      ? `Use ${
        fmt.int(f.p90Within)
      } days without a purchase as the lapse trigger: 90% of repeat purchases happen sooner, so a customer past it is likely drifting away and should get a win-back message.`
      : null,
    replenishment: f.typicalGap !== null
      ? `Time replenishment and cross-sell messages about ${
        fmt.number(f.typicalGap * 0.8, 0)
      } days after an order, just before the typical return.`
      : null,
    "send-times": `Send campaigns on ${f.busiestWeekday} mornings before the ${
      hourText(f.busiestHour)
    } peak, and staff support for the busiest slots.`,
  });
}

/** The behaviour section's one-sentence answer. */
export function behaviourLead(f: BehaviourFacts, fmt: Format): string {
  const busiest = `${f.busiestWeekday} around ${hourText(f.busiestHour)} is the busiest time.`;
  return f.typicalGap !== null
    ? `The median repeat customer buys every ${fmt.number(f.typicalGap, 0)} days; ${busiest}`
    : busiest;
}

/** The gaps histogram, the weekday × hour heatmap and the first rows of the features. */
export function behaviourBlocks(
  input: CustomerBehaviourInput,
  f: BehaviourFacts,
  fmt: Format,
): Block[] {
  return [
    {
      kind: "chart",
      id: "behaviour.gaps",
      spec: histogram(input.gaps.map((g) => ({ start: g.start, end: g.end, count: g.gaps })), {
        label: "Days between purchases",
        median: f.typicalGap ?? undefined,
        unit: "gaps between purchase days",
        formatValue: (d) => `${fmt.int(d)} days`,
        format: fmt,
      }),
      caption:
        "All gaps between a customer's consecutive purchase days, in weekly bins; the median marked is that of the customers' average gaps.",
    },
    {
      kind: "chart",
      id: "behaviour.weekday-hour",
      spec: weekdayHourHeatmap(input.weekdayHour, { format: fmt }),
    },
    {
      kind: "table",
      id: "behaviour.features",
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
      rows: input.features as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The behaviour section: facts, words, evidence.
 *
 * @param input Features and population views.
 * @param fmt The report's formatter.
 * @returns The report section.
 */
export function customerBehaviourSection(input: CustomerBehaviourInput, fmt: Format): Section {
  const facts = behaviourFacts(input);
  return {
    id: "behaviour",
    title: "How customers buy",
    lead: behaviourLead(facts, fmt),
    findings: behaviourFindings(facts, fmt),
    recommendations: behaviourRecommendations(facts, fmt),
    blocks: behaviourBlocks(input, facts, fmt),
  };
}
