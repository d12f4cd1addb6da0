/**
 * Conditional distributions of future purchases (private): P(Y(t) = k | x, t_x, T) for BG/NBD,
 * MBG/NBD and Pareto/NBD, each a mixture of "already gone" (Y = 0) and the model's count
 * distribution for a customer alive at T with the posterior purchase rate λ ~ Gamma(r + x, α + T).
 *
 * @module
 */
import { GL_NODES, GL_WEIGHTS } from "./_special.ts";
import { bgProbabilityAlive1 } from "./_bg_core.ts";
import { paretoProbabilityAlive1 } from "./_pareto_core.ts";
import type { BgNbdParams, ParetoNbdParams } from "./types.ts";

/** Options of the distributions. */
export interface PmfOptions {
  /** Stop once the probabilities left beyond the last count are below this. @default {1e-10} */
  tail?: number;
  /** Largest number of counts returned (bounds time and memory). @default {100000} */
  maxCount?: number;
}

/**
 * P(Y = k), k = 0, 1, …, for a customer alive at T under BG/NBD-type dropout (dropout after each
 * purchase with probability p ~ Beta(a, B)) and λ ~ Gamma(R, A): FHL 2005 eq. 8 with the
 * updated parameters. Terms are built by recurrences: NB(k) in log space (no underflow for huge
 * R), B(a, B + k)/B(a, B) and B(a + 1, B + k − 1)/B(a, B) as running products.
 */
function bgAlivePmf(
  R: number,
  A: number,
  a: number,
  B: number,
  t: number,
  options: PmfOptions,
): Float64Array {
  const { tail = 1e-10, maxCount = 100_000 } = options;
  let out = new Float64Array(32);
  let length = 0;
  const nb = negativeBinomialTerms(R, A, t);
  let head = 0; // Σ_{j<k} NB(j)
  let rho = 1; // B(a, B + k)/B(a, B)
  let rhoPrevious = 1;
  let total = 0;
  for (let k = 0; k < maxCount; k++) {
    const nbk = nb.value;
    let pk = rho * nbk;
    if (k > 0) {
      // B(a + 1, B + k − 1)/B(a, B) = B(a, B + k − 1)/B(a, B) · a/(a + B + k − 1).
      const drop = (rhoPrevious * a) / (a + B + k - 1);
      pk += drop * Math.max(0, 1 - head);
    }
    if (length === out.length) {
      const grown = new Float64Array(2 * length);
      grown.set(out);
      out = grown;
    }
    out[length++] = pk;
    total += pk;
    if (1 - total <= tail) break;
    head += nbk;
    rhoPrevious = rho;
    rho *= (B + k) / (a + B + k);
    nb.next();
  }
  return out.subarray(0, length);
}

/** Mixes "gone" (Y = 0 with probability 1 − P(alive)) into the alive distribution (in place). */
function withDeath(alive: Float64Array, pAlive: number): Float64Array {
  for (let k = 0; k < alive.length; k++) alive[k] = alive[k]! * pAlive;
  alive[0] = alive[0]! + (1 - pAlive);
  return alive;
}

/**
 * P(Y(t) = k | x, t_x, T) under BG/NBD (`modified` false) or MBG/NBD, k = 0 … K: alive at T
 * with P(alive), then λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x) (b + x + 1 for MBG/NBD,
 * which also survived the dropout chance at the first purchase), and the FHL 2005 eq. 8 process
 * from T on. Its mean is eq. 10.
 */
export function bgConditionalPmf(
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  modified: boolean,
  options: PmfOptions = {},
): Float64Array {
  if (!(t > 0)) return Float64Array.of(1);
  const alive = bgProbabilityAlive1(p, x, tx, T, modified);
  const tail = options.tail ?? 1e-10;
  if (alive <= tail) return Float64Array.of(1);
  const pmf = bgAlivePmf(p.r + x, p.alpha + T, p.a, p.b + x + (modified ? 1 : 0), t, {
    ...options,
    tail: tail / alive,
  });
  return withDeath(pmf, alive);
}

/**
 * The terms NB(k; R, A, τ) = Γ(R+k)/(Γ(R) k!) (A/(A+τ))^R (τ/(A+τ))^k for k = 0, 1, …, by the
 * ratio NB(k+1)/NB(k) = (R+k)/(k+1)·τ/(A+τ): in log space while the terms are below e^−700
 * (huge R makes NB(0) underflow), then by plain products.
 */
