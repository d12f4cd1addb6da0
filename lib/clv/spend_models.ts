/**
 * The spend-model interface and its registry: Gamma-Gamma is the spend model behind the
 * expected value per purchase, the CLV and the spend intervals.
 *
 * @module
 */
import { betaRegularized } from "./_special.ts";
import { fitGammaGamma } from "./fit_gamma_gamma.ts";
import type { FitOptions, GammaGammaFit, GammaGammaParams, SummaryInput } from "./types.ts";

/** What a spend model provides. */
export interface SpendModelDefinition {
  readonly name: "gamma_gamma";
  /** Its name in the literature. */
  readonly label: string;
  readonly parameters: readonly string[];
  /** Maximum-likelihood fit to the repeat customers, with its report as data. */
  fit(summary: SummaryInput, options?: FitOptions): GammaGammaFit;
  /** E[value per purchase | x repeat purchases of mean z̄], or null where it is undefined. */
  expectedValue(params: GammaGammaParams, x: number, zbar: number): number | null;
  /** P(total value of k future purchases ≤ w | x, z̄), k ≥ 1. */
  spendDistribution(
    params: GammaGammaParams,
    x: number,
    zbar: number,
    k: number,
    w: number,
  ): number;
}

/**
 * The spend models, keyed by name (one today).
 *
 * @example lifetimes' CDNOW customer 1: E[M | x = 2, z̄ = 22.35] = 24.65
 * ```ts
 * import { SPEND_MODELS } from "./spend_models.ts";
 * import { ok } from "node:assert/strict";
 *
 * const gg = SPEND_MODELS.gamma_gamma;
 * const params = { p: 6.25, q: 3.74, v: 15.44 };
 * ok(Math.abs(gg.expectedValue(params, 2, 22.35)! - 24.65) < 0.05);
 * // The median of one purchase's value is near the mean.
 * ok(Math.abs(gg.spendDistribution(params, 2, 22.35, 1, 24.65) - 0.5) < 0.1);
 * ```
 */
export const SPEND_MODELS: Readonly<{ gamma_gamma: SpendModelDefinition }> = Object.freeze({
  gamma_gamma: Object.freeze({
    name: "gamma_gamma" as const,
    label: "Gamma-Gamma",
    parameters: Object.freeze(["p", "q", "v"]),
    fit: (summary: SummaryInput, options?: FitOptions) => fitGammaGamma(summary, options),
    expectedValue: (params: GammaGammaParams, x: number, zbar: number): number | null => {
      const denom = params.p * x + params.q - 1;
      return denom > 0 ? (params.p * (params.v + x * (x > 0 ? zbar : 0))) / denom : null;
    },
    // The spend level's posterior is ν ~ Gamma(q + p·x, v + x·z̄); k purchases sum to
    // Gamma(k·p, ν), so total/(v + x·z̄) ~ BetaPrime(k·p, q + p·x).
    spendDistribution: (
      params: GammaGammaParams,
      x: number,
      zbar: number,
      k: number,
      w: number,
    ): number => {
      const scale = params.v + (x > 0 ? x * zbar : 0);
      const omega = w / scale;
      return betaRegularized(omega / (1 + omega), k * params.p, params.q + params.p * x);
    },
  }),
});
