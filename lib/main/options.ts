import { oneOf, OptionError } from "../errors.ts";
import { parseCancellations, PRESETS, RULES } from "../clean/mod.ts";
import type { CancellationMode, Preset, RuleId } from "../clean/mod.ts";
import { parseDecimal, parseDelimiter } from "../load/mod.ts";
import type { DecimalSeparator, Delimiter } from "../load/mod.ts";
import { parseOptions } from "../util/mod.ts";

/**
 * The reading and cleaning options added for "your own data", declared once in the shape of
 * the option table (flag, notebook parameter, kind, choices, default, help), so that they move
 * into the declared options table as they are. {@linkcode parseReportArgs} reads them from here.
 */
export const LOAD_CLEAN_OPTIONS = [
  {
    flag: "delimiter",
    param: "delimiter",
    kind: "choice",
    choices: [",", ";", "tab", "|", "whitespace"],
    placeholder: "CHAR",
    default: undefined,
    defaultText: "detected",
    help: "field delimiter of a text file: `,` `;` `tab` `|` `whitespace`",
    details: ["default: detected from the first lines (.tsv prefers tab)"],
    group: "input",
    example: ";",
  },
  {
    flag: "decimal",
    param: "decimal",
    kind: "choice",
    choices: [".", ","],
    placeholder: "SEP",
    default: undefined,
    defaultText: "detected",
    help: "decimal separator of numbers in a text file: `.` or `,`",
    details: ["default: detected where unambiguous (12,50 is a decimal comma), else ."],
    group: "input",
    example: ",",
  },
  {
    flag: "sheet",
    param: "sheet",
    kind: "string",
    placeholder: "NAME",
    default: undefined,
    defaultText: "every sheet whose columns match",
    help: "the one sheet of an .xlsx workbook to read",
    details: ["default: the first usable sheet and every sheet with the same columns"],
    group: "input",
    example: "Year 2010-2011",
  },
  {
    flag: "cancellations",
    param: "cancellations",
    kind: "string",
    placeholder: "MODE",
    default: "auto",
    defaultText: "`auto`",
    help:
      "how cancellations are marked: `auto`, `prefix:C`, `column:NAME`, `negative-quantity`, `off`",
    details: [
      "auto: invoices starting with C in the UCI files (or where they carry negative",
      "quantities), a mapped returns column, else none",
    ],
    group: "cleaning",
    example: "off",
  },
  {
    flag: "duplicates",
    param: "duplicates",
    kind: "choice",
    choices: ["remove", "keep"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (recommended: `remove`, classic: `keep`)",
    help: "exact duplicate lines: `remove` (first kept) or `keep`",
    group: "cleaning",
  },
  {
    flag: "non-products",
    param: "nonProducts",
    kind: "choice",
    choices: ["remove", "keep"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (recommended: `remove`, classic: `keep`)",
    help: "non-product stock codes (postage, fees, vouchers): `remove` or `keep`",
    group: "cleaning",
  },
  {
    flag: "outliers",
    param: "outliers",
    kind: "choice",
    choices: ["cap", "keep"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (`cap`)",
    help: "outliers of quantity and price: `cap` or `keep`",
    group: "cleaning",
  },
  {
    flag: "returns",
    param: "returns",
    kind: "choice",
    choices: ["table", "drop"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (recommended: `table`, classic: `drop`)",
    help: "cancellation lines: kept in a `table` matched to their purchases, or `drop`ped",
    group: "cleaning",
  },
  {
    flag: "accept-removal",
    param: "acceptRemoval",
    kind: "list",
    choices: Object.keys(RULES),
    placeholder: "RULE,...",
    default: undefined,
    defaultText: "none",
    help: "rules allowed to remove more than half of the rows (the plausibility stops)",
    details: ["e.g. --accept-removal cancellation,missing_customer_id"],
    group: "cleaning",
    example: "cancellation",
  },
] as const;

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
  /** Field delimiter of a text file. @default {detected} */
  delimiter: Delimiter | undefined;
  /** Decimal separator of text numbers. @default {detected} */
  decimal: DecimalSeparator | undefined;
  /** The one sheet of a workbook to read. @default {every sheet whose columns match} */
  sheet: string | undefined;
  /** How cancellations are marked. @default {{ kind: "auto" }} */
  cancellations: CancellationMode;
  /** Exact duplicate lines. @default {the preset's} */
  duplicates: "remove" | "keep" | undefined;
  /** Non-product stock codes. @default {the preset's} */
  nonProducts: "remove" | "keep" | undefined;
  /** Outliers of quantity and price. @default {the preset's} */
  outliers: "cap" | "keep" | undefined;
  /** Cancellation lines kept in a returns table or dropped. @default {the preset's} */
  returns: "table" | "drop" | undefined;
  /** Rules allowed past the plausibility stops. @default {[]} */
  acceptRemoval: readonly RuleId[];
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
${
  LOAD_CLEAN_OPTIONS.map((o) =>
    `  ${`--${o.flag} ${o.placeholder}`.padEnd(25)}${o.help.replaceAll("`", "")}\n` +
    ("details" in o ? o.details.map((d) => `${" ".repeat(27)}${d}\n`).join("") : "")
  ).join("").trimEnd()
}
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
      ...Object.fromEntries(LOAD_CLEAN_OPTIONS.map((o) => [o.flag, { type: "string" as const }])),
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
      ...loadCleanOptions(values as Record<string, string | undefined>),
    },
  };
}

/** The reading and cleaning options of {@linkcode LOAD_CLEAN_OPTIONS}, parsed and checked. */
function loadCleanOptions(values: Record<string, string | undefined>): Pick<
  ReportOptions,
  | "delimiter"
  | "decimal"
  | "sheet"
  | "cancellations"
  | "duplicates"
  | "nonProducts"
  | "outliers"
  | "returns"
  | "acceptRemoval"
> {
  const choice = <T extends string>(flag: string, allowed: readonly T[]): T | undefined =>
    values[flag] === undefined ? undefined : oneOf(flag, values[flag]!, allowed);
  const sheet = values.sheet;
  if (sheet !== undefined && sheet.trim() === "") {
    throw new OptionError(
      "sheet",
      'Cannot read options: --sheet must name a sheet: current value is ""',
      'for example --sheet "Year 2010-2011"',
    );
  }
  return {
    delimiter: values.delimiter === undefined ? undefined : parseDelimiter(values.delimiter),
    decimal: values.decimal === undefined ? undefined : parseDecimal(values.decimal),
    sheet,
    cancellations: parseCancellations(values.cancellations ?? "auto"),
    duplicates: choice("duplicates", ["remove", "keep"] as const),
    nonProducts: choice("non-products", ["remove", "keep"] as const),
    outliers: choice("outliers", ["cap", "keep"] as const),
    returns: choice("returns", ["table", "drop"] as const),
    acceptRemoval: (values["accept-removal"] ?? "").split(",").map((r) => r.trim())
      .filter((r) => r !== "").map((r) =>
        oneOf("accept-removal", r, Object.keys(RULES) as RuleId[])
      ),
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
 * equal(datasetName("orders.tsv"), "orders");
 * ```
 */
export function datasetName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/(\.(csv|tsv|txt)(\.gz)?|\.parquet|\.xlsx|\.gz)$/i, "") || "dataset";
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
