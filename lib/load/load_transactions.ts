import { basename, dirname, join } from "node:path";
import type { CanonicalField } from "../db/canonical.ts";
import type { Db } from "../db/db.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import { CsvParseError, type Issue, oneOf, OptionError } from "../errors.ts";
import { createProgress, type Progress } from "../util/progress.ts";
import { checkInputFile } from "./_check_file.ts";
import { type BadRow, locateIssues, writeRejects } from "./_issues.ts";
import { BAD_MASK, BAD_ROW, badRowsSql, type DateParse, numberRows, stageSql } from "./_sql.ts";
import { noRows, openSource, type Source } from "./_source.ts";
import { detectDateFormat } from "./detect_date_format.ts";
import { detectFormat, type InputFormat } from "./detect_format.ts";
import type { ColumnMapping } from "./parse_mapping.ts";
import { resolveColumns, type SourceSchema } from "./resolve_columns.ts";

/** Options for {@linkcode loadTransactions}. */
export interface LoadOptions {
  /** A `.csv`, `.csv.gz`, `.parquet` or `.xlsx` transaction log. */
  path: string;
  /** Canonical field → source column, for schemas other than the two UCI ones. @default {{}} */
  map?: ColumnMapping;
  /** strptime format of the date column (DuckDB `strptime`), e.g. `"%d.%m.%Y %H:%M"`. @default {detected from the data} */
  dateFormat?: string;
  /** `"fail"` throws on any unparseable cell; `"quarantine"` sets those rows aside. @default {"fail"} */
  onInvalid?: "fail" | "quarantine";
  /** Where quarantined rows are written. @default {`<dir>/.crm-cache/<name>.rejects.csv`} */
  rejectsPath?: string;
  /** Name of the table to create (replaced if it exists). @default {"raw_transactions"} */
  table?: string;
  /** Progress reporter. @default {createProgress()} */
  progress?: Progress;
}

/** What {@linkcode loadTransactions} loaded and how. */
export interface LoadResult {
  readonly table: string;
  readonly file: string;
  readonly format: InputFormat;
  readonly schema: SourceSchema;
  /** Canonical field → source column (`null` when absent). */
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
  /** strptime format used for the date column, or `"native"` for typed Parquet dates. */
  readonly dateFormat: string;
  /** `"utf-8"` or `"latin-1"`. */
  readonly encoding: string;
  /** For xlsx: true when this call converted the sheet, false when the cache was reused. */
  readonly converted?: boolean;
  /** Data rows in the source. */
  readonly rowsRead: number;
  /** Rows in the table. */
  readonly rowsLoaded: number;
  /** Rows set aside by `onInvalid: "quarantine"`. */
  readonly rowsRejected: number;
  /** The rejects CSV, when rows were rejected. */
  readonly rejectsFile?: string;
  /** The first rejected cells (at most 20). */
  readonly issues: readonly Issue[];
}

const STAGE = "__crm_load_stage";
const ISSUES_SHOWN = 5;
const ISSUES_KEPT = 20;

/**
 * Loads a transaction log into the canonical table (`raw_transactions`, see
 * `lib/db/canonical.ts`), one row per data row, in file order. The file is read once by
 * DuckDB with every column as text; numbers and dates are parsed in the same pass, and
 * cells that do not parse are flagged, then either reported (`onInvalid: "fail"`) or
 * moved to a rejects CSV (`"quarantine"`).
 *
 * Columns are recognised in both UCI schemas (Online Retail II and the original Online
 * Retail); other schemas need `map`. Dates are ISO 8601, US `12/1/2010 8:26` (2- or
 * 4-digit year) or day-first when the data proves it, detected from the first rows
 * and then used for the whole column; or give `dateFormat`. Text may be UTF-8 (with or
 * without BOM) or Latin-1, with LF, CRLF or CR line ends.
 *
 * @param db The analysis database.
 * @param options File, mapping, date format and invalid-row policy.
 * @returns Counts, the resolved columns and formats, and the first issues.
 * @throws {InputFileError} Missing, empty, header-only or unknown-format file.
 * @throws {SchemaError} Required fields missing after mapping (the hint suggests `--map`).
 * @throws {CsvParseError} Broken CSV structure, or with `onInvalid: "fail"` unparseable
 *   values (`.issues` holds the first ones with line and column, `.count` the total).
 * @throws {OptionError} Bad `onInvalid`, `table` or `dateFormat`.
 *
 * @example
 * ```ts ignore
 * import { openDb } from "../db/db.ts";
 * import { loadTransactions } from "./load_transactions.ts";
 * const db = await openDb();
 * const r = await loadTransactions(db, { path: "data/raw/online_retail_II.csv.gz" });
 * // r.rowsLoaded === 541910, r.schema === "online_retail_ii", r.dateFormat === "%Y-%m-%d %H:%M:%S"
 * ```
 */
