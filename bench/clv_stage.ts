/**
 * Benchmark stage: the CLV models on simulated customers (lib/clv/simulate.ts, seeded).
 * BG/NBD fit on 100k and 1M customers, Gamma-Gamma fit on 100k repeat customers, predictions
 * (P(alive), E[Y], expected value, CLV) for 1M customers, and `clvAnalysis` on 1M (with the
 * predictive intervals of purchases and spend). Prints one
 * JSON line per measurement with the best and median of a few repeats, iterations, and the
 * recovered parameters next to the true ones.
 *
 * Customers are born uniformly over a year and summarised on a day grid in weeks (T and
 * recency multiples of 1/7), as real summaries are; identical rows are then compressed.
 * Usage: deno run -A bench/clv_stage.ts [transactions file, ignored] [--repeat N]
 */
import { parseArgs } from "node:util";
import {
  clvAnalysis,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  expectedAverageValue,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  simulateBgNbd,
  simulateGammaGamma,
} from "@crm/clv/mod.ts";
import { report, timed } from "./_measure.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { repeat: { type: "string" } },
  allowPositionals: true,
});
const repeats = Number(values.repeat ?? 3);

/** CDNOW's BG/NBD estimates (Fader, Hardie & Lee 2005) and Gamma-Gamma estimates. */
const BG_TRUE = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG_TRUE = { p: 6.25, q: 3.74, v: 15.44 };

function population(n: number, seed: number, timeStep = 1 / 7) {
  // Ages 1..365 days, in weeks, spread evenly (a multiplicative hash keeps it deterministic).
  const T = Float64Array.from({ length: n }, (_, i) => (((i * 2654435761) >>> 0) % 365 + 1) / 7);
  const s = simulateBgNbd(BG_TRUE, T, { seed, timeStep });
  const monetaryValue = simulateGammaGamma(GG_TRUE, s.frequency, { seed: seed + 1 });
  return { ...s, monetaryValue };
}

async function measure<T>(fn: () => T): Promise<{ value: T; best: number; median: number }> {
  const times: number[] = [];
  let value!: T;
  for (let k = 0; k < repeats; k++) {
    const [v, seconds] = await timed(fn);
    value = v;
    times.push(seconds);
  }
  times.sort((a, b) => a - b);
  return { value, best: times[0]!, median: times[times.length >> 1]! };
}

/** Fresh column arrays, so that no compression cached on earlier arrays is reused: every
 * repeat pays for compressing the rows, as a real run does once. */
function fresh<T extends { frequency: Float64Array; recency: Float64Array; T: Float64Array }>(
  data: T,
): T {
  return {
    ...data,
    frequency: Float64Array.from(data.frequency),
    recency: Float64Array.from(data.recency),
    T: Float64Array.from(data.T),
  };
}

function round(params: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(params as Record<string, number>).map(([k, v]) => [k, Number(v.toPrecision(4))]),
  );
}

const big = population(1_000_000, 42);
const small = population(100_000, 7);
// Warm-up (JIT) on a small population, outside the measurements.
fitBgNbd(population(20_000, 3));

// The worst case for compression: recency in continuous time (every repeat customer distinct).
const continuous = population(1_000_000, 42, 0);
for (
  const [label, data] of [["100k", small], ["1M", big], [
    "1M, continuous recency",
    continuous,
  ]] as const
) {
  const { value: fit, best, median } = await measure(() => fitBgNbd(fresh(data)));
  report({
    stage: "clv: BG/NBD fit",
    n: data.frequency.length,
    label,
    distinctRows: fit.distinctRows,
    seconds: best,
    medianSeconds: median,
    iterations: fit.iterations,
    converged: fit.converged,
    recovered: round(fit.params),
    truth: BG_TRUE,
    standardErrors: fit.standardErrors ? round(fit.standardErrors) : null,
  });
}

{
  // 100k repeat customers (frequency ≥ 1) of the 1M population, with their simulated spend.
  const pick: number[] = [];
  for (let i = 0; i < big.frequency.length && pick.length < 100_000; i++) {
    if (big.frequency[i]! > 0) pick.push(i);
  }
  const take = (col: Float64Array) => Float64Array.from(pick, (i) => col[i]!);
  const repeaters = {
    frequency: take(big.frequency),
    recency: take(big.recency),
    T: take(big.T),
    monetaryValue: take(big.monetaryValue),
  };
  const { value: fit, best, median } = await measure(() => fitGammaGamma(repeaters));
  report({
    stage: "clv: Gamma-Gamma fit",
    n: fit.n,
    label: "100k repeat customers",
    distinctRows: fit.distinctRows,
    seconds: best,
    medianSeconds: median,
    iterations: fit.iterations,
    converged: fit.converged,
    recovered: round(fit.params),
    truth: GG_TRUE,
  });
}

{
  // Predictions at the true parameters; the first one compresses the (fresh) columns.
  const bg = { model: "bg_nbd", params: BG_TRUE } as const;
  const parts: Record<string, number> = {};
  const { best, median } = await measure(() => {
    const cols = fresh(big);
    const t0 = performance.now();
    const alive = probabilityAlive(bg, cols);
    const t1 = performance.now();
    const ey = conditionalExpectedPurchases(bg, cols, 12);
    const t2 = performance.now();
    const value = expectedAverageValue(GG_TRUE, cols);
    const t3 = performance.now();
    const clv = customerLifetimeValue(bg, cols, { averageValue: value, months: 6 });
    const t4 = performance.now();
    Object.assign(parts, {
      pAliveSeconds: (t1 - t0) / 1000,
      expectedPurchasesSeconds: (t2 - t1) / 1000,
      expectedValueSeconds: (t3 - t2) / 1000,
      clv6MonthsSeconds: (t4 - t3) / 1000,
    });
    return alive.length + ey.length + clv.length;
  });
  report({
    stage: "clv: predictions (P(alive), E[Y(12)], E[M], 6-month CLV)",
    n: big.frequency.length,
    seconds: best,
    medianSeconds: median,
    ...parts,
  });
}

{
  const ids = Array.from({ length: big.frequency.length }, (_, i) => `c${i}`);
  const summary = { customerIds: ids, ...big };
  const { value, best, median } = await measure(() =>
    clvAnalysis(summary, { compare: { pareto_nbd: false } })
  );
  report({
    stage:
      "clv: clvAnalysis (BG/NBD + MBG/NBD + Gamma-Gamma + predictions + predictive intervals + chart data)",
    n: ids.length,
    seconds: best,
    medianSeconds: median,
    recovered: round(value.fits.main.params),
    truth: BG_TRUE,
  });
}
