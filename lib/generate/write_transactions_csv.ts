import { dirname } from "node:path";
import { OptionError } from "../errors.ts";
import { createProgress, type Progress } from "../util/progress.ts";
import { retailCsvChunks, type RetailRow } from "./csv.ts";
import { generateTransactions, plannedRowCount } from "./generate_transactions.ts";
import { type GenerateOptions, resolveGenerateOptions } from "./options.ts";

/** Options for {@linkcode writeTransactionsCsv}. */
export interface WriteTransactionsOptions extends GenerateOptions {
  /**
   * Target number of rows; the number of customers is scaled to reach it (within a few
   * percent). Cannot be combined with `customers`. @default {undefined (use `customers`)}
   */
  rows?: number;
  /** Progress reporter for stage lines. @default {a stderr reporter (quiet under CRM_QUIET=1)} */
  progress?: Progress;
}

/** What {@linkcode writeTransactionsCsv} wrote. */
export interface WriteTransactionsResult {
  /** Data rows (header excluded). */
  readonly rows: number;
  /** Bytes on disk (compressed size for `.gz`). */
  readonly bytes: number;
  /** Customers simulated. */
  readonly customers: number;
}

const PILOT_CUSTOMERS = 3000;

/**
 * Writes a generated transaction log as UTF-8 CSV with LF line ends; a path ending in
 * `.gz` is gzip-compressed while streaming. The file is written next to its target and
 * renamed when complete, so a failed run leaves no half-written file. Parent folders are
 * created.
 *
 * @param path Output file (`.csv` or `.csv.gz`).
 * @param options Generation options, plus `rows` and `progress`.
 * @returns Rows and bytes written.
 * @throws {OptionError} If an option is invalid, or both `rows` and `customers` are given.
 *
 * @example Write a small file
 * ```ts ignore
 * import { writeTransactionsCsv } from "./write_transactions_csv.ts";
 * const { rows } = await writeTransactionsCsv("data/generated/retail_1m.csv", { rows: 1_000_000 });
 * ```
 */
export async function writeTransactionsCsv(
  path: string,
  options: WriteTransactionsOptions = {},
): Promise<WriteTransactionsResult> {
  const { rows: targetRows, progress = createProgress(), ...generate } = options;
  resolveGenerateOptions(generate);
  if (targetRows !== undefined && generate.customers !== undefined) {
    throw new OptionError(
      "rows",
      "Cannot read options: rows and customers cannot both be given",
      "give --rows to scale the customers, or --customers",
    );
  }
  const customers = targetRows === undefined
    ? generate.customers
    : customersForRows(targetRows, generate);
  const settings: GenerateOptions = customers === undefined ? generate : { ...generate, customers };
  resolveGenerateOptions(settings); // fail before creating any file
  const done = progress.stage(`generate ${path}`);
  const temporary = `${path}.tmp`;
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(temporary, { write: true, create: true, truncate: true });
  let rows = 0;
  try {
    const compress = path.endsWith(".gz") ? new CompressionStream("gzip") : undefined;
    const piped = compress?.readable.pipeTo(file.writable);
    const sink = (compress?.writable ?? file.writable) as WritableStream<Uint8Array>;
    const writer = sink.getWriter();
    const encoder = new TextEncoder();
    const counted = countRows(generateTransactions(settings), (n) => {
      rows = n;
      if (n % 1_000_000 === 0) progress.info(`generate: ${n.toLocaleString("en-US")} rows`);
    });
    for (const chunk of retailCsvChunks(counted)) await writer.write(encoder.encode(chunk));
    await writer.close();
    await piped;
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
  await Deno.rename(temporary, path);
  const bytes = (await Deno.stat(path)).size;
  done(`${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB`);
  return { rows, bytes, customers: customers ?? (generate.customers ?? 0) };
}

/**
 * The number of customers that gives about `rows` rows: a pilot run measures rows per
 * customer with the same seed and period.
 *
 * @example
 * ```ts
 * import { customersForRows } from "./write_transactions_csv.ts";
 * import { generateTransactions, plannedRowCount } from "./generate_transactions.ts";
 * import { ok } from "node:assert/strict";
 * const customers = customersForRows(20000, { seed: 1 });
 * const rows = [...generateTransactions({ seed: 1, customers })].length;
 * ok(Math.abs(rows - 20000) < 1000);
 * ```
 */
export function customersForRows(rows: number, options: GenerateOptions = {}): number {
  if (!Number.isInteger(rows) || rows < 100 || rows > 200_000_000) {
    throw new OptionError(
      "rows",
      `Cannot read options: rows must be an integer from 100 to 200000000: current value is "${rows}"`,
    );
  }
  let pilotRows = 0;
  for (const _ of generateTransactions({ ...options, customers: PILOT_CUSTOMERS })) pilotRows++;
  // Rows per planned line is stable; rows per customer is noisy (heavy-tailed customers), so
  // correct the first guess with the plan (cheap) at the guessed size.
  const rowsPerPlannedLine = pilotRows /
    plannedRowCount({ ...options, customers: PILOT_CUSTOMERS });
  const guess = Math.max(1, Math.round((rows * PILOT_CUSTOMERS) / pilotRows));
  const planned = plannedRowCount({ ...options, customers: guess }) * rowsPerPlannedLine;
  return Math.max(1, Math.round((guess * rows) / planned));
}

function* countRows(rows: Iterable<RetailRow>, onCount: (n: number) => void): Generator<RetailRow> {
  let n = 0;
  for (const row of rows) {
    yield row;
    onCount(++n);
  }
}