export async function loadTransactions(db: Db, options: LoadOptions): Promise<LoadResult> {
  const { path, map = {}, dateFormat, table = "raw_transactions", progress = createProgress() } =
    options;
  const onInvalid = oneOf(
    "onInvalid",
    options.onInvalid ?? "fail",
    ["fail", "quarantine"] as const,
  );
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new OptionError(
      "table",
      `Cannot read option table: not a plain table name: current value is "${table}"`,
    );
  }
  const format = detectFormat(path);
  await checkInputFile(path);
  const done = progress.stage(`load ${basename(path)}`);
  const source = await openSource(db, path, format, progress);
  const { schema, columnMap } = resolveColumns(source.header, { map, file: path });
  const date = await chooseDateFormat(db, source, columnMap.invoice_date!, dateFormat, path);
  const encoding = await stage(db, source, columnMap, date, path);
  try {
    const counts = await db.one<{ n: number; bad: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${BAD_ROW}) AS bad FROM ${STAGE}`,
    );
    if (counts.n === 0) {
      throw noRows(
        path,
        source.lineKind === "line" ? "line 1 is the header" : "no rows after the header",
      );
    }
    const context = { file: path, source, columnMap, date };
    const sqlSource = { columnMap, types: source.types, header: source.header, date };
    let rejected: Awaited<ReturnType<typeof locateIssues>> = [];
    let rejectsFile: string | undefined;
    if (counts.bad > 0) {
      const limit = onInvalid === "fail" ? ISSUES_SHOWN : counts.bad;
      rejected = await locateIssues(
        await badRows(db, source.from(encoding), sqlSource, limit),
        context,
      );
      if (onInvalid === "fail") throw invalidValues(path, rejected, counts.bad);
      rejectsFile = options.rejectsPath ??
        join(dirname(path), ".crm-cache", `${basename(path)}.rejects.csv`);
      try {
        await Deno.mkdir(dirname(rejectsFile), { recursive: true });
        await writeRejects(rejectsFile, source.header, rejected);
      } catch (error) {
        throw new OptionError(
          "rejectsPath",
          `Cannot write rejects file "${rejectsFile}": ${(error as Error).message}`,
          "Pass rejectsPath with a writable location",
        );
      }
      progress.info(
        `load: ${
          counts.bad.toLocaleString("en-US")
        } rows with invalid values written to ${rejectsFile}`,
      );
    }
    if (counts.bad > 0) await db.run(`DELETE FROM ${STAGE} WHERE ${BAD_ROW}`);
    // renaming only at the end keeps an earlier table intact when this load fails
    await db.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    await db.run(`ALTER TABLE ${STAGE} RENAME TO ${quoteIdent(table)}`);
    const rowsLoaded = counts.n - counts.bad;
    done(`${rowsLoaded.toLocaleString("en-US")} rows into ${table}`);
    return {
      table,
      file: path,
      format,
      schema,
      columnMap,
      dateFormat: "native" in date ? "native" : date.format,
      encoding,
      ...(source.converted === undefined ? {} : { converted: source.converted }),
      rowsRead: counts.n,
      rowsLoaded,
      rowsRejected: counts.bad,
      ...(rejectsFile === undefined ? {} : { rejectsFile }),
      issues: rejected.flatMap((r) => r.issues).slice(0, ISSUES_KEPT),
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}

/** Reads the file into the stage table; retries as Latin-1 when DuckDB finds invalid UTF-8. */
async function stage(
  db: Db,
  source: Source,
  columnMap: Readonly<Record<CanonicalField, string | null>>,
  date: DateParse,
  path: string,
): Promise<"utf-8" | "latin-1"> {
  const context = { columnMap, types: source.types, header: source.header, date };
  let encoding = source.encoding;
  for (;;) {
    try {
      await db.run(stageSql(STAGE, source.from(encoding), context));
      await db.run(numberRows(STAGE));
      return encoding;
    } catch (error) {
      const text = String((error as Error).message ?? error);
      if (encoding === "utf-8" && /Invalid unicode/i.test(text) && source.lineKind === "line") {
        encoding = "latin-1";
        continue;
      }
      throw await csvStructureError(error, text, source, path);
    }
  }
}

/** Maps DuckDB's CSV error (which counts records, not lines) to a located CsvParseError. */
async function csvStructureError(
  error: unknown,
  text: string,
  source: Source,
  path: string,
): Promise<unknown> {
  const m = /CSV Error on Line: (\d+)/.exec(text);
  if (m === null || source.lineKind !== "line") return error;
  const row = Number(m[1]) - 1;
  const line = row >= 1 ? (await source.lines([row])).get(row) : 1;
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  const what = counts !== null
    ? `expected ${counts[1]} fields as in the header, found ${counts[2]}`
    : /unterminated quote/i.test(text)
    ? "a quoted field is never closed"
    : text.split("\n").find((l) => /error|invalid/i.test(l) && !/CSV Error on Line/.test(l))
      ?.trim() ?? "the row cannot be parsed";
  return new CsvParseError(
    `Cannot parse "${path}" at line ${line ?? `of data row ${row}`}: ${what}`,
    {
      location: { file: path, ...(line === undefined ? {} : { line }) },
      hint: counts !== null
        ? "Quote fields that contain commas, and double quotes inside quoted fields"
        : 'Check the quotes on this line: a field that starts with " must end with "',
    },
  );
}

async function chooseDateFormat(
  db: Db,
  source: Source,
  column: string,
  dateFormat: string | undefined,
  path: string,
): Promise<DateParse> {
  const type = source.types[column] ?? "VARCHAR";
  if (/^(DATE|TIMESTAMP)/.test(type)) return { native: true };
  if (dateFormat !== undefined) {
    try {
      await db.run(`SELECT try_strptime('2000-01-01', ${quoteLiteral(dateFormat)})`);
    } catch (error) {
      throw new OptionError(
        "dateFormat",
        `Cannot read option dateFormat: not a strptime format: current value is "${dateFormat}" (${
          (error as Error).message.split("\n")[0]
        })`,
        'Use strptime codes, e.g. "%d.%m.%Y %H:%M"',
      );
    }
    return { format: dateFormat, iso: false };
  }
  const sample = await source.sample(column, 1000);
  const detected = detectDateFormat(sample.map((s) => s.value));
  if (detected !== undefined) return detected;
  const first = sample[0];
  const line = first?.row === undefined
    ? undefined
    : (await source.lines([first.row])).get(first.row);
  const columnIndex = source.header.indexOf(column) + 1;
  throw new CsvParseError(
    `Cannot detect the date format of column "${column}" in "${path}"${
      line === undefined ? "" : ` at line ${line}`
    }: ` +
      `first value is "${first?.value ?? ""}"`,
    {
      location: {
        file: path,
        column,
        columnIndex,
        ...(line === undefined ? {} : { line }),
        value: first?.value ?? "",
      },
      hint: 'Pass dateFormat with strptime codes, e.g. --date-format "%d.%m.%Y %H:%M"',
    },
  );
}

/**
 * The first `limit` bad rows: row numbers and masks from the stage table, source values from
 * a second read of the file (only done when something is wrong). Both lists are in file order;
 * their masks must agree row by row.
 */
async function badRows(
  db: Db,
  from: string,
  source: Parameters<typeof badRowsSql>[1],
  limit: number,
): Promise<BadRow[]> {
  const staged = await db.all<{ row: number; bad: number }>(
    `SELECT row_number AS row, ${BAD_MASK} AS bad FROM ${STAGE} WHERE ${BAD_ROW} ORDER BY row_number LIMIT ${limit}`,
  );
  const reread = await db.all<{ bad: number; raw: (string | null)[] }>(
    badRowsSql(from, source, limit),
  );
  if (reread.length !== staged.length || reread.some((r, i) => r.bad !== staged[i]!.bad)) {
    throw new Error(
      `Cannot locate the invalid rows: the second read of the file found other rows (${reread.length} vs ${staged.length}); was the file changed while it was loaded?`,
    );
  }
  return staged.map((s, i) => ({ row: s.row, bad: s.bad, raw: reread[i]!.raw }));
}

function invalidValues(
  path: string,
  rejected: readonly { issues: readonly Issue[] }[],
  count: number,
): CsvParseError {
  const issues = rejected.flatMap((r) => r.issues);
  const first = issues[0]!;
  const lines = issues.slice(0, ISSUES_SHOWN).map((i) => `  ${i.message}`);
  return new CsvParseError(
    `Cannot load transactions from "${path}": ${count.toLocaleString("en-US")} ${
      count === 1 ? "row has" : "rows have"
    } invalid values\n${lines.join("\n")}`,
    {
      location: first,
      issues,
      count,
      hint: invalidHint(issues),
    },
  );
}

/** What to do about the kinds of bad cells found: dates, numbers, missing values. */
function invalidHint(issues: readonly Issue[]): string {
  const has = (rule: string) => issues.some((i) => i.rule === rule);
  const fixes: string[] = [];
  if (has("invalid-number")) {
    fixes.push("write numbers with a dot for decimals and no thousands separator");
  }
  if (has("invalid-date")) {
    fixes.push(
      'pass dateFormat (e.g. --date-format "%d/%m/%Y %H:%M") if the dates use another format',
    );
  }
  if (has("missing-value")) fixes.push("fill in the missing values");
  fixes.push('or pass onInvalid: "quarantine" to set these rows aside');
  const text = fixes.join("; ");
  return text[0]!.toUpperCase() + text.slice(1);
}
