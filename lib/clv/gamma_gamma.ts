/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, JMR; Fader & Hardie 2013, note 025):
 * per-customer log-likelihood and the conditional expected average transaction value.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import { lnGamma } from "./_special.ts";
import { toColumns } from "./_input.ts";
import type { GammaGammaParams, SummaryInput } from "./types.ts";

/**
 * Population mean spend p·v/(q − 1), or null when q ≤ 1 (the mean of the mixing
 * distribution is infinite, so a customer without repeat purchases has no finite
 * expected spend).
 *
 * @param params Gamma-Gamma parameters.
 * @returns The mean, or null.
 *
 * @example
 * ```ts
 * import { gammaGammaPopulationMean } from "./gamma_gamma.ts";
 * import { equal } from "node:assert/strict";
 *
 * equal(gammaGammaPopulationMean({ p: 2, q: 3, v: 10 }), 10);
 * equal(gammaGammaPopulationMean({ p: 3.79, q: 0.34, v: 3.73 }), null);
 * ```
 */
export function gammaGammaPopulationMean(params: GammaGammaParams): number | null {
  return params.q > 1 ? (params.p * params.v) / (params.q - 1) : null;
}

/** Options for {@linkcode expectedAverageValue}. */
export interface ExpectedAverageValueOptions {
  /** Value returned where E[M | x, z̄] is undefined: only when q ≤ 1, for customers with
   * px + q − 1 ≤ 0 (always including frequency 0). Without it such rows throw. @default {undefined} */
  undefinedValue?: number;
}

/**
 * Conditional expected average transaction value E[M | x, z̄] = p(v + x z̄)/(px + q − 1),
 * a weighted average of the population mean (weight (q − 1)/(px + q − 1)) and the
 * customer's observed mean z̄ = `monetaryValue` (weight px/(px + q − 1)).
 *
 * The formula needs px + q − 1 > 0. With q > 1 it always holds; with q ≤ 1 (for example
 * the penalized fit on Online Retail II, q ≈ 0.34) it holds for repeaters with
 * px > 1 − q, while customers without repeat purchases have an undefined (infinite)
 * expectation: pass `undefinedValue` or leave them out. Never returns NaN.
 *
 * @param params Gamma-Gamma parameters.
 * @param summary Frequency and monetaryValue per customer.
 * @param options What to return where the expectation is undefined.
 * @returns One expected value per customer.
 * @throws {ValidationError} If a row's expectation is undefined and no `undefinedValue`
 *   is given, or `monetaryValue` is missing.
 *
 * @example lifetimes' CDNOW customer 1 (x = 2, z̄ = 22.35 → 24.65)
 * ```ts
 * import { expectedAverageValue } from "./gamma_gamma.ts";
 * import { ok } from "node:assert/strict";
 *
 * const [m] = expectedAverageValue({ p: 6.25, q: 3.74, v: 15.44 }, {
 *   frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [22.35],
 * });
 * ok(Math.abs(m! - 24.65) < 0.1);
 * ```
 */
export function expectedAverageValue(
  params: GammaGammaParams,
  summary: SummaryInput,
  options: ExpectedAverageValueOptions = {},
): Float64Array {
  const cols = toColumns(summary);
  const m = cols.monetaryValue;
  if (m === undefined) {
    throw new ValidationError(
      "Cannot compute expected average value: monetaryValue is missing",
      [],
    );
  }
  const { p, q, v } = params;
  const out = new Float64Array(cols.length);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < cols.length; i++) {
    const x = cols.frequency[i]!;
    const zbar = x > 0 ? m[i]! : 0;
    const denom = p * x + q - 1;
    if (denom > 0) {
      out[i] = (p * (v + x * zbar)) / denom;
    } else if (options.undefinedValue !== undefined) {
      out[i] = options.undefinedValue;
    } else {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    const who = cols.ids ? `customer "${cols.ids[first]}"` : `row ${first}`;
    throw new ValidationError(
      `Cannot compute expected average value: ${bad} rows have px + q − 1 ≤ 0 because q = ${q} ≤ 1 (first: ${who}, frequency ${
        cols.frequency[first]
      })`,
      [],
      "Leave out customers without repeat purchases or pass { undefinedValue }",
    );
  }
  return out;
}

/**
 * Per-customer Gamma-Gamma log-likelihood of the mean repeat spend z̄ (note 025); 0 for
 * customers without repeat purchases (they carry no spend information).
 *
 * @param params Gamma-Gamma parameters.
 * @param summary Frequency and monetaryValue per customer.
 * @returns One ln Lᵢ per customer.
 *
 * @example
 * ```ts
 * import { gammaGammaLogLikelihood } from "./gamma_gamma.ts";
 * import { ok } from "node:assert/strict";
 *
 * const ll = gammaGammaLogLikelihood({ p: 6, q: 4, v: 15 }, { frequency: [0, 1], recency: [0, 1], T: [2, 2], monetaryValue: [0, 20] });
 * ok(ll[0] === 0 && ll[1]! < 0);
 * ```
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  summary: SummaryInput,
): Float64Array {
  const cols = toColumns(summary);
  const m = cols.monetaryValue ?? new Float64Array(cols.length);
  const { p, q, v } = params;
  return Float64Array.from(cols.frequency, (x, i) => {
    if (x <= 0) return 0;
    const z = m[i]!;
    const px = p * x;
    return lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * Math.log(v) + (px - 1) * Math.log(z) +
      px * Math.log(x) - (px + q) * Math.log(v + x * z);
  });
}
