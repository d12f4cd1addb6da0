import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, marginFor, truncate } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** One product, country or other item with its totals. */
export interface TopItem {
  readonly label: string;
  readonly revenue: number;
  readonly quantity: number;
}

/** Options for {@linkcode topItems}. */
export interface TopItemsOptions extends ChartOptions {
  /** Measure that ranks and sizes the bars. @default {"revenue"} */
  by?: "revenue" | "quantity";
  /** Number of bars. @default {10} */
  limit?: number;
  /** Plural noun for the title, e.g. "countries". @default {"products"} */
  itemName?: string;
  /** Longest label shown before it is shortened with "…". @default {32} */
  maxLabelLength?: number;
}

/**
 * Top items (products or countries) as horizontal bars, largest first, with the value at
 * the end of each bar. The subtitle gives the share of the total the top items hold.
 *
 * @param items Items in any order.
 * @param options **by**, **limit**, **itemName**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { topItems } from "./top_items.ts";
 * import { equal } from "node:assert/strict";
 * const spec = topItems([{ label: "UK", revenue: 90, quantity: 5 }, { label: "FR", revenue: 10, quantity: 1 }],
 *   { itemName: "countries", limit: 1 });
 * equal(spec.title, "Top 1 countries by revenue");
 * equal(spec.subtitle, "The top 1 of 2 countries bring 90% of revenue");
 * ```
 */
export function topItems(
  items: readonly TopItem[],
  options: TopItemsOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { by = "revenue", limit = 10, itemName = "products", maxLabelLength = 32 } = options;
  const sorted = [...items].sort((a, b) => b[by] - a[by] || (a.label < b.label ? -1 : 1));
  const total = items.reduce((s, d) => s + d[by], 0);
  const top = sorted.slice(0, limit).map((d) => ({
    label: truncate(d.label, maxLabelLength),
    full: d.label,
    value: d[by],
    revenue: d.revenue,
    quantity: d.quantity,
    text: by === "revenue" ? fmt.money(d.revenue) : fmt.int(d.quantity),
  }));
  const topTotal = top.reduce((s, d) => s + d.value, 0);
  const share = total > 0 ? Math.round((topTotal / total) * 100) : 0;
  const labels = top.map((d) => d.label);
  return frame({
    title: `Top ${top.length} ${itemName} by ${by}`,
    subtitle: `The top ${top.length} of ${fmt.int(items.length)} ${itemName} bring ` +
      `${share}% of ${by}`,
    caption: `Sorted by ${by}; the number at the end of each bar is the total.`,
    height: 60 + 26 * Math.max(1, top.length),
    marginLeft: marginFor(labels),
    marginRight: 70,
    x: { label: by === "revenue" ? "Revenue" : "Quantity", grid: true, tickFormat: fmt.compact },
    y: { label: null, domain: labels },
    marks: [
      Plot.barX(top, {
        x: "value",
        y: "label",
        fill: SERIES_COLORS.kept,
        // The items given may be the top ones only: no share of a total here.
        title: (d: { full: string; revenue: number; quantity: number }) =>
          `${d.full}\nRevenue: ${fmt.money(d.revenue)}\nQuantity: ${fmt.int(d.quantity)}`,
      }),
      Plot.text(top, { x: "value", y: "label", text: "text", textAnchor: "start", dx: 4 }),
      Plot.ruleX([0]),
    ],
  }, options);
}
