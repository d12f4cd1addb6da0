import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { ValidationError } from "../../lib/errors.ts";
import { compileSegmentMap, DEFAULT_SEGMENT_MAP, type SegmentRule } from "../../lib/segment/mod.ts";

// The map of models.md §3.1, cell by cell, written out by hand.
const EXPECTED: Record<string, string[]> = {
  hibernating: ["11", "12", "21", "22"],
  at_Risk: ["13", "14", "23", "24"],
  cant_loose: ["15", "25"],
  about_to_sleep: ["31", "32"],
  need_attention: ["33"],
  loyal_customers: ["34", "35", "44", "45"],
  promising: ["41"],
  new_customers: ["51"],
  potential_loyalists: ["42", "43", "52", "53"],
  champions: ["54", "55"],
};

Deno.test("compileSegmentMap() puts each of the 25 RF cells in exactly the documented segment", () => {
  const { cells } = compileSegmentMap(DEFAULT_SEGMENT_MAP);
  equal(cells.size, 25);
  for (const [segment, list] of Object.entries(EXPECTED)) {
    for (const cell of list) equal(cells.get(cell), segment, `cell ${cell}`);
  }
  equal(Object.values(EXPECTED).flat().length, 25);
  deepStrictEqual(DEFAULT_SEGMENT_MAP.map((r) => r.segment), Object.keys(EXPECTED));
});

Deno.test("compileSegmentMap() anchors patterns: '5[4-5]' does not match inside '545'", () => {
  const map: SegmentRule[] = [
    { segment: "all", pattern: "[1-5][1-5]", label: "All", description: "", action: "" },
  ];
  equal(compileSegmentMap(map).cells.size, 25);
  // An unanchored substring pattern like "4" would cover cells containing a 4; anchored, it
  // covers none, so the map below leaves everything uncovered except "44".
  throws(
    () =>
      compileSegmentMap([{ segment: "x", pattern: "44", label: "", description: "", action: "" }]),
    (e: unknown) => {
      equal(e instanceof ValidationError, true);
      equal((e as Error).message.includes("uncovered cells 11, 12, 13, 14, 15, 21"), true);
      equal((e as Error).message.includes(" 44,"), false);
      return true;
    },
  );
});

Deno.test("compileSegmentMap() lists overlapping cells, bad patterns and repeated ids", () => {
  const overlap = [...DEFAULT_SEGMENT_MAP, {
    segment: "vip",
    pattern: "55",
    label: "VIP",
    description: "",
    action: "",
  }];
  throws(() => compileSegmentMap(overlap), /cells in more than one segment 55 \(champions, vip\)/);
  const bad = DEFAULT_SEGMENT_MAP.map((r) =>
    r.segment === "champions" ? { ...r, pattern: "5[" } : r
  );
  throws(
    () => compileSegmentMap(bad),
    /segment "champions" has an invalid pattern "5\["; uncovered cells 54, 55/,
  );
  const twice = [...DEFAULT_SEGMENT_MAP.slice(0, 9), {
    ...DEFAULT_SEGMENT_MAP[9]!,
    segment: "hibernating",
  }];
  throws(() => compileSegmentMap(twice), /segment "hibernating" appears twice/);
});

Deno.test("compileSegmentMap() checks the cells of other bin counts", () => {
  const three: SegmentRule[] = [
    { segment: "low", pattern: "[1-2][1-3]", label: "", description: "", action: "" },
    { segment: "high", pattern: "3[1-3]", label: "", description: "", action: "" },
  ];
  equal(compileSegmentMap(three, { bins: 3 }).cells.get("32"), "high");
  throws(() => compileSegmentMap(three), /uncovered cells 14, 15, 24, 25, 34, 35, 41/);
});
