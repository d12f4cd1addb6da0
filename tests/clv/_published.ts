/**
 * Published CDNOW reference values, transcribed once from `../shared/docs/models.md` Part 1
 * ([S] published in the named source, [V] recomputed independently) so that every test reads
 * the same numbers.
 *
 * @module
 */

/** BG/NBD: the paper's 3-decimal estimates (FHL 2005; lifetimes, CLVTools). */
export const BG_PAPER = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } as const;
/** BG/NBD: the BTYD walkthrough MLE (§4.2). */
export const BG_BTYD = { r: 0.2425982, alpha: 4.413684, a: 0.7929899, b: 2.426167 } as const;
/** BG/NBD: MLE on lifetimes' 2-decimal summary [V]. */
export const BG_MLE = { r: 0.24259291, alpha: 4.41353118, a: 0.79288625, b: 2.42575366 } as const;
/** BG/NBD: lifetimes Quickstart standard errors. */
export const BG_SE = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 } as const;

/** E[X(t)] of a new customer: Hardie's sheet (lifetimes, decimal=3) and [V] at the MLE. */
export const BG_EXPECTED = {
  t: [0.1429, 1, 3, 31.8571, 32, 78],
  published: [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576],
  verified: [0.00782, 0.05318, 0.15063, 1.04049, 1.04374, 1.85797],
} as const;

/** "Increasing frequency paradox": E[Y(52) | x, t_x = 20, T = 39] for x = 10, 15, 20, 25. */
export const PARADOX_X = [10, 15, 20, 25] as const;
export const BG_PARADOX = [0.3474606, 0.04283391, 0.004158973, 0.0003583685] as const;

/** P(X(30) = n) for n = 11..20 at the paper's estimates (lifetimes vs BTYD). */
export const BG_PMF_30 = [
  0.0019995214,
  0.0015170236,
  0.0011633150,
  0.0009003148,
  0.0007023638,
  0.0005517902,
  0.0004361913,
  0.0003467171,
  0.0002769613,
  0.0002222260,
] as const;

/** Calibration histogram of repeat counts 0…6, 7+: actual, and exact expected at the MLE [V]. */
export const BG_HISTOGRAM_ACTUAL = [1411, 439, 214, 100, 62, 38, 29, 64] as const;
export const BG_HISTOGRAM_EXPECTED = [1407.7, 460.3, 192.5, 101.2, 59.8, 38.1, 25.5, 71.9] as const;

/** Frequency–recency matrix row t_x = 29 (T = 38, t = 1), x = 0..29 (lifetimes, atol 0.01). */
export const BG_FR_ROW_29 = [
  0.005,
  0.020,
  0.037,
  0.054,
  0.070,
  0.085,
  0.099,
  0.110,
  0.120,
  0.127,
  0.133,
  0.136,
  0.136,
  0.135,
  0.131,
  0.125,
  0.119,
  0.111,
  0.102,
  0.093,
  0.084,
  0.075,
  0.066,
  0.058,
  0.050,
  0.044,
  0.038,
  0.032,
  0.027,
  0.023,
] as const;

/** P(alive) matrix row t_x = 35 (T = 38), x = 0..29 (lifetimes, atol 0.01). */
export const BG_ALIVE_ROW_35 = [
  1.0,
  0.736,
  0.785,
  0.814,
  0.833,
  0.846,
  0.855,
  0.862,
  0.866,
  0.869,
  0.871,
  0.872,
  0.873,
  0.873,
  0.872,
  0.871,
  0.869,
  0.867,
  0.865,
  0.862,
  0.859,
  0.856,
  0.852,
  0.848,
  0.844,
  0.839,
  0.834,
  0.829,
  0.823,
  0.817,
] as const;

/** Pareto/NBD: MLE on lifetimes' summary [V], the paper's values and CLVTools' SEs. */
export const PNBD_MLE = { r: 0.553276, alpha: 10.577613, s: 0.606214, beta: 11.667917 } as const;
export const PNBD_PAPER = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } as const;
export const PNBD_SE = { r: 0.0476264, alpha: 0.8427222, s: 0.1872594, beta: 6.2105448 } as const;
/** Pareto/NBD: the parameters lifetimes' tests use as the BTYD oracle. */
export const PNBD_BTYD = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 } as const;
/** E[X(t)], t = 0..9 (lifetimes vs BTYD, atol 0.01). */
export const PNBD_EXPECTED = [
  0,
  0.05077821,
  0.09916088,
  0.14542507,
  0.18979930,
  0.23247466,
  0.27361274,
  0.31335159,
  0.35181024,
  0.38909211,
] as const;
export const PNBD_PARADOX = [0.7062289, 0.1442396, 0.02250658, 0.00309267] as const;
/** BTYD walkthrough tracking, weeks 20–25. */
export const PNBD_TRACKING = {
  actualCumulative: [1359, 1414, 1484, 1517, 1573, 1672],
  expectedCumulative: [1309, 1385, 1460, 1533, 1604, 1674],
  actualIncremental: [73, 55, 70, 33, 56, 99],
  expectedIncremental: [78.31, 76.42, 74.65, 72.98, 71.41, 69.93],
} as const;

/** MBG/NBD (BTYDplus on CDNOW, lifetimes decimal=3). */
export const MBG_BTYDPLUS = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } as const;

/** Gamma-Gamma: MLE on lifetimes' summary [V] and the published 2-decimal values. */
export const GG_MLE = { p: 6.24880, q: 3.74459, v: 15.44775 } as const;
export const GG_PUBLISHED = { p: 6.25, q: 3.74, v: 15.44 } as const;
/** E[M | x, z̄] of the first ten customers at (6.25, 3.74, 15.44) (lifetimes, atol 0.1). */
export const GG_FIRST_10 = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
/** CLV over 12 months at d = 0.01 (lifetimes Quickstart), first ten customers. */
export const CLV_FIRST_10 = [
  140.096,
  18.943,
  38.181,
  38.181,
  38.181,
  1003.868,
  28.110,
  38.181,
  167.418,
  38.181,
];
