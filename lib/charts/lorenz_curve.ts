import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** A point of the Lorenz curve: the lowest-spending `customerShare` of customers bring `revenueShare`. */
export interface LorenzPoint {
  readonly customerShare: number;
  readonly revenueShare: number;
}

/** Options for {@linkcode lorenzCurve}. */
export interface LorenzOptions extends ChartOptions {
  /** Gini coefficient to print in the subtitle. @default {undefined} */
  gini?: number;
  /** Share of top customers to annotate. @default {0.2} */
  topShare?: number;
  /**
   * Revenue share the top customers bring, as the analysis computed it from every customer
   * (so the chart shows the same number as the findings). @default {read off the curve}
   */
  topRevenueShare?: number;
}

/** Revenue share of the lowest `x` customers, interpolating linearly between points. */
function interpolate(points: readonly LorenzPoint[], x: number): number {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (x <= b.customerShare) {
      const span = b.customerShare - a.customerShare;
      return span > 0
        ? a.revenueShare + (b.revenueShare - a.revenueShare) * (x - a.customerShare) / span
        : b.revenueShare;
    }
  }
  return points.length > 0 ? points[points.length - 1]!.revenueShare : NaN;
}

/**
 * Revenue concentration: the Lorenz curve of revenue over customers (customers ordered
 * from the smallest to the largest spender) against the dashed line of perfect equality.
 * The further the curve sags, the more revenue depends on few customers; the label says
 * what the top customers bring.
 *
 * @param points Curve points with shares in [0, 1] (the point (0, 0) is added if missing).
 * @param options **gini**, **topShare**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { lorenzCurve } from "./lorenz_curve.ts";
 * import { equal } from "node:assert/strict";
 * const spec = lorenzCurve([{ customerShare: 0.8, revenueShare: 0.3 }, { customerShare: 1, revenueShare: 1 }], { gini: 0.61 });
 * equal(spec.subtitle, "Top 20% of customers bring 70.0% of revenue (Gini 0.61)");
 * const exact = lorenzCurve([{ customerShare: 0.8, revenueShare: 0.3 }, { customerShare: 1, revenueShare: 1 }], { topRevenueShare: 0.712 });
 * equal(exact.subtitle, "Top 20% of customers bring 71.2% of revenue");
 * ```
 */
export function lorenzCurve(
  points: readonly LorenzPoint[],
  options: LorenzOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { gini, topShare = 0.2 } = options;
  const sorted = [...points].sort((a, b) => a.customerShare - b.customerShare);
  if (sorted.length === 0 || sorted[0]!.customerShare > 0) {
    sorted.unshift({ customerShare: 0, revenueShare: 0 });
  }
  const x = 1 - topShare;
  const every = Math.max(1, Math.ceil(sorted.length / 21));
  const last = sorted[sorted.length - 1];
  const top = options.topRevenueShare ?? 1 - interpolate(sorted, x);
  const giniText = gini !== undefined && Number.isFinite(gini) ? ` (Gini ${gini.toFixed(2)})` : "";
  return frame({
    title: "Revenue concentration across customers",
    subtitle: `Top ${fmt.percent(topShare, 0)} of customers bring ${
      fmt.percent(top)
    } of revenue${giniText}`,
    caption: "Customers are ordered from the smallest to the largest spender; the dashed " +
      "diagonal is an equal split. The bigger the gap, the more revenue rests on few customers.",
    height: 480,
    width: 560,
    marginLeft: 50,
    x: {
      label: "Share of customers",
      domain: [0, 1],
      tickFormat: (d: number) => fmt.percent(d, 0),
      grid: true,
    },
    y: {
      label: "Share of revenue",
      domain: [0, 1],
      tickFormat: (d: number) => fmt.percent(d, 0),
      grid: true,
    },
    marks: [
      Plot.line([[0, 0], [1, 1]], { stroke: "#9ca3af", strokeDasharray: "4,3" }),
      Plot.areaY(sorted, {
        x: "customerShare",
        y: "revenueShare",
        fill: SERIES_COLORS.kept,
        fillOpacity: 0.15,
      }),
      Plot.line(sorted, {
        x: "customerShare",
        y: "revenueShare",
        stroke: SERIES_COLORS.kept,
        strokeWidth: 2.5,
      }),
      // Hover targets along the curve, about every 5% of customers.
      Plot.dot(sorted.filter((p, i) => p.customerShare > 0 && (i % every === 0 || p === last)), {
        x: "customerShare",
        y: "revenueShare",
        r: 4,
        fill: SERIES_COLORS.kept,
        fillOpacity: 0,
        title: (p: LorenzPoint) =>
          `Top ${fmt.percent(1 - p.customerShare)} of customers\n` +
          `Revenue share: ${fmt.percent(1 - p.revenueShare)}\n` +
          `The other ${fmt.percent(p.customerShare)}: ${fmt.percent(p.revenueShare)}`,
      }),
      Plot.ruleX([x], {
        stroke: SERIES_COLORS.expected,
        strokeDasharray: "2,2",
        title: () =>
          `Top ${fmt.percent(topShare, 0)} of customers\nRevenue share: ${fmt.percent(top)}`,
      }),
      Plot.text([{ x, y: 1 - top }], {
        x: "x",
        y: "y",
        text: () => `top ${fmt.percent(topShare, 0)}: ${fmt.percent(top, 0)} of revenue`,
        textAnchor: "end",
        dx: -6,
        dy: -8,
      }),
    ],
  }, options);
}
