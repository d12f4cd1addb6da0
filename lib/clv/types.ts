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

/** Every fitted model: the three count models and the spend model. */
export type ModelName = CountModelName | "gamma_gamma";

/** Why the optimiser stopped: `"gradient"` (below tolerance), `"function"` (objective no
 * longer decreasing), `"max-iterations"`, `"line-search"` (no step decreased the objective),
 * `"non-finite-start"` (the objective is not finite at the starting values). */
export type StopReason =
  | "gradient"
  | "function"
  | "max-iterations"
  | "line-search"
  | "non-finite-start";

/** A parameter whose estimate ran to the edge of the search box (θ < 1e-6 or θ > 1e6 in the
 * rescaled units of the fit): the optimum lies on a boundary of the parameter space there. */
export interface ParameterLimit {
  readonly parameter: string;
  readonly limit: "zero" | "infinity";
}

/**
 * A likelihood-ratio test of the fitted model against a restricted model (the null), fitted to
 * the same rows with the same penalizer. `statistic` = 2·(LL of the model − LL of the restricted
 * model) ≥ 0. When the null lies on the boundary of the parameter space (no dropout) `p` is
 * from the mixture ½χ²₀ + ½χ²_df (Self & Liang 1987), otherwise from χ²_df.
 */
export interface LikelihoodRatioTest {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  /** Maximum log-likelihood of the restricted model. */
  readonly logLikelihood: number;
  /** The restricted model's estimates (and fixed values), in the data's units. */
  readonly params: Readonly<Record<string, number>>;
}

/**
 * What the likelihood says about dropout, for a count model. The evidence is two
 * likelihood-ratio tests: `noDropout` against the NBD model (BG/NBD and MBG/NBD as a → 0 or
 * b → ∞, Pareto/NBD as s → 0 or β → ∞) and, when that is not rejected, `heavyDropout` against
 * the model with its dropout parameters fixed at a heavy-dropout reference (BG/NBD, MBG/NBD:
 * a = b = 1, a uniform dropout probability with mean ½ per purchase; Pareto/NBD: s = 1 and β
 * the median customer age, so half the customers of that age would have left).
 *
 * - `"interior"`: dropout is supported (no-dropout rejected at 5%) and no dropout parameter ran
 *   to a limit.
 * - `"homogeneous-dropout"`: dropout is supported, but the dropout parameters run to infinity
 *   together (a, b → ∞ or s, β → ∞): every customer has the same dropout probability (rate)
 *   `meanDropout` (a/(a+b) per purchase, or s/β per time unit).
 * - `"no-dropout-boundary"`: the NBD model fits as well (2ΔLL < 0.01) and heavy dropout is
 *   rejected: the data show no sign of customers leaving.
 * - `"weak-dropout"`: the NBD model fits almost as well (no-dropout not rejected, 2ΔLL ≥ 0.01)
 *   and heavy dropout is rejected: little dropout, poorly determined.
 * - `"undetermined"`: neither no dropout nor heavy dropout is rejected: the data cannot tell
 *   (for example when nobody made a repeat purchase).
 * - `"not-checked"`: the check was switched off (`noDropoutCheck: false`).
 */
export type DropoutVerdict =
  | { readonly kind: "interior"; readonly noDropout: LikelihoodRatioTest }
  | {
    readonly kind: "homogeneous-dropout";
    readonly noDropout: LikelihoodRatioTest;
    readonly meanDropout: number;
  }
  | {
    readonly kind: "no-dropout-boundary" | "weak-dropout" | "undetermined";
    readonly noDropout: LikelihoodRatioTest;
    readonly heavyDropout: LikelihoodRatioTest;
  }
  | { readonly kind: "not-checked" };

/**
 * Where the Gamma-Gamma optimum lies: `"interior"`; `"homogeneous-spend"` when q and v run to
 * infinity together (every customer has the same spend level; `meanSpend` = p·v/q is the mean
 * transaction value); `"boundary"` for any other parameter at a limit (see `limits`).
 */
