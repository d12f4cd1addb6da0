/**
 * Generic maximum-likelihood driver (private): lifetimes-compatible objective (weighted
 * mean NLL + penalizer·Σθ² in rescaled time), BFGS on log-parameters, Hessian-based
 * standard errors, boundary detection and the fit report.
 *
 * @module
 */
import { OptionError } from "../errors.ts";
import { inverseSpd } from "./_linalg.ts";
import { minimizeBfgs } from "./_optimize.ts";
import type { FitOptions, FitResultBase } from "./types.ts";

/** Total weighted log-likelihood and its gradient in natural parameters, for data whose
 * times were multiplied by `scale`. */
export type LogLikSum = (params: Float64Array, grad: Float64Array) => number;

/** What a model tells the driver. */
export interface ModelSpec {
  readonly label: string;
  readonly names: readonly string[];
  /** Indices of parameters measured in time units (divided by the scale afterwards). */
  readonly timeParams: readonly number[];
  readonly defaults: readonly number[];
  /** Objective on data scaled by `scale`. */
  readonly logLik: (scale: number) => LogLikSum;
  readonly totalWeight: number;
  readonly distinctRows: number;
  /** Step (log-parameters) of the finite-difference Hessian. @default {1e-5} */
  readonly hessianStep?: number;
  /** Time scale (1/max T for lifetimes compatibility; 1 for spend models). */
  readonly scale: number;
  /** Words for a boundary optimum, given parameters and those that ran to 0 or ∞. */
  readonly describeBoundary: (
    params: Readonly<Record<string, number>>,
    toZero: readonly string[],
    toInfinity: readonly string[],
  ) => string | null;
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
export function fitModel<P>(spec: ModelSpec, options: FitOptions): FitResultBase<P> {
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
      spec.timeParams.includes(i) && options.initial?.[name] !== undefined ? v * scale : v,
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
      out[name] = Math.exp(th[i]!) / (spec.timeParams.includes(i) ? scale : 1);
    });
    return out;
  };
  const params = natural(theta);
  const pOrig = Float64Array.from(spec.names, (name) => params[name]!);
  const logLikelihood = spec.logLik(1)(pOrig, new Float64Array(k));

  const toZero: string[] = [];
  const toInfinity: string[] = [];
  theta.forEach((v, i) => {
    if (v <= -LOG_EDGE) toZero.push(spec.names[i]!);
    if (v >= LOG_EDGE) toInfinity.push(spec.names[i]!);
  });
  const boundary = toZero.length + toInfinity.length > 0
    ? spec.describeBoundary(params, toZero, toInfinity)
    : null;

  let standardErrors: Record<string, number> | null = null;
  let intervals95: { lower: Record<string, number>; upper: Record<string, number> } | null = null;
  let covariance: Float64Array | null = null;
  let seNote = "";
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
    } else {
      seNote = cov === null
        ? "Standard errors are unavailable: the Hessian is not positive definite at the optimum."
        : "Standard errors are unavailable: at this optimum the log-scale 95% intervals of some parameters reach 0 or infinity (the parameters are not identified).";
    }
  }

  const fmt = (
    v: number,
  ): string => (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4 ? v.toExponential(4) : v.toFixed(4));
  const report: string[] = [
    `${spec.label} fitted to ${W} customers (${spec.distinctRows} distinct rows)${
      penalizer > 0 ? ` with penalizer ${penalizer}` : ""
    }.`,
    `Parameters: ${
      spec.names.map((n) =>
        `${n} ${fmt(params[n]!)}${standardErrors ? ` (se ${fmt(standardErrors[n]!)})` : ""}`
      ).join(", ")
    }.`,
    `Log-likelihood ${
      logLikelihood.toFixed(4)
    } after ${opt.iterations} iterations; largest gradient component ${
      opt.gradientNorm.toExponential(2)
    }.`,
    opt.converged
      ? `Converged (${
        opt.reason === "gradient" ? "gradient below tolerance" : "objective no longer decreasing"
      }).`
      : `Did not converge (${opt.reason}): try a larger penalizer or other initial values.`,
  ];
  if (boundary !== null) report.push(boundary);
  if (seNote) report.push(seNote);
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
    boundary,
    n: W,
    distinctRows: spec.distinctRows,
    penalizer,
    report: Object.freeze(report),
  });
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
