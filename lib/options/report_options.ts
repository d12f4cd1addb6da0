/**
 * The options of the main job (`deno task report`) and of the notebooks, declared once in
 * {@linkcode REPORT_OPTIONS}. The command-line parser ({@linkcode parseReportArgs}), the
 * notebook parameters ({@linkcode reportOptionsFromParams}), `--help` ({@linkcode reportHelp})
 * and the README's option table ({@linkcode optionsMarkdownTable}) are generated from it.
 *
 * @module
 */
// The option parsers come from their own files, not the areas' mod.ts: `--help` and a mistyped
// option then load only these few small modules, not DuckDB, Plot and the analyses.
import type { CancellationMode, Preset, RuleId } from "../clean/rules.ts";
import { parseCancellations, PRESETS, RULES } from "../clean/rules.ts";
import type { DecimalSeparator, Delimiter } from "../load/detect_dialect.ts";
import { parseDelimiter } from "../load/detect_dialect.ts";
import {
  parseAmountsOption,
  parseRecode,
  parseResolvedStatuses,
  parseTableOption,
} from "../crm/crm_options.ts";
import { OptionError } from "../errors.ts";
import { parseOptions } from "../util/parse_options.ts";
import {
  optionName,
  type OptionSource,
  type OptionSpec,
  type OptionValue,
  parseOptionValue,
  rejectOption,
} from "./spec.ts";

/** The CLV models that can drive the predictions (`--clv-model`). */
export const CLV_MODELS = ["bg_nbd", "mbg_nbd", "pareto_nbd"] as const;

/** The embedded sample, the default input. */
export const SAMPLE_DATA = "data/sample_online_retail.csv.gz";

