/**
 * Command line for the generator.
 *
 * ```sh
 * deno run -A lib/generate/cli.ts --rows 1000000 --out data/generated/retail_1m.csv [--seed 42]
 * deno run -A lib/generate/cli.ts --sample        # rewrite data/sample_online_retail.csv.gz
 * deno run -A lib/generate/cli.ts --crm data/sample_crm [--seed 42] [--no-effects] [--no-defects]
 * ```
 *
 * Bad options print a message (no stack trace) and exit with code 2.
 *
 * @module
 */
import { isUserError, OptionError } from "../errors.ts";
import { parseOptions } from "../util/mod.ts";
import type { GenerateOptions } from "./options.ts";
import { SAMPLE_FILE, SAMPLE_OPTIONS } from "./sample.ts";
import { CRM_SAMPLE_DIR, type GenerateCrmOptions, writeCrmFolder } from "./crm/mod.ts";
import { writeTransactionsCsv, type WriteTransactionsOptions } from "./write_transactions_csv.ts";

/** Usage text of the CLI. */
export const USAGE = `Generate an Online Retail II-shaped transaction log (CSV, or gzip for .gz).

Usage:
  deno run -A lib/generate/cli.ts --out <file.csv|file.csv.gz> [--rows N | --customers N] [options]
  deno run -A lib/generate/cli.ts --sample
  deno run -A lib/generate/cli.ts --crm <folder> [--seed N] [--customers N] [--no-effects] [--no-defects]

Options:
  --out <path>       output file; ".gz" compresses
  --rows <n>         target row count (scales the number of customers)
  --customers <n>    number of customers (default 2500, about 22 rows each)
  --seed <n>         random seed (default 42)
  --start <date>     first day, YYYY-MM-DD (default 2010-12-01)
  --end <date>       last day, YYYY-MM-DD (default 2011-12-09)
  --products <n>     catalogue size (default 3000)
  --sample           write the committed default sample to ${SAMPLE_FILE}
  --crm <folder>     write a multi-table CRM dataset (one CSV per table) into the folder;
                     with the defaults it is the committed sample ${CRM_SAMPLE_DIR}/
  --no-effects       (--crm) no planted effect: channels, categories, regions and reps alike
  --no-defects       (--crm) no planted defect
  --help             show this text
`;

/** The parsed command: either help, or a file to write with its options. */
export type CliCommand = { readonly help: true } | {
  readonly help: false;
  readonly out: string;
  readonly options: WriteTransactionsOptions;
} | {
  readonly help: false;
  readonly crm: string;
  readonly options: GenerateCrmOptions;
};

/**
 * Parses command-line arguments into a command (pure; no I/O).
 *
 * @throws {OptionError} For unknown options, missing `--out`, or non-numeric values.
 *
 * @example
 * ```ts
 * import { parseCliArgs } from "./cli.ts";
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * deepStrictEqual(parseCliArgs(["--rows", "1000", "--out", "x.csv", "--seed", "7"]), {
 *   help: false, out: "x.csv", options: { rows: 1000, seed: 7 },
 * });
 * throws(() => parseCliArgs(["--rows", "many", "--out", "x.csv"]), /rows must be a whole number: current value is "many"/);
 * ```
 */
export function parseCliArgs(args: readonly string[]): CliCommand {
  const { values } = parseOptions({
    args: [...args],
    options: {
      out: { type: "string" },
      rows: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      start: { type: "string" },
      end: { type: "string" },
      products: { type: "string" },
      sample: { type: "boolean" },
      crm: { type: "string" },
      "no-effects": { type: "boolean" },
      "no-defects": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }, "run with --help for usage");
  if (values.help) return { help: true };
  if (values.crm !== undefined) {
    if (values.out !== undefined || values.rows !== undefined || values.sample) {
      throw new OptionError(
        "crm",
        "Cannot read options: --crm takes --seed, --customers, --no-effects and --no-defects only",
        "run with --help for usage",
      );
    }
    const options: GenerateCrmOptions = {};
    if (values.seed !== undefined) options.seed = whole("seed", values.seed);
    if (values.customers !== undefined) options.customers = whole("customers", values.customers);
    if (values.start !== undefined) options.start = values.start;
    if (values["no-effects"]) options.effects = false;
    if (values["no-defects"]) options.defects = false;
    return { help: false, crm: values.crm, options };
  }
  if (values["no-effects"] || values["no-defects"]) {
    throw new OptionError(
      values["no-effects"] ? "no-effects" : "no-defects",
      `Cannot read options: --${values["no-effects"] ? "no-effects" : "no-defects"} needs --crm`,
      "run with --help for usage",
    );
  }
  if (values.sample) {
    if (
      values.out !== undefined || values.rows !== undefined || values.customers !== undefined ||
      values.seed !== undefined
    ) {
      throw new OptionError(
        "sample",
        "Cannot read options: --sample takes no other options",
        "run with --help for usage",
      );
    }
    return { help: false, out: SAMPLE_FILE, options: { ...SAMPLE_OPTIONS } };
  }
  if (values.out === undefined) {
    throw new OptionError(
      "out",
      "Cannot read options: --out is required",
      "run with --help for usage",
    );
  }
  const options: WriteTransactionsOptions & GenerateOptions = {};
  if (values.rows !== undefined) options.rows = whole("rows", values.rows);
  if (values.customers !== undefined) options.customers = whole("customers", values.customers);
  if (values.seed !== undefined) options.seed = whole("seed", values.seed);
  if (values.products !== undefined) options.products = whole("products", values.products);
  if (values.start !== undefined) options.start = values.start;
  if (values.end !== undefined) options.end = values.end;
  return { help: false, out: values.out, options };
}

function whole(name: string, text: string): number {
  const clean = text.replaceAll("_", "");
  if (!/^\d+$/.test(clean)) {
    throw new OptionError(
      name,
      `Cannot read options: ${name} must be a whole number: current value is "${text}"`,
    );
  }
  return Number(clean);
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad options). */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const command = parseCliArgs(args);
    if (command.help) {
      console.log(USAGE);
      return 0;
    }
    const t0 = performance.now();
    if ("crm" in command) {
      const { dataset, bytes } = await writeCrmFolder(command.crm, command.options);
      console.log(
        `${command.crm}: ${dataset.files.length} files, ${
          dataset.files.reduce((a, f) => a + f.rows.length, 0).toLocaleString("en-US")
        } rows, ${bytes.toLocaleString("en-US")} bytes`,
      );
      return 0;
    }
    const { rows, bytes } = await writeTransactionsCsv(command.out, command.options);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${command.out}: ${rows.toLocaleString("en-US")} rows, ${
        bytes.toLocaleString("en-US")
      } bytes, ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`,
    );
    return 0;
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error(`error: ${error.message}`);
    if (error.hint !== undefined) console.error(`hint: ${error.hint}`);
    return 2;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
