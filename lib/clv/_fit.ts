/**
 * Generic maximum-likelihood driver (private): lifetimes-compatible objective (weighted
 * mean NLL + penalizer·Σθ² in rescaled units), BFGS on log-parameters, Hessian-based
 * standard errors, parameters at a limit, and the common part of the fit report as data.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { inverseSpd } from "./_linalg.ts";
import { minimizeBfgs } from "./_optimize.ts";
import type {
  FitOptions,
  FitReportBase,
  FitResultBase,
  ModelName,
  ParameterLimit,
  StopReason,
} from "./types.ts";

/** Total weighted log-likelihood and its gradient in natural parameters, for data whose
 * times were multiplied by `scale`. */
export type LogLikSum = (params: Float64Array, grad: Float64Array) => number;

/** What a model tells the driver. */
export interface ModelSpec {
  readonly label: string;
  readonly names: readonly string[];
  /** Indices of parameters measured in the data's units (time, or money for Gamma-Gamma's v):
   * fitted on data multiplied by `scale`, divided by it afterwards. */
  readonly scaledParams: readonly number[];
  readonly defaults: readonly number[];
  /** Objective on data scaled by `scale`. */
  readonly logLik: (scale: number) => LogLikSum;
  readonly totalWeight: number;
  readonly distinctRows: number;
  /** Step (log-parameters) of the finite-difference Hessian. @default {1e-5} */
  readonly hessianStep?: number;
  /** Unit scale of the data during the fit (1/max T for the count models, as lifetimes; a
   * power of two for Gamma-Gamma's money). */
  readonly scale: number;
}

/** What {@linkcode fitModel} returns: the fit result and the facts of its report. */
export interface FitCore<P> extends FitResultBase<P> {
  readonly stop: StopReason;
  readonly limits: readonly ParameterLimit[];
  readonly standardErrorStatus: FitReportBase["standardErrorStatus"];
}

