import * as Plot from "@observablehq/plot";
import { type ChartOptions, frame } from "./_frame.ts";
import { createFormat } from "../format/mod.ts";
import { RAMP_LEGEND } from "./theme.ts";

/** Orders in one weekday × hour slot. `weekday` is ISO: 1 is Monday, 7 is Sunday (as lib/features and DuckDB `isodow`). */
export interface WeekdayHourCell {
  readonly weekday: number;
  readonly hour: number;
  readonly orders: number;
}

/** Options for {@linkcode weekdayHourHeatmap}. */
export type WeekdayHourOptions = ChartOptions;

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * When customers order: a heatmap of orders by weekday (rows, Monday on top) and hour of
 * the day (columns). Darker cells are busier; missing cells had no orders.
 *
 * @param cells One cell per weekday and hour with orders (missing slots may be omitted).
 * @param options Words and size.
 * @returns Plot options for {@linkcode renderChart}.
 *
 * @example
 * ```ts
 * import { weekdayHourHeatmap } from "./weekday_hour.ts";
 * import { equal } from "node:assert/strict";
 * const spec = weekdayHourHeatmap([{ weekday: 1, hour: 9, orders: 3 }, { weekday: 4, hour: 12, orders: 7 }]);
 * equal(spec.subtitle, "Busiest slot: Thu 12:00 with 7 orders");
 * ```
 */
export function weekdayHourHeatmap(
  cells: readonly WeekdayHourCell[],
  options: WeekdayHourOptions = {},
): Plot.PlotOptions {
  const fmt = options.format ?? createFormat();
  const data = cells.map((c) => ({ day: DAYS[c.weekday - 1] ?? String(c.weekday), ...c }));
  const busiest = data.reduce<typeof data[number] | undefined>(
    (best, c) => (best === undefined || c.orders > best.orders ? c : best),
    undefined,
  );
  const hours = [...new Set(cells.map((c) => c.hour))].sort((a, b) => a - b);
  return frame({
    title: "When customers order: weekday × hour",
    subtitle: busiest
      ? `Busiest slot: ${busiest.day} ${String(busiest.hour).padStart(2, "0")}:00 with ` +
        `${fmt.int(busiest.orders)} orders`
      : "No orders",
    caption: "Each cell counts orders started in that hour; blank cells had none.",
    height: 260,
    marginLeft: 44,
    padding: 0.05,
    x: {
      label: "Hour of day",
      domain: hours,
      tickFormat: (h: number) => (h % 3 === 0 ? `${h}h` : ""),
    },
    y: { label: null, domain: DAYS },
    color: {
      type: "linear",
      scheme: "blues",
      zero: true,
      legend: true,
      ...RAMP_LEGEND,
      label: "Orders",
      tickFormat: fmt.compact,
    },
    marks: [
      Plot.cell(data, {
        x: "hour",
        y: "day",
        fill: "orders",
        inset: 0.5,
        title: (d: { day: string; hour: number; orders: number }) =>
          `${d.day} ${String(d.hour).padStart(2, "0")}:00–${
            String(d.hour).padStart(2, "0")
          }:59\nOrders: ${fmt.int(d.orders)}`,
      }),
    ],
  }, options);
}
