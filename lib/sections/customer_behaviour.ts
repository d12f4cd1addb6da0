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
  /**
   * Whether the data has a time of day (`hasTimeOfDay` of lib/features): date-only data gets
   * no hour finding, chart or recommendation. @default {true}
   */
  readonly timeOfDay?: boolean;
}

/**
 * The gap by which `share` of all gaps have happened, interpolated linearly inside its bin, or
 * `null` when the bins hold no gaps or the share falls in the open last bin. The histogram's
 * median line and the findings use this same number.
 *
 * @example
 * ```ts
 * import { gapShareWithin } from "./customer_behaviour.ts";
 * import { equal } from "node:assert/strict";
 * const bins = [{ start: 0, end: 10, gaps: 4, share: 0.4 }, { start: 10, end: 20, gaps: 4, share: 0.4 }, { start: 20, end: null, gaps: 2, share: 0.2 }];
 * equal(gapShareWithin(bins, 0.5), 12.5);
 * equal(gapShareWithin(bins, 0.8), 20);
 * equal(gapShareWithin(bins, 0.9), null);
 * ```
 */
export function gapShareWithin(bins: readonly GapBin[], share: number): number | null {
  const total = bins.reduce((s, b) => s + b.gaps, 0);
  if (total === 0) return null;
  let before = 0;
  for (const b of bins) {
    if (b.gaps > 0 && (before + b.gaps) / total >= share - 1e-12) {
      if (b.end === null) return null;
      return b.start + ((b.end - b.start) * (share * total - before)) / b.gaps;
    }
    before += b.gaps;
  }
  return null;
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
  /** Gap within which half, and 90%, of all repeat purchases happen (interpolated in the bins). */
  readonly halfWithin: number | null;
  readonly p90Within: number | null;
  /** Customer medians of order value, items and products per order. */
  readonly orderValue: number;
  readonly itemsPerOrder: number;
  readonly productsPerOrder: number;
  /** Share of customers (with return data) who returned a line. */
  readonly returnerShare: number | null;
  /** Whether the data has a time of day (else nothing about hours is said). */
  readonly timeOfDay: boolean;
  /** The day of the week with the most orders. */
  readonly busiestWeekday: string;
  /** The hour with the most orders over the whole week (null without a time of day). */
  readonly busiestHour: number | null;
  /** The busiest weekday × hour slot, the heatmap's darkest cell (null without a time of day). */
  readonly busiestSlot: string | null;
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
 * equal(f.busiestSlot, "Thursday 12:00");
 * ```
 */
export function behaviourFacts(input: CustomerBehaviourInput): BehaviourFacts {
  const { features, gaps, peaks } = input;
  const repeat = features.filter((f) => f.avgDaysBetweenPurchases !== null);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const withReturns = features.filter((f) => f.returnRate !== null);
  const days = [...new Set(input.weekdayHour.map((c) => c.weekdayName))];
  const timeOfDay = input.timeOfDay ?? true;
  const top = peaks.topSlots[0];
  return {
    customers: features.length,
    repeatCustomers: repeat.length,
    typicalGap: finite(median(repeat.map((f) => f.avgDaysBetweenPurchases))),
    regularity: finite(median(repeat.map((f) => f.regularity))),
    halfWithin: gapShareWithin(gaps, 0.5),
    p90Within: gapShareWithin(gaps, 0.9),
    orderValue: median(features.map((f) => f.averageOrderValue)),
    itemsPerOrder: median(features.map((f) => f.itemsPerOrder)),
    productsPerOrder: median(features.map((f) => f.productsPerOrder)),
    returnerShare: withReturns.length > 0
      ? withReturns.filter((f) => (f.returnLines ?? 0) > 0).length / withReturns.length
      : null,
    timeOfDay,
    busiestWeekday: peaks.busiestWeekday,
    busiestHour: timeOfDay ? peaks.busiestHour : null,
    busiestSlot: timeOfDay && top ? `${top.weekdayName} ${hourText(top.hour)}` : null,
    topSlots: timeOfDay ? peaks.topSlots.map((s) => `${s.weekdayName} ${hourText(s.hour)}`) : [],
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
    peaks: f.timeOfDay && f.busiestHour !== null
      ? `Customers order most on ${f.busiestWeekday} and around ${
        hourText(f.busiestHour)
      }; the busiest slots are ${f.topSlots.join(", ")}${
        f.quietDays.length > 0 ? `. No orders at all on ${f.quietDays.join(", ")}` : ""
      }.`
      : `Customers order most on ${f.busiestWeekday}${
        f.quietDays.length > 0 ? `; no orders at all on ${f.quietDays.join(", ")}` : ""
      }. The data has dates only (no time of day), so nothing is said about hours.`,
  });
}

/** The behaviour recommendations: `lapse-trigger`, `replenishment`, `send-times`. */
export function behaviourRecommendations(f: BehaviourFacts, fmt: Format): Statement[] {
  return statements({
    "lapse-trigger": f.p90Within !== null
      ? `Use ${
        fmt.int(Math.ceil(f.p90Within))
      } days without a purchase as the lapse trigger: 90% of repeat purchases happen sooner, so a customer past it is likely drifting away and should get a win-back message.`
      : null,
    replenishment: f.typicalGap !== null
      ? `Time replenishment and cross-sell messages about ${
        fmt.number(f.typicalGap * 0.8, 0)
      } days after an order, just before the typical return.`
      : null,
    "send-times": f.timeOfDay && f.busiestHour !== null
      ? `Send campaigns on ${f.busiestWeekday} mornings before the ${
        hourText(f.busiestHour)
      } peak, and staff support for the busiest slots.`
      : `Send campaigns ahead of ${f.busiestWeekday}, the busiest day.`,
  });
}

/** The behaviour section's one-sentence answer. */
export function behaviourLead(f: BehaviourFacts, fmt: Format): string {
  const busiest = f.busiestSlot !== null
    ? `the busiest hour of the week is ${f.busiestSlot}.`
    : `${f.busiestWeekday} is the busiest day.`;
  return f.typicalGap !== null
    ? `The median repeat customer buys every ${fmt.number(f.typicalGap, 0)} days; ${busiest}`
    : busiest.charAt(0).toUpperCase() + busiest.slice(1);
}

/** The gaps histogram, the weekday × hour heatmap and the first rows of the features. */
export function behaviourBlocks(
  input: CustomerBehaviourInput,
  f: BehaviourFacts,
  fmt: Format,
): Block[] {
  const blocks: Block[] = [
    {
      kind: "chart",
      id: "behaviour.gaps",
      spec: histogram(input.gaps.map((g) => ({ start: g.start, end: g.end, count: g.gaps })), {
        label: "Days between purchases",
        ...(f.halfWithin !== null ? { median: Math.ceil(f.halfWithin) } : {}),
        unit: "gaps between purchase days",
        formatValue: (d) => `${fmt.int(d)} days`,
        format: fmt,
      }),
      caption:
        "All gaps between a customer's consecutive purchase days, in weekly bins; the line marks the median gap (half of all repeat purchases come sooner).",
    },
  ];
  if (f.timeOfDay) {
    blocks.push({
      kind: "chart",
      id: "behaviour.weekday-hour",
      spec: weekdayHourHeatmap(input.weekdayHour, {
        format: fmt,
        ...(f.busiestSlot !== null
          ? { subtitle: `Busiest hour of the week: ${f.busiestSlot}` }
          : {}),
      }),
    });
  }
  return [
    ...blocks,
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
