import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { SERIES_COLORS } from "./theme.ts";
import { createFormat } from "../format/mod.ts";

/** P(alive) of one customer at time `t` (in periods since the first purchase). */
export interface AliveHistoryPoint {
  readonly t: number;
  readonly pAlive: number;
}

/** The input of {@linkcode probabilityAliveHistory}. */
export interface AliveHistory {
  readonly history: readonly AliveHistoryPoint[];
  /** Times of the customer's purchases, same unit as `t`. */
  readonly purchases: readonly number[];
}

/** Options for {@linkcode probabilityAliveHistory}. */
export interface AliveHistoryOptions extends ChartOptions {
  /** Shown in the title. @default {undefined} */
  customerId?: string;
  /** Name of the time unit for the x axis. @default {"Weeks since first purchase"} */
  timeLabel?: string;
}

/**
 * P(alive) history of one customer: the line is the probability the customer is still
 * active over time; grey rules mark purchases. Each purchase lifts it to 1 and the
 * silence afterwards lets it decay.
 *
 * @param data The P(alive) curve and purchase times.
 * @param options **customerId**, **timeLabel**, words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { probabilityAliveHistory } from "./probability_alive_history.ts";
 * import { equal } from "node:assert/strict";
 * const spec = probabilityAliveHistory({ history: [{ t: 0, pAlive: 1 }, { t: 5, pAlive: 0.4 }], purchases: [0] },
 *   { customerId: "12346" });
 * equal(spec.subtitle, "Now 40.0% after 1 purchases");
 * ```
 */
export function probabilityAliveHistory(
  data: AliveHistory,
  options: AliveHistoryOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const { customerId, timeLabel = "Weeks since first purchase" } = options;
  const history = [...data.history].sort((a, b) => a.t - b.t);
  const last = history[history.length - 1];
  const every = Math.max(1, Math.ceil(history.length / 40));
  const purchaseTip = (t: number): string => `Purchase\n${timeLabel}: ${fmt.decimal(t, 1)}`;
  return frame({
    title: customerId === undefined
      ? "P(alive) over time"
      : `P(alive) over time: customer ${customerId}`,
    subtitle: last
      ? `Now ${fmt.percent(last.pAlive)} after ${data.purchases.length} purchases`
      : "No history",
    caption: "Grey lines are purchases. P(alive) jumps back up with each purchase and decays " +
      "while the customer stays silent.",
    height: 280,
    marginLeft: 50,
    x: { label: timeLabel },
    y: {
      label: "P(alive)",
      domain: [0, 1],
      grid: true,
      tickFormat: (d: number) => fmt.percent(d, 0),
    },
    marks: [
      Plot.ruleX(data.purchases, {
        stroke: "#9ca3af",
        strokeDasharray: "3,2",
        title: (t: number) => purchaseTip(t),
      }),
      Plot.line(history, {
        x: "t",
        y: "pAlive",
        stroke: SERIES_COLORS.kept,
        strokeWidth: 2,
        curve: "step-after",
      }),
      // Hover targets on the curve (about 40 along it), then the purchases.
      Plot.dot(history.filter((_, i) => i % every === 0 || i === history.length - 1), {
        x: "t",
        y: "pAlive",
        r: 4,
        fill: SERIES_COLORS.kept,
        fillOpacity: 0,
        title: (p: AliveHistoryPoint) =>
          `${timeLabel}: ${fmt.decimal(p.t, 1)}\nP(alive): ${fmt.percent(p.pAlive)}`,
      }),
      Plot.dot(data.purchases, {
        x: (d: number) => d,
        y: () => 1,
        fill: SERIES_COLORS.actual,
        r: 3.5,
        title: (t: number) => purchaseTip(t),
      }),
      Plot.ruleY([0]),
    ],
  }, options);
}
