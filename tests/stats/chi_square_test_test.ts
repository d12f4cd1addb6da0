import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { chiSquareTest } from "../../lib/stats/mod.ts";
import { assertClose } from "./_assert.ts";

Deno.test("chiSquareTest() reproduces Agresti's party-by-gender table (R chisq.test example)", () => {
  // Agresti (2007), An Introduction to Categorical Data Analysis, p. 39; R's ?chisq.test:
  // X-squared = 30.07, df = 2, p-value = 2.954e-07.
  const t = chiSquareTest([[762, 327, 468], [484, 239, 477]]);
  assertClose(t.statistic, 30.07, 0.005);
  equal(t.df, 2);
  assertClose(t.p, 2.954e-7, 0.0005e-7);
  equal(t.n, 2757);
  // Expected count of female Democrats: 1557 * 1246 / 2757 (by hand).
  assertClose(t.expected[0]![0]!, 1557 * 1246 / 2757, 1e-9);
  equal(t.smallExpected, false);
});

Deno.test("chiSquareTest() on a hand-computed 2 x 2 table", () => {
  // [[10, 20], [30, 40]]: n = 100, row totals 30/70, column totals 40/60.
  // E = [[12, 18], [28, 42]]; X² = 4/12 + 4/18 + 4/28 + 4/42 = 0.79365...
  const t = chiSquareTest([[10, 20], [30, 40]]);
  const x2 = 4 / 12 + 4 / 18 + 4 / 28 + 4 / 42;
  assertClose(t.statistic, x2, 1e-12);
  equal(t.df, 1);
  // df 1: P(X² > x) = erfc(sqrt(x / 2)); x = 0.793651 gives 0.37300 (tables of the normal: 2·(1 - Φ(0.89087))).
  assertClose(t.p, 0.3730, 5e-4);
  deepStrictEqual(t.expected, [[12, 18], [28, 42]]);
});

Deno.test("chiSquareTest() gives X² 0 and p 1 for proportional rows (df 3)", () => {
  const t = chiSquareTest([[10, 20, 30, 40], [20, 40, 60, 80]]);
  equal(t.statistic, 0);
  equal(t.p, 1);
  equal(t.df, 3);
});

Deno.test("chiSquareTest() drops empty rows and columns and flags small expected counts", () => {
  const t = chiSquareTest([[3, 0, 1], [0, 0, 0], [1, 0, 4]]);
  deepStrictEqual(t.rowsKept, [0, 2]);
  deepStrictEqual(t.columnsKept, [0, 2]);
  equal(t.df, 1);
  equal(t.smallExpected, true);
  equal(t.smallExpectedShare, 1);
  const one = chiSquareTest([[5, 6]]);
  equal(one.df, 0);
  equal(Number.isNaN(one.p), true);
});

Deno.test("chiSquareTest() refuses ragged tables and negative counts", () => {
  throws(() => chiSquareTest([[1, 2], [3]]), /rows have different lengths/);
  throws(() => chiSquareTest([[1, -2]]), /current value is -2/);
});
