/**
 * Dropout verdicts follow the likelihood, on hand-built summaries where it is plain which one
 * holds: nobody ever bought twice (undetermined: the likelihood cannot see dropout), everyone
 * kept buying until the end (no dropout), half the buyers stopped long ago (interior), and the
 * words never say "no sign of customers leaving" next to a rejected no-dropout test.
 */
import { equal, ok } from "node:assert/strict";
import {
  COUNT_MODEL_NAMES,
  COUNT_MODELS,
  type CountFitReport,
  simulateBgNbd,
} from "@crm/clv/mod.ts";
import { fitPlainWords, fitTechnicalWords } from "../../lib/sections/_clv_words.ts";
import { cdnowData } from "./_data.ts";

/** Repeats each [x, t_x, T] row `copies` times. */
function rows(spec: readonly (readonly [number, number, number])[], copies: number) {
  const frequency: number[] = [], recency: number[] = [], T: number[] = [];
  for (const [x, tx, age] of spec) {
    for (let k = 0; k < copies; k++) {
      frequency.push(x);
      recency.push(tx);
      T.push(age);
    }
  }
  return { frequency, recency, T };
}

/** The words may claim "no (or little) sign of leaving" only when no dropout is not rejected. */
function assertWordsMatch(report: CountFitReport): void {
  const words = fitPlainWords(report) ?? "";
  const v = report.verdict;
  if (v.kind !== "not-checked" && v.noDropout.p <= 0.05) {
    ok(!/sign of customers leaving|cannot tell/.test(words), `${report.model}: ${words}`);
  }
  if (/no sign of customers leaving/.test(words)) equal(v.kind, "no-dropout-boundary");
}

Deno.test("verdict: nobody made a repeat purchase, so dropout is undetermined (every model)", () => {
  const data = rows([[0, 0, 10], [0, 0, 25], [0, 0, 40], [0, 0, 52]], 25);
  for (const name of COUNT_MODEL_NAMES) {
    const report = COUNT_MODELS[name].fit(data).report;
    const v = report.verdict;
    ok(v.kind === "undetermined", `${name}: ${JSON.stringify(v)}`);
    equal(report.repeatCustomers, 0);
    // The likelihood cannot tell no dropout from heavy dropout.
    ok(v.noDropout.p > 0.05 && v.heavyDropout.p > 0.05, name);
    ok(/No customer has bought a second time/.test(fitPlainWords(report)!), name);
    ok(/dropout is undetermined/.test(fitTechnicalWords(report).findings.join(" ")), name);
    assertWordsMatch(report);
  }
});

Deno.test("verdict: everyone bought steadily until the end, so the optimum is on the no-dropout boundary", () => {
  // 200 customers buying every 1 to 8 weeks for a year, the last purchase in the final week.
  const spec: [number, number, number][] = [];
  for (let gap = 1; gap <= 8; gap++) {
    spec.push([Math.floor(51 / gap), Math.floor(51 / gap) * gap, 52]);
  }
  const data = rows(spec, 25);
  for (const name of COUNT_MODEL_NAMES) {
    const report = COUNT_MODELS[name].fit(data).report;
    const v = report.verdict;
    ok(v.kind === "no-dropout-boundary", `${name}: ${JSON.stringify(v)}`);
    ok(v.noDropout.statistic < 0.01 && v.heavyDropout.p < 1e-6, name);
    ok(/no sign of customers leaving/.test(fitPlainWords(report)!), name);
    assertWordsMatch(report);
  }
});

Deno.test("verdict: half the frequent buyers stopped long ago, so customers drop out", () => {
  // Weekly buyers: half still buying in the last week, half silent for 40 weeks.
  const data = rows([[10, 51, 52], [10, 11, 52], [3, 50, 52], [3, 12, 52], [0, 0, 52]], 40);
  for (const name of COUNT_MODEL_NAMES) {
    const report = COUNT_MODELS[name].fit(data).report;
    const v = report.verdict;
    ok(v.kind === "interior" || v.kind === "homogeneous-dropout", `${name}: ${JSON.stringify(v)}`);
    ok(v.noDropout.p < 1e-6, name);
    assertWordsMatch(report);
  }
  // CDNOW: the published fits are interior, and there is nothing special to say.
  for (const name of COUNT_MODEL_NAMES) {
    const report = COUNT_MODELS[name].fit(cdnowData()).report;
    equal(report.verdict.kind, "interior", name);
    equal(fitPlainWords(report), null, name);
  }
});

Deno.test("verdict: when a and b grow large together the words never claim no dropout", () => {
  // Everyone has the same dropout probability 0.15 after each purchase: a, b → ∞ with a/(a+b)
  // fixed. Before the verdicts followed the likelihood, the report said both "no sign of
  // customers leaving" (b at its limit) and "customers do drop out (p < 0.001)". (About a third
  // of the samples look heterogeneous enough for a finite interior optimum; this seed does not.)
  const data = simulateBgNbd(
    { r: 3, alpha: 2, a: 1.5e6, b: 8.5e6 },
    new Float64Array(2000).fill(52),
    { seed: 1, timeStep: 1 / 7 },
  );
  const report = COUNT_MODELS.bg_nbd.fit(data).report;
  const v = report.verdict;
  ok(v.kind === "homogeneous-dropout", JSON.stringify(v));
  ok(Math.abs(v.meanDropout - 0.15) < 0.02, String(v.meanDropout));
  ok(report.limits.some((l) => l.parameter === "b" && l.limit === "infinity"));
  ok(/same chance \(15%\) of stopping after each purchase/.test(fitPlainWords(report)!));
  assertWordsMatch(report);
});
