import { tQuantile } from "./student_t.ts";

/** A simple linear regression fit `y = intercept + slope · x`. */
export interface OlsFit {
  readonly slope: number;
  readonly intercept: number;
  /** Standard error of the slope, `s / sqrt(Sxx)`. */
  readonly slopeSe: number;
  /** Standard error of the intercept, `s · sqrt(1/n + x̄²/Sxx)`. */
  readonly interceptSe: number;
  /** Confidence interval of the slope, `slope ± t(df) · slopeSe`. */
  readonly slopeCi: readonly [number, number];
  readonly interceptCi: readonly [number, number];
  /** Coefficient of determination, `1 - SSE / Syy` (`NaN` when y is constant). */
  readonly rSquared: number;
  /** Residual standard error `s = sqrt(SSE / df)`. */
  readonly residualSe: number;
  /** Number of points used. */
  readonly n: number;
  /** Residual degrees of freedom, `n - 2 - absorbedParameters`. */
  readonly df: number;
}

/** Options for {@linkcode ols}. */
export interface OlsOptions {
  /** Two-sided confidence level of the intervals. @default {0.95} */
  confidence?: number;
  /**
   * Parameters estimated before the fit and absorbed into `x` and `y`, for example the group
   * means removed by a within (fixed-effects) transformation; they reduce the residual degrees
   * of freedom. @default {0}
   */
  absorbedParameters?: number;
}

/**
 * Ordinary least squares of `y` on one regressor `x` with an intercept, with the classical
 * (homoscedastic, normal-error) standard errors and t-based intervals (Montgomery, Peck &
 * Vining, *Introduction to Linear Regression Analysis*, §2.2–2.3; Draper & Smith ch. 1):
 * `slope = Sxy / Sxx`, `intercept = ȳ - slope · x̄`, `s² = SSE / (n - 2)`.
 * The t quantile comes from {@linkcode tQuantile}.
 *
 * @param x Regressor values.
 * @param y Responses, same length as `x`.
 * @param options Confidence level and absorbed parameters.
 * @returns The fit. When `df < 1` or `x` does not vary the slope cannot be estimated: slope,
 *   errors and intervals are `NaN` (callers flag such fits instead of reading them).
 * @throws {RangeError} If `x` and `y` differ in length or hold a non-finite value.
 *
 * @example A hand-computed fit: Sxx = 5, Sxy = 10.75
 * ```ts
 * import { ols } from "./ols.ts";
 * import { equal } from "node:assert/strict";
 * const fit = ols([1, 2, 3, 4], [3, 5, 7, 9.5]);
 * equal(fit.slope.toFixed(2), "2.15");
 * equal(fit.intercept.toFixed(2), "0.75");
 * equal(fit.n, 4);
 * ```
 */
export function ols(
  x: readonly number[],
  y: readonly number[],
  options: OlsOptions = {},
): OlsFit {
  const { confidence = 0.95, absorbedParameters = 0 } = options;
  if (x.length !== y.length) {
    throw new RangeError(
      `Cannot fit a regression: x and y differ in length (${x.length} and ${y.length})`,
    );
  }
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw new RangeError(
        `Cannot fit a regression: point ${i + 1} is not finite (x ${x[i]}, y ${y[i]})`,
      );
    }
  }
  const df = n - 2 - absorbedParameters;
  const xBar = mean(x);
  const yBar = mean(y);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - xBar;
    const dy = y[i]! - yBar;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const nan: OlsFit = {
    slope: NaN,
    intercept: NaN,
    slopeSe: NaN,
    interceptSe: NaN,
    slopeCi: [NaN, NaN],
    interceptCi: [NaN, NaN],
    rSquared: NaN,
    residualSe: NaN,
    n,
    df,
  };
  if (n === 0 || sxx <= 0) return nan;
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  const sse = Math.max(0, syy - slope * sxy);
  const rSquared = syy > 0 ? 1 - sse / syy : NaN;
  if (df < 1) return { ...nan, slope, intercept, rSquared };
  const residualSe = Math.sqrt(sse / df);
  const slopeSe = residualSe / Math.sqrt(sxx);
  const interceptSe = residualSe * Math.sqrt(1 / n + (xBar * xBar) / sxx);
  const t = tQuantile(1 - (1 - confidence) / 2, df);
  return {
    slope,
    intercept,
    slopeSe,
    interceptSe,
    slopeCi: [slope - t * slopeSe, slope + t * slopeSe],
    interceptCi: [intercept - t * interceptSe, intercept + t * interceptSe],
    rSquared,
    residualSe,
    n,
    df,
  };
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length === 0 ? NaN : s / values.length;
}
