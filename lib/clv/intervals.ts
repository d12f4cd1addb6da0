/**
 * Parameter-uncertainty intervals: how far a per-customer *expected value* (P(alive), E[Y],
 * CLV) could move given the estimation uncertainty of the fit's parameters, by a seeded
 * parametric bootstrap (CLVTools style) or the delta method. They are not predictive
 * intervals of what a customer will do (few customers' actual purchases fall inside): for those
 * see `predictiveIntervals`.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { cholesky } from "./_linalg.ts";
import { createRandom, normalQuantile, quantileLinear, sampleNormal } from "../stats/mod.ts";
import type { FitResultBase } from "./types.ts";

/** Result of {@linkcode predictionInterval}: one value per customer in each array. */
export interface PredictionInterval {
  /** Prediction at the point estimate. */
  readonly estimate: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly level: number;
  readonly method: "bootstrap" | "delta";
}

/** Options for {@linkcode predictionInterval}. */
export interface PredictionIntervalOptions {
  /** "bootstrap" draws log-parameters from N(θ̂, Σ); "delta" uses a first-order expansion. @default {"bootstrap"} */
  method?: "bootstrap" | "delta";
  /** Central coverage of the interval. @default {0.9} (5% and 95% quantiles) */
  level?: number;
  /** Bootstrap draws. @default {200} */
  draws?: number;
  /** Seed of the bootstrap. @default {1} */
  seed?: number;
}

/**
 * Interval for any per-customer expected value `predict(params)` of a fit, propagating the
 * estimation uncertainty of the parameters (the fit's Hessian-based covariance on the
 * log scale). The bootstrap evaluates `predict` once per draw and takes per-customer
 * quantiles (seeded, deterministic); the delta method uses numerical derivatives of
 * `predict` in the log-parameters and a normal interval, clipped at 0 for non-negative
 * predictions.
 *
 * @param fit A fit with a log-parameter `covariance` (any fitter's result).
 * @param predict Maps parameters to one prediction per customer.
 * @param options Method, level, draws, seed.
 * @returns Estimate, lower and upper bound per customer.
 * @throws {OptionError} If the fit has no covariance (Hessian not positive definite).
 *
 * @example 90% bootstrap interval of P(alive)
 * ```ts
 * import { predictionInterval } from "./intervals.ts";
 * import { fitBgNbd } from "./fit_bg_nbd.ts";
 * import { bgNbdProbabilityAlive } from "./bg_nbd.ts";
 * import { simulateBgNbd } from "./simulate.ts";
 * import { ok } from "node:assert/strict";
 *
 * const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(1000).fill(40), { seed: 1 });
 * const fit = fitBgNbd(data);
 * const few = { frequency: [2, 6], recency: [10, 39], T: [40, 40] };
 * const pi = predictionInterval(fit, (p) => bgNbdProbabilityAlive(p, few), { draws: 100 });
 * ok(pi.lower[0]! <= pi.estimate[0]! && pi.estimate[0]! <= pi.upper[0]!);
 * ```
 */
export function predictionInterval<P extends object>(
  fit: FitResultBase<P>,
  predict: (params: P) => ArrayLike<number>,
  options: PredictionIntervalOptions = {},
): PredictionInterval {
  return jointPredictionInterval([fit], (params) => predict(params[0] as P), options);
}

/**
 * Interval for a per-customer prediction that depends on several independently fitted
 * models, for example CLV from a BG/NBD fit and a Gamma-Gamma fit: the log-parameters of all
 * fits are drawn together from a block-diagonal normal (each block a fit's covariance; the
 * fits are treated as independent, as they are estimated separately), or expanded jointly by
 * the delta method. Otherwise as {@linkcode predictionInterval}.
 *
 * @param fits Fits with a log-parameter `covariance`.
 * @param predict Maps one parameter object per fit (same order) to one value per customer.
 * @param options Method, level, draws, seed.
 * @returns Estimate, lower and upper bound per customer.
 * @throws {OptionError} If a fit has no covariance (Hessian not positive definite) or a
 *   log-parameter's standard deviation exceeds 10 (not identified, as at a boundary).
 *
 * @example Expected spend of two purchases from a BG/NBD and a Gamma-Gamma fit
 * ```ts
 * import { jointPredictionInterval } from "./intervals.ts";
 * import { fitBgNbd } from "./fit_bg_nbd.ts";
 * import { fitGammaGamma } from "./fit_gamma_gamma.ts";
 * import { bgNbdExpectedPurchases } from "./bg_nbd.ts";
 * import { simulateBgNbd, simulateGammaGamma } from "./simulate.ts";
 * import type { BgNbdParams, GammaGammaParams } from "./types.ts";
 * import { ok } from "node:assert/strict";
 *
 * const data = simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, new Float64Array(1000).fill(40), { seed: 1 });
 * const monetaryValue = simulateGammaGamma({ p: 6, q: 4, v: 15 }, data.frequency, { seed: 2 });
 * const bg = fitBgNbd(data);
 * const gg = fitGammaGamma({ ...data, monetaryValue });
 * const pi = jointPredictionInterval([bg, gg], ([b, g]) => {
 *   const { p, q, v } = g as GammaGammaParams;
 *   return [bgNbdExpectedPurchases(b as BgNbdParams, 52) * (p * v) / (q - 1)];
 * }, { draws: 100 });
 * ok(pi.lower[0]! < pi.estimate[0]! && pi.estimate[0]! < pi.upper[0]!);
 * ```
 */