/** Every option of the main job and the notebooks, in `--help` order. */
export const REPORT_OPTIONS: readonly OptionSpec[] = [
  {
    flag: "data",
    param: "data",
    kind: "string",
    placeholder: "FILE",
    default: SAMPLE_DATA,
    defaultText: "`data/sample_online_retail.csv.gz`",
    help: "input file (.csv, .csv.gz, .parquet, .xlsx), or a folder of CRM tables",
    details: [
      "the embedded sample by default; data/sample_crm/ is the embedded CRM folder",
      "a folder: every .csv, .csv.gz, .parquet and .xlsx in it is recognised as a CRM table",
    ],
    group: "input",
    example: "orders.csv",
  },
  {
    flag: "map",
    param: "map",
    kind: "string",
    placeholder: "MAPPING",
    default: undefined,
    defaultText: "automatic for UCI and FLO files",
    help: "column mapping, inline or a JSON file",
    details: [
      'for your own schema, e.g. --map customer_id="Customer Name",invoice_date="Order Date"',
      'CRM tables: per kind, e.g. --map interactions.channel="Ticket Channel"',
      "or a JSON file: --map mapping.json",
    ],
    group: "input",
    example: 'customer_id="Customer Name"',
  },
  {
    flag: "date-format",
    param: "dateFormat",
    kind: "string",
    placeholder: "FMT",
    default: undefined,
    defaultText: "detected",
    help: "strptime format of the date column",
    details: [
      'e.g. "%d/%m/%Y %H:%M"; ISO, US "12/1/2010 8:26", "01 Dec 2010" and "20101201" are recognised',
      "dates as numbers: excel-serial, unix-seconds or unix-milliseconds (detected by their size)",
    ],
    group: "input",
    example: "%d/%m/%Y %H:%M",
  },
  {
    flag: "on-invalid",
    param: "onInvalid",
    kind: "choice",
    choices: ["fail", "quarantine"],
    placeholder: "MODE",
    default: "fail",
    defaultText: "`fail`",
    help: "`fail` or `quarantine` unparseable rows",
    details: [
      "fail: stop and list unparseable lines;",
      "quarantine: set them aside in tables/rejected_rows.csv",
    ],
    group: "input",
  },
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
    check: (value) => parseDelimiter(String(value)),
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
    check: (value, name) => {
      if (String(value).trim() === "") rejectOption("sheet", name, "a sheet name", value);
      return String(value);
    },
  },
  {
    flag: "fill-down",
    param: "fillDown",
    kind: "boolean",
    placeholder: "",
    default: false,
    defaultText: "off",
    help:
      "read a report layout, which writes an order's invoice, date, customer and country on its first line only: a line without an invoice takes them from the line above",
    group: "input",
  },
  {
    flag: "cache",
    param: "cache",
    kind: "choice",
    choices: ["on", "off"],
    placeholder: "on|off",
    default: "on",
    defaultText: "`on`",
    help: "reuse the loaded table of an unchanged file and the same load options",
    details: [
      "kept as Parquet in $CRM_CACHE_DIR, else $XDG_CACHE_HOME/crm-workspace, else",
      "~/.cache/crm-workspace; off: read the file and write nothing to the cache",
    ],
    group: "input",
  },
  {
    flag: "table",
    param: "tables",
    kind: "list",
    placeholder: "KIND=FILE",
    default: [],
    defaultText: "–",
    help:
      "a CRM table named by its kind (repeatable): transactions, customers, products, interactions, sales_team, pipeline, accounts, targets",
    details: ["e.g. --table pipeline=deals.csv --table sales_team=reps.csv"],
    group: "crm",
    notebook: false,
    example: "pipeline=deals.csv",
    check: (value) => {
      for (const text of value as readonly string[]) parseTableOption(text);
      return value;
    },
  },
  {
    flag: "recode",
    param: "recode",
    kind: "string",
    placeholder: "PAIRS",
    default: undefined,
    defaultText: "none",
    help: 'replace values of a CRM table before validation: `KIND.field="FROM=>TO",...`',
    details: [
      'e.g. --recode pipeline.product="GTXPro=>GTX Pro" (crm_checks.csv suggests each one)',
    ],
    group: "crm",
    example: 'pipeline.product="GTXPro=>GTX Pro"',
    check: (value) => {
      parseRecode(String(value));
      return value;
    },
  },
  {
    flag: "resolved-status",
    param: "resolvedStatus",
    kind: "string",
    placeholder: "LIST",
    default: undefined,
    defaultText: "`Closed,Resolved,Solved,Done`",
    help: "interaction statuses counted as resolved, comma-separated (case-insensitive)",
    group: "crm",
    example: "Closed,Resolved",
    check: (value) => {
      parseResolvedStatuses(String(value));
      return value;
    },
  },
  {
    flag: "amounts",
    param: "amounts",
    kind: "choice",
    choices: ["recompute", "flag"],
    placeholder: "MODE",
    default: "recompute",
    defaultText: "`recompute`",
    help: "CRM transaction amounts that disagree with quantity x price: `recompute` or `flag`",
    group: "crm",
    check: (value) => parseAmountsOption(String(value)),
  },
  {
    flag: "min-deals",
    param: "minDeals",
    kind: "integer",
    min: 1,
    placeholder: "N",
    default: 20,
    defaultText: "`20`",
    help: "fewest closed deals for a sales rep to be ranked",
    group: "crm",
    example: "20",
  },
  {
    flag: "preset",
    param: "preset",
    kind: "choice",
    choices: PRESETS,
    placeholder: "NAME",
    default: "recommended",
    defaultText: "`recommended`",
    help: "cleaning recipe, see below",
    details: ["recommended (a careful analyst) or classic (the tutorials' numbers)"],
    group: "cleaning",
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
    check: (value) => parseCancellations(String(value)),
  },
  {
    flag: "order-fields",
    param: "orderFields",
    kind: "choice",
    choices: ["fill", "keep"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (recommended: `fill`, classic: `keep`)",
    help:
      "customer id, country, order status or currency missing on some lines of an invoice (shop exports write them on an order's first line): `fill` from the invoice's other lines when they agree, or `keep` missing",
    group: "cleaning",
  },
  {
    flag: "order-status",
    param: "orderStatus",
    kind: "choice",
    choices: ["remove", "keep"],
    placeholder: "WHAT",
    default: undefined,
    defaultText: "preset (recommended: `remove`, classic: `keep`)",
    help:
      "lines of orders whose status column says they are not sales (cancelled, refunded, voided, failed, declined): `remove` or `keep`",
    group: "cleaning",
  },
  {
    flag: "only-currency",
    param: "onlyCurrency",
    kind: "string",
    placeholder: "CODE",
    default: undefined,
    defaultText: "none: a file in two currencies is refused",
    help:
      "analyse the lines of one currency of a currency column that names several: the others are removed and counted in the ledger (`other_currency`)",
    group: "cleaning",
    example: "EUR",
    check: (value, name) => {
      const text = String(value).trim();
      if (text === "" || text.length > 8) {
        rejectOption("only-currency", name, "a currency as the file writes it, such as EUR", value);
      }
      return text.toUpperCase();
    },
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
    default: [],
    defaultText: "none",
    help: "rules allowed to remove more than half of the rows (the plausibility stops)",
    details: ["e.g. --accept-removal cancellation,missing_customer_id"],
    group: "cleaning",
    example: "cancellation",
  },
  {
    flag: "as-of",
    param: "asOf",
    kind: "date",
    placeholder: "DATE",
    default: undefined,
    defaultText: "two days after the last transaction",
    help: "analysis date `YYYY-MM-DD` (midnight)",
    details: ["e.g. 2011-12-11 for data ending 2011-12-09"],
    group: "analysis",
    example: "2011-12-11",
  },
  {
    flag: "seed",
    param: "seed",
    kind: "integer",
    min: 0,
    placeholder: "N",
    default: 42,
    defaultText: "`42`",
    help: "seed for clustering and bootstrap intervals",
    group: "analysis",
  },
  {
    flag: "min-group-size",
    param: "minGroupSize",
    kind: "integer",
    min: 1,
    placeholder: "N",
    default: 30,
    defaultText: "`30`",
    help: "customers a group (country, cohort, segment) needs before a recommendation names it",
    group: "analysis",
    example: "50",
  },
  {
    flag: "clv-model",
    param: "clvModel",
    kind: "choice",
    choices: CLV_MODELS,
    placeholder: "NAME",
    default: "bg_nbd",
    defaultText: "`bg_nbd`",
    help: "model behind P(alive), expected purchases and CLV: `bg_nbd`, `mbg_nbd`, `pareto_nbd`",
    group: "clv",
  },
  {
    flag: "clv-convention",
    param: "clvConvention",
    kind: "choice",
    choices: ["repeat", "classic"],
    placeholder: "NAME",
    default: "repeat",
    defaultText: "`repeat`",
    help: "model summaries: `repeat` (literature) or `classic` (tutorials)",
    group: "clv",
  },
  {
    flag: "horizon-months",
    param: "horizonMonths",
    kind: "integer",
    min: 1,
    placeholder: "N",
    default: 6,
    defaultText: "`6`",
    help: "CLV horizon",
    group: "clv",
    example: "12",
  },
  {
    flag: "discount",
    param: "discount",
    kind: "number",
    min: 0,
    max: 1,
    placeholder: "RATE",
    default: 0.01,
    defaultText: "`0.01`",
    help: "monthly discount rate of the CLV",
    group: "clv",
    example: "0.01",
  },
  {
    flag: "penalizer",
    param: "penalizer",
    kind: "number",
    min: 0,
    placeholder: "COEF",
    default: undefined,
    defaultText: "`0` (classic: 0.001 / 0.01)",
    help: "L2 penalty as lifetimes' `penalizer_coef`",
    details: ["0 by default; classic: 0.001 for BG/NBD and 0.01 for Gamma-Gamma, as the tutorials"],
    group: "clv",
    example: "0.001",
  },
  {
    flag: "time-unit",
    param: "timeUnit",
    kind: "choice",
    choices: ["week", "day"],
    placeholder: "UNIT",
    default: "week",
    defaultText: "`week`",
    help: "unit of recency and T in the models",
    group: "clv",
  },
  {
    flag: "margin",
    param: "margin",
    kind: "number",
    min: 0,
    max: 1,
    placeholder: "RATE",
    default: 0.1,
    defaultText: "`0.10`",
    help: "profit margin of the rule-based CLTV",
    group: "clv",
    example: "0.1",
  },
  {
    flag: "intervals",
    param: "intervals",
    kind: "choice",
    choices: ["auto", "bootstrap", "delta", "none"],
    placeholder: "MODE",
    default: "auto",
    defaultText: "`auto`",
    help:
      "CLV 90% intervals: `bootstrap` (seeded, 200 draws), `delta`, `none`; `auto` bootstraps up to 2,500 customers",
    group: "clv",
  },
  {
    flag: "out",
    param: "out",
    kind: "string",
    placeholder: "DIR",
    default: undefined,
    defaultText: "`reports/<dataset name>/`",
    help: "output folder",
    group: "output",
    notebook: false,
    example: "reports/my_shop",
  },
  {
    flag: "currency",
    param: "currency",
    kind: "string",
    placeholder: "SYMBOL",
    default: undefined,
    defaultText: "the data's (`£` for the UCI files), else none",
    help: "currency symbol of money in the report",
    group: "output",
    example: "€",
    check: (value, name) => {
      const text = String(value).trim();
      if (text === "" || text.length > 4) {
        rejectOption(
          "currency",
          name,
          "a symbol of 1 to 4 characters",
          value,
          'for example --currency "€" or --currency TRY',
        );
      }
      return text;
    },
  },
  {
    flag: "no-removed-rows",
    param: "noRemovedRows",
    kind: "boolean",
    placeholder: "",
    default: false,
    defaultText: "off",
    help: "do not write `tables/removed_rows.csv`",
    group: "output",
    notebook: false,
  },
];

