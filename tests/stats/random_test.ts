import { equal, notEqual, ok } from "node:assert/strict";
import {
  createRandom,
  cumulativeSum,
  sampleBeta,
  sampleExponential,
  sampleGamma,
  sampleIndex,
  sampleNormal,
  samplePoisson,
} from "../../lib/stats/mod.ts";

const N = 40_000;

function moments(draw: () => number, n = N): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

function near(actual: number, expected: number, tolerance: number, label: string): void {
  ok(
    Math.abs(actual - expected) <= tolerance,
    `${label}: ${actual} is not within ${tolerance} of ${expected}`,
  );
}

Deno.test("createRandom() repeats a stream for a seed and differs between seeds", () => {
  const take = (seed: number) => {
    const r = createRandom(seed);
    return Array.from({ length: 5 }, () => r.uint32());
  };
  equal(take(123).join(), take(123).join());
  notEqual(take(123).join(), take(124).join());
});

Deno.test("createRandom() is close to uniform over 10 bins (chi-square)", () => {
  const r = createRandom(2024);
  const bins = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) bins[Math.floor(r.next() * 10)]++;
  const chi = bins.reduce((s, b) => s + (b - 10_000) ** 2 / 10_000, 0);
  ok(chi < 27.9, `chi-square ${chi} above the 0.1% critical value for 9 dof`); // 27.88
});

Deno.test("sampleNormal() has mean 0 and variance 1", () => {
  const r = createRandom(1);
  const { mean, variance } = moments(() => sampleNormal(r));
  near(mean, 0, 0.02, "mean");
  near(variance, 1, 0.03, "variance");
});

Deno.test("sampleGamma() matches the Gamma mean kθ and variance kθ² for shapes below and above 1", () => {
  for (const [shape, scale] of [[0.3, 2], [0.9, 1 / 45], [2.5, 3], [12, 0.5]] as const) {
    const r = createRandom(7);
    const { mean, variance } = moments(() => sampleGamma(r, shape, scale));
    near(mean, shape * scale, 0.03 * shape * scale, `mean k=${shape}`);
    near(variance, shape * scale * scale, 0.1 * shape * scale * scale, `variance k=${shape}`);
  }
});

Deno.test("sampleBeta() matches the Beta mean a/(a+b) and variance", () => {
  const [a, b] = [0.7, 4.5];
  const r = createRandom(3);
  const { mean, variance } = moments(() => sampleBeta(r, a, b));
  near(mean, a / (a + b), 0.005, "mean");
  near(variance, (a * b) / ((a + b) ** 2 * (a + b + 1)), 0.002, "variance");
});

Deno.test("samplePoisson() has mean = variance = λ on both branches", () => {
  for (const lambda of [0.8, 6, 45]) {
    const r = createRandom(11);
    const { mean, variance } = moments(() => samplePoisson(r, lambda));
    near(mean, lambda, 0.03 * lambda + 0.02, `mean λ=${lambda}`);
    near(variance, lambda, 0.08 * lambda + 0.05, `variance λ=${lambda}`);
  }
  equal(samplePoisson(createRandom(1), 0), 0);
});

Deno.test("sampleExponential() has the given mean", () => {
  const r = createRandom(5);
  near(moments(() => sampleExponential(r, 6)).mean, 6, 0.15, "mean");
});

Deno.test("sampleIndex() picks indices in proportion to their weights", () => {
  const weights = [1, 0, 3, 6];
  const cumulative = cumulativeSum(weights);
  const r = createRandom(9);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) counts[sampleIndex(r, cumulative)]!++;
  equal(counts[1], 0);
  weights.forEach((w, i) => near(counts[i]! / N, w / 10, 0.01, `share of ${i}`));
});
