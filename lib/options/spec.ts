/**
 * Declared options: one record per option (flag, notebook parameter, type, default, allowed
 * values, help) from which the command-line parser, `--help`, the notebook parameters and the
 * README's option table are all generated, so they cannot drift apart.
 *
 * @module
 */
import { OptionError } from "../errors.ts";

/** What kind of value an option takes. */
export type OptionKind =
  | "string"
  | "choice"
  | "number"
  | "integer"
  | "date"
  | "boolean"
  | "list";

/** Where a value came from: the command line or a notebook's parameters. */
export type OptionSource = "cli" | "notebook";

/** One declared option. */
export interface OptionSpec {
  /** The command-line flag without dashes (`"as-of"`). */
  readonly flag: string;
  /** The notebook parameter and the field of the parsed options (`"asOf"`). */
  readonly param: string;
  readonly kind: OptionKind;
  /** The placeholder in usage lines (`"DATE"`); empty for booleans. */
  readonly placeholder: string;
  /** Allowed values of a `choice`. */
  readonly choices?: readonly string[];
  /** Bounds of a `number` or `integer` (inclusive). */
  readonly min?: number;
  readonly max?: number;
  /** The default value, or `undefined` when it depends on the data (see `defaultText`). */
  readonly default: OptionValue | undefined;
  /** The default in words, for `--help` and the README. */
  readonly defaultText: string;
  /** One line: what the option means (README table, first help line). */
  readonly help: string;
  /** More help lines for `--help` (examples, details). */
  readonly details?: readonly string[];
  /** Help groups, in the order `--help` shows them. */
  readonly group: "input" | "crm" | "cleaning" | "analysis" | "clv" | "output";
  /** Offered as a notebook parameter. @default {true} */
  readonly notebook?: boolean;
  /** A value example for messages (`2011-12-11`). */
  readonly example?: string;
  /** Extra check and conversion of the value after its kind's rules. */
  readonly check?: (value: OptionValue, name: string) => OptionValue;
}

/** A parsed option value (a `check` may turn text into a structured value). */
export type OptionValue = string | number | boolean | Date | readonly string[] | {
  readonly kind: string;
};

/** The name a user types for an option: `--as-of` on the command line, `asOf` in a notebook. */
export function optionName(spec: OptionSpec, source: OptionSource): string {
  return source === "cli" ? `--${spec.flag}` : spec.param;
}

function fail(spec: OptionSpec, source: OptionSource, rule: string, value: unknown): never {
  const name = optionName(spec, source);
  const example = spec.example ??
    (spec.kind === "choice" ? spec.choices?.[0] : spec.kind === "date" ? "2011-12-11" : undefined);
  throw new OptionError(
    spec.flag,
    `Cannot read options: ${name} must be ${rule}: current value is ${
      typeof value === "string" ? `"${value}"` : JSON.stringify(value)
    }`,
    example === undefined
      ? undefined
      : source === "cli"
      ? `for example --${spec.flag} ${/\s/.test(example) ? `"${example}"` : example}`
      : `for example ${spec.param}: ${JSON.stringify(example)}`,
  );
}

/**
 * Parses and checks one option value, from command-line text or a notebook parameter (a string,
 * number or boolean), by the option's kind, bounds and check. The message names the option as
 * the user types it (`--horizon-months` or `horizonMonths`).
 *
 * @param spec The option.
 * @param raw The value given.
 * @param source Where it came from.
 * @returns The parsed value.
 * @throws {OptionError} If the value is not allowed.
 *
 * @example
 * ```ts
 * import { parseOptionValue } from "./spec.ts";
 * import { equal, throws } from "node:assert/strict";
 * const spec = { flag: "horizon-months", param: "horizonMonths", kind: "integer" as const, placeholder: "N",
 *   min: 1, default: 6, defaultText: "6", help: "CLV horizon", group: "clv" as const };
 * equal(parseOptionValue(spec, "12", "cli"), 12);
 * equal(parseOptionValue(spec, 3, "notebook"), 3);
 * throws(() => parseOptionValue(spec, "0", "cli"), /--horizon-months must be a whole number >= 1: current value is "0"/);
 * throws(() => parseOptionValue(spec, 1.5, "notebook"), /horizonMonths must be a whole number >= 1: current value is 1.5/);
 * ```
 */
export function parseOptionValue(
  spec: OptionSpec,
  raw: unknown,
  source: OptionSource,
): OptionValue {
  let value: OptionValue;
  switch (spec.kind) {
    case "boolean": {
      if (typeof raw === "boolean") value = raw;
      else if (typeof raw === "string" && /^(true|1|yes)$/i.test(raw.trim())) value = true;
      else if (typeof raw === "string" && /^(false|0|no)$/i.test(raw.trim())) value = false;
      else fail(spec, source, "true or false", raw);
      break;
    }
    case "number":
    case "integer": {
      const n = typeof raw === "number"
        ? raw
        : typeof raw === "string" && raw.trim() !== ""
        ? Number(raw)
        : NaN;
      const ok = Number.isFinite(n) && (spec.kind === "number" || Number.isInteger(n)) &&
        (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
      if (!ok) {
        const rule = [
          spec.kind === "integer" ? "a whole number" : "a number",
          spec.min !== undefined ? `>= ${spec.min}` : "",
          spec.max !== undefined ? `<= ${spec.max}` : "",
        ].filter(Boolean).join(" ");
        fail(spec, source, rule, raw);
      }
      value = n;
      break;
    }
    case "choice": {
      const text = typeof raw === "string" ? raw.trim() : raw;
      if (typeof text !== "string" || !(spec.choices ?? []).includes(text)) {
        fail(spec, source, `one of ${(spec.choices ?? []).map((c) => `"${c}"`).join(", ")}`, raw);
      }
      value = text;
      break;
    }
    case "date": {
      const text = typeof raw === "string" ? raw.trim() : "";
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
      const date = m
        ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)))
        : undefined;
      if (!date || Number.isNaN(date.getTime()) || date.getUTCDate() !== +m![3]!) {
        fail(spec, source, "a date YYYY-MM-DD", raw);
      }
      value = date;
      break;
    }
    case "list": {
      // A list is comma-separated text on the command line, or an array in a notebook.
      const items = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : null;
      if (items === null || !items.every((x) => typeof x === "string")) {
        fail(spec, source, "a list of texts", raw);
      }
      const list = (items as string[]).map((x) => x.trim()).filter((x) => x !== "");
      const bad = spec.choices ? list.find((x) => !spec.choices!.includes(x)) : undefined;
      if (bad !== undefined) {
        fail(spec, source, `a list of ${spec.choices!.map((c) => `"${c}"`).join(", ")}`, bad);
      }
      value = list;
      break;
    }
    case "string": {
      if (typeof raw !== "string" && typeof raw !== "number") fail(spec, source, "a text", raw);
      value = String(raw);
      break;
    }
  }
  return spec.check ? spec.check(value, optionName(spec, source)) : value;
}

/**
 * Throws an {@linkcode OptionError} for a value an option's `check` rejects, in the same form
 * as the kind rules (`Cannot read options: NAME must be RULE: current value is "VALUE"`).
 */
export function rejectOption(
  flag: string,
  name: string,
  rule: string,
  value: unknown,
  hint?: string,
): never {
  throw new OptionError(
    flag,
    `Cannot read options: ${name} must be ${rule}: current value is ${
      typeof value === "string" ? `"${value}"` : JSON.stringify(value)
    }`,
    hint,
  );
}
