import { doesNotMatch, equal, match, ok } from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { RAMP_STOPS } from "../../lib/charts/_document.ts";
import { renderChart, WIDTH } from "../../lib/charts/mod.ts";
import { CASES, EMPTY_CASES } from "./_cases.ts";
import { normalizeMarkup } from "./_golden.ts";

/** Markup hygiene every chart must pass. */
function assertClean(markup: string, name: string): void {
  doesNotMatch(markup, /NaN/, `${name}: NaN in markup`);
  doesNotMatch(markup, /undefined/, `${name}: "undefined" in markup`);
  doesNotMatch(markup, /Infinity/, `${name}: Infinity in markup`);
  doesNotMatch(markup, /\[object Object\]/, `${name}: [object Object] in markup`);
  match(markup, /<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${name}: svg without xmlns`);
}

for (const [name, build] of Object.entries(CASES)) {
  Deno.test(`${name}: markup has no NaN/undefined, has a title, a caption and drawn marks`, () => {
    const spec = build();
    equal(spec.width !== undefined && spec.width <= WIDTH, true);
    ok(typeof spec.title === "string" && spec.title.length > 0, "title");
    ok(typeof spec.caption === "string" && spec.caption.length > 0, "caption");
    const markup = renderChart(spec);
    assertClean(markup, name);
    match(markup, /<(rect|path|circle|text)\b/);
  });
}

for (const [name, build] of Object.entries(EMPTY_CASES)) {
  Deno.test(`${name}: renders empty input without NaN/undefined`, () => {
    assertClean(renderChart(build()), `${name} (empty)`);
  });
}

Deno.test("renderChart() is deterministic", () => {
  for (const build of Object.values(CASES)) {
    equal(normalizeMarkup(renderChart(build())), normalizeMarkup(renderChart(build())));
  }
});

Deno.test("renderChart() draws continuous colour legends through the canvas stand-in", () => {
  const markup = renderChart({
    width: 300,
    color: { type: "linear", scheme: "blues", domain: [0, 1], legend: true },
    marks: [Plot.cell([{ x: "a", v: 0 }, { x: "b", v: 1 }], { x: "x", fill: "v" })],
  });
  const href = /<image[^>]*href="data:image\/svg\+xml;base64,([^"]+)"/.exec(markup);
  ok(href, "legend ramp image with an SVG data URL");
  const ramp = atob(href[1]!);
  // Plot fills a 256 × 1 canvas pixel by pixel; the stand-in keeps a gradient through some of
  // the pixels' colours, from the scheme's first colour to its last.
  const stops = [...ramp.matchAll(/<stop offset="([\d.]+)" stop-color="([^"]+)"\/>/g)];
  equal(stops.length, RAMP_STOPS);
  equal(Number(stops[0]![1]), Number((0.5 / 256).toFixed(4)));
  equal(Number(stops.at(-1)![1]), Number((255.5 / 256).toFixed(4)));
  const blues = (t: number): string =>
    String(Plot.scale({ color: { type: "linear", scheme: "blues", domain: [0, 1] } }).apply(t));
  equal(stops[0]![2], blues(0.5 / 256));
  match(ramp, /fill="url\(#g\)"/);
});

Deno.test("renderChart() returns a bare svg without words or legend", () => {
  const markup = renderChart({ width: 200, height: 100, marks: [Plot.barY([1, 2])] });
  match(markup, /^<svg /);
  doesNotMatch(markup, /<figure/);
});

Deno.test("segment colours are fixed: At risk has one colour in every chart", () => {
  for (const name of ["rfm_grid", "segment_sizes"]) {
    const markup = renderChart(CASES[name]!());
    match(markup, /#e0573a/i, name);
  }
});
