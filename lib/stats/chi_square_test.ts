import { gammaRegularizedUpper } from "./special.ts";

/** Result of {@linkcode chiSquareTest}. */
export interface ChiSquareTest {
  /** Pearson's X² statistic. */
  readonly statistic: number;
  /** Degrees of freedom, (rows - 1)(columns - 1) over the rows and columns kept. */
  readonly df: number;
  /** Upper-tail probability of `statistic` under the χ² distribution with `df` degrees of freedom. */
  readonly p: number;
  /** Total count. */
  readonly n: number;
  /** Expected counts under independence, same shape as the table kept. */
  readonly expected: readonly (readonly number[])[];
  /** Smallest expected count. */
  readonly minExpected: number;
  /** Share of cells with an expected count below 5. */
  readonly smallExpectedShare: number;
  /**
   * True when the χ² approximation is doubtful by Cochran's rule (1954): some expected
   * count below 1, or more than 20% of them below 5.
   */
  readonly smallExpected: boolean;
  /** Indexes of the rows and columns kept (rows or columns of zeros are dropped). */
  readonly rowsKept: readonly number[];
  readonly columnsKept: readonly number[];
}

/**
 * Pearson's chi-square test of independence on an r × c contingency table:
 * `X² = Σ (O - E)² / E` with `E = row total × column total / n`, compared with the χ²
 * distribution on `(r - 1)(c - 1)` degrees of freedom (no continuity correction, as
 * `scipy.stats.chi2_contingency(correction=False)` and R's `chisq.test(correct = FALSE)`).
 * Rows and columns whose total is zero carry no information and are dropped first. The
 * p-value is {@linkcode chiSquareUpperTail}.
 *
 * @param table Counts, `table[row][column]`, whole and ≥ 0, every row the same length.
 * @returns The statistic, df, p, expected counts and the small-expected-count flag. With
 *   fewer than two non-empty rows or columns, `df` is 0 and `statistic` and `p` are `NaN`.
 * @throws {RangeError} On a ragged table or a negative or non-finite count.
 *
 * @example Party identification by gender (Agresti 2007, p. 39; the example of R's `chisq.test`: X-squared = 30.07, df = 2, p-value = 2.954e-07)
 * ```ts
 * import { chiSquareTest } from "./chi_square_test.ts";
 * import { equal } from "node:assert/strict";
 * const t = chiSquareTest([[762, 327, 468], [484, 239, 477]]);
 * equal(t.statistic.toFixed(2), "30.07");
 * equal(t.df, 2);
 * equal(t.p.toPrecision(4), "2.954e-7");
 * ```
 */
export function chiSquareTest(table: readonly (readonly number[])[]): ChiSquareTest {
  const width = table[0]?.length ?? 0;
  for (const row of table) {
    if (row.length !== width) {
      throw new RangeError(
        `Cannot run a chi-square test: rows have different lengths (${width} and ${row.length})`,
      );
    }
    for (const v of row) {
      if (!Number.isFinite(v) || v < 0) {
        throw new RangeError(
          `Cannot run a chi-square test: counts must be finite and >= 0: current value is ${v}`,
        );
      }
    }
  }
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: width }, (_, j) => table.reduce((a, r) => a + r[j]!, 0));
  const rowsKept = rowSums.flatMap((s, i) => (s > 0 ? [i] : []));
  const columnsKept = colSums.flatMap((s, j) => (s > 0 ? [j] : []));
  const n = rowSums.reduce((a, b) => a + b, 0);
  const expected = rowsKept.map((i) => columnsKept.map((j) => (rowSums[i]! * colSums[j]!) / n));
  const cells = expected.flat();
  const minExpected = cells.length === 0 ? NaN : Math.min(...cells);
  const smallExpectedShare = cells.length === 0
    ? NaN
    : cells.filter((e) => e < 5).length / cells.length;
  const df = rowsKept.length < 2 || columnsKept.length < 2
    ? 0
    : (rowsKept.length - 1) * (columnsKept.length - 1);
  let statistic = NaN;
  let p = NaN;
  if (df > 0) {
    statistic = 0;
    rowsKept.forEach((i, a) =>
      columnsKept.forEach((j, b) => {
        const e = expected[a]![b]!;
        statistic += (table[i]![j]! - e) ** 2 / e;
      })
    );
    p = chiSquareUpperTail(statistic, df);
  }
  return {
    statistic,
    df,
    p,
    n,
    expected,
    minExpected,
    smallExpectedShare,
    smallExpected: df > 0 && (minExpected < 1 || smallExpectedShare > 0.2),
    rowsKept,
    columnsKept,
  };
}

/**
 * The upper-tail probability P(X ≥ x) of the χ² distribution with k degrees of freedom:
 * Q(k/2, x/2), the regularized upper incomplete gamma function (computed in the tail, not as
 * 1 − P, so small p-values keep their digits).
 *
 * @example The 5% critical value with 1 degree of freedom is 3.841459 (every χ² table)
 * ```ts
 * import { chiSquareUpperTail } from "./chi_square_test.ts";
 * import { equal } from "node:assert/strict";
 * equal(chiSquareUpperTail(3.841458820694124, 1).toFixed(12), "0.050000000000");
 * ```
 */
export function chiSquareUpperTail(x: number, k: number): number {
  return x <= 0 ? 1 : gammaRegularizedUpper(k / 2, x / 2);
}