/** Every option of the main job, parsed, with the defaults filled in. */
export interface ReportOptions {
  /** Input file. */
  readonly data: string;
  /** Output folder. */
  readonly out: string;
  readonly preset: Preset;
  /** Analysis date; `undefined`: midnight two days after the last transaction. */
  readonly asOf: Date | undefined;
  /** Column mapping `field="Source column",...`, a JSON object or a JSON mapping file. */
  readonly map: string | undefined;
  /** strptime format of the date column; `undefined`: detected. */
  readonly dateFormat: string | undefined;
  readonly onInvalid: "fail" | "quarantine";
  readonly clvModel: typeof CLV_MODELS[number];
  readonly clvConvention: "repeat" | "classic";
  readonly horizonMonths: number;
  readonly discount: number;
  /** lifetimes' penalizer_coef; `undefined`: 0 (classic: 0.001 and 0.01). */
  readonly penalizer: number | undefined;
  readonly timeUnit: "day" | "week";
  readonly margin: number;
  readonly seed: number;
  /** Customers a group needs before a recommendation names it. */
  readonly minGroupSize: number;
  readonly noRemovedRows: boolean;
  /** Currency symbol; `undefined`: the recognised schema's, else none. */
  readonly currency: string | undefined;
  readonly intervals: "auto" | "bootstrap" | "delta" | "none";
  /** Field delimiter of a text file; `undefined`: detected. */
  readonly delimiter: Delimiter | undefined;
  /** Decimal separator of text numbers; `undefined`: detected. */
  readonly decimal: DecimalSeparator | undefined;
  /** The one sheet of a workbook to read; `undefined`: every sheet whose columns match. */
  readonly sheet: string | undefined;
  /** Fill a report layout's lines in from the line above (`--fill-down`). */
  readonly fillDown: boolean;
  /** Reuse and fill the load cache (`"on"`), or read the file and write no cache (`"off"`). */
  readonly cache: "on" | "off";
  /** How cancellations are marked. */
  readonly cancellations: CancellationMode;
  /** Cleaning switches; `undefined`: the preset's. */
  readonly orderFields: "fill" | "keep" | undefined;
  readonly orderStatus: "remove" | "keep" | undefined;
  /** The one currency analysed (`--only-currency`); `undefined`: none (two are refused). */
  readonly onlyCurrency: string | undefined;
  readonly duplicates: "remove" | "keep" | undefined;
  readonly nonProducts: "remove" | "keep" | undefined;
  readonly outliers: "cap" | "keep" | undefined;
  readonly returns: "table" | "drop" | undefined;
  /** Rules allowed past the plausibility stops. */
  readonly acceptRemoval: readonly RuleId[];
  /** CRM tables named one by one, `KIND=FILE` as typed (`--table`). */
  readonly tables: readonly string[];
  /** Value replacements of CRM tables, `KIND.field="FROM=>TO",...` (`--recode`). */
  readonly recode: string | undefined;
  /** Interaction statuses counted as resolved, `A,B,...`; `undefined`: the defaults. */
  readonly resolvedStatus: string | undefined;
  /** CRM transaction amounts that disagree with quantity x price. */
  readonly amounts: "recompute" | "flag";
  /** Fewest closed deals for a rep to be ranked. */
  readonly minDeals: number;
}

