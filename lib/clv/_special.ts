/**
 * Special functions for the customer-base models (private): log-gamma, digamma,
 * log-sum-exp helpers and the hypergeometric series in the transformed forms of
 * `docs/models.md` §2.3.
 *
 * @module
 */

const HALF_LN_2PI = 0.9189385332046727;

/**
 * ln Γ(x) for x > 0: shifted upward to x ≥ 10, then Stirling's series (error < 1e-16
 * relative to ln Γ there).
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  if (x < 10) {
    let product = 1;
    while (x < 10) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv *
    (1 / 12 -
      inv2 *
        (1 / 360 -
          inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (recurrence to x ≥ 10, then the asymptotic series). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x -
    inv2 *
      (1 / 12 -
        inv2 *
          (1 / 120 -
            inv2 *
              (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

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

/** Iteration cap of the continued fraction of {@linkcode betaRegularized}. */
const BETA_CF_MAX = 100_000;

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) for a, b > 0 and
 * 0 ≤ x ≤ 1: the continued fraction of DLMF 8.17.22 by the modified Lentz method, on the side
 * of the mean a/(a + b) where it converges fast (I_x(a, b) = 1 − I_{1−x}(b, a) otherwise;
 * Numerical Recipes §6.4). It needs O(√max(a, b)) terms. `lnB` = ln B(a, b) may be passed
 * when it is known.
 */
export function betaRegularized(
  x: number,
  a: number,
  b: number,
  lnB: number = lnBeta(a, b),
): number {
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  return betaRegularizedFront(x, a, b, Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lnB));
}

/**
 * {@linkcode betaRegularized} given its front factor xᵃ(1 − x)ᵇ/B(a, b) (which is also x(1 − x)
 * times the Beta density at x), for callers that need both; 0 < x < 1.
 */
export function betaRegularizedFront(x: number, a: number, b: number, front: number): number {
  const lower = x < (a + 1) / (a + b + 2);
  // Far in a tail the front factor underflows: the value is 0 or 1 to double precision.
  if (front === 0) return lower ? 0 : 1;
  if (lower) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= BETA_CF_MAX; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
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
