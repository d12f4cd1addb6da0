import { basename, dirname, join } from "node:path";
import type { CanonicalField } from "../db/canonical.ts";
import type { Db } from "../db/db.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import {
  CsvParseError,
  InputFileError,
  type Issue,
  isUserError,
  type Location,
  OptionError,
  SchemaError,
} from "../errors.ts";
import { createProgress, type Progress } from "../util/progress.ts";
import { sha256File } from "../util/sha256_file.ts";
import { cacheFolder, cacheRoot, discardEntry, firstLine, pruneCache } from "../cache/mod.ts";
import { checkInputFile } from "./_check_file.ts";
import { damagedGzip, firstRaggedLine, type TextEncoding, verifyGzip } from "./_csv_scan.ts";
import {
  type BadRow,
  locateIssues,
  type RejectedRow,
  rejectsError,
  writeRejects,
} from "./_issues.ts";
import { fromCache, loadCacheKey, saveLoad } from "./_load_cache.ts";
import {
  badMask,
  badRow,
  badRowsSql,
  checksFor,
  type DateParse,
  fillDownColumns,
  fillDownSql,
  isPlaceholderId,
  numberRows,
  oneOfSql,
  placeholderIdsSql,
  stagedBadRowsSql,
  stageSql,
} from "./_sql.ts";
import {
  describeDelimiter,
  encodingNote,
  isParquetReadError,
  noRows,
  notParquet,
  openSource,
  readInEncodings,
  type SampleValue,
  type SheetUse,
  type Source,
} from "./_source.ts";
import {
  type DateFormat,
  describeDate,
  detectDateFormat,
  type DetectedDateFormat,
  NUMERIC_DATE_FORMATS,
  numericDateFormat,
} from "./detect_date_format.ts";
import {
  CURRENCY_SYMBOLS,
  currencyCounts,
  currencyMark,
  type DecimalSeparator,
  type Delimiter,
  delimiterName,
  detectCurrency,
  detectDecimal,
  reportCurrency,
} from "./detect_dialect.ts";
import { detectFormat, type InputFormat } from "./detect_format.ts";
import type { ColumnMapping } from "./parse_mapping.ts";
import { type DerivedField, resolveColumns, type SourceSchema } from "./resolve_columns.ts";

/** Options for {@linkcode loadTransactions}. */
export interface LoadOptions {
  /** A `.csv`, `.tsv`, `.txt` (each optionally `.gz`), `.parquet` or `.xlsx` transaction log. */
  path: string;
  /** Canonical field → source column, for schemas other than the two UCI ones. @default {{}} */
  map?: ColumnMapping;
  /** strptime format of the date column (DuckDB `strptime`), e.g. `"%d.%m.%Y %H:%M"`. @default {detected from the data} */
  dateFormat?: string;
  /** `"fail"` throws on any unparseable cell; `"quarantine"` sets those rows aside. @default {"fail"} */
  onInvalid?: "fail" | "quarantine";
  /** Field delimiter of a text file. @default {detected: comma, semicolon, tab, pipe or whitespace} */
  delimiter?: Delimiter;
  /** Decimal separator of numbers in a text file. @default {detected where unambiguous, else "."} */
  decimal?: DecimalSeparator;
  /** The one sheet of an `.xlsx` to read. @default {every sheet whose header matches the first usable one} */
  sheet?: string;
  /**
   * The one currency analysed when the currency column names several (`--only-currency EUR`):
   * the load keeps every line and reports this currency; the cleaning removes the others
   * (`other_currency`). @default {none: a file in two currencies is refused}
   */
  onlyCurrency?: string;
  /**
   * Read a report layout, which writes an order's invoice, date, customer and country on its
   * first line only (`--fill-down`): a line without an invoice takes them from the nearest line
   * above that has one, where its own cells are blank. @default {false: such lines are bad rows}
   */
  fillDown?: boolean;
  /** Where quarantined rows are written. @default {`<name>.rejects.csv` in a new temporary folder} */
  rejectsPath?: string;
  /**
   * Reuse and fill the load cache (see {@linkcode LoadCacheOptions}): `true` for the cache
   * folder of {@linkcode loadCacheDir}; `false` reads the file and writes nothing to the cache
   * (a workbook is converted in a temporary folder).
   * @default {false}
   */
  cache?: boolean | LoadCacheOptions;
  /** Name of the table to create (replaced if it exists). @default {"raw_transactions"} */
  table?: string;
  /** Progress reporter. @default {createProgress()} */
  progress?: Progress;
  /**
   * Called when the engine starts its long read (the file, or the cache entry; again if the read
   * is retried in another encoding): from then on the load needs little of the JavaScript thread until it
   * ends. The main job imports its analyses then, not earlier, so that the load's own steps
   * (hash, cache lookup, dialect and date detection) are not held up by the import.
   */
  onRead?: () => void;
}

/**
 * Where and how {@linkcode loadTransactions} caches a load. A cached load is the loaded,
 * validated table as Parquet plus its load facts and quarantined rows, keyed by the file's
 * SHA-256, its name's ending, the load options (mapping, date format, delimiter, decimal
 * separator, sheet, invalid-row policy), `CACHE_VERSION`, the DuckDB version and the loader's
 * source files; a damaged entry is rebuilt.
 */
export interface LoadCacheOptions {
  /** The cache folder. @default {loadCacheDir()} */
  dir?: string;
  /** The entries' version; another number ignores every entry written under the current one. @default {CACHE_VERSION} */
  version?: number;
  /**
   * Write a new entry on a connection of its own while the caller goes on (the main job: the
   * Parquet copy of ten million rows takes seconds); `LoadResult.cacheWritten` settles when it
   * is done, and the caller awaits it before it changes or drops the table or closes the
   * database. @default {false}
   */
  background?: boolean;
  /**
   * On a hit, leave the table in its entry until `LoadResult.materialize` is called (the main
   * job: a re-run whose cleaned tables are cached too never needs the loaded table). The load
   * facts and the quarantined rows are restored at once. @default {false}
   */
  defer?: boolean;
}

/**
 * The cache folder of loads and workbook conversions: `$CRM_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/crm-workspace`, else `~/.cache/crm-workspace`.
 *
 * @example
 * ```ts
 * import { loadCacheDir } from "./load_transactions.ts";
 * import { equal } from "node:assert/strict";
 * equal(loadCacheDir((name) => ({ CRM_CACHE_DIR: "/tmp/crm" } as Record<string, string>)[name]), "/tmp/crm");
 * ```
 */
