/**
 * The server-side DOM for charts: a linkedom document whose `<canvas>` elements are a
 * small stand-in, so Plot's continuous colour legends (drawn pixel by pixel on a canvas)
 * work outside a browser. Only this file and `render.ts` know about a DOM.
 *
 * @module
 */
import { parseHTML } from "linkedom";

/** One `fillRect` call recorded by the canvas stand-in. */
export interface FillRect {
  readonly fill: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The 2D context stand-in: records `fillRect` calls with the current `fillStyle`. */
export interface CanvasContextStandIn {
  fillStyle: string;
  readonly rects: FillRect[];
  fillRect(x: number, y: number, width: number, height: number): void;
}

/** Colour stops kept when a ramp is written as a gradient (a smooth scheme needs few). */
export const RAMP_STOPS = 17;

/**
 * True when the rectangles paint one full-height column per pixel, left to right: the way
 * Plot fills a continuous colour ramp.
 */
function isRamp(rects: readonly FillRect[], width: number, height: number): boolean {
  return rects.length === width && width > 1 &&
    rects.every((r, i) => r.x === i && r.y === 0 && r.width === 1 && r.height === height);
}

/**
 * Encodes recorded rectangles as an SVG data URL of the canvas' size, which is what
 * `toDataURL()` returns; the image is stretched by Plot (`preserveAspectRatio="none"`). A
 * colour ramp (one column per pixel) is written as a linear gradient through
 * {@linkcode RAMP_STOPS} of its colours, a twentieth of the size of 256 rectangles and the same
 * picture for the smooth schemes legends use.
 *
 * @example
 * ```ts
 * import { rectsToDataUrl } from "./_document.ts";
 * import { match } from "node:assert/strict";
 * const url = rectsToDataUrl([{ fill: "red", x: 0, y: 0, width: 1, height: 1 }], 2, 1);
 * match(url, /^data:image\/svg\+xml;base64,/);
 * match(atob(url.split(",")[1]!), /<rect x="0" y="0" width="1" height="1" fill="red"\/>/);
 * const ramp = rectsToDataUrl([0, 1, 2].map((x) => ({ fill: ["#000", "#777", "#fff"][x]!, x, y: 0, width: 1, height: 1 })), 3, 1);
 * match(atob(ramp.split(",")[1]!), /<stop offset="0.5" stop-color="#777"\/>/);
 * ```
 */
export function rectsToDataUrl(rects: readonly FillRect[], width: number, height: number): string {
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" preserveAspectRatio="none"`;
  let svg: string;
  if (isRamp(rects, width, height)) {
    const picks = new Set<number>();
    for (let k = 0; k < RAMP_STOPS; k++) {
      picks.add(Math.round((k * (width - 1)) / (RAMP_STOPS - 1)));
    }
    const stops = [...picks].sort((a, b) => a - b).map((x) =>
      `<stop offset="${Number(((x + 0.5) / width).toFixed(4))}" stop-color="${rects[x]!.fill}"/>`
    ).join("");
    svg = `${head}><linearGradient id="g">${stops}</linearGradient>` +
      `<rect width="${width}" height="${height}" fill="url(#g)"/></svg>`;
  } else {
    const body = rects.map((r) =>
      `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="${r.fill}"/>`
    ).join("");
    svg = `${head} shape-rendering="crispEdges">${body}</svg>`;
  }
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** The few DOM members the renderer uses (Deno has no DOM types). */
export interface ServerElement {
  readonly tagName: string;
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<ServerElement>;
}

/** The server-side document: what Plot's `document` option needs. */
export interface ServerDocument {
  createElement(name: string): unknown;
  createElementNS(namespace: string, name: string): unknown;
}

function attachCanvas(canvas: object): object {
  const context: CanvasContextStandIn = {
    fillStyle: "#000",
    rects: [],
    fillRect(x, y, width, height) {
      this.rects.push({ fill: String(this.fillStyle), x, y, width, height });
    },
  };
  let width = 300;
  let height = 150;
  Object.defineProperties(canvas, {
    width: { get: () => width, set: (v: number) => void (width = Number(v)), configurable: true },
    height: {
      get: () => height,
      set: (v: number) => void (height = Number(v)),
      configurable: true,
    },
    getContext: { value: (kind: string) => (kind === "2d" ? context : null), configurable: true },
    toDataURL: { value: () => rectsToDataUrl(context.rects, width, height), configurable: true },
  });
  return canvas;
}

let shared: ServerDocument | undefined;

/**
 * Returns the shared server-side document (created on first use). Plot builds detached
 * elements from it, so one document serves every render.
 *
 * @example
 * ```ts
 * import { serverDocument } from "./_document.ts";
 * import { equal } from "node:assert/strict";
 * type Ctx = { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
 * type Canvas = { getContext(kind: "2d"): Ctx; toDataURL(): string };
 * const canvas = serverDocument().createElement("canvas") as Canvas;
 * const ctx = canvas.getContext("2d");
 * ctx.fillStyle = "#ff0000";
 * ctx.fillRect(0, 0, 1, 1);
 * equal(canvas.toDataURL().startsWith("data:image/svg+xml;base64,"), true);
 * ```
 */
export function serverDocument(): ServerDocument {
  if (shared !== undefined) return shared;
  const { document } = parseHTML(
    "<!DOCTYPE html><html><head></head><body></body></html>",
  ) as unknown as {
    document: ServerDocument;
  };
  const create = document.createElement.bind(document) as (
    name: string,
    options?: unknown,
  ) => object;
  Object.defineProperty(document, "createElement", {
    value: (name: string, options?: unknown) => {
      const element = create(name, options);
      return name.toLowerCase() === "canvas" ? attachCanvas(element) : element;
    },
    configurable: true,
  });
  shared = document;
  return shared;
}
