/**
 * Options of the CLV analysis, checked and with their defaults filled in once, so every stage
 * reads the same values.
 *
 * @module
 */
import { oneOf, OptionError } from "../errors.ts";
import { countModel } from "./count_models.ts";
import type { CountModelName } from "./types.ts";

/** Parameter-uncertainty interval settings of the CLV (`clv_param_lower`, `clv_param_upper`). */
export interface ClvIntervalOptions {
  /** Seeded parametric bootstrap over both fits, or the delta method. @default {"bootstrap"} */
  method?: "bootstrap" | "delta";
  /** Central coverage. @default {0.9} */
  level?: number;
  /** Bootstrap draws. @default {200} */
  draws?: number;
}

/** Whether to fit a count model for comparison: always, never, or `"auto"` (Pareto/NBD: when
 * the summary has at most 2,500 distinct rows; its gradient is numerical). */
export type CompareChoice = boolean | "auto";

/** Options for `clvAnalysis` and its stages. */
export interface ClvAnalysisOptions {
  /** The count model behind every prediction (`--clv-model`). @default {"bg_nbd"} */
  model?: CountModelName;
  /** Count models fitted for comparison (the main model is always fitted).
   * @default {{ bg_nbd: true, mbg_nbd: true, pareto_nbd: "auto" }} */
  compare?: Partial<Record<CountModelName, CompareChoice>>;
  /** Summary convention. @default {the summary's, else "repeat"} */
  convention?: "repeat" | "classic";
  /** Unit of `recency` and `T`. @default {the summary's, else "week"} */
  timeUnit?: "week" | "day";
  /** CLV horizon in whole months. @default {6} */
  horizonMonths?: number;
  /** Monthly discount rate. @default {0.01} */
  discount?: number;
  /** lifetimes' `penalizer_coef` of the count models. @default {0; 0.001 for "classic"} */
  penalizer?: number;
  /** Penalizer of Gamma-Gamma. @default {0.01 for "classic", else `penalizer` (0)} */
  gammaGammaPenalizer?: number;
  /** Seed of the bootstrap intervals. @default {42} */
  seed?: number;
  /** Parameter-uncertainty intervals of the CLV (`clv_param_lower`, `clv_param_upper`): `true`
   * for the defaults. @default {false} */
  intervals?: boolean | ClvIntervalOptions;
  /** Predictive intervals of purchases and spend over the horizon (`purchases_lower`, …):
   * their level, or `false` to leave them out. @default {0.9} */
  predictiveLevel?: number | false;
  /** Largest frequency in the chart matrices. @default {40} */
  matrixMaxFrequency?: number;
  /** Most recency rows in the chart matrices (recency 0, 1, … up to the oldest customer's
   * age, or a coarser even grid when that would be more rows). @default {400} */
  matrixMaxRows?: number;
}

/** {@linkcode ClvAnalysisOptions} checked, with every default filled in. */
export interface ResolvedClvOptions {
  readonly model: CountModelName;
  readonly compare: Readonly<Record<CountModelName, CompareChoice>>;
  readonly convention: "repeat" | "classic";
  readonly timeUnit: "week" | "day";
  readonly horizonMonths: number;
  readonly discount: number;
  readonly seed: number;
  readonly penalizer: { readonly countModels: number; readonly gammaGamma: number };
  readonly intervals: {
    readonly method: "bootstrap" | "delta";
    readonly level: number;
    readonly draws: number;
  } | null;
  readonly predictiveLevel: number | null;
  readonly matrixMaxFrequency: number;
  readonly matrixMaxRows: number;
}

function nonNegativeNumber(name: string, value: number, integer = false): number {
  if (
    typeof value !== "number" || !Number.isFinite(value) || value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a finite ${
        integer ? "whole number" : "number"
      } ≥ 0: current value is "${String(value)}"`,
    );
  }
  return value;
}

function level(name: string, value: number): number {
  if (!(typeof value === "number" && value > 0 && value < 1)) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a number between 0 and 1: current value is "${
        String(value)
      }"`,
    );
  }
  return value;
}

