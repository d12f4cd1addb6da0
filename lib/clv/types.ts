/**
 * Parameter, fit and input types of the customer-base models.
 *
 * @module
 */
import type { CustomerSummary, SummaryColumns } from "../types.ts";

/** BG/NBD and MBG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** Pareto/NBD parameters: λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β). */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/** Gamma-Gamma spend parameters: z ~ Gamma(p, ν), ν ~ Gamma(q, v). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/** Summaries accepted by the models: columns (fast path) or rows. */
export type SummaryInput = SummaryColumns | readonly CustomerSummary[];

/** Which count model a fit or parameter set belongs to. */
export type CountModelName = "bg_nbd" | "mbg_nbd" | "pareto_nbd";

/** A fitted (or hand-specified) count model, as accepted by the generic predictions. */
export type CountModel =
  | { readonly model: "bg_nbd"; readonly params: BgNbdParams }
  | { readonly model: "mbg_nbd"; readonly params: BgNbdParams }
  | { readonly model: "pareto_nbd"; readonly params: ParetoNbdParams };

/** Common fields of every fit result. All values are finite or `null`, never NaN. */
export interface FitResultBase<P> {
  /** Maximum-likelihood (or penalized) estimate in the data's time unit. */
  readonly params: P;
  /** Standard errors from the Hessian of the (penalized) negative log-likelihood;
   * `null` when the Hessian is not positive definite (for example at a boundary). */
  readonly standardErrors: P | null;
  /** 95% Wald intervals on the log scale, exp(ln θ ± 1.96·se(ln θ)): always positive. */
  readonly intervals95: { readonly lower: P; readonly upper: P } | null;
  /** Covariance of the log-parameters (row-major k×k, in `params` key order) from the
   * inverse Hessian; used by prediction intervals. `null` with `standardErrors`. */
  readonly covariance: Float64Array | null;
  /** Σ wᵢ ln Lᵢ at `params`, in the data's time unit (without the penalty). */
  readonly logLikelihood: number;
  /** Quasi-Newton iterations used. */
  readonly iterations: number;
  /** Largest absolute gradient component of the mean objective (log-parameters) at the end. */
  readonly gradientNorm: number;
  readonly converged: boolean;
  /** The boundary the optimum sits on, in words, or null for an interior optimum. */
  readonly boundary: string | null;
  /** Number of customers (sum of weights) used in the fit. */
  readonly n: number;
  /** Number of distinct rows after compressing identical summaries. */
  readonly distinctRows: number;
  /** lifetimes-compatible L2 penalizer coefficient. */
  readonly penalizer: number;
  /** Human-readable fit report, one sentence per line. */
  readonly report: readonly string[];
}

/**
 * Comparison of a count model with its no-dropout limit, the NBD model (BG/NBD and MBG/NBD
 * as a → 0 or b → ∞, Pareto/NBD as s → 0 or β → ∞), fitted to the same rows with the same
 * penalizer. The likelihood-ratio statistic is tested against ½χ²₀ + ½χ²₁ (the null sits on
 * the boundary of the parameter space), so `pValue` is approximate.
 */
export interface NoDropoutCheck {
  /** Maximum log-likelihood of the NBD model (no dropout). */
  readonly logLikelihood: number;
  /** NBD parameters (r, alpha in the data's time unit). */
  readonly params: { readonly r: number; readonly alpha: number };
  /** 2·(LL of the model − LL of the NBD model), ≥ 0. */
  readonly statistic: number;
  /** Approximate p-value of "no dropout": ½·P(χ²₁ > statistic). */
  readonly pValue: number;
  /** `"boundary"`: 2ΔLL < 0.01, the optimum is on the no-dropout boundary; `"near-boundary"`:
   * p > 0.05, dropout is not supported by the data; `"interior"`: customers drop out. */
  readonly verdict: "boundary" | "near-boundary" | "interior";
}

/** Result of `fitBgNbd`. */
export interface BgNbdFit extends FitResultBase<BgNbdParams> {
  readonly model: "bg_nbd";
  /** The no-dropout check (absent with `noDropoutCheck: false`). */
  readonly noDropout?: NoDropoutCheck;
}

/** Result of `fitMbgNbd`. */
export interface MbgNbdFit extends FitResultBase<BgNbdParams> {
  readonly model: "mbg_nbd";
  /** The no-dropout check (absent with `noDropoutCheck: false`). */
  readonly noDropout?: NoDropoutCheck;
}

/** Result of `fitParetoNbd`. */
export interface ParetoNbdFit extends FitResultBase<ParetoNbdParams> {
  readonly model: "pareto_nbd";
  /** The no-dropout check (absent with `noDropoutCheck: false`). */
  readonly noDropout?: NoDropoutCheck;
}

/** Result of `fitGammaGamma`. */
export interface GammaGammaFit extends FitResultBase<GammaGammaParams> {
  readonly model: "gamma_gamma";
}

/** Options shared by the fitters. */
export interface FitOptions {
  /** lifetimes' `penalizer_coef`: adds coef × Σ params² to the mean negative
   * log-likelihood (BG/NBD, MBG/NBD and Pareto/NBD in time rescaled by 1/max(T)). @default {0} */
  penalizer?: number;
  /** Starting parameters (natural scale, data time unit). @default {model-specific} */
  initial?: Readonly<Record<string, number>>;
  /** Iteration cap of the optimiser. @default {500} */
  maxIterations?: number;
  /** Gradient tolerance (largest component, mean objective, log-parameters). @default {1e-8} */
  tolerance?: number;
  /** Compute standard errors and intervals. @default {true} */
  standardErrors?: boolean;
  /** Count models only: also fit the no-dropout NBD model and report the comparison
   * (`noDropout`, a report sentence, `boundary` when it fits as well). @default {true} */
  noDropoutCheck?: boolean;
}
