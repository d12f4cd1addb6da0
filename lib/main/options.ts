import { oneOf, OptionError } from "../errors.ts";
import { PRESETS } from "../clean/mod.ts";
import type { Preset } from "../clean/mod.ts";
import { parseOptions } from "../util/mod.ts";

/** Every option of the main job (`deno task report`). */
export interface ReportOptions {
  /** Input file: .csv, .csv.gz, .parquet or .xlsx. @default {"data/sample_online_retail.csv.gz"} */
  data: string;
  /** Output folder. @default {"reports/<dataset name>"} */
  out: string;
  /** Cleaning preset. @default {"recommended"} */
  preset: Preset;
  /** Analysis date (YYYY-MM-DD). @default {midnight two days after the last transaction} */
  asOf: Date | undefined;
  /** Column mapping `field="Source column",...` or a JSON mapping file. */
  map: string | undefined;
  /** strptime format of the date column (e.g. `%d/%m/%Y %H:%M`). @default {detected} */
  dateFormat: string | undefined;
  /** What to do with unparseable rows. @default {"fail"} */
  onInvalid: "fail" | "quarantine";
  /** Summary convention for CLV models. @default {"repeat"} */
  clvConvention: "repeat" | "classic";
  /** CLV horizon in months. @default {6} */
  horizonMonths: number;
  /** Monthly discount rate. @default {0.01} */
  discount: number;
  /** L2 penalty (lifetimes' penalizer_coef) for BG/NBD; Gamma-Gamma uses the same unless classic. @default {0} */
  penalizer: number | undefined;
  /** Time unit of the model summaries. @default {"week"} */
  timeUnit: "day" | "week";
  /** Profit margin of the rule-based CLTV. @default {0.10} */
  margin: number;
  /** Seed for k-means and bootstrap. @default {42} */
  seed: number;
  /** Skip writing removed rows. @default {false} */
  noRemovedRows: boolean;
  /** Currency symbol for money in the report. @default {"£"} */
  currency: string;
  /** CLV prediction intervals. @default {"auto"} */
  intervals: "auto" | "bootstrap" | "delta" | "none";
}

/** Text of `deno task report --help`. */
export const REPORT_HELP = `Usage: deno task report [options]

Loads a transaction log (or a customer-level table such as FLO), cleans it with an audit
ledger, runs the customer analytics and lifetime-value models, and writes a self-contained
HTML report plus CSV/Parquet/JSON tables.

Options:
  --data FILE              input file: .csv, .csv.gz, .parquet, .xlsx
                           (default: data/sample_online_retail.csv.gz, the embedded sample)
  --out DIR                output folder (default: reports/<dataset name>/)
  --preset NAME            cleaning recipe: recommended (default) or classic
  --as-of DATE             analysis date YYYY-MM-DD (default: midnight two days after the
                           last transaction, e.g. 2011-12-11 for data ending 2011-12-09)
  --map MAPPING            column mapping for your own schema, e.g.
                           --map customer_id="Customer Name",invoice_date="Order Date"
                           or a JSON file: --map mapping.json
  --date-format FMT        strptime format of the date column, e.g. "%d/%m/%Y %H:%M"
                           (default: detected; ISO and US "12/1/2010 8:26" are recognised)
  --on-invalid MODE        fail (default): stop and list unparseable lines;
                           quarantine: set them aside in tables/rejected_rows.csv
  --clv-convention NAME    repeat (default; lifetimes/literature) or classic (tutorials)
  --horizon-months N       CLV horizon in months (default 6)
  --discount RATE          monthly discount rate (default 0.01)
  --penalizer COEF         L2 penalty as lifetimes' penalizer_coef (default 0; classic: 0.001
                           for BG/NBD and 0.01 for Gamma-Gamma, as the tutorials)
  --time-unit UNIT         week (default) or day, for recency and T
  --margin RATE            profit margin of the rule-based CLTV (default 0.10)
  --seed N                 seed for clustering and bootstrap intervals (default 42)
  --intervals MODE         CLV 90% intervals from parameter uncertainty: auto (default:
                           bootstrap up to 2,500 customers, delta method above), bootstrap,
                           delta or none
  --currency SYMBOL        currency symbol of money in the report (default £, as the UCI data)
  --no-removed-rows        do not write tables/removed_rows.csv
  -h, --help               show this help

Exit codes: 0 success, 2 a problem with the input or options (the message says what to do).`;

/** Parsed command line: options, or a request for help. */
export type ParsedArgs = { help: true } | { help: false; options: ReportOptions };