export function loadCacheDir(env?: (name: string) => string | undefined): string {
  return cacheRoot(env);
}

/** A sheet of a workbook: its rows, whether it was read, and (when read) its rows set aside. */
export interface SheetCount extends SheetUse {
  /** Rows of this sheet quarantined as unparseable (0 for sheets not read). */
  readonly rowsRejected: number;
}

/** What {@linkcode loadTransactions} loaded and how. */
export interface LoadResult {
  readonly table: string;
  readonly file: string;
  readonly format: InputFormat;
  readonly schema: SourceSchema;
  /** Canonical field → source column (`null` when absent). */
  readonly columnMap: Readonly<Record<CanonicalField, string | null>>;
  /** Fields filled in by a rule because the file has no column for them. */
  readonly derived: readonly DerivedField[];
  /** strptime format used for the date column, or `"native"` for typed Parquet dates. */
  readonly dateFormat: string;
  /** The file's text encoding (`"utf-8"`, `"latin-1"`, `"windows-1252"`, `"utf-16le"`, …). */
  readonly encoding: string;
  /** The field delimiter of a text file. */
  readonly delimiter?: Delimiter;
  /** The decimal separator used for text numbers. */
  readonly decimal: DecimalSeparator;
  /** The currency mark the money cells carry (`"£"`, `"EUR"`), read without it. */
  readonly currency?: string;
  /** Every sheet of a workbook, read or skipped (with the reason), in workbook order. */
  readonly sheets?: readonly SheetCount[];
  /** For xlsx: true when this call converted the workbook, false when a cache was reused. */
  readonly converted?: boolean;
  /**
   * False when the data has no time of day: a date-only column, or every timestamp at
   * midnight. Hour-of-day analyses mean nothing then.
   */
  readonly hasTimeOfDay: boolean;
  /**
   * With `fillDown`: lines without an invoice that took their order's fields from the line
   * above.
   */
  readonly filledDown?: number;
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
  /**
   * With `cache.background`, the entry's writing (it never rejects: a failure is a progress
   * line); absent otherwise.
   */
  readonly cacheWritten?: Promise<void>;
  /**
   * The load's cache entry (the cache folder and the entry's key) when the cache is in use,
   * whether this load was restored from it or read from the file. The key names exactly this
   * table, so what is computed from it alone can be cached under a key derived from it (the
   * cleaned tables: `cleanTransactionsCached` of lib/clean).
   */
  readonly cacheEntry?: {
    readonly root: string;
    readonly key: string;
    /** True when this load was restored from the entry (a re-run), false when read from the file. */
    readonly restored: boolean;
  };
  /**
   * With `cache.defer`, on a hit: the table is not there yet, and this puts it there (from the
   * entry, or, when the entry does not read back, from the file). Call it before reading the
   * table; absent when the table is loaded.
   */
  readonly materialize?: () => Promise<void>;
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
 * Retail) and by their canonical names; other schemas need `map`. A line amount (`amount`)
 * can stand in for the unit price; without quantity, invoice or product columns the loader
 * fills them in (see `resolveColumns` and `derived`). Text files may be comma, semicolon,
 * tab, pipe or whitespace separated (detected) with decimal points or decimal commas
 * (detected where unambiguous), UTF-8 (with or without BOM), Latin-1, Windows-1252 or UTF-16
 * with a BOM, with LF, CRLF or CR line ends. Every sheet of a workbook whose columns match the first usable sheet is read, in
 * workbook order. Dates are ISO 8601, US `12/1/2010 8:26`, day-first and others (see
 * `detectDateFormat`), detected from the first rows and used for the whole column; when no
 * value tells day from month, the whole column is checked, and when it cannot tell either the
 * load stops and names both readings (except in the UCI schemas, whose export is month first).
 *
 * With `cache`, a load of the same bytes with the same load options is restored from the
 * cache folder (the table, the load facts and the rejects CSV, identical to reading the file;
 * the progress line says `load: from cache (…)`), and a load read from the file is kept there
 * for the next run. A damaged entry is rebuilt and a cache that cannot be written is only
 * reported: the cache never makes a load fail.
 *
 * @param db The analysis database.
 * @param options File, mapping, dialect, sheet, date format, invalid-row policy and cache.
 * @returns Counts, the resolved columns and formats, and the first issues.
 * @throws {InputFileError} Missing, empty, header-only, binary, damaged or unknown-format file.
 * @throws {SchemaError} Required fields missing after mapping (the hint suggests `--map`).
 * @throws {CsvParseError} Broken CSV structure, dates that cannot tell day from month, or
 *   with `onInvalid: "fail"` unparseable values (`.issues` holds the first ones with line and
 *   column, `.count` the total).
 * @throws {OptionError} Bad `onInvalid`, `table`, `sheet` or `dateFormat`.
 *
 * @example
 * ```ts ignore
 * import { openDb } from "../db/db.ts";
 * import { loadTransactions } from "./load_transactions.ts";
 * const db = await openDb();
 * const r = await loadTransactions(db, { path: "data/raw/online_retail_II.csv.gz" });
 * // r.rowsLoaded === 541910, r.schema === "online_retail_ii", r.dateFormat === "%Y-%m-%d %H:%M:%S"
 * ```
 *
 * @example A re-run restored from the cache
 * ```ts
 * import { openDb } from "../db/db.ts";
 * import { loadTransactions } from "./load_transactions.ts";
 * import { createProgress } from "../util/progress.ts";
 * import { deepStrictEqual, equal, ok } from "node:assert/strict";
 * const cache = { dir: await Deno.makeTempDir() };
 * const lines: string[] = [];
 * const progress = createProgress({ write: (l) => lines.push(l) });
 * const db = await openDb();
 * const path = "data/sample_online_retail.csv.gz";
 * const first = await loadTransactions(db, { path, cache, progress });
 * const again = await loadTransactions(db, { path, cache, progress });
 * ok(lines.some((l) => l.includes("load: from cache (")));
 * deepStrictEqual(again, { ...first, cacheEntry: { ...first.cacheEntry!, restored: true } });
 * equal(again.rowsLoaded, 56571);
 * db.close();
 * ```
 */
