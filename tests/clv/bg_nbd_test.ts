import { equal, ok } from "node:assert/strict";
import fc from "fast-check";
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
} from "../../lib/clv/bg_nbd.ts";
import { hyp2f1 } from "../../lib/clv/_special.ts";
import { assertClose, assertRelClose } from "./_data.ts";

/** BTYD walkthrough MLE (models.md 1.1). */
const BTYD = { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 };
/** The paper's rounded estimates. */
const PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const one = (x: number, tx: number, T: number) => ({ frequency: [x], recency: [tx], T: [T] });

Deno.test("bgNbdExpectedPurchases() agrees with eq. 9 summed by the plain Gauss series", () => {
  // Independent route: eq. 9 as printed, with the untransformed ₂F₁ (slow but exact for z < 1).
  for (
    const p of [BTYD, { r: 1.3, alpha: 2, a: 2.5, b: 4 }, { r: 0.11, alpha: 2.24, a: 0.31, b: 0.5 }]
  ) {
    for (const t of [0.5, 10, 39]) {
      const z = t / (p.alpha + t);
      const direct = ((p.a + p.b - 1) / (p.a - 1)) *
        (1 - Math.pow(p.alpha / (p.alpha + t), p.r) * hyp2f1(p.r, p.b, p.a + p.b - 1, z));
      assertRelClose(
        bgNbdExpectedPurchases(p, t),
        direct,
        1e-9,
        `E[X(${t})] at ${JSON.stringify(p)}`,
      );
    }
  }
});

Deno.test("bgNbdConditionalExpectedPurchases() handles a + b < 1 at frequency 0 (lifetimes #302)", () => {
  const [y] = bgNbdConditionalExpectedPurchases(
    { r: 0.11, alpha: 2.24, a: 0.31, b: 0.5 },
    one(0, 0, 1),
    30,
  );
  assertClose(y!, 0.5645886, 1e-7, "E[Y(30)]");
});

Deno.test("bgNbdConditionalExpectedPurchases() equals eq. 10 with the direct ₂F₁ for moderate x", () => {
  const { r, alpha, a, b } = BTYD;
  for (const [x, tx, T, t] of [[1, 5, 20, 10], [3, 30, 38, 39], [7, 12, 40, 52]] as const) {
    const z = t / (alpha + T + t);
    const num = ((a + b + x - 1) / (a - 1)) *
      (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
    const den = 1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x);
    assertRelClose(
      bgNbdConditionalExpectedPurchases(BTYD, one(x, tx, T), t)[0]!,
      num / den,
      1e-10,
      `x=${x}`,
    );
  }
});

Deno.test("bgNbdProbabilityAlive() reproduces BTYD customer 1516 and is exactly 0 at frequency 1000", () => {
  assertClose(bgNbdProbabilityAlive(BTYD, one(26, 30.85714, 31))[0]!, 0.9688523, 2e-6, "P(alive)");
  equal(bgNbdProbabilityAlive(PAPER, one(1000, 10, 100))[0], 0);
  equal(bgNbdProbabilityAlive(PAPER, one(0, 0, 1))[0], 1);
});

Deno.test("bgNbdLogLikelihood() matches PyMC-Marketing's numerically stable logp", () => {
  const ll = bgNbdLogLikelihood({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, {
    frequency: [0, 200],
    recency: [0, 38],
    T: [40, 40],
  });
  assertClose(ll[0]!, -0.59947382, 1e-7, "x=0");
  assertClose(ll[1]!, 100.7957, 1e-4, "x=200");
});

Deno.test("BG/NBD predictions stay finite at extreme inputs", () => {
  const cases = [
    [1000, 10, 100],
    [10000, 30, 31],
    [10000, 31, 31],
    [10000, 1e-3, 31],
    [5, 1e-6, 1e-6],
    [0, 0, 1e-9],
    [1, 1e-9, 1e-9],
  ] as const;
  for (
    const params of [PAPER, { ...PAPER, a: 1 }, { ...PAPER, a: 1 + 1e-12 }, {
      r: 0.11,
      alpha: 2.24,
      a: 0.31,
      b: 0.5,
    }, { r: 50, alpha: 0.01, a: 40, b: 0.02 }]
  ) {
    for (const [x, tx, T] of cases) {
      const s = one(x, tx, T);
      for (
        const v of [
          bgNbdProbabilityAlive(params, s)[0]!,
          bgNbdConditionalExpectedPurchases(params, s, 52)[0]!,
          bgNbdLogLikelihood(params, s)[0]!,
          bgNbdExpectedPurchases(params, 1e4),
        ]
      ) ok(Number.isFinite(v), `non-finite at ${JSON.stringify({ params, x, tx, T })}: ${v}`);
    }
  }
});

Deno.test("bgNbdExpectedPurchases() is continuous through a = 1", () => {
  const at1 = bgNbdExpectedPurchases({ ...BTYD, a: 1 }, 52);
  assertRelClose(bgNbdExpectedPurchases({ ...BTYD, a: 1 + 1e-7 }, 52), at1, 1e-6);
  assertRelClose(bgNbdExpectedPurchases({ ...BTYD, a: 1 - 1e-7 }, 52), at1, 1e-6);
});

const paramsArb = fc.record({
  r: fc.double({ min: 0.01, max: 20, noNaN: true }),
  alpha: fc.double({ min: 0.01, max: 100, noNaN: true }),
  a: fc.double({ min: 0.01, max: 20, noNaN: true }),
  b: fc.double({ min: 0.01, max: 20, noNaN: true }),
});
const customerArb = fc.tuple(
  fc.integer({ min: 0, max: 3000 }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0.01, max: 500, noNaN: true }),
).map(([x, u, T]) => ({ x, tx: x === 0 ? 0 : u * T, T }));

