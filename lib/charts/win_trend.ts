import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame, monthStart } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";

/** Deals closed in one month. */
export interface WinTrendRow {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly won: number;
  readonly lost: number;
}

/** Options for {@linkcode winTrend}. */
export type WinTrendOptions = ChartOptions;

const WON = "#137333";
const LOST = "#e0573a";

/**
 * Deals closed per month, won (green, above the axis) and lost (red, below), so the monthly
 * volume and the balance between them read at once; the subtitle gives the win rate of the
 * first and the last half of the months.
 *
 * @param rows One row per close month, in any order.
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { winTrend } from "./win_trend.ts";
 * import { equal } from "node:assert/strict";
 * const spec = winTrend([
 *   { month: "2024-01", won: 6, lost: 4 },
 *   { month: "2024-02", won: 4, lost: 6 },
 * ]);
 * equal(spec.subtitle, "Win rate 60.0% in the first half of the months, 40.0% in the second");
 * ```
 */
export function winTrend(
  rows: readonly WinTrendRow[],
  options: WinTrendOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const sorted = [...rows].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const half = Math.floor(sorted.length / 2);
  const rate = (part: readonly WinTrendRow[]) => {
    const won = part.reduce((s, r) => s + r.won, 0);
    const closed = won + part.reduce((s, r) => s + r.lost, 0);
    return closed > 0 ? won / closed : null;
  };
  const first = rate(sorted.slice(0, half));
  const second = rate(sorted.slice(half));
  const long = sorted.flatMap((r) => [
    { date: monthStart(r.month), month: r.month, outcome: "won", deals: r.won },
    { date: monthStart(r.month), month: r.month, outcome: "lost", deals: -r.lost },
  ]);
  return frame({
    title: "Deals closed per month",
    subtitle: first !== null && second !== null
      ? `Win rate ${fmt.percent(first)} in the first half of the months, ${
        fmt.percent(second)
      } in the second`
      : sorted.length > 0
      ? `${fmt.int(sorted.length)} month${sorted.length === 1 ? "" : "s"} of closed deals`
      : "No closed deals with a close date",
    caption: "Won deals above the axis, lost deals below, by the month they closed.",
    height: 260,
    marginLeft: 50,
    x: { label: null, type: "utc" },
    y: {
      label: "Deals (lost below 0)",
      grid: true,
      tickFormat: (d: number) => fmt.int(Math.abs(d)),
    },
    color: { domain: ["won", "lost"], range: [WON, LOST], legend: sorted.length > 0 },
    marks: [
      Plot.rectY(long, {
        x: "date",
        interval: "month",
        y: "deals",
        fill: "outcome",
        inset: 1,
        title: (d: { month: string; outcome: string; deals: number }) =>
          `${fmt.month(d.month)}: ${fmt.int(Math.abs(d.deals))} ${d.outcome}`,
      }),
      Plot.ruleY([0]),
    ],
  }, options);
}
