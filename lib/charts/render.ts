/**
 * Turns Plot options into markup with the server-side document: the one renderer for
 * notebooks, reports and golden tests.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { serverDocument, type ServerElement } from "./_document.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

/**
 * Renders Plot options to markup: an `<svg>` for a bare plot, or a `<figure>` when the
 * options have a title, subtitle, caption or legend. Every `<svg>` gets its `xmlns` (and
 * `xmlns:xlink`) so the markup also stands alone as an `.svg` file. Numbers in attributes are
 * rounded to 2 decimals. Deterministic: the same options give the same markup, except Plot's
 * page-unique clip ids (`plot-clip-N`).
 *
 * @param options Plot options, usually from a chart function of this module.
 * @returns The chart's outer HTML.
 *
 * @example A bar chart
 * ```ts
 * import { renderChart } from "./render.ts";
 * import * as Plot from "@observablehq/plot";
 * import { match } from "node:assert/strict";
 * const svg = renderChart({ width: 200, marks: [Plot.barY([1, 2, 3])] });
 * match(svg, /^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * match(svg, /<rect /);
 * ```
 */
export function renderChart(options: Plot.PlotOptions): string {
  const document = serverDocument() as unknown as Plot.PlotOptions["document"];
  const element = Plot.plot({ ...options, document }) as unknown as ServerElement;
  const svgs = element.tagName.toLowerCase() === "svg"
    ? [element]
    : Array.from(element.querySelectorAll("svg"));
  for (const svg of svgs) {
    svg.setAttribute("xmlns", SVG_NS);
    if (svg.outerHTML.includes("xlink:")) svg.setAttribute("xmlns:xlink", XLINK_NS);
  }
  return roundAttributes(element.outerHTML);
}

/**
 * Rounds every decimal number inside attribute values to 2 places: a hundredth of a pixel is
 * invisible, the markup gets much smaller, and positions computed from sums whose last bits
 * depend on summation order render byte-identically.
 */
function roundAttributes(markup: string): string {
  return markup.replace(
    /="([^"]*)"/g,
    (_, value: string) =>
      `="${value.replace(/\d*\.\d{3,}/g, (n) => String(Number(Number(n).toFixed(2))))}"`,
  );
}