/**
 * Parses and validates the main job's command line.
 *
 * @example
 * ```ts
 * import { parseReportArgs } from "./options.ts";
 * import { equal, throws } from "node:assert/strict";
 * const parsed = parseReportArgs(["--preset", "classic", "--as-of", "2011-12-11"]);
 * equal(parsed.help, false);
 * if (!parsed.help) equal(parsed.options.out, "reports/sample_online_retail");
 * throws(() => parseReportArgs(["--preset", "fast"]), /preset must be one of "classic", "recommended"/);
 * ```
 */
export function parseReportArgs(args: readonly string[]): ParsedArgs {
  const { values } = parseOptions({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      data: { type: "string" },
      out: { type: "string" },
      preset: { type: "string" },
      "as-of": { type: "string" },
      map: { type: "string" },
      "date-format": { type: "string" },
      "on-invalid": { type: "string" },
      "clv-convention": { type: "string" },
      "horizon-months": { type: "string" },
      discount: { type: "string" },
      penalizer: { type: "string" },
      "time-unit": { type: "string" },
      margin: { type: "string" },
      seed: { type: "string" },
      "no-removed-rows": { type: "boolean" },
      currency: { type: "string" },
      intervals: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }, "run `deno task report --help` for the list of options");
  if (values.help) return { help: true };
  const data = values.data ?? "data/sample_online_retail.csv.gz";
  const clvConvention = oneOf(
    "clv-convention",
    values["clv-convention"] ?? "repeat",
    ["repeat", "classic"] as const,
  );
  return {
    help: false,
    options: {
      data,
      out: values.out ?? `reports/${datasetName(data)}`,
      preset: oneOf("preset", values.preset ?? "recommended", PRESETS),
      asOf: values["as-of"] === undefined ? undefined : parseDateOption("as-of", values["as-of"]),
      map: values.map,
      dateFormat: values["date-format"],
      onInvalid: oneOf(
        "on-invalid",
        values["on-invalid"] ?? "fail",
        ["fail", "quarantine"] as const,
      ),
      clvConvention,
      horizonMonths: numberOption("horizon-months", values["horizon-months"], 6, {
        min: 1,
        integer: true,
      }),
      discount: numberOption("discount", values.discount, 0.01, { min: 0, max: 1 }),
      penalizer: values.penalizer === undefined
        ? undefined
        : numberOption("penalizer", values.penalizer, 0, { min: 0 }),
      timeUnit: oneOf("time-unit", values["time-unit"] ?? "week", ["day", "week"] as const),
      margin: numberOption("margin", values.margin, 0.1, { min: 0, max: 1 }),
      seed: numberOption("seed", values.seed, 42, { integer: true, min: 0 }),
      noRemovedRows: values["no-removed-rows"] ?? false,
      currency: currencyOption(values.currency),
      intervals: oneOf(
        "intervals",
        values.intervals ?? "auto",
        [
          "auto",
          "bootstrap",
          "delta",
          "none",
        ] as const,
      ),
    },
  };
}

/**
 * The dataset name of a file: its base name without data extensions.
 *
 * @example
 * ```ts
 * import { datasetName } from "./options.ts";
 * import { equal } from "node:assert/strict";
 * equal(datasetName("../shared/data/online_retail_II_year2010-2011.csv.gz"), "online_retail_II_year2010-2011");
 * ```
 */
export function datasetName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/(\.csv\.gz|\.csv|\.parquet|\.xlsx|\.gz|\.txt)$/i, "") || "dataset";
}

function numberOption(
  name: string,
  text: string | undefined,
  fallback: number,
  rule: { min?: number; max?: number; integer?: boolean },
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok = text.trim() !== "" && Number.isFinite(value) &&
    (rule.integer ? Number.isInteger(value) : true) &&
    (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const range = [
      rule.integer ? "a whole number" : "a number",
      rule.min !== undefined ? `>= ${rule.min}` : "",
      rule.max !== undefined ? `<= ${rule.max}` : "",
    ].filter(Boolean).join(" ");
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be ${range}: current value is "${text}"`,
    );
  }
  return value;
}

function parseDateOption(name: string, text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  const date = m
    ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)))
    : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCDate() !== +m![3]!) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a date YYYY-MM-DD: current value is "${text}"`,
      `for example --${name} 2011-12-11`,
    );
  }
  return date;
}

function currencyOption(text: string | undefined): string {
  if (text === undefined) return "£";
  if (text.trim() === "" || text.length > 4) {
    throw new OptionError(
      "currency",
      `Cannot read options: currency must be a symbol of 1 to 4 characters: current value is "${text}"`,
      'for example --currency "€" or --currency TRY',
    );
  }
  return text.trim();
}
