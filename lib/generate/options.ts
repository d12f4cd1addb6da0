import { OptionError } from "../errors.ts";
import { parseDay } from "./date_time.ts";

/** BG/NBD parameters of the simulated customers (time unit: one average trading day). */
export interface GenerateBgNbd {
  /** Shape of the purchase-rate Gamma. */
  readonly r: number;
  /** Scale parameter (rate) of the purchase-rate Gamma, in days. */
  readonly alpha: number;
  /** Dropout Beta `a`. */
  readonly a: number;
  /** Dropout Beta `b`. */
  readonly b: number;
}

/** Options for {@linkcode generateTransactions}. */
export interface GenerateOptions {
  /** Seed of every random choice. @default {42} */
  seed?: number;
  /** Number of customers with an id (rows scale with it: about 22 per customer). @default {2500} */
  customers?: number;
  /** First day of the period, `YYYY-MM-DD`. @default {"2010-12-01"} */
  start?: string;
  /** Last day of the period (inclusive), `YYYY-MM-DD`. @default {"2011-12-09"} */
  end?: string;
  /** Number of catalogue products. @default {3000} */
  products?: number;
  /** Share of lines on anonymous invoices (no customer id), in [0, 0.9]. @default {0.2} */
  guestShare?: number;
  /** BG/NBD parameters. @default {{ r: 0.8, alpha: 45, a: 0.7, b: 4.5 }} */
  bgNbd?: GenerateBgNbd;
}

/** The defaults of {@linkcode GenerateOptions}; the committed sample uses exactly these. */
export const DEFAULT_GENERATE_OPTIONS: Readonly<Required<GenerateOptions>> = Object.freeze({
  seed: 42,
  customers: 2500,
  start: "2010-12-01",
  end: "2011-12-09",
  products: 3000,
  guestShare: 0.2,
  bgNbd: Object.freeze({ r: 0.8, alpha: 45, a: 0.7, b: 4.5 }),
});

/** Validated options with the period as epoch days. */
export interface ResolvedGenerateOptions {
  readonly seed: number;
  readonly customers: number;
  readonly startDay: number;
  readonly endDay: number;
  readonly products: number;
  readonly guestShare: number;
  readonly bgNbd: GenerateBgNbd;
}

/**
 * Fills in defaults and validates options (they may come from JSON or a command line).
 *
 * @throws {OptionError} `Cannot read options: <name> must be …: current value is "…"`.
 *
 * @example
 * ```ts
 * import { resolveGenerateOptions } from "./options.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(resolveGenerateOptions({ customers: 10 }).customers, 10);
 * throws(() => resolveGenerateOptions({ customers: 0 }), /customers must be an integer from 1 to 10000000: current value is "0"/);
 * throws(() => resolveGenerateOptions({ start: "2011-12-10" }), /start must be before end/);
 * ```
 */
export function resolveGenerateOptions(options: GenerateOptions = {}): ResolvedGenerateOptions {
  const o = { ...DEFAULT_GENERATE_OPTIONS, ...options };
  const seed = integer("seed", o.seed, 0, 4294967295);
  const customers = integer("customers", o.customers, 1, 10_000_000);
  const products = integer("products", o.products, 50, 1_000_000);
  const startDay = day("start", o.start);
  const endDay = day("end", o.end);
  if (endDay <= startDay) {
    throw new OptionError(
      "start",
      `Cannot read options: start must be before end: current values are "${o.start}" and "${o.end}"`,
    );
  }
  if (endDay - startDay > 3660) {
    throw new OptionError(
      "end",
      `Cannot read options: the period must be at most 10 years: current values are "${o.start}" and "${o.end}"`,
    );
  }
  const guestShare = finite("guestShare", o.guestShare, 0, 0.9);
  const bgNbd = {
    r: finite("bgNbd.r", o.bgNbd.r, 1e-3, 1e3),
    alpha: finite("bgNbd.alpha", o.bgNbd.alpha, 1e-3, 1e6),
    a: finite("bgNbd.a", o.bgNbd.a, 1e-3, 1e3),
    b: finite("bgNbd.b", o.bgNbd.b, 1e-3, 1e3),
  };
  return { seed, customers, startDay, endDay, products, guestShare, bgNbd };
}

function integer(name: string, value: unknown, min: number, max: number): number {
  return inRange(name, value, min, max, true);
}

function finite(name: string, value: unknown, min: number, max: number): number {
  return inRange(name, value, min, max, false);
}

/** `value` if it is a number (a whole one when `whole`) from `min` to `max`, else an OptionError. */
function inRange(name: string, value: unknown, min: number, max: number, whole: boolean): number {
  const ok = typeof value === "number" &&
    (whole ? Number.isInteger(value) : Number.isFinite(value));
  if (!ok || (value as number) < min || (value as number) > max) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be ${
        whole ? "an integer" : "a number"
      } from ${min} to ${max}: current value is "${String(value)}"`,
    );
  }
  return value as number;
}

function day(name: string, value: unknown): number {
  const parsed = typeof value === "string" ? parseDay(value) : undefined;
  if (parsed === undefined) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a date YYYY-MM-DD: current value is "${String(value)}"`,
      "write the date like 2011-12-09",
    );
  }
  return parsed;
}
