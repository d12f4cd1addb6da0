import { ValidationError } from "../errors.ts";

/** One segment of an RF map: which RF scores it holds, and how to talk about it. */
export interface SegmentRule {
  /** Segment id used in outputs, e.g. `"champions"`. */
  readonly segment: string;
  /**
   * Regular expression on the two-character RF score (recency score then frequency score).
   * It is matched against the whole score (wrapped in `^(?:…)$`), never as a substring.
   */
  readonly pattern: string;
  /** Human label, e.g. `"Champions"`. */
  readonly label: string;
  /** Who these customers are. */
  readonly description: string;
  /** What to do about them (the playbook part of the recommended action). */
  readonly action: string;
}

/**
 * The standard ten-segment RF map of the classic RFM recipe (models.md §3.1), as data: replace
 * it with your own list of {@linkcode SegmentRule}s. Its patterns partition the 25 RF cells
 * exactly once (4+4+2+2+1+4+1+1+4+2).
 */
export const DEFAULT_SEGMENT_MAP: readonly SegmentRule[] = [
  {
    segment: "hibernating",
    pattern: "[1-2][1-2]",
    label: "Hibernating",
    description: "bought long ago and rarely",
    action: "win back with a reactivation offer, or stop spending on them",
  },
  {
    segment: "at_Risk",
    pattern: "[1-2][3-4]",
    label: "At risk",
    description: "bought often, but not for a long time",
    action: "send a personal win-back campaign and ask what went wrong",
  },
  {
    segment: "cant_loose",
    pattern: "[1-2]5",
    label: "Can't lose them",
    description: "used to buy most often, now gone quiet",
    action: "call or write personally, offer their favourite products",
  },
  {
    segment: "about_to_sleep",
    pattern: "3[1-2]",
    label: "About to sleep",
    description: "middling recency, few purchases",
    action: "recommend popular products and a time-limited discount",
  },
  {
    segment: "need_attention",
    pattern: "33",
    label: "Need attention",
    description: "average recency and frequency",
    action: "send targeted offers based on past purchases",
  },
  {
    segment: "loyal_customers",
    pattern: "[3-4][4-5]",
    label: "Loyal customers",
    description: "buy often and fairly recently",
    action: "upsell higher-value products, invite to a loyalty programme",
  },
  {
    segment: "promising",
    pattern: "41",
    label: "Promising",
    description: "recent first-time or rare buyers",
    action: "build the relationship: onboarding, free shipping on the next order",
  },
  {
    segment: "new_customers",
    pattern: "51",
    label: "New customers",
    description: "bought very recently, once or rarely",
    action: "welcome them, give early support and a second-order incentive",
  },
  {
    segment: "potential_loyalists",
    pattern: "[4-5][2-3]",
    label: "Potential loyalists",
    description: "recent buyers with a few orders",
    action: "offer membership or a loyalty programme, recommend related products",
  },
  {
    segment: "champions",
    pattern: "5[4-5]",
    label: "Champions",
    description: "bought very recently and most often",
    action: "reward them, give early access, ask for reviews and referrals",
  },
];

/** Compiled, checked form of a segment map. */
export interface CompiledSegmentMap {
  readonly rules: readonly SegmentRule[];
  /** Segment of each RF score cell, e.g. `"54" → "champions"`. */
  readonly cells: ReadonlyMap<string, string>;
}

/** Options for {@linkcode compileSegmentMap}. */
export interface CompileSegmentMapOptions {
  /** Score levels (cells are `"11"` … `"${bins}${bins}"`). @default {5} */
  bins?: number;
}

/**
 * Checks that a segment map puts every RF cell (11 … 55) in exactly one segment and returns the
 * cell → segment lookup. Patterns are anchored (`^(?:pattern)$`), so `"5[4-5]"` can never match
 * inside a longer string such as an RFM score.
 *
 * @param map Segment rules, e.g. {@linkcode DEFAULT_SEGMENT_MAP}.
 * @param options Number of score levels.
 * @returns The rules and the cell lookup.
 * @throws {ValidationError} Listing uncovered cells, cells matched by several segments, invalid
 * patterns and repeated segment ids.
 *
 * @example Every cell has one segment
 * ```ts
 * import { compileSegmentMap, DEFAULT_SEGMENT_MAP } from "./segment_map.ts";
 * import { equal, throws } from "node:assert/strict";
 *
 * const { cells } = compileSegmentMap(DEFAULT_SEGMENT_MAP);
 * equal(cells.size, 25);
 * equal(cells.get("51"), "new_customers");
 * throws(() => compileSegmentMap(DEFAULT_SEGMENT_MAP.slice(1)), /uncovered cells 11, 12, 21, 22/);
 * ```
 */
export function compileSegmentMap(
  map: readonly SegmentRule[],
  options: CompileSegmentMapOptions = {},
): CompiledSegmentMap {
  const { bins = 5 } = options;
  const problems: string[] = [];
  const seen = new Set<string>();
  const compiled = map.map((rule) => {
    if (seen.has(rule.segment)) problems.push(`segment "${rule.segment}" appears twice`);
    seen.add(rule.segment);
    try {
      return new RegExp(`^(?:${rule.pattern})$`);
    } catch {
      problems.push(`segment "${rule.segment}" has an invalid pattern "${rule.pattern}"`);
      return /$^/;
    }
  });
  const cells = new Map<string, string>();
  const uncovered: string[] = [];
  const overlapping: string[] = [];
  for (let r = 1; r <= bins; r++) {
    for (let f = 1; f <= bins; f++) {
      const cell = `${r}${f}`;
      const hits = map.filter((_, i) => compiled[i]!.test(cell)).map((rule) => rule.segment);
      if (hits.length === 0) uncovered.push(cell);
      else if (hits.length > 1) overlapping.push(`${cell} (${hits.join(", ")})`);
      else cells.set(cell, hits[0]!);
    }
  }
  if (uncovered.length > 0) problems.push(`uncovered cells ${uncovered.join(", ")}`);
  if (overlapping.length > 0) {
    problems.push(`cells in more than one segment ${overlapping.join("; ")}`);
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `Cannot use the segment map: ${problems.join("; ")}`,
      problems.map((message) => ({ rule: "segment_map", message })),
      `each RF score "11" … "${bins}${bins}" must match exactly one pattern`,
    );
  }
  return { rules: map, cells };
}
