/**
 * The thresholds that decide when the evidence supports a finding or a recommendation about a
 * group: stated in the report's method notes, and options of the main job.
 *
 * @module
 */

/** Evidence thresholds of the words. */
export interface Guards {
  /**
   * Customers a group (a country, a cohort, a segment) needs before a recommendation names it.
   * @default {30}
   */
  readonly minGroupSize: number;
}

/** The default thresholds (`--min-group-size 30`). */
export const DEFAULT_GUARDS: Guards = { minGroupSize: 30 };