/** The option's value (else the summary's, else the default), which must match the summary's. */
function matchingOption<T extends string>(
  name: string,
  given: string | undefined,
  fromSummary: string | undefined,
  fallback: T,
  allowed: readonly T[],
): T {
  const value = oneOf(name, given ?? fromSummary ?? fallback, allowed);
  if (fromSummary !== undefined && fromSummary !== value) {
    throw new OptionError(
      name,
      `Cannot run CLV analysis: ${name} must match the summary's: current values are "${value}" and "${fromSummary}"`,
      `rebuild the summary with the ${name} you want`,
    );
  }
  return value;
}

/**
 * Checks the options of the CLV analysis against the summary and fills in the defaults.
 *
 * @param summary The summary's convention and time unit, when it carries them.
 * @param options The options as given.
 * @returns Every option with its value.
 * @throws {OptionError} For an invalid value or one that contradicts the summary.
 *
 * @example The classic convention brings the tutorials' penalizers
 * ```ts
 * import { resolveClvOptions } from "./clv_options.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const o = resolveClvOptions({ convention: "classic" }, { model: "pareto_nbd" });
 * deepStrictEqual(o.penalizer, { countModels: 0.001, gammaGamma: 0.01 });
 * equal(o.model, "pareto_nbd");
 * equal(o.compare.bg_nbd, true);
 * ```
 */
export function resolveClvOptions(
  summary: { readonly convention?: "repeat" | "classic"; readonly timeUnit?: "day" | "week" },
  options: ClvAnalysisOptions = {},
): ResolvedClvOptions {
  const convention = matchingOption(
    "convention",
    options.convention,
    summary.convention,
    "repeat",
    ["repeat", "classic"] as const,
  );
  const timeUnit = matchingOption(
    "timeUnit",
    options.timeUnit,
    summary.timeUnit,
    "week",
    ["week", "day"] as const,
  );
  const model = countModel(options.model ?? "bg_nbd").name;
  const compare: Record<CountModelName, CompareChoice> = {
    bg_nbd: true,
    mbg_nbd: true,
    pareto_nbd: "auto",
  };
  for (const [name, choice] of Object.entries(options.compare ?? {})) {
    countModel(name);
    if (!(choice === true || choice === false || choice === "auto")) {
      throw new OptionError(
        "compare",
        `Cannot read options: compare.${name} must be true, false or "auto": current value is "${
          String(choice)
        }"`,
      );
    }
    compare[name as CountModelName] = choice;
  }
  const classic = convention === "classic";
  const settings = options.intervals === true ? {} : options.intervals || null;
  return {
    model,
    compare,
    convention,
    timeUnit,
    horizonMonths: nonNegativeNumber("horizonMonths", options.horizonMonths ?? 6, true),
    discount: nonNegativeNumber("discount", options.discount ?? 0.01),
    seed: nonNegativeNumber("seed", options.seed ?? 42, true),
    penalizer: {
      countModels: nonNegativeNumber("penalizer", options.penalizer ?? (classic ? 0.001 : 0)),
      gammaGamma: nonNegativeNumber(
        "gammaGammaPenalizer",
        options.gammaGammaPenalizer ?? (classic ? 0.01 : options.penalizer ?? 0),
      ),
    },
    intervals: settings === null ? null : {
      method: oneOf(
        "intervals.method",
        settings.method ?? "bootstrap",
        [
          "bootstrap",
          "delta",
        ] as const,
      ),
      level: level("intervals.level", settings.level ?? 0.9),
      draws: settings.draws ?? 200,
    },
    predictiveLevel: options.predictiveLevel === false
      ? null
      : level("predictiveLevel", options.predictiveLevel ?? 0.9),
    matrixMaxFrequency: nonNegativeNumber(
      "matrixMaxFrequency",
      options.matrixMaxFrequency ?? 40,
      true,
    ),
    matrixMaxRows: Math.max(
      1,
      nonNegativeNumber("matrixMaxRows", options.matrixMaxRows ?? 400, true),
    ),
  };
}
