import type { SegmentedRow } from "./assign_segments.ts";

/** One row of customers.csv: RFM, scores, segment, behaviour and product segment. */
export interface CustomerProfile {
  readonly customerId: string;
  readonly recency: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly recencyScore: number;
  readonly frequencyScore: number;
  readonly monetaryScore: number;
  readonly rfScore: string;
  readonly rfmScore: string;
  readonly segment: string;
  /** `null` when not computed or with a single purchase day. */
  readonly avgDaysBetweenPurchases: number | null;
  readonly preferredWeekday: string | null;
  readonly peakHour: number | null;
  /** `null` when product segments were not computed or the customer has none. */
  readonly productSegment: string | null;
}

/** Options for {@linkcode customerProfiles}. */
export interface CustomerProfilesOptions {
  /** Behavioural features by customer (from lib/features). @default {[] (fields null)} */
  features?: readonly {
    readonly customerId: string;
    readonly avgDaysBetweenPurchases: number | null;
    readonly preferredWeekday: string;
    readonly peakHour: number | null;
  }[];
  /** Product segments by customer. @default {[] (null)} */
  productSegments?: readonly { readonly customerId: string; readonly productSegment: string }[];
}

/**
 * Joins segmented RFM rows with behavioural features and product segments into the rows of
 * customers.csv (one per RFM customer, same order). Customers without features or a product
 * segment get `null` there, so customer-level input (no transactions) works too.
 *
 * @param rows Segmented RFM rows.
 * @param options Features and product segments.
 * @returns One profile per row.
 *
 * @example
 * ```ts
 * import { customerProfiles } from "./customer_profiles.ts";
 * import { equal } from "node:assert/strict";
 *
 * const [p] = customerProfiles([{ customerId: "a", recency: 1, frequency: 2, monetary: 3, recencyScore: 5,
 *   frequencyScore: 4, monetaryScore: 3, rfScore: "54", rfmScore: "543", segment: "champions" }],
 *   { productSegments: [{ customerId: "a", productSegment: "Bags" }] });
 * equal(p!.productSegment, "Bags");
 * equal(p!.peakHour, null);
 * ```
 */
export function customerProfiles(
  rows: readonly SegmentedRow[],
  options: CustomerProfilesOptions = {},
): CustomerProfile[] {
  const features = new Map((options.features ?? []).map((f) => [f.customerId, f]));
  const products = new Map(
    (options.productSegments ?? []).map((p) => [p.customerId, p.productSegment]),
  );
  return rows.map((r) => {
    const f = features.get(r.customerId);
    return {
      customerId: r.customerId,
      recency: r.recency,
      frequency: r.frequency,
      monetary: r.monetary,
      recencyScore: r.recencyScore,
      frequencyScore: r.frequencyScore,
      monetaryScore: r.monetaryScore,
      rfScore: r.rfScore,
      rfmScore: r.rfmScore,
      segment: r.segment,
      avgDaysBetweenPurchases: f?.avgDaysBetweenPurchases ?? null,
      preferredWeekday: f?.preferredWeekday ?? null,
      peakHour: f?.peakHour ?? null,
      productSegment: products.get(r.customerId) ?? null,
    };
  });
}