export function jointPredictionInterval(
  fits: readonly FitResultBase<object>[],
  predict: (params: readonly object[]) => ArrayLike<number>,
  options: PredictionIntervalOptions = {},
): PredictionInterval {
  const { method = "bootstrap", level = 0.9, draws = 200, seed = 1 } = options;
  if (!(level > 0 && level < 1)) {
    throw new OptionError(
      "level",
      `Cannot compute prediction interval: level must be in (0, 1): current value is "${level}"`,
    );
  }
  if (!(Number.isInteger(draws) && draws >= 2)) {
    throw new OptionError(
      "draws",
      `Cannot compute prediction interval: draws must be a whole number ≥ 2: current value is "${draws}"`,
    );
  }
  // Concatenated log-parameters and the block-diagonal covariance.
  const blocks = fits.map((fit) => {
    const point = fit.params as Readonly<Record<string, number>>;
    const names = Object.keys(point);
    if (fit.covariance === null || fit.standardErrors === null) {
      throw new OptionError(
        "fit",
        "Cannot compute prediction interval: the fit has no covariance matrix (Hessian not positive definite)",
        "Refit with standardErrors: true, or add a small penalizer",
      );
    }
    const m = names.length;
    names.forEach((name, i) => {
      const sd = Math.sqrt(fit.covariance![i * m + i]!);
      if (!(sd <= MAX_LOG_SD)) {
        throw new OptionError(
          "fit",
          `Cannot compute prediction interval: parameter ${name} is not identified (standard deviation of ln ${name} is ${
            sd.toPrecision(3)
          })`,
          "the optimum is probably on a boundary of the parameter space; report the point prediction",
        );
      }
    });
    return { names, theta: names.map((n) => Math.log(point[n]!)), cov: fit.covariance };
  });
  const k = blocks.reduce((s, b) => s + b.names.length, 0);
  const theta = blocks.flatMap((b) => b.theta);
  const cov = new Float64Array(k * k);
  let offset = 0;
  for (const b of blocks) {
    const m = b.names.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) cov[(offset + i) * k + offset + j] = b.cov[i * m + j]!;
    }
    offset += m;
  }
  const toParams = (th: ArrayLike<number>): object[] => {
    let at = 0;
    return blocks.map((b) => Object.fromEntries(b.names.map((n) => [n, Math.exp(th[at++]!)])));
  };
  const estimate = Float64Array.from(predict(fits.map((f) => f.params)));
  const n = estimate.length;
  const z = normalQuantile(0.5 + level / 2);
  if (method === "delta") {
    const variance = new Float64Array(n);
    const grads: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const h = 1e-5;
      const up = theta.slice();
      const down = theta.slice();
      up[j] = up[j]! + h;
      down[j] = down[j]! - h;
      const fu = predict(toParams(up));
      const fd = predict(toParams(down));
      grads.push(Float64Array.from({ length: n }, (_, i) => (fu[i]! - fd[i]!) / (2 * h)));
    }
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) v += grads[a]![i]! * cov[a * k + b]! * grads[b]![i]!;
      }
      variance[i] = Math.max(0, v);
    }
    const nonNegative = estimate.every((v) => v >= 0);
    const lower = estimate.map((e, i) => {
      const l = e - z * Math.sqrt(variance[i]!);
      return nonNegative ? Math.max(0, l) : l;
    });
    const upper = estimate.map((e, i) => e + z * Math.sqrt(variance[i]!));
    return { estimate, lower, upper, level, method };
  }
  const L = cholesky(cov, k);
  if (L === null) {
    throw new OptionError(
      "fit",
      "Cannot compute prediction interval: the covariance matrix is not positive definite",
    );
  }
  const random = createRandom(seed);
  const samples = new Float64Array(n * draws);
  const eps = new Float64Array(k);
  for (let d = 0; d < draws; d++) {
    for (let j = 0; j < k; j++) eps[j] = sampleNormal(random);
    const th = theta.map((t, i) => {
      let s = t;
      for (let j = 0; j <= i; j++) s += L[i * k + j]! * eps[j]!;
      return s;
    });
    const values = predict(toParams(th));
    for (let i = 0; i < n; i++) samples[i * draws + d] = values[i]!;
  }
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const lo = (1 - level) / 2;
  for (let i = 0; i < n; i++) {
    const row = samples.subarray(i * draws, (i + 1) * draws).sort();
    lower[i] = quantileLinear(row, lo);
    upper[i] = quantileLinear(row, 1 - lo);
  }
  return { estimate, lower, upper, level, method };
}

/** Largest standard deviation of a log-parameter for which draws are meaningful (e^±10 ≈ ×22,000). */
const MAX_LOG_SD = 10;
