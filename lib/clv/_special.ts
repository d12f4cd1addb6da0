/**
 * Special functions for the customer-base models (private): log-gamma, digamma,
 * log-sum-exp helpers and the hypergeometric series in the transformed forms of
 * `docs/models.md` §2.3.
 *
 * The general special functions (ln Γ, ψ, ln B, the regularized incomplete beta) live in
 * lib/stats/special.ts, shared with the distribution functions, and are re-exported here.
 *
 * @module
 */
export {
  betaRegularized,
  betaRegularizedFront,
  digamma,
  lnBeta,
  lnGamma,
} from "../stats/special.ts";

/** ln(eᵃ + eᵇ) without overflow; accepts −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(1 − eˣ) for x ≤ 0 (Mächler's log1mexp); −∞ at x = 0. */
export function log1mExp(x: number): number {
  if (x >= 0) return -Infinity;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** expm1(u)/u, equal to 1 at u = 0 (removes the a = 1 singularity). */
export function expm1OverX(u: number): number {
  return Math.abs(u) < 1e-10 ? 1 + u / 2 : Math.expm1(u) / u;
}

/** Logistic 1/(1 + e^{−x}) without overflow. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Maximum number of series terms (bounds the time of a pathological z → 1). */
const MAX_TERMS = 2_000_000;

/**
 * Gauss series ₂F₁(a, b; c; z) for |z| < 1, summed term by term with a relative
 * stopping rule. For reference and tests; the models use the transformed forms below.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < MAX_TERMS; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && k > 2) break;
    if (term === 0 || !Number.isFinite(term)) break;
  }
  return sum;
}

/**
 * The bracket shared by BG/NBD and MBG/NBD expectations, free of the a = 1 and
 * c = 0 singularities:
 *
 *   c/(a − 1) · [1 − (1 − z)^(a−1) · ₂F₁(A, a − 1; c; z)]
 *
 * With L = ln(1 − z), u = (a − 1)L and ₂F₁ = 1 + ((a − 1)/c)·H, this equals
 * −c·L·expm1(u)/u − eᵘ·H, where H = Σ_{k≥1} (A)_k (a)_{k−1} / ((c + 1)_{k−1} k!) zᵏ.
 * The poles of H need c ≤ −1, impossible for a, b > 0. This is the Euler-transformed
 * series of FHL (2005) eqs. 9–10 (models.md §2.2): its upper parameters do not grow
 * with x, so it converges in a few terms for large frequencies.
 */
export function expectationBracket(c: number, A: number, a: number, z: number, L: number): number {
  let h = 0;
  // H can exceed the double range when a·z is large (its terms peak near k ≈ a·z) while
  // eᵘ = (1 − z)^(a−1) is tiny: H is kept as h·e^logScale.
  let logScale = 0;
  if (z > 0) {
    let term = A * z;
    h = term;
    for (let k = 1; k < MAX_TERMS; k++) {
      term *= ((A + k) * (a + k - 1)) / ((c + k) * (k + 1)) * z;
      h += term;
      if (Math.abs(term) <= 1e-16 * Math.abs(h) || term === 0 || !Number.isFinite(term)) break;
      if (Math.abs(h) > 1e250) {
        h *= 1e-250;
        term *= 1e-250;
        logScale += 250 * Math.LN10;
      }
    }
  }
  const u = (a - 1) * L;
  return -c * L * expm1OverX(u) - Math.exp(u + logScale) * h;
}

/**
 * ln ₂F₁(a, b; a + 1; z) for a, b > 0 and 0 ≤ z < 1, by Euler's transformation
 * ₂F₁(a, b; a+1; z) = (1 − z)^(1−b) ₂F₁(1, a + 1 − b; a + 1; z): the new series has
 * positive terms with ratio below z, so it never overflows (Pareto/NBD A₀, models.md §2.3).
 * Returns NaN when the series needs more than `maxTerms` terms (the caller then uses another
 * form), so that its cost is bounded.
 */
export function lnHyp2f1APlus1(
  a: number,
  b: number,
  z: number,
  maxTerms: number = MAX_TERMS,
): number {
  if (z === 0) return 0;
  const d = a + 1 - b;
  const c = a + 1;
  let term = 1;
  let sum = 1;
  let k = 0;
  for (; k < maxTerms; k++) {
    term *= ((d + k) / (c + k)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * sum || !Number.isFinite(term)) break;
  }
  if (k >= maxTerms) return NaN;
  return (1 - b) * Math.log1p(-z) + Math.log(sum);
}

/**
 * The same bracket c/(a − 1)·[1 − (1 − z)^k · ₂F₁(k, c − a + 1; c; z)] (FHL 2005 eq. 10 as
 * printed; k = r + x) without its a = 1 singularity and without cancellation. Expanding
 * (1 − z)^−k and ₂F₁ term by term gives
 *
 *   c · Σ_{n≥0} NB(n) · e_n,   NB(n) = (k)_n zⁿ (1 − z)^k / n!,   e_n = Σ_{j<n} P_j / (c + j),
 *   P_j = Π_{i<j} (1 − (a − 1)/(c + i)),
 *
 * the expected purchases before dropout when N ~ NegBin(k, z) purchases would happen without
 * it. All terms have one sign, so it is the form to use where Euler's alternates (A = c − k ≪ 0,
 * i.e. r ≫ a + b: homogeneous, fast purchase rates). NB(n) is carried with a log scale, so
 * (1 − z)^k may underflow. It needs about the NB mean k·z/(1 − z) terms.
 */
export function expectationBracketDirect(
  c: number,
  k: number,
  a: number,
  z: number,
  L: number,
): number {
  // term = NB(n)·e^−logScale; start at NB(0) = (1 − z)^k = e^{kL}.
  let logScale = k * L;
  let term = 1;
  let e = 0; // e_n
  let P = 1; // P_n
  let sum = 0;
  let previous = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    sum += term * e;
    // Stop past the mode (terms falling) once they no longer change the sum.
    if (n > 0 && term < previous && term * (e + P * 1e3) <= 1e-17 * sum) break;
    e += P / (c + n);
    P *= 1 - (a - 1) / (c + n);
    previous = term;
    term *= ((k + n) / (n + 1)) * z;
    if (term > 1e250) {
      term *= 1e-250;
      previous *= 1e-250;
      sum *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    if (!Number.isFinite(term) || !Number.isFinite(sum)) break;
  }
  return sum > 0 ? c * Math.exp(Math.log(sum) + logScale) : 0;
}

/** 16-point Gauss–Legendre nodes and weights on [−1, 1] (Newton on P₁₆, Golub–Welsch order). */
export const { nodes: GL_NODES, weights: GL_WEIGHTS } = gaussLegendre(16);

function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1, p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    nodes[i] = z;
    weights[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { nodes, weights };
}
