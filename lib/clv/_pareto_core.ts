/**
 * Pointwise Pareto/NBD mathematics (private), in log space with the transformed
 * hypergeometric series of models.md §2.3–2.4.
 *
 * @module
 */
import { expm1OverX, lnGamma, lnHyp2f1APlus1, log1mExp, logAddExp, logistic } from "./_special.ts";
import type { ParetoNbdParams } from "./types.ts";

/** ln A₀ (Hardie note 009, eqs. 19–20); −∞ when t_x = T. */
export function paretoLnA0(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const rsf = r + s + x;
  const big = Math.max(alpha, beta);
  const second = alpha >= beta ? s + 1 : r + x;
  const diff = Math.abs(alpha - beta);
  const l1 = lnHyp2f1APlus1(rsf, second, diff / (big + tx)) - rsf * Math.log(big + tx);
  const l2 = lnHyp2f1APlus1(rsf, second, diff / (big + T)) - rsf * Math.log(big + T);
  if (!(l2 < l1)) return -Infinity;
  return l1 + log1mExp(l2 - l1);
}

/** ln L for one customer (note 009 eq. 18). */
export function paretoLogLikelihood1(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const head = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const second = Math.log(s) - Math.log(r + s + x) + paretoLnA0(p, x, tx, T);
  return head + logAddExp(first, second);
}

/** P(alive | x, t_x, T) as a logistic of the log-odds. */
export function paretoProbabilityAlive1(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  const lnA0 = paretoLnA0(p, x, tx, T);
  if (lnA0 === -Infinity) return 1;
  const logOdds = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) + lnA0;
  return logistic(-logOdds);
}

/** E[Y(t) | x, t_x, T]; the (s − 1) singularity is removed with expm1(u)/u. */
export function paretoConditional1(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const L = -Math.log1p(t / (beta + T));
  const bracket = -L * expm1OverX((s - 1) * L);
  return ((r + x) * (beta + T)) / (alpha + T) * bracket * paretoProbabilityAlive1(p, x, tx, T);
}

/** E[X(t)] for a new customer. */
export function paretoExpected1(p: ParetoNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const L = -Math.log1p(t / beta);
  return ((r * beta) / alpha) * -L * expm1OverX((s - 1) * L);
}
