/**
 * Seeded simulators of the customer-base models, for recovery tests and benchmarks
 * (after lifetimes' `generate_data.py`).
 *
 * @module
 */
import { beta, exponential, gamma, type Random, seededRandom } from "./_random.ts";
import type { BgNbdParams, GammaGammaParams, ParetoNbdParams } from "./types.ts";

/** Simulated summaries (columns, Float64Array). */
export interface SimulatedSummaries {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Mean repeat spend (Gamma-Gamma simulator only; 0 for frequency 0). */
  readonly monetaryValue?: Float64Array;
}

/** Options for the simulators. */
export interface SimulateOptions {
  /** Seed of the xoshiro128** generator. @default {1} */
  seed?: number;
  /** Report recency on this grid (e.g. 1/7 for days in weeks), as real summaries do; 0
   * keeps continuous times. Rounded data compress well. Like a real summary, which
   * subtracts the first purchase's period start from the last one's, each customer's first
   * purchase falls at a uniform phase u within its period (drawn from a second stream of the
   * seed) and recency = ⌊u + t/step⌋·step, capped at T: unbiased, where flooring t itself
   * would shorten every recency by half a step. @default {0} */
  timeStep?: number;
  /** Simulate MBG/NBD (dropout possible at time 0) instead of BG/NBD. @default {false} */
  modified?: boolean;
}

/** A recency rounder: identity for step 0, else the random-phase grid of `timeStep`. */
function recencyRounder(seed: number, step: number): (t: number, T: number) => number {
  if (!(step > 0)) return (t) => t;
  const phase = seededRandom((seed ^ 0x5bd1e995) >>> 0);
  return (t, T) => Math.min(T, Math.floor(phase() + t / step + 1e-9) * step);
}

/** Runs `draw` (repeat purchases and the last one's time, given the age) for every customer,
 * then rounds recency as {@linkcode SimulateOptions.timeStep} says. */
function simulateCustomers(
  T: ArrayLike<number>,
  options: SimulateOptions,
  draw: (random: Random, age: number) => [number, number],
): SimulatedSummaries {
  const { seed = 1, timeStep = 0 } = options;
  const random = seededRandom(seed);
  const round = recencyRounder(seed, timeStep);
  const n = T.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const age = Float64Array.from(T);
  for (let i = 0; i < n; i++) {
    const [x, t] = draw(random, age[i]!);
    frequency[i] = x;
    recency[i] = x > 0 ? round(t, age[i]!) : 0;
  }
  return { frequency, recency, T: age };
}

/**
 * Simulates BG/NBD customers: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases follow a Poisson
 * process with rate λ and after each repeat purchase the customer leaves with
 * probability p (FHL 2005 assumptions i–v).
 *
 * @param params True parameters.
 * @param T Each customer's age at the end of observation.
 * @param options Seed, time rounding, MBG/NBD variant.
 * @returns Frequency, recency and T columns.
 *
 * @example Deterministic for a seed
 * ```ts
 * import { simulateBgNbd } from "./simulate.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const params = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
 * const one = simulateBgNbd(params, [39, 39, 39], { seed: 3 });
 * deepStrictEqual(one, simulateBgNbd(params, [39, 39, 39], { seed: 3 }));
 * ```
 */
export function simulateBgNbd(
  params: BgNbdParams,
  T: ArrayLike<number>,
  options: SimulateOptions = {},
): SimulatedSummaries {
  const { modified = false } = options;
  return simulateCustomers(T, options, (random, Ti) => {
    const lambda = gamma(random, params.r, params.alpha);
    const p = beta(random, params.a, params.b);
    let x = 0;
    let t = 0;
    let alive = !(modified && random() < p);
    while (alive) {
      const next = t + exponential(random, lambda);
      if (next > Ti) break;
      t = next;
      x++;
      alive = random() >= p;
    }
    return [x, t];
  });
}

/**
 * Simulates Pareto/NBD customers: λ ~ Gamma(r, α), μ ~ Gamma(s, β), lifetime ~ Exp(μ),
 * Poisson purchases while alive (Schmittlein, Morrison & Colombo 1987).
 *
 * @param params True parameters.
 * @param T Each customer's age.
 * @param options Seed and time rounding.
 * @returns Frequency, recency and T columns.
 *
 * @example
 * ```ts
 * import { simulateParetoNbd } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const s = simulateParetoNbd({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, [39, 39], { seed: 1 });
 * ok(s.recency.every((r, i) => r <= s.T[i]!));
 * ```
 */
export function simulateParetoNbd(
  params: ParetoNbdParams,
  T: ArrayLike<number>,
  options: SimulateOptions = {},
): SimulatedSummaries {
  return simulateCustomers(T, options, (random, Ti) => {
    const lambda = gamma(random, params.r, params.alpha);
    const mu = gamma(random, params.s, params.beta);
    const end = Math.min(Ti, exponential(random, mu));
    let x = 0;
    let t = 0;
    for (;;) {
      const next = t + exponential(random, lambda);
      if (next > end) break;
      t = next;
      x++;
    }
    return [x, t];
  });
}

/**
 * Simulates mean repeat spend under Gamma-Gamma: ν ~ Gamma(q, v), each of the x repeat
 * transactions ~ Gamma(p, ν), so their mean is Gamma(px, xν).
 *
 * @param params True parameters.
 * @param frequency Each customer's number of repeat transactions.
 * @param options Seed.
 * @returns Mean spend per customer (0 when frequency is 0).
 *
 * @example
 * ```ts
 * import { simulateGammaGamma } from "./simulate.ts";
 * import { equal } from "node:assert/strict";
 *
 * const m = simulateGammaGamma({ p: 6, q: 4, v: 15 }, [0, 3], { seed: 2 });
 * equal(m[0], 0);
 * ```
 */
export function simulateGammaGamma(
  params: GammaGammaParams,
  frequency: ArrayLike<number>,
  options: Pick<SimulateOptions, "seed"> = {},
): Float64Array {
  const random = seededRandom(options.seed ?? 1);
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const nu = gamma(random, params.q, params.v);
    out[i] = x > 0 ? gamma(random, params.p * x, x * nu) : 0;
  }
  return out;
}
