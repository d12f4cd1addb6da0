/**
 * Deterministic quasi-Newton minimiser (private): BFGS with a backtracking/expanding
 * Wolfe line search and simple box bounds on the variables (the log-parameters), so a
 * likelihood whose optimum lies at a boundary (a → 0, b → ∞) stops at the box instead
 * of running away or producing NaN.
 *
 * @module
 */

/** Objective: value and gradient at x (gradient written into `grad`). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options for {@linkcode minimizeBfgs}. */
export interface BfgsOptions {
  /** Stop when the projected gradient's largest component is below this. @default {1e-8} */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f stays below this for 3 iterations. @default {1e-14} */
  functionTolerance?: number;
  /** Iteration cap. @default {500} */
  maxIterations?: number;
  /** Lower bound of every variable. @default {-30} */
  lower?: number;
  /** Upper bound of every variable. @default {30} */
  upper?: number;
}

/** Result of {@linkcode minimizeBfgs}. */
export interface BfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  /** Largest component of the projected gradient at `x`. */
  readonly gradientNorm: number;
  readonly converged: boolean;
  readonly reason: "gradient" | "function" | "max-iterations" | "line-search" | "non-finite-start";
  /** Indices of variables that ended on a bound. */
  readonly atBound: readonly number[];
}

function projectedNorm(x: Float64Array, g: Float64Array, lo: number, hi: number): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    if ((x[i]! <= lo && gi > 0) || (x[i]! >= hi && gi < 0)) continue;
    m = Math.max(m, Math.abs(gi));
  }
  return m;
}

/** Minimises `f` from `x0` by BFGS on the box [lower, upper]ⁿ. Never throws on NaN: a
 * non-finite trial value is treated as +∞ and the step is shortened. */
export function minimizeBfgs(
  f: Objective,
  x0: ArrayLike<number>,
  options: BfgsOptions = {},
): BfgsResult {
  const {
    gradientTolerance = 1e-8,
    functionTolerance = 1e-14,
    maxIterations = 500,
    lower = -30,
    upper = 30,
  } = options;
  const n = x0.length;
  const clamp = (v: number): number => Math.min(upper, Math.max(lower, v));
  let x = Float64Array.from(x0, clamp);
  let g = new Float64Array(n);
  let evaluations = 1;
  let fx = f(x, g);
  if (!Number.isFinite(fx)) {
    return result(x, fx, g, 0, evaluations, Infinity, false, "non-finite-start");
  }
  const H = identity(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let smallSteps = 0;
  let iteration = 0;
  let reason: BfgsResult["reason"] = "max-iterations";
  for (; iteration < maxIterations; iteration++) {
    const gnorm = projectedNorm(x, g, lower, upper);
    if (gnorm < gradientTolerance) {
      reason = "gradient";
      break;
    }
    // Direction d = −H g, with components pushing out of the box removed.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j]! * g[j]!;
      if ((x[i]! <= lower && s < 0) || (x[i]! >= upper && s > 0)) s = 0;
      d[i] = s;
      slope += s * g[i]!;
    }
    if (!(slope < 0)) {
      resetIdentity(H, n);
      slope = 0;
      for (let i = 0; i < n; i++) {
        const s = (x[i]! <= lower && g[i]! > 0) || (x[i]! >= upper && g[i]! < 0) ? 0 : -g[i]!;
        d[i] = s;
        slope += s * g[i]!;
      }
      if (!(slope < 0)) {
        reason = "gradient";
        break;
      }
    }
    // Keep the first trial step modest in log-parameter space.
    let maxD = 0;
    for (let i = 0; i < n; i++) maxD = Math.max(maxD, Math.abs(d[i]!));
    let step = maxD > 5 ? 5 / maxD : 1;
    // Weak Wolfe search: backtrack on Armijo failure, expand while the slope is steep.
    let fNew = Infinity;
    let accepted = false;
    let lo = 0;
    let hi = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = clamp(x[i]! + step * d[i]!);
      fNew = f(xNew, gNew);
      evaluations++;
      if (!Number.isFinite(fNew) || fNew > fx + 1e-4 * step * slope) {
        hi = step;
        step = (lo + hi) / 2;
        if (hi < 1e-20) break;
        continue;
      }
      let newSlope = 0;
      for (let i = 0; i < n; i++) newSlope += gNew[i]! * d[i]!;
      if (newSlope < 0.9 * slope && hi === Infinity && ls < 30) {
        lo = step;
        step *= 2;
        continue;
      }
      accepted = true;
      break;
    }
    if (!accepted) {
      if (Number.isFinite(fNew) && fNew <= fx) {
        accepted = true;
      } else {
        reason = "line-search";
        break;
      }
    }
    // BFGS update of the inverse Hessian.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iteration === 0) {
        const scale = sy / dot(y, y);
        resetIdentity(H, n, scale);
      }
      bfgsUpdate(H, s, y, sy, n);
    }
    const decrease = fx - fNew;
    x = Float64Array.from(xNew);
    const tmp = g;
    g = gNew;
    gNew = tmp;
    fx = fNew;
    smallSteps = decrease <= functionTolerance * (Math.abs(fx) + 1e-300) ? smallSteps + 1 : 0;
    if (smallSteps >= 3) {
      iteration++;
      reason = "function";
      break;
    }
  }
  const gnorm = projectedNorm(x, g, lower, upper);
  if (gnorm < gradientTolerance) reason = "gradient";
  const converged = reason === "gradient" ||
    (reason === "function" && gnorm < 1e3 * gradientTolerance);
  return result(x, fx, g, iteration, evaluations, gnorm, converged, reason, lower, upper);
}

function result(
  x: Float64Array,
  value: number,
  gradient: Float64Array,
  iterations: number,
  evaluations: number,
  gradientNorm: number,
  converged: boolean,
  reason: BfgsResult["reason"],
  lower = -Infinity,
  upper = Infinity,
): BfgsResult {
  const atBound: number[] = [];
  x.forEach((v, i) => {
    if (v <= lower || v >= upper) atBound.push(i);
  });
  return { x, value, gradient, iterations, evaluations, gradientNorm, converged, reason, atBound };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function identity(n: number): Float64Array {
  const H = new Float64Array(n * n);
  resetIdentity(H, n);
  return H;
}

function resetIdentity(H: Float64Array, n: number, scale = 1): void {
  H.fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = scale;
}

function bfgsUpdate(
  H: Float64Array,
  s: Float64Array,
  y: Float64Array,
  sy: number,
  n: number,
): void {
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
    Hy[i] = v;
  }
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] = H[i * n + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) +
        (rho * rho * yHy + rho) * s[i]! * s[j]!;
    }
  }
}