/**
 * The dataset name of a file: its base name without data extensions.
 *
 * @example
 * ```ts
 * import { datasetName } from "./report_options.ts";
 * import { equal } from "node:assert/strict";
 * equal(datasetName("../shared/data/online_retail_II_year2010-2011.csv.gz"), "online_retail_II_year2010-2011");
 * ```
 */
export function datasetName(path: string): string {
  const base = path.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? path;
  return base.replace(
    /(\.csv\.gz|\.tsv\.gz|\.txt\.gz|\.csv|\.tsv|\.txt|\.parquet|\.xlsx|\.gz)$/i,
    "",
  ) ||
    "dataset";
}

/**
 * Reads option values into {@linkcode ReportOptions}: every value is checked by its declared
 * rules, missing ones take their defaults. In a notebook an empty string means "not given".
 *
 * @param values Values by parameter name (`asOf`), as text or typed values.
 * @param source `"cli"` (messages name `--as-of`) or `"notebook"` (messages name `asOf`).
 * @returns The options.
 * @throws {OptionError} For an unknown name or a value its option does not allow.
 *
 * @example
 * ```ts
 * import { readReportOptions } from "./report_options.ts";
 * import { equal, throws } from "node:assert/strict";
 * const o = readReportOptions({ preset: "classic", asOf: "2011-12-11", horizonMonths: 12 }, "notebook");
 * equal(o.preset, "classic");
 * equal(o.asOf?.toISOString(), "2011-12-11T00:00:00.000Z");
 * equal(o.out, "reports/sample_online_retail");
 * throws(() => readReportOptions({ onInvalid: "skip" }, "notebook"), /onInvalid must be one of "fail", "quarantine"/);
 * throws(() => readReportOptions({ asof: "2011-12-11" }, "notebook"), /unknown parameter "asof"/);
 * ```
 */