function negativeBinomialTerms(R: number, A: number, tau: number) {
  const q = tau / (A + tau);
  const lnQ = Math.log(q);
  let k = 0;
  let lnNb = -R * Math.log1p(tau / A);
  let linear = lnNb > -700;
  let nb = linear ? Math.exp(lnNb) : 0;
  return {
    get value(): number {
      return linear ? nb : Math.exp(lnNb);
    },
    next(): void {
      if (linear) {
        nb *= ((R + k) / (k + 1)) * q;
      } else {
        lnNb += Math.log((R + k) / (k + 1)) + lnQ;
        if (lnNb > -700) {
          linear = true;
          nb = Math.exp(lnNb);
        }
      }
      k++;
    },
  };
}

/** Adds w·NB(k; R, A, τ) to `into[k]` for every k < into.length. */
function addNegativeBinomial(
  into: Float64Array,
  R: number,
  A: number,
  tau: number,
  w: number,
): void {
  if (!(tau > 0)) {
    into[0] = into[0]! + w;
    return;
  }
  const nb = negativeBinomialTerms(R, A, tau);
  for (let k = 0; k < into.length; k++) {
    into[k] = into[k]! + w * nb.value;
    nb.next();
  }
}

/**
 * P(Y(t) = k | x, t_x, T) under Pareto/NBD: alive at T with P(alive); then λ ~ Gamma(r + x, α + T),
 * the remaining lifetime τ ~ Lomax(s, β + T) (μ ~ Gamma(s, β + T), τ | μ ~ Exp(μ)), and
 * Y ~ Poisson(λ·min(τ, t)). So P(Y = k | alive) = S·NB(k; t) + ∫₀ᵗ f(τ) NB(k; τ) dτ with
 * S = ((β+T)/(β+T+t))^s. The integral is taken over u = 1 − ((β+T)/(β+T+τ))^s (the lifetime's
 * distribution function, so the weight is uniform) by composite 16-point Gauss–Legendre, with
 * more panels for larger expected counts (each NB(k; τ) is then sharper in τ).
 */
export function paretoConditionalPmf(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
  options: PmfOptions = {},
): Float64Array {
  if (!(t > 0)) return Float64Array.of(1);
  const { tail = 1e-10, maxCount = 100_000 } = options;
  const alive = paretoProbabilityAlive1(p, x, tx, T);
  if (alive <= tail) return Float64Array.of(1);
  const R = p.r + x, A = p.alpha + T, B = p.beta + T, s = p.s;
  // Support: the NB at the full horizon dominates every shorter exposure, so its quantile at
  // 1 − tail bounds the counts needed.
  const K = Math.min(maxCount, nbQuantile(R, A, t, tail / alive, maxCount) + 1);
  const out = new Float64Array(K);
  const lnS = -s * Math.log1p(t / B);
  const S = Math.exp(lnS);
  addNegativeBinomial(out, R, A, t, S);
  const mass = -Math.expm1(lnS); // 1 − S: probability of dying within (T, T + t]
  if (mass > 0) {
    const mean = (R * t) / A;
    const panels = Math.min(64, Math.max(2, Math.ceil(Math.sqrt(mean) / 2)));
    const width = mass / panels;
    for (let j = 0; j < panels; j++) {
      const mid = (j + 0.5) * width;
      for (let g = 0; g < GL_NODES.length; g++) {
        const u = mid + 0.5 * width * GL_NODES[g]!;
        // τ(u) = B·((1 − u)^(−1/s) − 1)
        const tau = B * Math.expm1(-Math.log1p(-u) / s);
        addNegativeBinomial(out, R, A, Math.min(tau, t), 0.5 * width * GL_WEIGHTS[g]!);
      }
    }
  }
  return withDeath(out, alive);
}

/** Smallest k with P(NB(R, A, t) > k) ≤ tail (walking the pmf from 0). */
function nbQuantile(R: number, A: number, t: number, tail: number, cap: number): number {
  const nb = negativeBinomialTerms(R, A, t);
  let cum = 0;
  for (let k = 0; k < cap; k++) {
    cum += nb.value;
    if (1 - cum <= tail) return k;
    nb.next();
  }
  return cap;
}
