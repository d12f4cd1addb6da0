/**
 * The executive summary that opens the report.
 *
 * @module
 */
import type { Section } from "../report/mod.ts";

/**
 * The executive summary: the lead sentence of every section as the key findings, and the first
 * recommendation of each section (in report order) as the priorities, so a reader who stops
 * after the first screen still gets the answer and the next steps. Statement ids are the
 * sections' ids (`sales`, `segments`, …).
 *
 * @param sections The report's sections, in order.
 * @param options `maxRecommendations` @default {5}
 * @returns The summary section (no charts or tables).
 *
 * @example
 * ```ts
 * import { executiveSummary } from "./executive_summary.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const r = (id: string, text: string) => ({ id, text });
 * const s = executiveSummary([
 *   { id: "a", title: "A", lead: "Sales grew.", findings: [], recommendations: [r("x", "Do x."), r("y", "Do y.")], blocks: [] },
 *   { id: "b", title: "B", lead: "Churn is high.", findings: [], recommendations: [r("z", "Do z.")], blocks: [] },
 * ]);
 * deepStrictEqual(s.findings.map((f) => f.text), ["A: Sales grew.", "B: Churn is high."]);
 * deepStrictEqual(s.recommendations, [r("a", "Do x."), r("b", "Do z.")]);
 * ```
 */
export function executiveSummary(
  sections: readonly Section[],
  options: { maxRecommendations?: number } = {},
): Section {
  const { maxRecommendations = 5 } = options;
  const firsts = sections.flatMap((s) => {
    const first = s.recommendations[0];
    return first === undefined ? [] : [{ id: s.id, text: first.text }];
  });
  return {
    id: "summary",
    title: "Summary",
    lead: "The answer of each section in one line, and what to do first.",
    findings: sections.map((s) => ({ id: s.id, text: `${s.title}: ${s.lead}` })),
    recommendations: firsts.slice(0, maxRecommendations),
    blocks: [],
  };
}
