/**
 * Internals shared by the chart functions: applying the theme and the caller's
 * overrides, month parsing and label helpers.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { ValidationError } from "../errors.ts";
import type { Format } from "../format/mod.ts";
import { CHART_STYLE, WIDTH } from "./theme.ts";

/** Options every chart accepts: words and size. Chart functions add their own. */
export interface ChartOptions {
  /** Title: the question the chart answers. @default {chart-specific} */
  title?: string;
  /** Subtitle: the key number or what to look at. @default {chart-specific} */
  subtitle?: string;
  /** Caption: how to read the chart, data notes. @default {chart-specific} */
  caption?: string;
  /** Width in pixels. @default {640} */
  width?: number;
  /** Height in pixels. @default {chart-specific} */
  height?: number;
  /** Left margin in pixels (long tick labels need more). @default {chart-specific} */
  marginLeft?: number;
  /**
   * Number formatter of ticks, labels and titles, with the report's currency.
   * @default {createFormat() (no currency symbol)}
   */
  format?: Format;
}

/** Applies the theme, the chart's defaults and then the caller's options. */
export function frame(defaults: Plot.PlotOptions, options: ChartOptions): Plot.PlotOptions {
  const merged: Plot.PlotOptions = {
    width: WIDTH,
    style: { ...CHART_STYLE },
    ...defaults,
  };
  for (const key of ["title", "subtitle", "caption", "width", "height", "marginLeft"] as const) {
    if (options[key] !== undefined) (merged as Record<string, unknown>)[key] = options[key];
  }
  return axisRoom(merged);
}

/** Room (px) from the frame to the far edge of an axis title below or above the ticks. */
export const AXIS_TITLE_ROOM = 46;

/** Room (px) above the frame for a y-axis title written over the axis. */
export const Y_TITLE_ROOM = 32;

type Scale = Plot.ScaleOptions | undefined;

function titled(scale: Scale): boolean {
  return scale !== undefined && scale.axis !== null && scale.label !== null;
}

/**
 * Makes room so that axis titles never touch tick labels. Plot writes an x-axis title
 * `marginBottom − 3` px below the frame and the tick labels about 24 px below it (13 px font),
 * so a titled bottom axis needs a bottom margin of {@linkcode AXIS_TITLE_ROOM} (the same above
 * the frame for a top axis, and for the facet axis when it carries the title); a y-axis title
 * written above the axis needs {@linkcode Y_TITLE_ROOM} above the frame, where the top tick
 * label would otherwise reach it.
 *
 * @example
 * ```ts
 * import { axisRoom } from "./_frame.ts";
 * import { equal } from "node:assert/strict";
 * const o = axisRoom({ x: { label: "Week" }, y: { label: "Purchases" }, marginBottom: 30 });
 * equal(o.marginBottom, 46);
 * equal(o.marginTop, 32);
 * equal(axisRoom({ x: { label: null }, y: { label: null } }).marginBottom, undefined);
 * ```
 */
export function axisRoom(options: Plot.PlotOptions): Plot.PlotOptions {
  const out: Plot.PlotOptions = { ...options };
  const x = options.x as Scale;
  const fx = options.fx as Scale;
  const y = options.y as Scale;
  const xAxis = x?.axis === null ? null : (x?.axis ?? "bottom");
  const fxAxis = fx === undefined || fx.axis === null
    ? null
    : (fx.axis ?? (xAxis === "bottom" ? "top" : "bottom"));
  const need = (side: "top" | "bottom", room: number): void => {
    const key = side === "top" ? "marginTop" : "marginBottom";
    out[key] = Math.max(out[key] ?? 0, room);
  };
  if (titled(x) && xAxis !== null) need(xAxis === "top" ? "top" : "bottom", AXIS_TITLE_ROOM);
  if (titled(fx) && fxAxis !== null) need(fxAxis === "top" ? "top" : "bottom", AXIS_TITLE_ROOM);
  const yBand = y?.type === "band" || y?.type === "point" || Array.isArray(y?.domain) &&
      y.domain.some((d) => typeof d === "string");
  if (titled(y) && !yBand && y?.labelAnchor !== "center") need("top", Y_TITLE_ROOM);
  return out;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Parses `"2011-01"` into the first instant of that month (UTC). */
export function monthStart(month: string): Date {
  const m = MONTH.exec(month);
  if (m === null || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new ValidationError(
      `Cannot draw chart: month must look like "2011-01": current value is "${month}"`,
      [{ rule: "month-format", message: "bad month", value: String(month) }],
    );
  }
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** Middle of a month (the 15th, UTC): where trend points sit over monthly bars. */
export function monthMiddle(month: string): Date {
  const start = monthStart(month);
  return new Date(start.getTime() + 14 * 86_400_000);
}

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Left margin that fits the longest label at about 7.6 px per character (13 px font). */
export function marginFor(labels: readonly string[], min = 40, max = 260): number {
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  return Math.min(max, Math.max(min, Math.ceil(longest * 7.6 + 16)));
}

/** Finite values of an array-like, skipping null, undefined and NaN. */
export function finiteValues(values: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) out.push(v);
  }
  return out;
}
