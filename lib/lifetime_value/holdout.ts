/**
 * The calibration-versus-holdout check of the CLV stage: the window rule (pure) and the check
 * itself (a count model fitted before the calibration end, compared with what happened after).
 *
 * @module
 */
import {
  type CalibrationHoldoutBucket,
  calibrationVsHoldout,
  COUNT_MODELS,
  type CountModelName,
  type TrackingRow,
  trackingTable,
} from "../clv/mod.ts";
import type { Db } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { calibrationHoldout, trackingActuals } from "../summary/mod.ts";
import { firstDaySql } from "./_sql.ts";

const DAY_MS = 86_400_000;

/** The calibration and holdout periods of the check. */
export interface HoldoutWindow {
  /** Last day of calibration (inclusive, UTC midnight). */
  readonly calibrationEnd: Date;
  /** Last day of the holdout (inclusive): the day before the analysis date. */
  readonly observationEnd: Date;
  /** Days from the calibration end to the observation end. */
  readonly holdoutDays: number;
}

/** Longest holdout: 26 weeks. */
const MAX_HOLDOUT_DAYS = 26 * 7;
/** Shortest holdout: 4 weeks (so the data must span 12). */
const MIN_HOLDOUT_DAYS = 28;

/**
 * The holdout rule: the last 26 weeks before the analysis date are held out, or the last third
 * of a shorter period; the check needs a holdout of at least 28 days (data spanning 84).
 *
 * @param firstDay The first purchase day of the data (UTC midnight).
 * @param asOf The analysis date (the day after the last observed day, or later).
 * @returns The window.
 * @throws {ValidationError} When the data is too short for the check.
 *
 * @example A year of data: its last third; two years: 26 weeks
 * ```ts
 * import { holdoutWindow } from "./holdout.ts";
 * import { equal } from "node:assert/strict";
 *
 * const w = holdoutWindow(new Date("2010-12-01"), new Date("2011-12-11"));
 * equal(w.observationEnd.toISOString().slice(0, 10), "2011-12-10");
 * equal(w.holdoutDays, 124); // ⌊374 / 3⌋
 * equal(w.calibrationEnd.toISOString().slice(0, 10), "2011-08-08");
 * equal(holdoutWindow(new Date("2009-12-01"), new Date("2011-12-11")).holdoutDays, 182);
 * ```
 */
export function holdoutWindow(firstDay: Date, asOf: Date): HoldoutWindow {
  const observationEnd = new Date(Math.floor(asOf.getTime() / DAY_MS) * DAY_MS - DAY_MS);
  const spanDays = (observationEnd.getTime() - firstDay.getTime()) / DAY_MS;
  const holdoutDays = Math.min(MAX_HOLDOUT_DAYS, Math.floor(spanDays / 3));
  if (!(holdoutDays >= MIN_HOLDOUT_DAYS)) {
    throw new ValidationError(
      `Cannot check calibration against holdout: the data spans ${
        Math.round(spanDays)
      } days; at least ${3 * MIN_HOLDOUT_DAYS} are needed`,
      [],
    );
  }
  return {
    calibrationEnd: new Date(observationEnd.getTime() - holdoutDays * DAY_MS),
    observationEnd,
    holdoutDays,
  };
}

/** Calibration versus holdout: a count model fitted on the calibration window, checked on the rest. */
export interface HoldoutCheck {
  readonly calibrationEnd: Date;
  readonly observationEnd: Date;
  /** Holdout length in the model's time unit. */
  readonly duration: number;
  /** The count model fitted on the calibration window (the stage's main model). */
  readonly model: CountModelName;
  /** Calibration customers (born before the calibration end). */
  readonly customers: number;
  readonly buckets: readonly CalibrationHoldoutBucket[];
  /** Σ actual holdout purchases and Σ predicted, over the calibration customers. */
  readonly actualTotal: number;
  readonly predictedTotal: number;
  /** Weekly tracking over the whole data with the calibration fit. */
  readonly tracking: readonly TrackingRow[];
  /** The tracking period in which calibration ends. */
  readonly calibrationEndPeriod: number;
}

/** What the report section reads of the holdout check (the same type). */
export type HoldoutInput = HoldoutCheck;

/**
 * Fits the count model on the data up to the calibration end of {@linkcode holdoutWindow} (the
 * `repeat` convention, day periods, as lifetimes) and compares its predictions with the
 * holdout purchases per calibration frequency and week by week.
 *
 * @param db The analysis database with the clean transaction table.
 * @param options Analysis date, time unit, model and table.
 * @returns The check.
 * @throws {ValidationError} When the data is too short (see {@linkcode holdoutWindow}).
 */
export async function holdoutCheck(
  db: Db,
  options: {
    readonly asOf: Date;
    readonly timeUnit: "week" | "day";
    readonly model?: CountModelName;
    readonly table?: string;
  },
): Promise<HoldoutCheck> {
  const { asOf, timeUnit, model = "bg_nbd", table } = options;
  const t = table ?? "clean_transactions";
  const { first } = await db.one<{ first: Date }>(firstDaySql(t));
  const { calibrationEnd, observationEnd } = holdoutWindow(first, asOf);
  const split = await calibrationHoldout(db, {
    ...(table ? { table } : {}),
    calibrationEnd,
    observationEnd,
    periodUnit: "day",
    timeUnit,
  });
  const fit = COUNT_MODELS[model].fit(split);
  const buckets = calibrationVsHoldout(fit, split);
  const actualTotal = split.frequencyHoldout.reduce((s, x) => s + x, 0);
  const predictedTotal = buckets.reduce((s, b) => s + b.predicted * b.customers, 0);
  const actuals = await trackingActuals(db, {
    ...(table ? { table } : {}),
    asOf: observationEnd,
    periodUnit: "week",
  });
  const tracking = trackingTable(fit, actuals, { unitsPerPeriod: timeUnit === "week" ? 1 : 7 });
  const calibrationEndPeriod = Math.floor(
    (calibrationEnd.getTime() - actuals.start.getTime()) / (7 * DAY_MS),
  );
  return {
    calibrationEnd,
    observationEnd,
    duration: split.durationHoldout,
    model,
    customers: split.customerIds.length,
    buckets,
    actualTotal,
    predictedTotal,
    tracking,
    calibrationEndPeriod,
  };
}