export async function loadTransactions(db: Db, options: LoadOptions): Promise<LoadResult> {
  const { path, map = {}, table = "raw_transactions", progress = createProgress() } = options;
  const onInvalid = options.onInvalid ?? "fail";
  if (onInvalid !== "fail" && onInvalid !== "quarantine") {
    throw new OptionError(
      "on-invalid",
      `Cannot read options: --on-invalid must be one of "fail", "quarantine": current value is "${onInvalid}"`,
    );
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new OptionError(
      "table",
      `Cannot read option table: not a plain table name: current value is "${table}"`,
    );
  }
  const format = detectFormat(path);
  await checkInputFile(path);
  const done = progress.stage(`load ${basename(path)}`);
  const cache = typeof options.cache === "object" ? options.cache : undefined;
  const root = cacheFolder(options.cache);
  const rejectsPath = async () =>
    options.rejectsPath ??
      join(await Deno.makeTempDir({ prefix: "crm-rejects-" }), `${basename(path)}.rejects.csv`);
  let key: string | undefined;
  let content: string | undefined;
  if (root !== undefined) {
    try {
      // The file's hash keys the load and, for a workbook, its conversion: computed once.
      content = await sha256File(path);
      key = await loadCacheKey(db, {
        path,
        content,
        map,
        dateFormat: options.dateFormat,
        delimiter: options.delimiter,
        decimal: options.decimal,
        sheet: options.sheet,
        onInvalid,
        ...(options.onlyCurrency !== undefined ? { onlyCurrency: options.onlyCurrency } : {}),
        ...(options.fillDown ? { fillDown: true } : {}),
        ...(cache?.version !== undefined ? { version: cache.version } : {}),
      });
      const target = { path, table, rejectsPath, onRead: options.onRead };
      const hit = await fromCache(db, root, key, target, progress, cache?.defer === true);
      if (hit !== undefined) {
        reportLoad(progress, hit);
        done(loadDetail(hit));
        const entry = { root, key, restored: true };
        if (hit.materialize === undefined) return { ...hit, cacheEntry: entry };
        const restore = hit.materialize;
        let materialized: Promise<void> | undefined;
        const materialize = () =>
          materialized ??= restore().catch(async (error) => {
            if (isUserError(error)) throw error;
            progress.info(`load: cache not used (${firstLine(error)}); reading the file again`);
            await discardEntry(join(entry.root, "load", entry.key));
            await loadFile(db, {
              ...options,
              map,
              table,
              onInvalid,
              format,
              rejectsPath,
              progress,
              cacheRoot: root,
              ...(content !== undefined ? { contentHash: content } : {}),
            });
          });
        return { ...hit, cacheEntry: entry, materialize };
      }
    } catch (error) {
      if (isUserError(error)) throw error;
      progress.info(`load: cache not used (${firstLine(error)})`);
      key = undefined;
    }
  }
  const result = await loadFile(db, {
    ...options,
    map,
    table,
    onInvalid,
    format,
    rejectsPath,
    progress,
    ...(root !== undefined ? { cacheRoot: root } : {}),
    ...(content !== undefined ? { contentHash: content } : {}),
  });
  let cacheWritten: Promise<void> | undefined;
  if (root !== undefined && key !== undefined) {
    const entry = key;
    const save = async (connection: Db) => {
      const t0 = performance.now();
      try {
        const dir = await saveLoad(connection, root, entry, result);
        progress.info(
          `load: cached for re-runs in ${dir} (${((performance.now() - t0) / 1000).toFixed(2)} s)`,
        );
        await pruneCache(root, { keep: dir });
      } catch (error) {
        progress.info(`load: cache not written (${firstLine(error)})`);
      }
    };
    if (cache?.background && db.fork) {
      const connection = await db.fork();
      cacheWritten = save(connection).finally(() => connection.close());
    } else await save(db);
  }
  reportLoad(progress, result);
  done(loadDetail(result));
  return {
    ...result,
    ...(cacheWritten !== undefined ? { cacheWritten } : {}),
    ...(root !== undefined && key !== undefined
      ? { cacheEntry: { root, key, restored: false } }
      : {}),
  };
}

/** The progress lines of a load (the same whether it was read or restored from the cache). */
function reportLoad(progress: Progress, r: LoadResult): void {
  if (r.rowsRejected > 0) {
    progress.info(
      `load: ${
        r.rowsRejected.toLocaleString("en-US")
      } rows with invalid values written to ${r.rejectsFile}`,
    );
  }
  for (const d of r.derived) {
    progress.info(`load: no ${d.field.replace("_", " ")} column: ${d.rule}`);
  }
  for (const s of (r.sheets ?? []).filter((s) => !s.read)) {
    progress.info(`load: sheet "${s.name}" skipped: ${s.reason}`);
  }
  if (!r.hasTimeOfDay) progress.info("load: the data has dates only (no time of day)");
}

/** The end of the load's progress line: rows, table and (when not the usual) the dialect. */
function loadDetail(r: LoadResult): string {
  return `${r.rowsLoaded.toLocaleString("en-US")} rows into ${r.table}${
    r.delimiter !== undefined && r.delimiter !== ","
      ? ` (${describeDelimiter(r.delimiter)}-separated${
        r.decimal === "," ? ", decimal commas" : ""
      })`
      : r.decimal === ","
      ? " (decimal commas)"
      : ""
  }`;
}

/** What {@linkcode loadFile} needs: the checked options. */
interface FileLoad extends Omit<LoadOptions, "rejectsPath" | "cache"> {
  map: ColumnMapping;
  table: string;
  onInvalid: "fail" | "quarantine";
  format: InputFormat;
  rejectsPath: () => Promise<string>;
  progress: Progress;
  /** The cache folder for a workbook's conversion; none: converted in a temporary folder. */
  cacheRoot?: string;
  /** The file's SHA-256, when the cache already computed it. */
  contentHash?: string;
}

/** Reads and checks the file into the table (the load without the cache). */
async function loadFile(db: Db, options: FileLoad): Promise<LoadResult> {
  const { path, map, dateFormat, table, progress, onInvalid, format } = options;
  const source = await openSource(db, path, format, progress, {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.cacheRoot !== undefined ? { cacheRoot: options.cacheRoot } : {}),
    ...(options.contentHash !== undefined ? { contentHash: options.contentHash } : {}),
    accepts: (header) => accepts(header, map),
  });
  try {
    return await loadSource(db, sampledOnce(source), options, {
      path,
      map,
      dateFormat,
      table,
      onInvalid,
    });
  } finally {
    await source.close?.();
  }
}

/**
 * `source` with each column's sample read once: the ids check, the currency, the decimal
 * separator and the date format all look at the same first values.
 */
