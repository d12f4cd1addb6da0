import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor } from "./_frame.ts";
import { segmentColorScale, segmentLabel, SEGMENTS, SMALL_FONT_SIZE } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** Share (0–1) of one category within one product segment; shares of a segment sum to 1. */
export interface ProductSegmentMixRow {
  readonly productSegment: string;
  readonly category: string;
  readonly share: number;
}

/** Options for {@linkcode productSegmentMix}. */
export type ProductSegmentMixOptions = ChartOptions;

/**
 * The product-segment mix: one 100% bar per product segment, split into the share of each
 * category (for example the RFM segments of the buyers). Compare how the splits differ
 * between bars. When the categories are RFM segment keys they keep their fixed colours.
 *
 * @param rows One row per (productSegment, category).
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { productSegmentMix } from "./product_segment_mix.ts";
 * import { equal } from "node:assert/strict";
 * const spec = productSegmentMix([
 *   { productSegment: "Gifts", category: "champions", share: 0.7 },
 *   { productSegment: "Gifts", category: "hibernating", share: 0.3 },
 * ]);
 * equal(spec.subtitle, "1 product segments, 2 categories");
 * ```
 */
export function productSegmentMix(
  rows: readonly ProductSegmentMixRow[],
  options: ProductSegmentMixOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const categories = [...new Set(rows.map((r) => r.category))];
  const segmentKeys = categories.length > 0 &&
    categories.every((c) => (SEGMENTS as readonly string[]).includes(c));
  const productSegments = [...new Set(rows.map((r) => r.productSegment))];
  // Stack in the legend's order: RFM segments best first, other categories as given.
  const rank = (c: string): number =>
    segmentKeys ? (SEGMENTS as readonly string[]).indexOf(c) : categories.indexOf(c);
  const data = [...rows].sort((a, b) => rank(a.category) - rank(b.category)).map((r) => ({
    ...r,
    product: segmentLabel(r.productSegment),
    label: segmentKeys ? segmentLabel(r.category) : r.category,
  }));
  const labels = productSegments.map(segmentLabel);
  return frame({
    title: "Product-segment mix",
    subtitle: `${productSegments.length} product segments, ${categories.length} categories`,
    caption: "Each bar splits one product segment into its categories (shares add up to 100%).",
    height: 90 + 30 * Math.max(1, productSegments.length),
    marginLeft: marginFor(labels),
    x: { label: "Share", tickFormat: (d: number) => fmt.percent(d, 0), domain: [0, 1] },
    y: { label: null, domain: labels },
    color: segmentKeys
      ? segmentColorScale(categories)
      : { type: "ordinal", scheme: "tableau10", legend: true },
    marks: [
      Plot.barX(
        data,
        Plot.stackX({ order: null }, {
          x: "share",
          y: "product",
          fill: "label",
          inset: 0.5,
          title: (d: { product: string; label: string; share: number }) =>
            `${d.product} · ${d.label}\nShare: ${fmt.percent(d.share)}`,
        }),
      ),
      Plot.text(
        data,
        Plot.stackX({ order: null }, {
          x: "share",
          y: "product",
          z: "label",
          text: (d: { share: number }) => (d.share >= 0.08 ? fmt.percent(d.share, 0) : ""),
          fill: "white",
          fontSize: SMALL_FONT_SIZE,
        }),
      ),
    ],
  }, options);
}
