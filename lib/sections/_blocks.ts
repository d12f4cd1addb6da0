/**
 * Small helpers shared by the section builders: a chart block from Plot options, and the
 * wording helpers the findings use.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { renderChart } from "../charts/mod.ts";
import type { Block } from "../report/mod.ts";
import { formatPercent } from "../report/mod.ts";

/** A chart block: Plot options rendered once, here, with the workspace's renderer. */
export function chartBlock(spec: Plot.PlotOptions, caption?: string): Block {
  return { kind: "chart", markup: renderChart(spec), ...(caption ? { caption } : {}) };
}

/** `"May 2011"` from `"2011-05"`. */
export function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number);
  const names = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  return `${names[(m ?? 1) - 1] ?? month} ${y}`;
}

/** A signed percentage change: `+12.3%` / `−4.0%`. */
export function signedPercent(change: number): string {
  return `${change >= 0 ? "+" : "−"}${formatPercent(Math.abs(change))}`;
}

/** `1 customer` / `3 customers`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** Median of finite numbers (linear interpolation); NaN when there are none. */
export function median(values: Iterable<number | null | undefined>): number {
  const xs = [...values].filter((v): v is number => typeof v === "number" && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const i = (xs.length - 1) / 2;
  const lo = Math.floor(i);
  return xs[lo]! + (xs[Math.ceil(i)]! - xs[lo]!) * (i - lo);
}