const LOG_BOUND = 30;
/** |ln θ| beyond this (θ < 1e-6 or θ > 1e6 in rescaled time) counts as a boundary. */
const LOG_EDGE = Math.log(1e6);

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a finite number ≥ 0: current value is "${value}"`,
    );
  }
  return value;
}

/** Fits the model described by `spec`. Never throws on optimiser trouble: it reports it. */
export function fitModel<P>(spec: ModelSpec, options: FitOptions): FitCore<P> {
  const penalizer = nonNegative("penalizer", options.penalizer ?? 0);
  const maxIterations = nonNegative("maxIterations", options.maxIterations ?? 500);
  const tolerance = nonNegative("tolerance", options.tolerance ?? 1e-8);
  const k = spec.names.length;
  const { scale, totalWeight: W } = spec;
  const ll = spec.logLik(scale);
  const start = spec.names.map((name, i) => {
    const v = options.initial?.[name] ?? spec.defaults[i]!;
    if (!(v > 0)) {
      throw new OptionError(
        "initial",
        `Cannot read options: initial ${name} must be > 0: current value is "${v}"`,
      );
    }
    return Math.log(
      spec.scaledParams.includes(i) && options.initial?.[name] !== undefined ? v * scale : v,
    );
  });
  const p = new Float64Array(k);
  const gp = new Float64Array(k);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    for (let i = 0; i < k; i++) p[i] = Math.exp(theta[i]!);
    const value = ll(p, gp);
    let penalty = 0;
    for (let i = 0; i < k; i++) {
      penalty += p[i]! * p[i]!;
      grad[i] = (-gp[i]! / W + 2 * penalizer * p[i]!) * p[i]!;
    }
    const f = -value / W + penalizer * penalty;
    return Number.isFinite(f) ? f : Infinity;
  };
  const opt = minimizeBfgs(objective, start, {
    gradientTolerance: tolerance,
    maxIterations,
    lower: -LOG_BOUND,
    upper: LOG_BOUND,
  });
  const theta = opt.x;
  const natural = (th: ArrayLike<number>): Record<string, number> => {
    const out: Record<string, number> = {};
    spec.names.forEach((name, i) => {
      out[name] = Math.exp(th[i]!) / (spec.scaledParams.includes(i) ? scale : 1);
    });
    return out;
  };
  const params = natural(theta);
  const pOrig = Float64Array.from(spec.names, (name) => params[name]!);
  const logLikelihood = spec.logLik(1)(pOrig, new Float64Array(k));

  const limits: ParameterLimit[] = [];
  theta.forEach((v, i) => {
    if (v <= -LOG_EDGE) limits.push({ parameter: spec.names[i]!, limit: "zero" });
    if (v >= LOG_EDGE) limits.push({ parameter: spec.names[i]!, limit: "infinity" });
  });

  let standardErrors: Record<string, number> | null = null;
  let intervals95: { lower: Record<string, number>; upper: Record<string, number> } | null = null;
  let covariance: Float64Array | null = null;
  let standardErrorStatus: FitCore<P>["standardErrorStatus"] = "not-computed";
  if (options.standardErrors !== false) {
    const H = hessianLog(objective, theta, W, spec.hessianStep ?? 1e-5);
    const cov = H === null ? null : inverseSpd(H, k);
    // Log-scale intervals need finite bounds: at a boundary the variance of ln θ can be so
    // large that exp(ln θ ± 1.96·se) over- or underflows; then there are no usable SEs.
    const finiteBounds = cov !== null && spec.names.every((_, i) => {
      const h = 1.96 * Math.sqrt(cov[i * k + i]!);
      return Number.isFinite(Math.exp(theta[i]! + h)) && Math.exp(theta[i]! - h) > 0;
    });
    if (cov !== null && cov.every(Number.isFinite) && finiteBounds) {
      standardErrors = {};
      const lower: Record<string, number> = {};
      const upper: Record<string, number> = {};
      spec.names.forEach((name, i) => {
        const seLog = Math.sqrt(cov[i * k + i]!);
        standardErrors![name] = params[name]! * seLog;
        lower[name] = params[name]! * Math.exp(-1.96 * seLog);
        upper[name] = params[name]! * Math.exp(1.96 * seLog);
      });
      intervals95 = { lower, upper };
      covariance = cov;
      standardErrorStatus = "available";
    } else {
      standardErrorStatus = cov === null ? "hessian-not-positive-definite" : "not-identified";
    }
  }

  return Object.freeze({
    params: Object.freeze(params) as P,
    standardErrors: standardErrors ? Object.freeze(standardErrors) as P : null,
    intervals95: intervals95
      ? Object.freeze({
        lower: Object.freeze(intervals95.lower) as P,
        upper: Object.freeze(intervals95.upper) as P,
      })
      : null,
    covariance,
    logLikelihood,
    iterations: opt.iterations,
    gradientNorm: opt.gradientNorm,
    converged: opt.converged,
    n: W,
    distinctRows: spec.distinctRows,
    penalizer,
    stop: opt.reason,
    limits: Object.freeze(limits),
    standardErrorStatus,
  });
}

/** A JSON-ready record: a copy with only finite values, or null when one is not finite. */
export function finiteRecord(r: object | null): Record<string, number> | null {
  if (r === null) return null;
  const entries = Object.entries(r as Record<string, number>);
  return entries.every(([, v]) => Number.isFinite(v)) ? Object.fromEntries(entries) : null;
}

/** The common, JSON-ready part of a fit report (everything finite or null). */
export function reportBase(model: ModelName, core: FitCore<object>): FitReportBase {
  const standardErrors = finiteRecord(core.standardErrors);
  const lower = finiteRecord(core.intervals95?.lower ?? null);
  const upper = finiteRecord(core.intervals95?.upper ?? null);
  return {
    model,
    customers: core.n,
    distinctRows: core.distinctRows,
    penalizer: core.penalizer,
    params: finiteRecord(core.params) ?? {},
    standardErrors,
    ci95: standardErrors && lower && upper ? { lower, upper } : null,
    standardErrorStatus: core.standardErrorStatus,
    logLikelihood: core.logLikelihood,
    converged: core.converged,
    iterations: core.iterations,
    gradientNorm: Number.isFinite(core.gradientNorm) ? core.gradientNorm : null,
    stop: core.stop,
    limits: core.limits,
  };
}

/** Freezes a fit: the core's result fields, the model name and its report (the report's
 * facts live in the report only). */
export function freezeFit<F>(
  model: string,
  core: FitCore<object>,
  report: object,
): F {
  const { stop: _s, limits: _l, standardErrorStatus: _e, ...result } = core;
  return Object.freeze({ model, ...result, report: deepFreeze(report) }) as F;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Hessian of W·objective in log-parameters by central differences of the analytic gradient. */
function hessianLog(
  objective: (theta: Float64Array, grad: Float64Array) => number,
  theta: Float64Array,
  W: number,
  h: number,
): Float64Array | null {
  const k = theta.length;
  const H = new Float64Array(k * k);
  const gPlus = new Float64Array(k);
  const gMinus = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[j] = tp[j]! + h;
    tm[j] = tm[j]! - h;
    const fp = objective(tp, gPlus);
    const fm = objective(tm, gMinus);
    if (!Number.isFinite(fp) || !Number.isFinite(fm)) return null;
    for (let i = 0; i < k; i++) H[i * k + j] = (W * (gPlus[i]! - gMinus[i]!)) / (2 * h);
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const m = (H[i * k + j]! + H[j * k + i]!) / 2;
      H[i * k + j] = m;
      H[j * k + i] = m;
    }
  }
  return H;
}