export type SpendVerdict =
  | { readonly kind: "interior" }
  | { readonly kind: "homogeneous-spend"; readonly meanSpend: number }
  | { readonly kind: "boundary" };

/**
 * A fit's report as data (words are written from it in lib/sections): convergence, estimates
 * with standard errors and 95% intervals, the log-likelihood, parameters at a limit, and the
 * verdict. JSON-ready: every number is finite (`null` where a value does not exist).
 */
export interface FitReportBase {
  readonly model: ModelName;
  /** Customers (sum of weights) the model was fitted to. */
  readonly customers: number;
  /** Distinct summary rows after compressing identical ones. */
  readonly distinctRows: number;
  /** lifetimes-compatible L2 penalizer coefficient. */
  readonly penalizer: number;
  /** Estimates in the data's units (time unit; money for Gamma-Gamma's v). */
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  /** 95% Wald intervals on the log scale (always positive). */
  readonly ci95: {
    readonly lower: Readonly<Record<string, number>>;
    readonly upper: Readonly<Record<string, number>>;
  } | null;
  /** `"available"`; `"hessian-not-positive-definite"`; `"not-identified"` (the log-scale
   * intervals reach 0 or infinity); `"not-computed"` (`standardErrors: false`). */
  readonly standardErrorStatus:
    | "available"
    | "hessian-not-positive-definite"
    | "not-identified"
    | "not-computed";
  /** Σ wᵢ ln Lᵢ at the estimates (without the penalty). */
  readonly logLikelihood: number;
  readonly converged: boolean;
  /** Quasi-Newton iterations used. */
  readonly iterations: number;
  /** Largest absolute gradient component of the mean objective (log-parameters) at the end;
   * `null` when it is not finite. */
  readonly gradientNorm: number | null;
  readonly stop: StopReason;
  /** Parameters that ran to the edge of the search box. */
  readonly limits: readonly ParameterLimit[];
}

/** Report of a count-model fit. */
export interface CountFitReport extends FitReportBase {
  readonly model: CountModelName;
  /** Customers with at least one repeat purchase (dropout is seen only through them). */
  readonly repeatCustomers: number;
  readonly verdict: DropoutVerdict;
}

/** Report of a Gamma-Gamma fit. */
export interface SpendFitReport extends FitReportBase {
  readonly model: "gamma_gamma";
  readonly verdict: SpendVerdict;
  /** Population mean spend p·v/(q − 1), or null when q ≤ 1 (infinite). */
  readonly populationMean: number | null;
  /** The power of two money was divided by during the fit (1 for typical currencies; see
   * `fitGammaGamma`). */
  readonly moneyScale: number;
}

/** Any fit report. */
export type FitReport = CountFitReport | SpendFitReport;

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
  /** Number of customers (sum of weights) used in the fit. */
  readonly n: number;
  /** Number of distinct rows after compressing identical summaries. */
  readonly distinctRows: number;
  /** lifetimes-compatible L2 penalizer coefficient. */
  readonly penalizer: number;
}

/** Result of `fitBgNbd`. */
export interface BgNbdFit extends FitResultBase<BgNbdParams> {
  readonly model: "bg_nbd";
  readonly report: CountFitReport;
}

/** Result of `fitMbgNbd`. */
export interface MbgNbdFit extends FitResultBase<BgNbdParams> {
  readonly model: "mbg_nbd";
  readonly report: CountFitReport;
}

/** Result of `fitParetoNbd`. */
export interface ParetoNbdFit extends FitResultBase<ParetoNbdParams> {
  readonly model: "pareto_nbd";
  readonly report: CountFitReport;
}

/** A fitted count model of any kind. */
export type CountModelFit = BgNbdFit | MbgNbdFit | ParetoNbdFit;

/** Result of `fitGammaGamma`. */
export interface GammaGammaFit extends FitResultBase<GammaGammaParams> {
  readonly model: "gamma_gamma";
  readonly report: SpendFitReport;
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
  /** Count models only: test dropout against the no-dropout NBD model (and, when that is
   * not rejected, against heavy dropout) for the report's verdict. @default {true} */
  noDropoutCheck?: boolean;
}
