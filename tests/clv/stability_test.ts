/**
 * Numerical stability far outside the fitted ranges: every prediction finite, P(alive) in
 * [0, 1], E[Y(t)] non-decreasing in t, over parameters spread log-uniformly across 10–13
 * orders of magnitude and frequencies up to 5,000 (fast-check, fixed seeds); and agreement of
 * the alternative evaluation routes where more than one applies.
 */
import fc from "fast-check";
import {
  aliveExpectationConcentrated,
  aliveExpectationQuadrature,
  bgConditional1,
  bgExpected1,
  bgLogLikelihood1,
  bgProbabilityAlive1,
} from "../../lib/clv/_bg_core.ts";
import {
  paretoConditional1,
  paretoExpected1,
  paretoLogLikelihood1,
  paretoProbabilityAlive1,
} from "../../lib/clv/_pareto_core.ts";
import { expectationBracket, expectationBracketDirect } from "../../lib/clv/_special.ts";
import { assertRelClose } from "./_data.ts";

const logUniform = (lo: number, hi: number) =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(Math.exp);
const customer = fc.tuple(
  fc.integer({ min: 0, max: 5000 }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  logUniform(1e-3, 1e4),
).map(([x, u, T]) => ({ x, tx: x === 0 ? 0 : u * T, T }));
const HORIZONS = [0.01, 1, 10, 1000];

function monotoneFinite(values: number[]): boolean {
  return values.every((v, i) =>
    Number.isFinite(v) && v >= 0 && (i === 0 || v >= values[i - 1]! * (1 - 1e-9) - 1e-12)
  );
}

/** A count model's pointwise functions at one parameter point. */
interface Pointwise {
  conditional(x: number, tx: number, T: number, t: number): number;
  expected(t: number): number;
  alive(x: number, tx: number, T: number): number;
  logLikelihood(x: number, tx: number, T: number): number;
}

/** The stability property of one model over a wide parameter space. */
function assertStable<P>(
  params: fc.Arbitrary<P>,
  model: (p: P) => Pointwise,
  seed: number,
): void {
  fc.assert(
    fc.property(params, customer, (p, c) => {
      const m = model(p);
      const alive = m.alive(c.x, c.tx, c.T);
      return monotoneFinite(HORIZONS.map((t) => m.conditional(c.x, c.tx, c.T, t))) &&
        monotoneFinite(HORIZONS.map((t) => m.expected(t))) && alive >= 0 && alive <= 1 &&
        Number.isFinite(m.logLikelihood(c.x, c.tx, c.T));
    }),
    { seed, numRuns: 1000 },
  );
}

const bgParams = fc.record({
  r: logUniform(1e-4, 1e6),
  alpha: logUniform(1e-4, 1e8),
  a: logUniform(1e-4, 1e9),
  b: logUniform(1e-4, 1e9),
});

for (const modified of [false, true]) {
  Deno.test(`${modified ? "MBG/NBD" : "BG/NBD"}: finite, P(alive) in [0, 1], E[Y] non-decreasing for r, α, a, b in [1e-4, 1e9] (property)`, () => {
    assertStable(bgParams, (p) => ({
      conditional: (x, tx, T, t) => bgConditional1(p, x, tx, T, t, modified),
      expected: (t) => bgExpected1(p, t, modified),
      alive: (x, tx, T) => bgProbabilityAlive1(p, x, tx, T, modified),
      logLikelihood: (x, tx, T) => bgLogLikelihood1(p, x, tx, T, modified),
    }), modified ? 20240612 : 20240611);
  });
}

Deno.test("Pareto/NBD: finite, P(alive) in [0, 1], E[Y] non-decreasing for r, α, s, β in [1e-4, 1e8] (property)", () => {
  const params = fc.record({
    r: logUniform(1e-4, 1e6),
    alpha: logUniform(1e-4, 1e8),
    s: logUniform(1e-4, 1e6),
    beta: logUniform(1e-4, 1e8),
  });
  assertStable(params, (p) => ({
    conditional: (x, tx, T, t) => paretoConditional1(p, x, tx, T, t),
    expected: (t) => paretoExpected1(p, t),
    alive: (x, tx, T) => paretoProbabilityAlive1(p, x, tx, T),
    logLikelihood: (x, tx, T) => paretoLogLikelihood1(p, x, tx, T),
  }), 20240613);
});

Deno.test("E[purchases | alive]: Euler series, direct series, p-integral and concentrated expansion agree", () => {
  // [a, b, r, x, α, T, t] where the Euler form is well conditioned (A = c − r − x ≥ −1 or small z).
  const cases = [
    [0.79, 2.43, 0.24, 2, 4.4, 38.9, 39],
    [2.5, 4, 1.3, 0, 2, 0, 10],
    [3, 1, 5, 7, 3, 20, 4],
    [0.3, 0.5, 2, 0, 2, 0, 5],
    [1, 2, 3, 5, 5, 30, 12],
  ] as const;
  for (const [a, b, r, x, alpha, T, t] of cases) {
    const c = a + b + x - 1, z = t / (alpha + T + t), L = -Math.log1p(t / (alpha + T));
    const euler = expectationBracket(c, c - r - x, a, z, L);
    assertRelClose(
      aliveExpectationQuadrature(r + x, alpha + T, t, a, b + x),
      euler,
      1e-12,
      "integral",
    );
    if (c > 0) assertRelClose(expectationBracketDirect(c, r + x, a, z, L), euler, 1e-11, "direct");
  }
  // Where Euler's alternating terms cancel (r ≫ a + b), direct series and integral agree.
  const cancelling = [[1.5, 3, 200, 20, 1, 2, 30], [1, 1, 50, 3, 1, 1, 10]] as const;
  for (const [a, b, r, x, alpha, T, t] of cancelling) {
    const c = a + b + x - 1, z = t / (alpha + T + t), L = -Math.log1p(t / (alpha + T));
    assertRelClose(
      expectationBracketDirect(c, r + x, a, z, L),
      aliveExpectationQuadrature(r + x, alpha + T, t, a, b + x),
      1e-12,
    );
  }
  // Concentrated Beta (a, b → ∞ together): the expansion matches the series at a = 1e5.
  for (const [x, T, t] of [[0, 30, 1], [3, 30, 10], [200, 40, 52]] as const) {
    const a = 1e5, b = 1e6, r = 0.8, alpha = 5;
    const c = a + b + x - 1, z = t / (alpha + T + t), L = -Math.log1p(t / (alpha + T));
    assertRelClose(
      aliveExpectationConcentrated(r + x, alpha + T, t, a, b + x),
      expectationBracket(c, c - r - x, a, z, L),
      1e-9,
    );
  }
});