function sampledOnce(source: Source): Source {
  const samples = new Map<string, Promise<SampleValue[]>>();
  return {
    ...source,
    sample(column, limit) {
      const key = `${limit}:${column}`;
      let found = samples.get(key);
      if (found === undefined) {
        found = source.sample(column, limit);
        samples.set(key, found);
      }
      return found;
    },
  };
}

async function loadSource(
  db: Db,
  source: Source,
  options: FileLoad,
  o: Pick<FileLoad, "path" | "map" | "dateFormat" | "table" | "onInvalid">,
): Promise<LoadResult> {
  const { path, map, dateFormat, table, onInvalid } = o;
  const resolved = resolveColumns(source.header, {
    map,
    file: path,
    ...(source.repeated ? { repeated: source.repeated } : {}),
  });
  const { schema, derived } = resolved;
  let columnMap = resolved.columnMap;
  await refuseRoundedIds(source, columnMap, path);
  const currency = await chooseCurrency(source, columnMap);
  // a decimal point given or proven by the first values lets 1,020 read as 1020
  const proven = options.decimal ?? await chooseDecimal(source, columnMap, currency);
  const decimal = proven ?? ".";
  const date = await chooseDateFormat(
    db,
    source,
    columnMap.invoice_date!,
    dateFormat,
    path,
    schema,
  );
  if (columnMap.invoice_time !== null) {
    const withTimes = await datesWithTimes(source, columnMap.invoice_date!, date);
    if (withTimes !== undefined && map.invoice_time !== undefined) {
      throw new SchemaError(
        `Cannot load transactions from "${path}": --map invoice_time="${columnMap.invoice_time}" adds a time of day to dates that have their own (column "${columnMap.invoice_date}": "${withTimes}")`,
        {
          file: path,
          found: source.header,
          hint: "Leave invoice_time out of --map (or pass --map invoice_time=none)",
        },
      );
    }
    if (withTimes !== undefined) {
      options.progress.info(
        `load: column "${columnMap.invoice_time}" left out: the dates of column "${columnMap.invoice_date}" have their times of day ("${withTimes}")`,
      );
      columnMap = { ...columnMap, invoice_time: null };
    } else {
      options.progress.info(
        `load: times of day from column "${columnMap.invoice_time}", dates from column "${columnMap.invoice_date}"`,
      );
    }
  }
  const sqlSource = {
    columnMap,
    types: source.types,
    header: source.header,
    date,
    decimal,
    groupedIntegers: proven === ".",
    ...(currency === undefined ? {} : { currency }),
    ...(options.fillDown ? { fillDown: true } : {}),
  };
  if (options.fillDown && columnMap.invoice === null) {
    throw new OptionError(
      "fill-down",
      `Cannot read options: --fill-down fills lines in from the line above that has an invoice, but "${path}" has no invoice column`,
      'Map the invoice (order) column: --map invoice="Column", or leave --fill-down out',
    );
  }
  const encoding = await stage(db, source, sqlSource, path, options.onRead);
  const note = encodingNote(path, encoding);
  if (note !== undefined) options.progress.info(note);
  const filledDown = options.fillDown ? await fillDown(db, columnMap.invoice_time !== null) : 0;
  if (filledDown > 0) {
    options.progress.info(
      `load: ${
        filledDown.toLocaleString("en-US")
      } lines without an invoice took their order's invoice, date, customer and country from the line above (--fill-down)`,
    );
  }
  const checks = checksFor(columnMap);
  try {
    const counts = await db.one<{ n: number; bad: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${badRow(checks)}) AS bad FROM ${STAGE}`,
    );
    if (counts.n === 0) {
      throw noRows(
        path,
        source.lineKind === "line" ? "line 1 is the header" : "no rows after the header",
      );
    }
    const lineCurrency = await oneCurrency(db, source, columnMap, path, options.onlyCurrency);
    const context = { file: path, source, columnMap, date, decimal };
    let rejected: RejectedRow[] = [];
    let rejectsFile: string | undefined;
    if (counts.bad > 0) {
      // (a few bad rows are all read: lines that repeat the header are set aside by themselves)
      const limit = onInvalid === "fail" && counts.bad > HEADER_REPEATS_READ
        ? ISSUES_SHOWN
        : counts.bad;
      rejected = await locateIssues(
        await badRows(db, source.from(encoding), sqlSource, limit),
        context,
      );
      const repeats = rejected.length === counts.bad &&
        rejected.every((r) => repeatsHeader(r.raw, source.header));
      if (onInvalid === "fail" && !repeats) {
        throw invalidValues(
          path,
          rejected.slice(0, ISSUES_SHOWN),
          counts.bad,
          decimal,
          counts.n,
          currency,
        );
      }
      if (repeats) {
        options.progress.info(
          `${basename(path)}: ${counts.bad === 1 ? "line" : "lines"} ${
            listLines(rejected)
          } repeat the header (exports joined into one file): set aside (rejected_rows.csv)`,
        );
      }
      rejectsFile = await options.rejectsPath();
      try {
        await Deno.mkdir(dirname(rejectsFile), { recursive: true });
        await writeRejects(rejectsFile, source.header, rejected);
      } catch (error) {
        throw rejectsError(rejectsFile, error);
      }
    }
    if (counts.bad > 0) await db.run(`DELETE FROM ${STAGE} WHERE ${badRow(checks)}`);
    const hasTimeOfDay = await timeOfDay(
      db,
      date,
      counts.n - counts.bad,
      columnMap.invoice_time !== null,
    );
    // renaming only at the end keeps an earlier table intact when this load fails
    await db.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    // a time of day of its own is in invoice_date now; the blank date cells are filled in
    if (columnMap.invoice_time !== null) {
      await db.run(`ALTER TABLE ${STAGE} DROP COLUMN invoice_time`);
    }
    for (const column of fillDownColumns(sqlSource)) {
      await db.run(`ALTER TABLE ${STAGE} DROP COLUMN ${column}`);
    }
    await db.run(`ALTER TABLE ${STAGE} RENAME TO ${quoteIdent(table)}`);
    const rowsLoaded = counts.n - counts.bad;
    return {
      table,
      file: path,
      format: options.format,
      schema,
      columnMap,
      derived,
      dateFormat: "native" in date ? "native" : date.format,
      encoding,
      ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }),
      decimal,
      ...(currency ?? lineCurrency) === undefined ? {} : { currency: currency ?? lineCurrency },
      ...(source.sheets === undefined ? {} : { sheets: sheetCounts(source.sheets, rejected) }),
      ...(source.converted === undefined ? {} : { converted: source.converted }),
      hasTimeOfDay,
      ...(options.fillDown ? { filledDown } : {}),
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

/** Whether a sheet's header can be loaded with this mapping (the first such sheet leads). */
function accepts(header: readonly string[], map: ColumnMapping): boolean {
  try {
    resolveColumns(header, { map });
    return true;
  } catch {
    return false;
  }
}

/** Rows and quarantined rows per sheet (sheets read one after the other, in workbook order). */
function sheetCounts(sheets: readonly SheetUse[], rejected: readonly RejectedRow[]): SheetCount[] {
  const single = sheets.filter((s) => s.read).length === 1;
  return sheets.map((s) => ({
    ...s,
    rowsRejected: !s.read
      ? 0
      : single
      ? rejected.length
      : rejected.filter((r) => r.sheet === s.name).length,
  }));
}

/**
 * Whether dates read this way can carry a time of day: a format with one, native dates, or
 * dates written as numbers (Excel serials' fractions, Unix time).
 */
function mayHaveTime(date: DateParse): boolean {
  return "native" in date || /%[HIMSTRp]/.test(date.format) ||
    numericDateFormat(date.format) !== undefined;
}

/**
 * The first sampled date of `column` that has a time of day other than midnight (its dates
 * carry their own times), if any.
 */
async function datesWithTimes(
  source: Source,
  column: string,
  date: DateParse,
): Promise<string | undefined> {
  if (!mayHaveTime(date)) return undefined;
  return (await source.sample(column, 1000)).map((s) => s.value)
    .find((v) => /\d{1,2}:\d{2}/.test(v) && !/\b0?0:00(:00(\.0+)?)?\b/.test(v));
}

/**
 * True when some timestamp has a time of day other than midnight (from the dates, or from a
 * time column of their own).
 */
async function timeOfDay(
  db: Db,
  date: DateParse,
  rows: number,
  timeColumn: boolean,
): Promise<boolean> {
  if (rows === 0) return false;
  if (!timeColumn && !mayHaveTime(date)) return false;
  const r = await db.one<{ t: boolean | null }>(
    `SELECT bool_or(CAST(invoice_date AS TIME) <> TIME '00:00:00') AS t FROM ${STAGE}`,
  );
  return r.t === true;
}

/** The decimal separator told by the number columns' first values, if they tell. */
async function chooseDecimal(
  source: Source,
  columnMap: Readonly<Record<CanonicalField, string | null>>,
  currency: string | undefined,
): Promise<DecimalSeparator | undefined> {
  const values: string[] = [];
  for (const field of ["price", "amount", "quantity"] as const) {
    const column = columnMap[field];
    if (column === null || source.types[column] !== "VARCHAR") continue;
    const sample = (await source.sample(column, 1000)).map((s) => s.value);
    values.push(
      ...(currency === undefined || field === "quantity"
        ? sample
        : sample.map((v) => v.replace(currency, "").trim())),
    );
  }
  return detectDecimal(values);
}

/**
 * Refuses identifiers that Excel turned into rounded numbers (`1.23457E+11`): different
 * customers (or orders) would be read as one. A column of long numeric ids saved from Excel's
 * General format is rounded whole, so its first values tell.
 */
async function refuseRoundedIds(
  source: Source,
  columnMap: Readonly<Record<CanonicalField, string | null>>,
  path: string,
): Promise<void> {
  for (const field of ["customer_id", "invoice"] as const) {
    const column = columnMap[field];
    if (column === null || source.types[column] !== "VARCHAR") continue;
    const hit = (await source.sample(column, 1000)).find((s) =>
      /^[+-]?\d(\.\d+)?[eE]\+\d+$/.test(s.value)
    );
    if (hit === undefined) continue;
    const location = await sampleLocation(source, column, path, hit);
    const what = field === "customer_id" ? "customer ids" : "invoice numbers";
    throw new CsvParseError(
      `Cannot load "${path}": the ${what} of column "${column}" are written in scientific notation ("${hit.value}"${
        location.line === undefined ? "" : ` at line ${location.line}`
      }): Excel rounded them, so different ${
        field === "customer_id" ? "customers" : "orders"
      } would be read as one`,
      {
        location,
        hint:
          `Export the file again with the ${what} as text (in Excel, format the column as Text before the data goes in; re-saving cannot bring the digits back)`,
      },
    );
  }
}

/** Where a sampled value sits: file, column, line (when the source has lines) and value. */
async function sampleLocation(
  source: Source,
  column: string,
  path: string,
  value: SampleValue | undefined,
): Promise<Location> {
  const line = value?.row === undefined
    ? undefined
    : (await source.lines([value.row])).get(value.row)?.line;
  return {
    file: path,
    column,
    columnIndex: source.header.indexOf(column) + 1,
    ...(line === undefined ? {} : { line }),
    value: value?.value ?? "",
  };
}

/**
 * The one currency a mapped currency column names (`"GBP"`), if it names one. A file whose lines
 * are in more than one currency is refused: their amounts cannot be added up, unless `chosen`
 * (`--only-currency`) names the one analysed, which is then the report's (the cleaning removes the
 * lines in the others, and checks that some line names it).
 *
 * @throws {CsvParseError} At the first line in the second most frequent currency.
 */
async function oneCurrency(
  db: Db,
  source: Source,
  columnMap: Readonly<Record<CanonicalField, string | null>>,
  path: string,
  chosen?: string,
): Promise<string | undefined> {
  if (chosen !== undefined) return reportCurrency(chosen.trim().toUpperCase());
  const column = columnMap.currency;
  if (column === null) return undefined;
  const found = await db.all<{ code: string; n: number; first: number }>(
    `SELECT currency AS code, count(*) AS n, min(row_number) AS first FROM ${STAGE}
     WHERE currency IS NOT NULL GROUP BY 1 ORDER BY n DESC, code`,
  );
  if (found.length <= 1) {
    return reportCurrency(found[0]?.code);
  }
  const other = found[1]!;
  const location = await sampleLocation(source, column, path, {
    row: other.first,
    value: other.code,
  });
  throw new CsvParseError(
    `Cannot load transactions from "${path}": column "${column}" names ${found.length} currencies (${
      currencyCounts(found, "line")
    }), and amounts in different currencies cannot be added up${
      location.line === undefined ? "" : `; the first ${other.code} line is line ${location.line}`
    }`,
    {
      location,
      hint: `Analyse one currency at a time: pass --only-currency ${
        found[0]!.code
      } to keep only its lines (the others are removed and counted in the cleaning ledger), then --only-currency ${other.code}; or convert the amounts to one currency first. If the amounts are already in one currency, pass --map currency=none`,
    },
  );
}

/** The currency mark every money column's first values carry, if one does (`detectCurrency`). */
async function chooseCurrency(
  source: Source,
  columnMap: Readonly<Record<CanonicalField, string | null>>,
): Promise<string | undefined> {
  let found: string | undefined;
  for (const field of ["price", "amount"] as const) {
    const column = columnMap[field];
    if (column === null || source.types[column] !== "VARCHAR") continue;
    const sample = (await source.sample(column, 1000)).map((s) => s.value);
    if (!sample.some((v) => currencyMark(v) !== undefined)) continue; // plain numbers
    const mark = detectCurrency(sample);
    if (mark === undefined || (found !== undefined && mark !== found)) return undefined;
    found = mark;
  }
  return found;
}

/**
 * Reads the file into the stage table; retries as Latin-1, then Windows-1252, when DuckDB finds
 * the text is not in the encoding its start was sniffed as.
 */
async function stage(
  db: Db,
  source: Source,
  context: Parameters<typeof stageSql>[2],
  path: string,
  onRead: (() => void) | undefined,
): Promise<TextEncoding> {
  // DuckDB reads a gzip stream cut at a block boundary as a shorter file without an error:
  // the whole stream is checked alongside the load (on another core).
  const verify = source.format === "csv.gz" ? verifyGzip(path) : undefined;
  verify?.catch(() => {});
  let encoding: TextEncoding;
  try {
    encoding = await readInEncodings(
      source,
      async (from) => {
        onRead?.();
        await db.run(stageSql(STAGE, from, context));
        await db.run(numberRows(STAGE));
      },
      async (error) => {
        if (verify === undefined) return;
        await verify; // a damaged stream explains any error DuckDB saw
        if (/gzip|deflate|inflate|compress/i.test(String((error as Error).message ?? error))) {
          throw damagedGzip(path, error);
        }
      },
    );
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if (source.format === "parquet" && isParquetReadError(error)) throw notParquet(path, error);
    throw await csvStructureError(error, String((error as Error).message ?? error), source, path);
  }
  await verify;
  await nullPlaceholderIds(db);
  return encoding;
}

/**
 * Fills a report layout's lines in from the line above ({@linkcode fillDownSql}) and returns
 * how many lines took their order's fields.
 */
async function fillDown(db: Db, withTime: boolean): Promise<number> {
  const { n } = await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${STAGE} WHERE invoice IS NULL AND row_number >
       (SELECT coalesce(min(row_number), 9223372036854775807) FROM ${STAGE} WHERE invoice IS NOT NULL)`,
  );
  if (n > 0) await db.run(fillDownSql(STAGE, withTime));
  return n;
}

