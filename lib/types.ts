/**
 * Domain types shared across areas. Model quantities keep the literature's names
 * (Fader, Hardie & Lee 2005): `frequency` (repeat purchases), `recency` (first to last
 * purchase), `T` (first purchase to the end of observation), `monetaryValue` (mean
 * repeat spend).
 *
 * @module
 */

/** Unit of `recency` and `T`. */
export type TimeUnit = "day" | "week";

/** One customer's model summary (row form, for small tables and tests). */
export interface CustomerSummary {
  readonly customerId: string;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly monetaryValue: number;
}

/** A calibration/holdout summary row. */
export interface CalibrationHoldoutRow extends CustomerSummary {
  /** Repeat purchase periods in the holdout window. */
  readonly frequencyHoldout: number;
  /** Mean spend per holdout purchase period (0 when none). */
  readonly monetaryValueHoldout: number;
  /** Length of the holdout window in `timeUnit`s. */
  readonly durationHoldout: number;
}

/**
 * Column form of many summaries: the fast path for models on a million customers.
 * `weights` (optional) counts identical rows compressed into one.
 */
export interface SummaryColumns {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  readonly monetaryValue?: ArrayLike<number>;
  readonly weights?: ArrayLike<number>;
}

/** One step of the cleaning ledger. `rowsOut = rowsIn - rowsRemoved`. */
export interface LedgerStep {
  readonly step: number;
  readonly rule: string;
  readonly description: string;
  readonly rowsIn: number;
  readonly rowsRemoved: number;
  readonly rowsChanged: number;
  readonly rowsOut: number;
}