export function readReportOptions(
  values: Readonly<Record<string, unknown>>,
  source: OptionSource,
): ReportOptions {
  const byParam = new Map(REPORT_OPTIONS.map((o) => [o.param, o]));
  const parsed: Record<string, OptionValue | undefined> = {};
  for (const [name, raw] of Object.entries(values)) {
    const spec = byParam.get(name);
    if (spec === undefined) {
      throw new OptionError(
        name,
        `Cannot read options: unknown parameter "${name}"`,
        `the parameters are ${REPORT_OPTIONS.map((o) => o.param).join(", ")}`,
      );
    }
    if (raw === undefined || (source === "notebook" && raw === "")) continue;
    parsed[name] = parseOptionValue(spec, raw, source);
  }
  const get = (spec: OptionSpec): OptionValue | undefined => parsed[spec.param] ?? spec.default;
  const options: Record<string, OptionValue | undefined> = {};
  for (const spec of REPORT_OPTIONS) options[spec.param] = get(spec);
  const tables = options.tables as readonly string[];
  if (tables.length > 0) {
    // Tables named one by one are the input: the report is named after the first of them.
    if (parsed.data !== undefined) {
      const tableSpec = byParam.get("tables")!;
      throw new OptionError(
        "table",
        `Cannot read options: ${optionName(byParam.get("data")!, source)} and ${
          optionName(tableSpec, source)
        } both name the input: current values are "${parsed.data}" and "${tables[0]}"`,
        "give a folder of tables with --data FOLDER, or each table with --table KIND=FILE",
      );
    }
    options.data = parseTableOption(tables[0]!).path;
  }
  const data = options.data as string;
  options.out ??= `reports/${datasetName(data)}`;
  if (typeof options.cancellations === "string") {
    options.cancellations = parseCancellations(options.cancellations);
  }
  return options as unknown as ReportOptions;
}

/** Parsed command line: options, or a request for help. */
export type ParsedArgs = { help: true } | { help: false; options: ReportOptions };

