import type { SegmentedRow } from "./assign_segments.ts";
import { DEFAULT_SEGMENT_MAP, type SegmentRule } from "./segment_map.ts";

/** One segment's size, averages and recommended action. */
export interface SegmentSummaryRow {
  readonly segment: string;
  readonly label: string;
  /** Customers in the segment. */
  readonly customers: number;
  /** customers / all customers. */
  readonly share: number;
  readonly recencyMean: number;
  readonly frequencyMean: number;
  readonly monetaryMean: number;
  /** Total monetary value of the segment. */
  readonly revenue: number;
  /** revenue / total revenue. */
  readonly revenueShare: number;
  /** Short, data-driven recommendation (see {@linkcode segmentSummary}). */
  readonly action: string;
}

/** Options for {@linkcode segmentSummary}. */
export interface SegmentSummaryOptions {
  /** The segment map (for labels, order and playbooks). @default {DEFAULT_SEGMENT_MAP} */
  map?: readonly SegmentRule[];
}

/**
 * Summarises segments: customers and their share, mean recency, frequency and monetary value,
 * and revenue share, with a recommended action built from those numbers and the segment's
 * playbook: `"<n> customers (<share>) bring <revenue share> of revenue; last bought <recency>
 * days ago on average, <frequency> orders, <monetary> spent: <playbook>"`. When a segment's
 * revenue share is more than twice its customer share the text says it is worth prioritising;
 * when it is under half, it suggests a low-cost channel.
 *
 * Only segments with customers appear, in map order. Segments absent from the map come last,
 * by name.
 *
 * @param rows Segmented customers.
 * @param options The segment map.
 * @returns One row per non-empty segment.
 *
 * @example Two segments
 * ```ts
 * import { segmentSummary } from "./segment_summary.ts";
 * import { equal } from "node:assert/strict";
 *
 * const row = (id: string, segment: string, recency: number, frequency: number, monetary: number) =>
 *   ({ customerId: id, segment, recency, frequency, monetary, recencyScore: 0, frequencyScore: 0,
 *      monetaryScore: 0, rfScore: "", rfmScore: "" });
 * const [hib, champ] = segmentSummary([
 *   row("a", "champions", 2, 10, 900), row("b", "hibernating", 300, 1, 50), row("c", "hibernating", 200, 1, 50),
 * ]);
 * equal(champ!.revenueShare, 0.9);
 * equal(hib!.action, "2 customers (66.7%) bring 10.0% of revenue; last bought 250 days ago on average, 1.0 orders, 50.00 spent: a low-cost channel fits them: win back with a reactivation offer, or stop spending on them");
 * ```
 */
export function segmentSummary(
  rows: readonly SegmentedRow[],
  options: SegmentSummaryOptions = {},
): SegmentSummaryRow[] {
  const { map = DEFAULT_SEGMENT_MAP } = options;
  const groups = new Map<string, { n: number; r: number; f: number; m: number }>();
  let total = 0;
  for (const row of rows) {
    const g = groups.get(row.segment) ?? { n: 0, r: 0, f: 0, m: 0 };
    g.n++;
    g.r += row.recency;
    g.f += row.frequency;
    g.m += row.monetary;
    groups.set(row.segment, g);
    total += row.monetary;
  }
  const order = [
    ...map.map((rule) => rule.segment).filter((s) => groups.has(s)),
    ...[...groups.keys()].filter((s) => !map.some((rule) => rule.segment === s)).sort(),
  ];
  return order.map((segment) => {
    const g = groups.get(segment)!;
    const rule = map.find((r) => r.segment === segment);
    const share = g.n / rows.length;
    const revenueShare = total === 0 ? 0 : g.m / total;
    const out = {
      segment,
      label: rule?.label ?? segment,
      customers: g.n,
      share,
      recencyMean: g.r / g.n,
      frequencyMean: g.f / g.n,
      monetaryMean: g.m / g.n,
      revenue: g.m,
      revenueShare,
    };
    return { ...out, action: recommendedAction(out, rule?.action ?? "review this segment") };
  });
}

function recommendedAction(
  s: {
    customers: number;
    share: number;
    revenueShare: number;
    recencyMean: number;
    frequencyMean: number;
    monetaryMean: number;
  },
  playbook: string,
): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const weight = s.revenueShare > 2 * s.share
    ? "worth prioritising: "
    : s.revenueShare < 0.5 * s.share
    ? "a low-cost channel fits them: "
    : "";
  const who = s.customers === 1 ? "1 customer" : `${s.customers} customers`;
  const verb = s.customers === 1 ? "brings" : "bring";
  return `${who} (${pct(s.share)}) ${verb} ${pct(s.revenueShare)} of revenue; ` +
    `last bought ${Math.round(s.recencyMean)} days ago on average, ` +
    `${s.frequencyMean.toFixed(1)} orders, ${
      s.monetaryMean.toFixed(2)
    } spent: ${weight}${playbook}`;
}
