import type { Db } from "../db/db.ts";
import { OptionError, ValidationError } from "../errors.ts";
import { orderRelation, type OrderSource } from "../rfm/mod.ts";
import { WEEKDAYS } from "./_sql.ts";

/** One bin of the inter-purchase gap distribution: gaps in `[start, end)` days. */
export interface GapBin {
  readonly start: number;
  /** Exclusive end; `null` for the last, open bin (gaps ≥ start). */
  readonly end: number | null;
  readonly gaps: number;
  /** gaps / all gaps. */
  readonly share: number;
}

/** Options for {@linkcode interPurchaseGaps}. */
export interface InterPurchaseGapsOptions extends OrderSource {
  /** Bin width in days. @default {7} */
  binDays?: number;
  /** Gaps of this many days or more share the last, open bin. @default {364} */
  maxDays?: number;
}

/**
 * Distribution of days between consecutive distinct purchase days, over all customers, in bins
 * of `binDays` (every bin from 0 to `maxDays` appears, empty ones with 0).
 *
 * @param db The analysis database.
 * @param options Line table (or prepared `orders`) and binning.
 * @returns Bins in ascending order.
 *
 * @example
 * ```ts
 * import { interPurchaseGaps } from "./population_views.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-01-01', 1.0), ('a', 'i2', timestamp '2011-01-04', 1.0),
 *   ('a', 'i3', timestamp '2011-01-20', 1.0)) t(customer_id, invoice, invoice_date, line_total)`);
 * const bins = await interPurchaseGaps(db, { binDays: 10, maxDays: 20 });
 * deepStrictEqual(bins.map((b) => [b.start, b.end, b.gaps]), [[0, 10, 1], [10, 20, 1], [20, null, 0]]);
 * db.close();
 * ```
 */
export async function interPurchaseGaps(
  db: Db,
  options: InterPurchaseGapsOptions = {},
): Promise<GapBin[]> {
  const { binDays = 7, maxDays = 364 } = options;
  if (
    !(Number.isInteger(binDays) && binDays > 0 && Number.isInteger(maxDays) && maxDays >= binDays)
  ) {
    throw new OptionError(
      "binDays",
      `Cannot bin gaps: binDays and maxDays must be positive integers with maxDays >= binDays: current values are ${binDays} and ${maxDays}`,
    );
  }
  const from = await orderRelation(db, options, "compute inter-purchase gaps");
  const nBins = Math.ceil(maxDays / binDays);
  const rows = await db.all<{ bin: number; n: number }>(
    `WITH days AS (
       SELECT DISTINCT customer_id, CAST(order_date AS DATE) AS d FROM ${from}
       WHERE customer_id IS NOT NULL),
     gaps AS (SELECT date_diff('day', lag(d) OVER (PARTITION BY customer_id ORDER BY d), d) AS gap FROM days)
     SELECT least(CAST(floor(gap / ?) AS INTEGER), ?) AS bin, count(*) AS n FROM gaps WHERE gap IS NOT NULL GROUP BY 1
     ORDER BY 1`,
    [binDays, nBins],
  );
  const counts = new Map(rows.map((r) => [r.bin, r.n]));
  const total = rows.reduce((s, r) => s + r.n, 0);
  const out: GapBin[] = [];
  for (let b = 0; b <= nBins; b++) {
    const gaps = counts.get(b) ?? 0;
    out.push({
      start: b * binDays,
      end: b === nBins ? null : (b + 1) * binDays,
      gaps,
      share: total === 0 ? 0 : gaps / total,
    });
  }
  return out;
}

/** One weekday × hour cell. */
export interface WeekdayHourCell {
  /** ISO weekday, Monday = 1 … Sunday = 7. */
  readonly weekday: number;
  readonly weekdayName: string;
  /** Hour of day, 0–23. */
  readonly hour: number;
  /** Orders (distinct invoices) placed in this slot. */
  readonly orders: number;
  readonly revenue: number;
}

