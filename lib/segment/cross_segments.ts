/** Customers in one RFM segment × product segment cell. */
export interface SegmentCrossRow {
  readonly segment: string;
  readonly productSegment: string;
  readonly customers: number;
  /** customers / customers of the RFM segment. */
  readonly shareOfSegment: number;
}

/**
 * Crosses RFM segments with product segments: for each RFM segment, how its customers split
 * over product segments. Customers missing from `products` count under `"none"`.
 *
 * @param rfm Customers with an RFM `segment`.
 * @param products Customers with a `productSegment`.
 * @returns Non-empty cells, by RFM segment then product segment (text order).
 *
 * @example
 * ```ts
 * import { crossSegments } from "./cross_segments.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(crossSegments(
 *   [{ customerId: "a", segment: "champions" }, { customerId: "b", segment: "champions" }],
 *   [{ customerId: "a", productSegment: "Christmas" }],
 * ), [
 *   { segment: "champions", productSegment: "Christmas", customers: 1, shareOfSegment: 0.5 },
 *   { segment: "champions", productSegment: "none", customers: 1, shareOfSegment: 0.5 },
 * ]);
 * ```
 */
export function crossSegments(
  rfm: readonly { readonly customerId: string; readonly segment: string }[],
  products: readonly { readonly customerId: string; readonly productSegment: string }[],
): SegmentCrossRow[] {
  const productOf = productSegmentsOf(rfm, products);
  const cells = new Map<string, Map<string, number>>();
  for (let i = 0; i < rfm.length; i++) {
    const r = rfm[i]!;
    const row = cells.get(r.segment) ?? new Map<string, number>();
    const p = productOf[i] ?? "none";
    row.set(p, (row.get(p) ?? 0) + 1);
    cells.set(r.segment, row);
  }
  const out: SegmentCrossRow[] = [];
  for (const segment of [...cells.keys()].sort()) {
    const row = cells.get(segment)!;
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    for (const productSegment of [...row.keys()].sort()) {
      out.push({
        segment,
        productSegment,
        customers: row.get(productSegment)!,
        shareOfSegment: row.get(productSegment)! / total,
      });
    }
  }
  return out;
}

/**
 * Each RFM customer's product segment (undefined when it has none). The stages return both
 * lists sorted by customer id, and then one walk through both pairs them; otherwise (or with a
 * repeated id) a map does, the last entry of an id winning.
 */
function productSegmentsOf(
  rfm: readonly { readonly customerId: string }[],
  products: readonly { readonly customerId: string; readonly productSegment: string }[],
): (string | undefined)[] {
  if (!increasing(rfm) || !increasing(products)) {
    const productOf = new Map(products.map((p) => [p.customerId, p.productSegment]));
    return rfm.map((r) => productOf.get(r.customerId));
  }
  const out = new Array<string | undefined>(rfm.length);
  let j = 0;
  for (let i = 0; i < rfm.length; i++) {
    const id = rfm[i]!.customerId;
    while (j < products.length && products[j]!.customerId < id) j++;
    out[i] = products[j]?.customerId === id ? products[j]!.productSegment : undefined;
  }
  return out;
}

/** Whether the ids increase strictly (sorted, none repeated). */
function increasing(rows: readonly { readonly customerId: string }[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    if (!(rows[i - 1]!.customerId < rows[i]!.customerId)) return false;
  }
  return true;
}
