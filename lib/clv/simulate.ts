/**
 * Seeded simulators of the customer-base models, for recovery tests and benchmarks
 * (after lifetimes' `generate_data.py`).
 *
 * @module
 */
import {
  createRandom,
  type Random,
  sampleBeta,
  sampleExponential,
  sampleGamma,
} from "../stats/mod.ts";
import type { BgNbdParams, CountModel, GammaGammaParams, ParetoNbdParams } from "./types.ts";

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
  const phase = createRandom((seed ^ 0x5bd1e995) >>> 0);
  return (t, T) => Math.min(T, Math.floor(phase.next() + t / step + 1e-9) * step);
}

/** Runs `draw` (repeat purchases and the last one's time, given the age) for every customer,
 * then rounds recency as {@linkcode SimulateOptions.timeStep} says. */
function simulateCustomers(
  T: ArrayLike<number>,
  options: SimulateOptions,
  draw: (random: Random, age: number) => [number, number],
): SimulatedSummaries {
  const { seed = 1, timeStep = 0 } = options;
  const random = createRandom(seed);
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
    const lambda = sampleGamma(random, params.r, 1 / params.alpha);
    const p = sampleBeta(random, params.a, params.b);
    let x = 0;
    let t = 0;
    let alive = !(modified && random.next() < p);
    while (alive) {
      const next = t + sampleExponential(random, 1 / lambda);
      if (next > Ti) break;
      t = next;
      x++;
      alive = random.next() >= p;
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
    const lambda = sampleGamma(random, params.r, 1 / params.alpha);
    const mu = sampleGamma(random, params.s, 1 / params.beta);
    const end = Math.min(Ti, sampleExponential(random, 1 / mu));
    let x = 0;
    let t = 0;
    for (;;) {
      const next = t + sampleExponential(random, 1 / lambda);
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
  const random = createRandom(options.seed ?? 1);
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const nu = sampleGamma(random, params.q, 1 / params.v);
    out[i] = x > 0 ? sampleGamma(random, params.p * x, 1 / (x * nu)) : 0;
  }
  return out;
}

/** Simulated summaries with what happened next, from {@linkcode simulateWithHoldout}. */
export interface SimulatedHoldout {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Purchases in (T, T + horizon]. */
  readonly futurePurchases: Float64Array;
  /** Mean value of the repeat purchases up to T (0 without one); with `spend`. */
  readonly monetaryValue?: Float64Array;
  /** Total value of the purchases in (T, T + horizon]; with `spend`. */
  readonly futureValue?: Float64Array;
}

/** Options for {@linkcode simulateWithHoldout}. */
export interface SimulateHoldoutOptions {
  /** Length of the period after T whose purchases are counted. Required. */
  horizon: number;
  /** Gamma-Gamma spend: each customer's spend level ν ~ Gamma(q, v), each purchase's value
   * ~ Gamma(p, ν). @default {no spend} */
  spend?: GammaGammaParams;
  /** Seed. @default {1} */
  seed?: number;
}

/**
 * Simulates customers of any count model up to T and on through a holdout horizon (and, with
 * `spend`, the value of every purchase), to test predictions against what then happens: BG/NBD
 * and MBG/NBD drop out after purchases (MBG/NBD also at the first), Pareto/NBD at an
 * exponential lifetime; purchases are Poisson while alive.
 *
 * @param model The count model and its true parameters.
 * @param T Each customer's age at the end of the calibration period.
 * @param options Horizon, spend parameters and seed.
 * @returns Calibration summaries, future purchases and (with `spend`) spend.
 *
 * @example
 * ```ts
 * import { simulateWithHoldout } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const s = simulateWithHoldout({ model: "bg_nbd", params: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 } },
 *   [40, 40, 40], { horizon: 26, spend: { p: 6, q: 4, v: 15 }, seed: 3 });
 * ok(s.futurePurchases.every((k, i) => (k === 0) === (s.futureValue![i] === 0)));
 * ```
 */
export function simulateWithHoldout(
  model: CountModel,
  T: ArrayLike<number>,
  options: SimulateHoldoutOptions,
): SimulatedHoldout {
  const { horizon, spend, seed = 1 } = options;
  const random = createRandom(seed);
  const n = T.length;
  const age = Float64Array.from(T);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const futurePurchases = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const futureValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const Ti = age[i]!, end = Ti + horizon;
    const times: number[] = [];
    if (model.model === "pareto_nbd") {
      const p = model.params;
      const lambda = sampleGamma(random, p.r, 1 / p.alpha);
      const mu = sampleGamma(random, p.s, 1 / p.beta);
      const death = Math.min(end, sampleExponential(random, 1 / mu));
      for (
        let t = sampleExponential(random, 1 / lambda);
        t <= death;
        t += sampleExponential(random, 1 / lambda)
      ) {
        times.push(t);
      }
    } else {
      const p = model.params;
      const lambda = sampleGamma(random, p.r, 1 / p.alpha);
      const dropout = sampleBeta(random, p.a, p.b);
      let alive = !(model.model === "mbg_nbd" && random.next() < dropout);
      let t = 0;
      while (alive) {
        t += sampleExponential(random, 1 / lambda);
        if (t > end) break;
        times.push(t);
        alive = random.next() >= dropout;
      }
    }
    const nu = spend ? sampleGamma(random, spend.q, 1 / spend.v) : 0;
    let x = 0, tx = 0, past = 0, future = 0, ahead = 0;
    for (const t of times) {
      const value = spend ? sampleGamma(random, spend.p, 1 / nu) : 0;
      if (t <= Ti) {
        x++;
        tx = t;
        past += value;
      } else {
        ahead++;
        future += value;
      }
    }
    frequency[i] = x;
    recency[i] = tx;
    futurePurchases[i] = ahead;
    monetaryValue[i] = x > 0 ? past / x : 0;
    futureValue[i] = future;
  }
  return {
    frequency,
    recency,
    T: age,
    futurePurchases,
    ...(spend ? { monetaryValue, futureValue } : {}),
  };
}