/**
 * Heatmap data: orders and revenue by weekday and hour of the order timestamp, on the full
 * 7 × 24 grid (empty slots with zeros), Monday 00h first.
 *
 * @param db The analysis database.
 * @param options Line table, or a prepared order table (`orders`).
 * @returns 168 cells.
 *
 * @example
 * ```ts
 * import { weekdayHourHeatmap } from "./population_views.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select * from (values
 *   ('a', 'i1', timestamp '2011-01-03 10:15', 5.0), ('a', 'i1', timestamp '2011-01-03 10:15', 5.0))
 *   t(customer_id, invoice, invoice_date, line_total)`);
 * const cells = await weekdayHourHeatmap(db);
 * equal(cells.length, 168);
 * deepStrictEqual(cells[10], { weekday: 1, weekdayName: "Monday", hour: 10, orders: 1, revenue: 10 });
 * db.close();
 * ```
 */
export async function weekdayHourHeatmap(
  db: Db,
  options: OrderSource = {},
): Promise<WeekdayHourCell[]> {
  const from = await orderRelation(db, options, "build the weekday × hour heatmap");
  const rows = await db.all<{ weekday: number; hour: number; orders: number; revenue: number }>(
    `WITH inv AS (SELECT invoice, max(order_date) AS ts, sum(revenue) AS total FROM ${from} GROUP BY invoice)
     SELECT isodow(ts) AS weekday, hour(ts) AS hour, count(*) AS orders, sum(total)::DOUBLE AS revenue FROM inv
     GROUP BY ALL ORDER BY ALL`,
  );
  const byCell = new Map(rows.map((r) => [r.weekday * 100 + r.hour, r]));
  const out: WeekdayHourCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const r = byCell.get(weekday * 100 + hour);
      out.push({
        weekday,
        weekdayName: WEEKDAYS[weekday - 1]!,
        hour,
        orders: r?.orders ?? 0,
        revenue: r?.revenue ?? 0,
      });
    }
  }
  return out;
}

/** The busiest times. */
export interface ShoppingPeaks {
  /** Weekday name with most orders (ties: earliest in the week). */
  readonly busiestWeekday: string;
  /** Hour with most orders over all weekdays (ties: earliest). */
  readonly busiestHour: number;
  /** The `top` busiest weekday × hour slots (ties: earlier slot first). */
  readonly topSlots: readonly WeekdayHourCell[];
}

/**
 * The shopping peaks of heatmap cells: busiest weekday, busiest hour and busiest slots, by
 * orders, with ties going to the earlier time.
 *
 * @param cells Weekday × hour cells (from {@linkcode weekdayHourHeatmap}).
 * @param options `top` slots @default {3}
 * @returns The peaks.
 *
 * @example
 * ```ts
 * import { shoppingPeaks } from "./population_views.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const c = (weekday: number, hour: number, orders: number) => ({ weekday, weekdayName: String(weekday), hour, orders, revenue: 0 });
 * const p = shoppingPeaks([c(2, 9, 3), c(3, 9, 3), c(3, 15, 4)], { top: 2 });
 * deepStrictEqual([p.busiestWeekday, p.busiestHour, p.topSlots.map((s) => s.hour)], ["3", 9, [15, 9]]);
 * ```
 */
export function shoppingPeaks(
  cells: readonly WeekdayHourCell[],
  options: { top?: number } = {},
): ShoppingPeaks {
  const { top = 3 } = options;
  if (cells.length === 0) {
    throw new ValidationError(
      "Cannot find shopping peaks: there are no weekday × hour cells",
      [],
      "pass the cells of weekdayHourHeatmap()",
    );
  }
  const byDay = new Map<number, { name: string; n: number }>();
  const byHour = new Map<number, number>();
  for (const c of cells) {
    const d = byDay.get(c.weekday) ?? { name: c.weekdayName, n: 0 };
    d.n += c.orders;
    byDay.set(c.weekday, d);
    byHour.set(c.hour, (byHour.get(c.hour) ?? 0) + c.orders);
  }
  const best = <K extends number>(m: Map<K, number>): K =>
    [...m].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  const day = best(new Map([...byDay].map(([k, v]) => [k, v.n])));
  return {
    busiestWeekday: byDay.get(day)?.name ?? "",
    busiestHour: best(byHour),
    topSlots: [...cells].sort((a, b) =>
      b.orders - a.orders || a.weekday - b.weekday || a.hour - b.hour
    ).slice(0, top),
  };
}
