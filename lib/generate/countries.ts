/** The home country of the generated business; most customers and lines are here. */
export const HOME_COUNTRY = "United Kingdom";

/**
 * Customer countries and their relative weights (share of customers). The home country
 * has about 89% of customers; the rest is a long European tail plus a few distant
 * markets, similar in shape to the UCI Online Retail II customer base.
 */
export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  [HOME_COUNTRY, 890],
  ["Germany", 22],
  ["France", 20],
  ["Spain", 7],
  ["Belgium", 6],
  ["Switzerland", 5],
  ["Portugal", 4.5],
  ["Italy", 3.5],
  ["Finland", 3],
  ["Austria", 2.5],
  ["Norway", 2.3],
  ["Netherlands", 2.2],
  ["Australia", 2.1],
  ["Denmark", 2.1],
  ["Channel Islands", 2.1],
  ["Cyprus", 1.9],
  ["Sweden", 1.9],
  ["Japan", 1.8],
  ["Poland", 1.4],
  ["EIRE", 1.2],
  ["USA", 1],
  ["Israel", 0.9],
  ["Unspecified", 0.9],
  ["Greece", 0.9],
  ["Canada", 0.8],
  ["Malta", 0.5],
  ["United Arab Emirates", 0.5],
  ["Iceland", 0.3],
  ["Singapore", 0.3],
  ["Lithuania", 0.3],
  ["Brazil", 0.3],
  ["Czech Republic", 0.3],
  ["RSA", 0.3],
  ["Lebanon", 0.3],
];

/** Countries whose invoices sometimes carry a `C2` "CARRIAGE" line instead of postage. */
export const CARRIAGE_COUNTRIES: ReadonlySet<string> = new Set(["EIRE", "Channel Islands"]);