/** Sets the customer ids that stand for "no customer" (`NULL`, `N/A`, `0`, …) to NULL. */
async function nullPlaceholderIds(db: Db): Promise<void> {
  const found = (await db.all<{ id: string }>(placeholderIdsSql(STAGE)))
    .map((r) => r.id).filter(isPlaceholderId);
  if (found.length === 0) return;
  await db.run(
    `UPDATE ${STAGE} SET customer_id = NULL WHERE ${oneOfSql("customer_id", found)}`,
  );
}

/** Maps DuckDB's CSV error (which counts records, not lines) to a located CsvParseError. */
async function csvStructureError(
  error: unknown,
  text: string,
  source: Source,
  path: string,
): Promise<unknown> {
  if (source.lineKind !== "line") return error;
  const ragged = /CRM ragged line: (\d+)/.exec(text);
  if (ragged !== null) {
    const hit = await firstRaggedLine(
      path,
      source.format === "csv.gz",
      source.encoding,
      source.header.length,
      source.skipLines,
    );
    return new CsvParseError(
      `Cannot parse "${path}"${hit ? ` at line ${hit.line}` : ""}: the line has ${
        hit?.found ?? ragged[1]
      } whitespace-separated fields but the header has ${source.header.length}`,
      {
        location: { file: path, ...(hit ? { line: hit.line } : {}) },
        hint:
          "In a whitespace-separated file no field may contain a space or be empty; export it with another delimiter (comma, semicolon or tab)",
      },
    );
  }
  const m = /CSV Error on Line: (\d+)/.exec(text);
  if (m === null) return error;
  // DuckDB counts the lines it skipped above the header too
  const row = Number(m[1]) - 1 - (source.skipLines ?? 0);
  const line = row >= 1 ? (await source.lines([row])).get(row)?.line : 1;
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(text);
  const delimiter = source.delimiter ?? ",";
  const what = counts !== null
    ? `expected ${counts[1]} fields as in the header, found ${counts[2]}`
    : /unterminated quote/i.test(text)
    ? "a quoted field is never closed"
    : text.split("\n").find((l) => /error|invalid/i.test(l) && !/CSV Error on Line/.test(l))
      ?.trim() ?? "the row cannot be parsed";
  return new CsvParseError(
    `Cannot parse "${path}" at line ${line ?? `of data row ${row}`}: ${what}` +
      (delimiter !== "," ? ` (fields separated by ${describeDelimiter(delimiter)})` : ""),
    {
      location: { file: path, ...(line === undefined ? {} : { line }) },
      hint: counts !== null
        ? `Quote fields that contain "${
          delimiterName(delimiter)
        }", and double quotes inside quoted fields` +
          (delimiter !== ","
            ? "; or pass --delimiter if the fields are separated by another character"
            : "")
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
  schema: SourceSchema,
): Promise<DateParse> {
  const type = source.types[column] ?? "VARCHAR";
  if (/^(DATE|TIMESTAMP)/.test(type)) return { native: true };
  if (dateFormat !== undefined) {
    const numeric = numericDateFormat(dateFormat);
    if (numeric !== undefined) return inDateSystem({ format: numeric, iso: false }, source);
    try {
      await db.run(`SELECT try_strptime('2000-01-01', ${quoteLiteral(dateFormat)})`);
    } catch (error) {
      throw new OptionError(
        "date-format",
        `Cannot read options: --date-format is not a strptime format: current value is "${dateFormat}" (${
          (error as Error).message.split("\n")[0]
        })`,
        `Use strptime codes, e.g. --date-format "%d.%m.%Y %H:%M", or ${NUMERIC_HINT}`,
      );
    }
    return { format: dateFormat, iso: false };
  }
  const sample = await source.sample(column, 1000);
  const detected = detectDateFormat(sample.map((s) => s.value));
  if (detected !== undefined) {
    // When the first rows cannot tell day from month, the whole column must (a file with the
    // UCI columns may still write days first; its rows must not be set aside as bad dates).
    if (detected.alternative === undefined) {
      return inDateSystem({ format: detected.format, iso: detected.iso }, source);
    }
    return await dayOrMonth(db, source, column, detected, path, sample.map((s) => s.value), {
      // the UCI exports write month first: their order when nothing in the column tells
      ...(schema !== "mapped" ? { unproven: detected } : {}),
    });
  }
  const first = sample[0];
  const location = await sampleLocation(source, column, path, first);
  throw new CsvParseError(
    `Cannot detect the date format of column "${column}" in "${path}"${
      location.line === undefined ? "" : ` at line ${location.line}`
    }: ` +
      `first value is "${first?.value ?? ""}"`,
    {
      location,
      hint: /^[+-]?\d+(\.\d+)?$/.test(first?.value ?? "")
        ? `The dates are numbers: pass ${NUMERIC_HINT}, or the strptime format they follow (e.g. --date-format "%Y%m" for 201012)`
        : 'Pass --date-format with strptime codes, e.g. --date-format "%d.%m.%Y %H:%M"',
    },
  );
}

/** Excel serials in the workbook's own date system: a 1904 workbook counts from 1904. */
function inDateSystem(date: DateFormat, source: Source): DateFormat {
  return date.format === "excel-serial" && source.date1904
    ? { format: "excel-serial-1904", iso: false }
    : date;
}

/** The `--date-format` values for dates written as numbers, for hints. */
const NUMERIC_HINT = Object.keys(NUMERIC_DATE_FORMATS)
  .filter((name) => name !== "excel-serial-1904") // a workbook says so itself
  .map((name) => `--date-format ${name}`)
  .join(", ").replace(/, ([^,]*)$/, " or $1");

/**
 * Settles a day/month order the first rows cannot tell by counting, over the whole column,
 * the values only one order can read (a day above 12). With `unproven` (the UCI schemas'
 * month first), that order stands unless the other reads many more values; without it, the
 * order that reads more wins, and when neither is proven the load stops and names both readings
 * of a value.
 */
async function dayOrMonth(
  db: Db,
  source: Source,
  column: string,
  detected: DetectedDateFormat,
  path: string,
  sample: readonly string[],
  options: { unproven?: DateFormat } = {},
): Promise<DateParse> {
  const a = detected;
  const b = detected.alternative!;
  const c = quoteIdent(column);
  const r = await db.one<{ a_only: number; b_only: number; n: number }>(
    `SELECT count(v) AS n, count(*) FILTER (WHERE TRY_STRPTIME(v, ${
      quoteLiteral(a.format)
    }) IS NOT NULL
                              AND TRY_STRPTIME(v, ${quoteLiteral(b.format)}) IS NULL) AS a_only,
            count(*) FILTER (WHERE TRY_STRPTIME(v, ${quoteLiteral(b.format)}) IS NOT NULL
                              AND TRY_STRPTIME(v, ${quoteLiteral(a.format)}) IS NULL) AS b_only
     FROM (SELECT trim(CAST(${c} AS VARCHAR)) AS v FROM ${source.from(source.encoding)})`,
  ).catch((error) => {
    if (source.format === "parquet" && isParquetReadError(error)) throw notParquet(path, error);
    throw error;
  });
  const u = options.unproven;
  if (u !== undefined) {
    // The schema's own order stands unless the other reads many more values (at least 20, and
    // 5% of the column): a few typos ("13/1/2010" among month-first dates) are bad dates, not
    // another order (a day-first file has a day above 12 in about 60% of its dates).
    const [own, other] = u.format === a.format ? [r.a_only, r.b_only] : [r.b_only, r.a_only];
    const proven = other > own && other >= Math.max(20, 0.05 * r.n);
    const pick = proven ? (u.format === a.format ? b : a) : u;
    return { format: pick.format, iso: pick.iso };
  }
  if (r.a_only > 0 || r.b_only > 0) {
    const pick = r.b_only > r.a_only ? b : a;
    return { format: pick.format, iso: pick.iso };
  }
  const value = sample.find((v) => {
    const x = describeDate(v, a.format);
    return x !== undefined && x !== describeDate(v, b.format);
  }) ?? sample[0] ?? "";
  const monthFirst = a.format.startsWith("%m") ? a : b;
  const dayFirst = monthFirst === a ? b : a;
  throw new CsvParseError(
    `Cannot read the dates of column "${column}" in "${path}": no day is above 12, so "${value}" can be ${
      describeDate(value, monthFirst.format)
    } (month first, "${monthFirst.format}") or ${
      describeDate(value, dayFirst.format)
    } (day first, "${dayFirst.format}")`,
    {
      location: {
        file: path,
        column,
        columnIndex: source.header.indexOf(column) + 1,
        value,
      },
      hint:
        `Pass --date-format "${dayFirst.format}" if days come first, or --date-format "${monthFirst.format}" if months do`,
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
  if (source.fillDown) {
    // the lines filled in are bad in a second read: the stage keeps the cells
    return await db.all<BadRow>(stagedBadRowsSql(STAGE, source, limit));
  }
  const checks = checksFor(source.columnMap);
  const staged = await db.all<{ row: number; bad: number }>(
    `SELECT row_number AS row, ${badMask(checks)} AS bad FROM ${STAGE} WHERE ${
      badRow(checks)
    } ORDER BY row_number LIMIT ${limit}`,
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
  rejected: readonly RejectedRow[],
  count: number,
  decimal: DecimalSeparator,
  rows: number,
  currency?: string,
): CsvParseError {
  const issues = rejected.flatMap((r) => r.issues);
  const footer = footerWords(rejected, count, rows);
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
      hint: footer === undefined && orderFieldsOnFirstLine(rejected, count, rows)
        ? `${count === 1 ? "Line" : "Lines"} ${listLines(rejected, count)} ${
          count === 1 ? "has" : "have"
        } only some of the fields, each below lines that have them: the file writes an order's own fields (${
          [...new Set(rejected.flatMap((r) => r.issues.map((i) => `"${i.column}"`)))].join(", ")
        }) on its first line only. Pass --fill-down to read each such line as a line of the order above (its blank invoice, date, customer and country taken from the nearest line above that has an invoice), or export one line per item with every field filled in`
        : footer === undefined
        ? invalidHint(issues, decimal, count === rows, currency)
        : `The last ${
          count === 1 ? "line looks" : `${count} lines look`
        } like a total or footer, not a transaction (${footer}): delete ${
          count === 1 ? "it" : "them"
        } from the file, or pass --on-invalid quarantine to set ${
          count === 1 ? "it" : "them"
        } aside (counted in the cleaning ledger)`,
    },
  );
}

/** Bad rows read in full when the load would stop, to see whether they only repeat the header. */
const HEADER_REPEATS_READ = 1000;

/**
 * Whether a row's cells are the header's names (case and surrounding spaces aside): a line of a
 * second export joined below the first, never data.
 *
 * @example
 * ```ts ignore
 * repeatsHeader(["Invoice", " quantity"], ["Invoice", "Quantity"]); // true
 * ```
 */
function repeatsHeader(raw: readonly (string | null)[], header: readonly string[]): boolean {
  return raw.length === header.length &&
    raw.every((v, i) => (v ?? "").trim().toLowerCase() === header[i]!.trim().toLowerCase());
}

/**
 * The lines of rows (`3, 4 and 6`, `3, 4, 6, … (12 lines)`), data rows where a line is unknown;
 * `total` counts the rows not read too.
 */
function listLines(rows: readonly RejectedRow[], total = rows.length): string {
  const lines = rows.map((r) => String(r.line ?? `(data row ${r.row})`));
  if (lines.length > 5 || total > lines.length) {
    return `${lines.slice(0, 5).join(", ")}, … (${total.toLocaleString("en-US")} lines)`;
  }
  return lines.length === 1 ? lines[0]! : `${lines.slice(0, -1).join(", ")} and ${lines.at(-1)}`;
}

/**
 * When every bad row read lacks its invoice and its date, and the file's first data row is not
 * one of them: a report layout, where an order's invoice and date are on its first line only.
 */
function orderFieldsOnFirstLine(
  rejected: readonly RejectedRow[],
  count: number,
  rows: number,
): boolean {
  // (the first bad rows tell, when a large file's are not all read)
  if (count >= rows || rejected.some((r) => r.row === 1)) return false;
  return rejected.every((r) => {
    const missing = new Set(
      r.issues.filter((i) => i.rule === "missing-value").map((i) => i.column),
    );
    return r.issues.every((i) => i.rule === "missing-value") && missing.size >= 2;
  });
}

/**
 * When the only bad rows are among the last three of the file and read like a total or footer
 * line (a cell saying "Total", "Grand Totals", "Copyright" or "records", or half the cells
 * empty): the first filled cell, quoted, else `undefined`.
 */
function footerWords(
  rejected: readonly RejectedRow[],
  count: number,
  rows: number,
): string | undefined {
  if (count > 3 || rejected.length !== count || rows <= count) return undefined;
  const footer = rejected.every((r) => {
    if (r.row <= rows - 3) return false;
    const filled = r.raw.filter((c): c is string => c !== null && c.trim() !== "");
    return filled.some((c) => /total|summe|copyright|records/i.test(c)) ||
      filled.length <= r.raw.length / 2;
  });
  if (!footer) return undefined;
  const first = rejected.flatMap((r) => r.raw)
    .find((c): c is string => c !== null && c.trim() !== "");
  return first === undefined ? "empty lines" : `"${first.trim()}"`;
}

/**
 * What to do about the kinds of bad cells found: dates, numbers, flags, missing values. Never a
 * fix that would read the values wrongly (`--decimal ,` for thousands separators), and no
 * `--on-invalid quarantine` when every row is bad (it would set them all aside).
 */
function invalidHint(
  issues: readonly Issue[],
  decimal: DecimalSeparator,
  everyRow = false,
  currency?: string,
): string {
  const has = (rule: string) => issues.some((i) => i.rule === rule);
  const fixes: string[] = [];
  const numbers = issues.filter((i) => i.rule === "invalid-number").map((i) => i.value ?? "");
  // setting aside the rows whose amounts have thousands separators drops the large ones
  // (1,298.40 is read; 1,020 only with a decimal point given or shown by the first rows)
  const thousands = numbers.length > 0 &&
    numbers.every((v) => /^\s*[+-]?\d{1,3}(,\d{3})+\s*$/.test(v));
  if (has("invalid-number")) {
    const currencyFound = numbers.some((v) =>
      [...CURRENCY_SYMBOLS].some((c) => v.includes(c)) ||
      /\d\s*[A-Z]{3}\s*$|^\s*[A-Z]{3}\s*\d/.test(v)
    );
    const commas = numbers.some((v) => /\d,\d/.test(v));
    if (decimal === ",") {
      fixes.push(
        "the numbers were read with decimal commas: pass --decimal . if they use decimal points",
      );
    } else if (thousands) {
      fixes.push(
        `if the commas are thousands separators ("${numbers[0]!.trim()}" for ${
          numbers[0]!.trim().replaceAll(",", "")
        }), pass --decimal . (the first rows do not show a decimal point, so "1,020" could be 1.02); --decimal , if they are decimal commas; setting these rows aside would drop the large amounts`,
      );
    } else {
      if (commas) {
        fixes.push(
          "if the numbers use decimal commas, pass --decimal ,; else write them with a dot for decimals and no thousands separator",
        );
      }
      if (currency !== undefined && currencyFound) {
        fixes.push(
          `the money columns are read in ${currency} (the first rows' currency): values in another currency are not added to them; convert them to ${currency}`,
        );
      } else if (currencyFound) {
        fixes.push(
          "write the number columns as plain numbers: no currency symbol or code (one currency on most of the first rows' cells is read)",
        );
      }
      if (!commas && !currencyFound) {
        fixes.push("write numbers with a dot for decimals and no thousands separator");
      }
    }
  }
  if (has("invalid-date")) {
    fixes.push(
      'pass --date-format (e.g. --date-format "%d/%m/%Y %H:%M") if the dates use another format',
    );
  }
  if (has("invalid-time")) {
    fixes.push(
      "write the times of day as 14:05, 14:05:09 or 2:05 PM, or pass --map invoice_time=none to read the dates without them",
    );
  }
  if (has("invalid-flag")) fixes.push("write the returns flag as 1/0, yes/no or true/false");
  if (has("value-out-of-range")) {
    fixes.push("check the values beyond ±10^15 (a unit or decimal mix-up?)");
  }
  if (has("missing-value")) fixes.push("fill in the missing values");
  if (!everyRow && !thousands) {
    fixes.push("or pass --on-invalid quarantine to set these rows aside");
  }
  const text = fixes.join("; ");
  return text[0]!.toUpperCase() + text.slice(1);
}
