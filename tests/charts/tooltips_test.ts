/**
 * Every chart mark that carries a value has a tooltip (a native `<title>`, which the report's
 * page script turns into its own tooltip), written in words with the report's formatter.
 *
 * @module
 */
import { deepStrictEqual, doesNotMatch, equal, match, ok } from "node:assert/strict";
import { parseHTML } from "linkedom";
import * as C from "../../lib/charts/mod.ts";
import { renderChart } from "../../lib/charts/mod.ts";
import { createFormat } from "../../lib/format/mod.ts";
import { CASES } from "./_cases.ts";
import * as F from "./_fixtures.ts";

/** Plot's aria-label of the marks whose every shape stands for a value. */
const VALUE_MARKS = new Set(["bar", "cell", "rect", "dot"]);

interface Node {
  readonly tagName: string;
  readonly children: ArrayLike<Node>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
}

function parse(markup: string): Node {
  return (parseHTML(`<html><body>${markup}</body></html>`) as unknown as { document: Node })
    .document;
}

/** The shapes of every value mark, and whether each carries a title. */
function valueShapes(doc: Node): { mark: string; titled: boolean }[] {
  const out: { mark: string; titled: boolean }[] = [];
  for (const g of Array.from(doc.querySelectorAll("g[aria-label]"))) {
    const mark = g.getAttribute("aria-label") ?? "";
    if (!VALUE_MARKS.has(mark)) continue;
    // Faceted marks hold one group per facet.
    for (const shape of Array.from(g.querySelectorAll("rect, circle, path"))) {
      out.push({
        mark,
        titled: Array.from(shape.children).some((c) => c.tagName.toLowerCase() === "title"),
      });
    }
  }
  return out;
}

for (const [name, build] of Object.entries(CASES)) {
  Deno.test(`${name}: every value mark has a tooltip in words`, () => {
    const doc = parse(renderChart(build()));
    const shapes = valueShapes(doc);
    ok(shapes.length > 0, "the chart draws value marks");
    const untitled = shapes.filter((s) => !s.titled).map((s) => s.mark);
    deepStrictEqual(untitled, [], `marks without a tooltip: ${untitled.join(", ")}`);
    // A line is hovered through the dots along it.
    if (doc.querySelectorAll('g[aria-label="line"]').length > 0) {
      ok(shapes.some((s) => s.mark === "dot"), "a line chart has hover targets on its line");
    }
    for (const title of Array.from(doc.querySelectorAll("title"))) {
      const text = title.textContent ?? "";
      ok(text.trim().length > 0, "empty tooltip");
      doesNotMatch(text, /\b(\w+) \1\b/i, `repeated word in "${text}"`);
      doesNotMatch(text, /undefined|NaN|null|\[object/, `"${text}"`);
      doesNotMatch(text, /\d{5,}/, `a number without separators in "${text}"`);
    }
  });
}

Deno.test("segment sizes tooltips read as sentences (no 'of of customers')", () => {
  const doc = parse(renderChart(C.segmentSizes(F.segments)));
  const texts = Array.from(doc.querySelectorAll("title")).map((t) => t.textContent ?? "");
  ok(texts.length > 0);
  for (const text of texts) {
    doesNotMatch(text, /of of/);
    match(
      text,
      /^[^\n]+\nCustomers: [\d,]+ \([\d.]+% of customers\)\nRevenue: [\d.]+% of revenue$/,
    );
  }
});

Deno.test("tooltips carry the report's currency", () => {
  const fmt = createFormat({ currency: "€" });
  const charts = [
    C.monthlyRevenue(F.monthly, { format: fmt }),
    C.newReturningRevenue(F.newReturning, { format: fmt }),
    C.topItems(F.products, { format: fmt }),
    C.clvSegments(F.clvSegmentRows, { format: fmt }),
    C.clvDistribution(F.clvValues, { format: fmt }),
  ];
  for (const spec of charts) {
    const texts = Array.from(parse(renderChart(spec)).querySelectorAll("title")).map((t) =>
      t.textContent ?? ""
    );
    ok(texts.some((t) => /€[\d,.]+/.test(t)), `${spec.title}: no money in € in ${texts[0]}`);
    ok(texts.every((t) => !t.includes("£")), String(spec.title));
  }
});

Deno.test("monthly tooltips give the month in words, the value and the trend the line draws", () => {
  const fmt = createFormat({ currency: "£" });
  const rows = [
    { month: "2011-01", revenue: 1000, orders: 10, customers: 5 },
    { month: "2011-02", revenue: 2000, orders: 20, customers: 8 },
    { month: "2011-03", revenue: 4500, orders: 30, customers: 9 },
  ];
  const texts = Array.from(
    parse(renderChart(C.monthlyRevenue(rows, { format: fmt }))).querySelectorAll("title"),
  ).map((t) => t.textContent);
  // (1000 + 2000 + 4500) / 3 = 2500, by hand.
  ok(texts.includes("March 2011\nRevenue: £4,500\n3-month average: £2,500"), texts.join(" | "));
  ok(texts.includes("January 2011\nRevenue: £1,000"), texts.join(" | "));
});

Deno.test("histogram tooltips give each bin's range, count and share", () => {
  const fmt = createFormat();
  const spec = C.histogram([{ start: 0, end: 7, count: 30 }, { start: 7, end: 14, count: 10 }], {
    label: "Days between purchases",
    unit: "gaps",
    median: 5,
    formatValue: (d) => `${fmt.int(d)} days`,
  });
  const texts = Array.from(parse(renderChart(spec)).querySelectorAll("title")).map((t) =>
    t.textContent
  );
  deepStrictEqual(texts, [
    "Days between purchases: 0 days to 7 days\nGaps: 30 (75.0%)",
    "Days between purchases: 7 days to 14 days\nGaps: 10 (25.0%)",
    "Median days between purchases\n5 days",
  ]);
});

Deno.test("the cleaning funnel names its steps in words, not rule identifiers", () => {
  const markup = renderChart(C.cleaningFunnel(F.ledger));
  doesNotMatch(markup, />[^<]*\b[a-z]+_[a-z_]+\b[^<]*</, "an identifier like duplicate_line");
  for (const step of F.ledger) {
    match(markup, new RegExp(`${step.step}\\. ${C.ruleLabel(step.rule)}`));
  }
  equal(C.ruleLabel("outlier_cap_price"), "Extreme prices capped");
});