Deno.test("bgNbdProbabilityAlive() lies in [0, 1] and is 1 at frequency 0 (property)", () => {
  fc.assert(
    fc.property(paramsArb, customerArb, (p, c) => {
      const v = bgNbdProbabilityAlive(p, one(c.x, c.tx, c.T))[0]!;
      return v >= 0 && v <= 1 && (c.x > 0 || v === 1);
    }),
    { seed: 20240601, numRuns: 500 },
  );
});

Deno.test("bgNbdConditionalExpectedPurchases() is finite and non-decreasing in t (property)", () => {
  fc.assert(
    fc.property(paramsArb, customerArb, (p, c) => {
      const s = one(c.x, c.tx, c.T);
      let previous = 0;
      for (const t of [0.5, 1, 5, 20, 100]) {
        const y = bgNbdConditionalExpectedPurchases(p, s, t)[0]!;
        if (!Number.isFinite(y) || y < previous * (1 - 1e-9) - 1e-12) return false;
        previous = y;
      }
      return Number.isFinite(bgNbdLogLikelihood(p, s)[0]!);
    }),
    { seed: 20240602, numRuns: 300 },
  );
});

Deno.test("BG/NBD expectations stay exact and finite when a and b grow together (homogeneous dropout)", () => {
  // Above a = 1e5 the expectation switches from the Euler series to the concentrated-Beta
  // expansion; both sides of the switch agree, and huge a, b (where the series would need
  // millions of terms and overflow) give the fixed-p limit (1/p)(1 − ((α+T)/(α+T+p·t))^(r+x)).
  const cases = [[0, 0, 30, 1], [3, 20, 30, 10], [11, 4.7, 17.3, 1], [200, 38, 40, 52]] as const;
  for (const [x, tx, T, t] of cases) {
    const below = { r: 0.8, alpha: 5, a: 1e5 * (1 - 1e-9), b: 1e6 };
    const above = { r: 0.8, alpha: 5, a: 1e5 * (1 + 1e-9), b: 1e6 };
    assertRelClose(
      bgNbdConditionalExpectedPurchases(above, one(x, tx, T), t)[0]!,
      bgNbdConditionalExpectedPurchases(below, one(x, tx, T), t)[0]!,
      1e-8,
      `x=${x} across the switch`,
    );
    const huge = { r: 18.19, alpha: 15.06, a: 4.4667e9, b: 5.2795e10 };
    const p = huge.a / (huge.a + huge.b + x);
    const limit = -Math.expm1(-(huge.r + x) * Math.log1p((p * t) / (huge.alpha + T))) / p;
    const ey = bgNbdConditionalExpectedPurchases(huge, one(x, tx, T), t)[0]!;
    const alive = bgNbdProbabilityAlive(huge, one(x, tx, T))[0]!;
    assertRelClose(ey, limit * alive, 1e-9, `x=${x} fixed-p limit`);
  }
  assertRelClose(
    bgNbdExpectedPurchases({ r: 0.8, alpha: 5, a: 1e5 * (1 + 1e-9), b: 1e6 }, 39),
    bgNbdExpectedPurchases({ r: 0.8, alpha: 5, a: 1e5 * (1 - 1e-9), b: 1e6 }, 39),
    1e-8,
  );
});