/**
 * Parses and validates the main job's command line (see {@linkcode REPORT_OPTIONS}).
 *
 * @example
 * ```ts
 * import { parseReportArgs } from "./report_options.ts";
 * import { equal, throws } from "node:assert/strict";
 * const parsed = parseReportArgs(["--preset", "classic", "--as-of", "2011-12-11"]);
 * equal(parsed.help, false);
 * if (!parsed.help) equal(parsed.options.out, "reports/sample_online_retail");
 * throws(() => parseReportArgs(["--preset", "fast"]), /--preset must be one of "classic", "recommended"/);
 * ```
 */
export function parseReportArgs(args: readonly string[]): ParsedArgs {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> =
    {
      help: { type: "boolean", short: "h" },
    };
  for (const spec of REPORT_OPTIONS) {
    config[spec.flag] = spec.kind === "list"
      ? { type: "string", multiple: true }
      : { type: spec.kind === "boolean" ? "boolean" : "string" };
  }
  const { values } = parseOptions({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: config,
  }, "run `deno task report --help` for the list of options");
  if (values.help) return { help: true };
  const byFlag: Record<string, unknown> = {};
  for (const spec of REPORT_OPTIONS) {
    const v = (values as Record<string, unknown>)[spec.flag];
    if (v !== undefined) byFlag[spec.param] = v;
  }
  return { help: false, options: readReportOptions(byFlag, "cli") };
}

/** The option values a notebook's parameters stand for (see {@linkcode readReportOptions}). */
export function reportOptionsFromParams(
  params: Readonly<Record<string, unknown>>,
): ReportOptions {
  return readReportOptions(params, "notebook");
}

const GROUP_TITLES: Readonly<Record<OptionSpec["group"], string>> = {
  input: "Input",
  crm: "CRM tables",
  cleaning: "Cleaning",
  analysis: "Analysis",
  clv: "Customer lifetime value",
  output: "Output",
};

function usage(spec: OptionSpec): string {
  return `--${spec.flag}${spec.placeholder ? ` ${spec.placeholder}` : ""}`;
}

function plain(text: string): string {
  return text.replaceAll("`", "");
}

/**
 * The text of `deno task report --help`, generated from {@linkcode REPORT_OPTIONS}.
 *
 * @example
 * ```ts
 * import { reportHelp } from "./report_options.ts";
 * import { match } from "node:assert/strict";
 * match(reportHelp(), /--as-of DATE +analysis date YYYY-MM-DD \(midnight\) \(default: two days after the last transaction\)/);
 * ```
 */
export function reportHelp(): string {
  const lines = [
    "Usage: deno task report [options]",
    "",
    "Loads a transaction log (or a customer-level table such as FLO), cleans it with an audit",
    "ledger, runs the customer analytics and lifetime-value models, and writes a self-contained",
    "HTML report plus CSV/Parquet/JSON tables. A folder of CRM tables (or tables named with",
    "--table) gets the CRM operations analysis: data quality across tables, products and",
    "prices, support channels, sales team, purchase behaviour.",
  ];
  for (const group of Object.keys(GROUP_TITLES) as OptionSpec["group"][]) {
    lines.push("", `${GROUP_TITLES[group]}:`);
    for (const spec of REPORT_OPTIONS.filter((o) => o.group === group)) {
      const head = `  ${usage(spec)}`.padEnd(27);
      lines.push(`${head}${plain(spec.help)} (default: ${plain(spec.defaultText)})`);
      for (const d of spec.details ?? []) lines.push(`${" ".repeat(27)}${d}`);
    }
  }
  lines.push(
    "  -h, --help                 show this help",
    "",
    "Exit codes: 0 success, 2 a problem with the input or options (the message says what to do).",
  );
  return lines.join("\n");
}

/**
 * The README's option table (Markdown), generated from {@linkcode REPORT_OPTIONS}; a test
 * checks that the README carries exactly this table.
 */
export function optionsMarkdownTable(): string {
  // A pipe inside a cell would end it: GitHub-flavoured Markdown reads `\|` as a pipe.
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = REPORT_OPTIONS.map((
    o,
  ) => [`\`${usage(o)}\``, o.defaultText, o.help].map(cell));
  const header = ["option", "default", "meaning"];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, j) => c.padEnd(widths[j]!)).join(" | ")} |`;
  return [
    line(header),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}
