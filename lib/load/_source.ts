/**
 * One input file seen as an SQL table expression plus what the loader needs around it:
 * column names and types, the text encoding and delimiter, the sheets of a workbook, a sample
 * of values for date and number sniffing, and a way to turn data row numbers into the line
 * (and sheet) numbers error messages show.
 *
 * @module
 */
import { basename } from "node:path";
import type { Db } from "../db/db.ts";
import { openDb, quoteIdent, quoteLiteral } from "../db/db.ts";
import { CsvParseError, InputFileError, OptionError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";
import {
  decode,
  describeBytes,
  engineReads,
  parseRecords,
  readHead,
  recordLines,
  sniffEncoding,
  type TextEncoding,
  writeUtf8Copy,
} from "./_csv_scan.ts";
import {
  cacheColumn,
  SHEET_INDEX,
  SHEET_ROW,
  type SheetInfo,
  type XlsxCache,
  xlsxHeader,
  xlsxParquet,
} from "./_xlsx_cache.ts";
import { type Delimiter, delimiterName, DELIMITERS, detectDelimiter } from "./detect_dialect.ts";
import type { InputFormat } from "./detect_format.ts";
import { normalizeName } from "./resolve_columns.ts";

/** Bytes read from the start of a text file for the header, the dialect and the samples. */
const HEAD_BYTES = 64 * 1024;

/** A sampled cell: its data row (1-based, when known) and text. */
export interface SampleValue {
  readonly row: number | undefined;
  readonly value: string;
}

/** Where a data row sits in the file: its line (or sheet row) and, for workbooks read across sheets, the sheet. */
export interface Place {
  readonly line: number;
  readonly sheet?: string;
}

/** A sheet of a workbook and whether the loader read it. */
export interface SheetUse {
  readonly name: string;
  /** Data rows in the sheet. */
  readonly rows: number;
  readonly read: boolean;
  /** Why a sheet was skipped (`"empty"`, `"its columns differ from sheet \"2010\""`). */
  readonly reason?: string;
}

/** Options for {@linkcode openSource}. */
export interface OpenSourceOptions {
  /** Delimiter of a text file. @default {detected} */
  delimiter?: Delimiter;
  /** The one sheet of a workbook to read. @default {every sheet whose header matches} */
  sheet?: string;
  /** Whether a sheet's header can be loaded (the first accepted sheet leads). @default {any header} */
  accepts?: (header: readonly string[]) => boolean;
  /** The cache folder for a workbook's Parquet conversion. @default {none: a temporary folder, removed by `close`} */
  cacheRoot?: string;
  /** The file's SHA-256 when already known (the workbook cache's key). @default {computed} */
  contentHash?: string;
}

/** An input file ready to be read by SQL. */
export interface Source {
  readonly format: InputFormat;
  readonly header: readonly string[];
  /** DuckDB type per source column (all VARCHAR for text formats). */
  readonly types: Readonly<Record<string, string>>;
  /** The text encoding read from the file's start (UTF-8 for Parquet and workbooks). */
  readonly encoding: TextEncoding;
  /** `"line"`: physical line in the file; `"row"`: sheet row; `"none"`: Parquet has neither. */
  readonly lineKind: "line" | "row" | "none";
  /** The delimiter of a text file. */
  readonly delimiter?: Delimiter;
  /** A workbook in the 1904 date system: its unformatted serial dates count from 1904. */
  readonly date1904?: boolean;
  /** Physical lines of a text file above its header, left out of the read. */
  readonly skipLines?: number;
  /** Those lines in words, for a progress line. */
  readonly preamble?: string;
  /** Header names that repeat (case and spacing aside), told apart by `distinctNames`. */
  readonly repeated?: readonly string[];
  /** Every sheet of a workbook, read or skipped, in workbook order. */
  readonly sheets?: readonly SheetUse[];
  /** Set when an xlsx was converted in this call (false when its cache was reused). */
  readonly converted?: boolean;
  /**
   * Makes what `from(encoding)` reads: for an encoding DuckDB does not read (Windows-1252,
   * UTF-16), a UTF-8 copy of the file, removed by `close`. Nothing for other encodings.
   */
  prepare?(encoding: TextEncoding): Promise<void>;
  /** SQL table expression reading the file with the given encoding (after `prepare`). */
  from(encoding: TextEncoding): string;
  /** Up to `limit` non-empty values of a column, from the start of the file. */
  sample(column: string, limit: number): Promise<SampleValue[]>;
  /** Data row number → line (or sheet row, with the sheet); rows without one are absent. */
  lines(rows: readonly number[]): Promise<Map<number, Place>>;
  /** Removes what opening the source made (a workbook's uncached conversion), if anything. */
  close?(): Promise<void>;
}

/**
 * Reads the source with `read` (given its SQL table expression) in the encoding its start was
 * sniffed as, then, when DuckDB's error says the text is not in it, in the next one
 * ({@linkcode nextEncoding}), making the UTF-8 copy an encoding needs first; returns the encoding
 * that read. `check` sees each of `read`'s errors first and may throw a more telling one. The
 * transaction loader and `readTable` both read through it.
 */
export async function readInEncodings(
  source: Source,
  read: (from: string) => Promise<void>,
  check?: (error: unknown) => Promise<void>,
): Promise<TextEncoding> {
  let encoding = source.encoding;
  for (;;) {
    await source.prepare?.(encoding);
    try {
      await read(source.from(encoding));
      return encoding;
    } catch (error) {
      await check?.(error);
      const next = nextEncoding(source, encoding, String((error as Error)?.message ?? error));
      if (next === undefined) throw error;
      encoding = next;
    }
  }
}

/**
 * The encoding to read a text source with after DuckDB's error `message` reading it as
 * `encoding`, or `undefined` when the error is not the encoding's: Latin-1 after invalid UTF-8
 * past the sniffed start, then Windows-1252 after a byte Latin-1 text never has (0x80-0x9F).
 */
function nextEncoding(
  source: Source,
  encoding: TextEncoding,
  message: string,
): TextEncoding | undefined {
  if (source.lineKind !== "line") return undefined;
  if (encoding === "utf-8" && /Invalid unicode/i.test(message)) return "latin-1";
  if (encoding === "latin-1" && /not latin-1 encoded/i.test(message)) return "windows-1252";
  return undefined;
}

/**
 * The progress line for a file read as Windows-1252, if it was: its bytes 0x80-0x9F are read as
 * `€`, curly quotes and dashes, which another single-byte code page (Mac Roman) uses for
 * accented letters, so the line says how to check and what to do.
 */
export function encodingNote(path: string, encoding: TextEncoding): string | undefined {
  if (encoding !== "windows-1252") return undefined;
  return `load: ${
    basename(path)
  } is read as Windows-1252 (bytes 0x80-0x9F as €, curly quotes and dashes); if its accented letters look wrong, save it as UTF-8 (Excel: "CSV UTF-8")`;
}

/** The header and first records of a text file, decoded. */
export interface CsvHead {
  readonly encoding: TextEncoding;
  readonly delimiter: Delimiter;
  /** Records including the header; the last cut-off record is dropped. */
  readonly records: readonly string[][];
  /** True when the head is the whole file. */
  readonly complete: boolean;
  /** Physical lines above the header (a title, Excel's `sep=` line), left out. */
  readonly skipLines: number;
  /** Those lines in words (`lines 1-2 above the table's header ("Orders export …")`). */
  readonly preamble?: string;
  /** Header names that repeat (case and spacing aside), told apart by `distinctNames`. */
  readonly repeated?: readonly string[];
}

/**
 * Reads and parses the start of a text file; throws when the file is not text or holds no
 * header.
 */
export async function csvHead(
  path: string,
  gzip: boolean,
  options: { delimiter?: Delimiter; prefer?: Delimiter } = {},
): Promise<CsvHead> {
  const { bytes, complete, utf16 } = await readHead(path, gzip, HEAD_BYTES);
  const binary = describeBytes(bytes);
  if (binary !== undefined) {
    throw new InputFileError(
      path,
      `Cannot load "${path}": the file is not text (it looks like ${binary})`,
      binary.startsWith("a ZIP")
        ? "If it is an Excel workbook, name it .xlsx"
        : binary === "a Parquet file"
        ? "Name it .parquet"
        : binary === "gzip-compressed data"
        ? "Name it .csv.gz"
        : binary.startsWith("UTF-16")
        ? 'Save it as UTF-8 (Excel: Save As > "CSV UTF-8"), or as UTF-16 with a byte-order mark (Excel: "Unicode Text")'
        : "Pass a .csv, .tsv, .txt, .csv.gz, .parquet or .xlsx file",
    );
  }
  const encoding = sniffEncoding(bytes, utf16);
  const text = decode(bytes, encoding);
  const delimiter = options.delimiter ??
    detectDelimiter(text, { complete, ...(options.prefer ? { prefer: options.prefer } : {}) });
  const records = parseRecords(text, complete, delimiter);
  if (records.length === 0 || records[0]!.every((f) => f.trim() === "")) {
    if (!complete) {
      throw new InputFileError(
        path,
        `Cannot load "${path}": no header line in the first ${HEAD_BYTES / 1024} KB`,
      );
    }
    throw new InputFileError(
      path,
      `Cannot load "${path}": the file is empty`,
      "Export the table again with a header line and at least one data row",
    );
  }
  const preamble = findPreamble(text, records[0]!, complete, options);
  if (preamble === undefined) {
    const header = cleanHeader(records[0]!);
    return {
      encoding,
      delimiter,
      records: [header.names, ...records.slice(1)],
      complete,
      skipLines: 0,
      ...(header.repeated.length > 0 ? { repeated: header.repeated } : {}),
    };
  }
  const table = text.split(/\r\n|\r|\n/).slice(preamble.lines).join("\n");
  const tableDelimiter = options.delimiter ?? preamble.delimiter ??
    detectDelimiter(table, { complete, ...(options.prefer ? { prefer: options.prefer } : {}) });
  const tableRecords = parseRecords(table, complete, tableDelimiter);
  const header = cleanHeader(tableRecords[0] ?? []);
  return {
    encoding,
    delimiter: tableDelimiter,
    records: [header.names, ...tableRecords.slice(1)],
    complete,
    skipLines: preamble.lines,
    preamble: preamble.words,
    ...(header.repeated.length > 0 ? { repeated: header.repeated } : {}),
  };
}

/** Lines above the table looked at for its header: titles, dates, blank lines. */
const PREAMBLE_LINES = 10;

/** What stands above a text file's header. */
interface Preamble {
  /** Physical lines above the header. */
  readonly lines: number;
  /** The delimiter Excel's `sep=` line declares. */
  readonly delimiter?: Delimiter;
  /** The lines in words, for the progress line. */
  readonly words: string;
}

/**
 * The lines above a text file's header: Excel's `sep=;` line (which also names the delimiter),
 * or a title ("Orders export generated 2012-01-01") and blank lines above the table, when a later
 * line (within {@linkcode PREAMBLE_LINES}) starts a table of three or more named columns that the
 * lines after it keep to. `undefined` when line 1 may well be the header.
 */
function findPreamble(
  text: string,
  first: readonly string[],
  complete: boolean,
  options: { prefer?: Delimiter },
): Preamble | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const line1 = (lines[0] ?? "").replace(/^\uFEFF/, "").trim();
  const shown = (line: string) => `"${line.length > 60 ? `${line.slice(0, 57)}…` : line}"`;
  const sep = /^"?sep=(.)"?$/i.exec(line1);
  if (sep !== null) {
    const declared = sep[1] === "\t" ? "\t" : sep[1]!;
    return {
      lines: 1,
      ...((DELIMITERS as readonly string[]).includes(declared)
        ? { delimiter: declared as Delimiter }
        : {}),
      words: `line 1 ${shown(line1)} (Excel's delimiter line)`,
    };
  }
  if (first.filter((f) => f.trim() !== "").length > 1) return undefined;
  for (let k = 1; k < Math.min(PREAMBLE_LINES, lines.length); k++) {
    if ((lines[k] ?? "").trim() === "") continue;
    const rest = lines.slice(k).join("\n");
    const delimiter = detectDelimiter(rest, {
      complete,
      ...(options.prefer ? { prefer: options.prefer } : {}),
    });
    const table = parseRecords(rest, complete, delimiter).slice(0, 50);
    const width = table[0]?.length ?? 0;
    const names = table[0] ?? [];
    // a header: three or more names, none empty, none a number or date
    if (
      width < 3 || table.length < 2 ||
      names.some((f) => f.trim() === "" || /^[\d\s.,:/+-]+$/.test(f.trim()))
    ) continue;
    const kept = table.slice(1).filter((r) => r.length === width).length;
    if (kept < 0.8 * (table.length - 1)) continue;
    return {
      lines: k,
      words: `${k === 1 ? "line 1" : `lines 1-${k}`} above the table's header (${shown(line1)})`,
    };
  }
  return undefined;
}

/** Opens a source of any format (converting an xlsx to its Parquet cache first). */
export async function openSource(
  db: Db,
  path: string,
  format: InputFormat,
  progress: Progress,
  options: OpenSourceOptions = {},
): Promise<Source> {
  if (format === "csv" || format === "csv.gz") {
    const source = await csvSource(path, format, options);
    if (source.preamble !== undefined) {
      progress.info(`${basename(path)}: ${source.preamble} left out`);
    }
    return source;
  }
  if (format === "parquet") return await parquetSource(db, path);
  return await xlsxSource(db, path, progress, options);
}

/** Source column names of a Parquet file, read with a throwaway database. */
export async function parquetHeader(path: string): Promise<string[]> {
  const db = await openDb({ threads: 1 });
  try {
    return (await describeParquet(db, path)).map((r) => r.column_name);
  } finally {
    db.close();
  }
}

/** Source column names of an xlsx file (first non-empty sheet, first non-empty row). */
export { xlsxHeader };

/** The delimiter a file name suggests (`.tsv`: tab), if any. */
export function preferredDelimiter(path: string): Delimiter | undefined {
  return /\.tsv(\.gz)?$/i.test(path) ? "\t" : undefined;
}

async function csvSource(
  path: string,
  format: InputFormat,
  options: OpenSourceOptions,
): Promise<Source> {
  const gzip = format === "csv.gz";
  const prefer = preferredDelimiter(path);
  const head = await csvHead(path, gzip, {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(prefer ? { prefer } : {}),
  });
  const header = head.records[0]!;
  const delimiter = head.delimiter;
  if (head.complete && head.records.length === 1) throw noRows(path, "line 1 is the header");
  const skip = head.skipLines;
  // A file in an encoding DuckDB does not read is read from a UTF-8 copy, made once.
  let copy: { path: string; made: Promise<void> } | undefined;
  const prepare = async (encoding: TextEncoding): Promise<void> => {
    if (engineReads(encoding)) return;
    if (copy === undefined) {
      const to = await Deno.makeTempFile({ prefix: "crm-utf8-", suffix: ".csv" });
      const made = writeUtf8Copy(path, gzip, encoding, to).catch(async (error) => {
        await Deno.remove(to).catch(() => {});
        throw error;
      });
      copy = { path: to, made };
    }
    await copy.made;
  };
  // Every reading of the source may use its sniffed encoding.
  await prepare(head.encoding);
  const from = (encoding: TextEncoding): string => {
    if (!engineReads(encoding) && copy === undefined) {
      throw new Error(`openSource: prepare("${encoding}") before from()`);
    }
    const file = engineReads(encoding) ? path : copy!.path;
    const compression = `compression = '${gzip && file === path ? "gzip" : "none"}'${
      skip > 0 ? `, skip = ${skip}` : ""
    }`;
    const read = engineReads(encoding) ? encoding : "utf-8";
    if (delimiter === "whitespace") {
      // Fields are runs of non-blanks: read each line whole, then split it.
      const fields = header.map((h, i) => `__crm_f[${i + 1}] AS ${quoteIdent(h)}`).join(", ");
      return `(SELECT ${fields} FROM (
        SELECT string_split_regex(regexp_replace(line, '^[ \\t]+|[ \\t]+$', '', 'g'), '[ \\t]+') AS __crm_f
        FROM read_csv(${quoteLiteral(file)}, auto_detect = false, header = true,
          columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '',
          strict_mode = false, encoding = '${read}', ${compression})
        WHERE regexp_matches(line, '[^ \\t]'))
      WHERE CASE WHEN len(__crm_f) = ${header.length} THEN true
        ELSE error('CRM ragged line: ' || len(__crm_f)) END)`;
    }
    const columns = `{${header.map((h) => `${quoteLiteral(h)}: 'VARCHAR'`).join(", ")}}`;
    // No sniffing: the dialect is fixed, and the sniffer may skip rows of a ragged file.
    return `read_csv(${
      quoteLiteral(file)
    }, auto_detect = false, header = true, columns = ${columns}, ` +
      `delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', strict_mode = true, ` +
      `encoding = '${read}', ${compression})`;
  };
  return {
    format,
    header,
    types: Object.fromEntries(header.map((h) => [h, "VARCHAR"])),
    encoding: head.encoding,
    lineKind: "line",
    delimiter,
    skipLines: skip,
    ...(head.preamble === undefined ? {} : { preamble: head.preamble }),
    ...(head.repeated === undefined ? {} : { repeated: head.repeated }),
    prepare,
    from,
    async close() {
      if (copy === undefined) return;
      await copy.made.catch(() => {});
      await Deno.remove(copy.path).catch(() => {});
    },
    sample(column, limit) {
      const index = header.indexOf(column);
      const out: SampleValue[] = [];
      for (let r = 1; r < head.records.length && out.length < limit; r++) {
        const value = head.records[r]![index]?.trim() ?? "";
        if (value !== "") out.push({ row: r, value });
      }
      return Promise.resolve(out);
    },
    async lines(rows) {
      const found = await recordLines(path, gzip, rows, delimiter, skip);
      return new Map([...found].map(([r, line]) => [r, { line }]));
    },
  };
}

async function describeParquet(
  db: Db,
  path: string,
): Promise<{ column_name: string; column_type: string }[]> {
  try {
    return await db.all<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)})`,
    );
  } catch (error) {
    throw notParquet(path, error);
  }
}

/** True for DuckDB errors that mean the Parquet file itself cannot be read. */
export function isParquetReadError(error: unknown): boolean {
  return /parquet|magic|footer|corrupt|truncat|too small|IO Error|Invalid Input Error/i.test(
    String((error as Error)?.message ?? error),
  );
}

/** The error for a file named .parquet that DuckDB cannot read. */
export function notParquet(path: string, error: unknown): InputFileError {
  const reason = String((error as Error)?.message ?? error).split("\n")[0]!
    .replace(/^[A-Za-z ]+Error: /, "");
  return new InputFileError(
    path,
    `Cannot load "${path}": it is not a readable Parquet file (${reason})`,
    "The file may be damaged or cut off: export it again, or export the table as .csv",
  );
}

async function parquetSource(db: Db, path: string): Promise<Source> {
  const from = `read_parquet(${quoteLiteral(path)})`;
  const columns = await describeParquet(db, path);
  const header = columns.map((c) => c.column_name);
  return {
    format: "parquet",
    header,
    types: Object.fromEntries(columns.map((c) => [c.column_name, c.column_type])),
    encoding: "utf-8",
    lineKind: "none",
    from: () => from,
    async sample(column, limit) {
      let rows: { v: string }[];
      try {
        rows = await db.all<{ v: string }>(
          `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v FROM ${from} WHERE ${
            quoteIdent(column)
          } IS NOT NULL LIMIT ${limit}`,
        );
      } catch (error) {
        throw notParquet(path, error);
      }
      return rows.map((r) => ({ row: undefined, value: r.v.trim() })).filter((s) => s.value !== "");
    },
    lines: () => Promise.resolve(new Map()),
  };
}

async function xlsxSource(
  db: Db,
  path: string,
  progress: Progress,
  options: OpenSourceOptions,
): Promise<Source> {
  const cache = await xlsxParquet(db, path, progress, options.cacheRoot, options.contentHash);
  try {
    return {
      ...xlsxSheets(db, path, cache, options),
      ...(cache.date1904 ? { date1904: true } : {}),
    };
  } catch (error) {
    await cache.close?.();
    throw error;
  }
}

/** The sheets of a converted workbook that the load reads, as a source. */
function xlsxSheets(
  db: Db,
  path: string,
  cache: XlsxCache,
  options: OpenSourceOptions,
): Source {
  const { read, uses } = chooseSheets(path, cache.sheets, options);
  const lead = cache.sheets[read[0]!]!;
  const header = lead.header;
  for (const i of read) {
    const s = cache.sheets[i]!;
    if (s.overflow !== undefined) {
      throw new CsvParseError(
        `Cannot read "${path}"${
          read.length > 1 || cache.sheets.length > 1 ? ` sheet "${s.name}"` : ""
        } at line ${s.overflow.line}: the row has ${s.overflow.cells} cells but the header has ${s.header.length}`,
        {
          location: { file: path, line: s.overflow.line },
          hint: s.header.length <= 1 && s.overflow.line <= PREAMBLE_LINES
            ? `The sheet's first row ("${
              s.header[0] ?? ""
            }") looks like a title above the table: delete the rows above the table's header, so that it is the first row`
            : "Remove the cells right of the header or give them a header",
        },
      );
    }
  }
  if (read.every((i) => cache.sheets[i]!.rows === 0)) {
    throw noRows(path, `sheet "${lead.name}" has only its header row`);
  }
  const named = read.length > 1;
  const scan = `(SELECT ${
    header.map((h, i) => `${cacheColumn(i)} AS ${quoteIdent(h)}`).join(", ")
  }, ${SHEET_INDEX}, ${SHEET_ROW} FROM read_parquet(${
    quoteLiteral(cache.parquet)
  }) WHERE list_contains([${read.join(", ")}], ${SHEET_INDEX}))`; // a scalar: keeps the order
  const from = `(SELECT ${header.map(quoteIdent).join(", ")} FROM ${scan})`;
  return {
    format: "xlsx",
    header,
    types: Object.fromEntries(header.map((h) => [h, "VARCHAR"])),
    encoding: "utf-8",
    lineKind: "row",
    sheets: uses,
    converted: cache.converted,
    close: cache.close,
    from: () => from,
    async sample(column, limit) {
      const rows = await db.all<{ v: string; r: number }>(
        `SELECT ${quoteIdent(column)} AS v FROM ${from} WHERE ${
          quoteIdent(column)
        } IS NOT NULL LIMIT ${limit}`,
      );
      return rows.map((r) => ({ row: undefined, value: r.v.trim() })).filter((s) => s.value !== "");
    },
    async lines(rows) {
      if (rows.length === 0) return new Map();
      const found = await db.all<{ r: number; sheet: number; line: number }>(
        `SELECT r, sheet, line FROM (SELECT row_number() OVER () AS r, ${SHEET_INDEX} AS sheet, ${SHEET_ROW} AS line FROM ${scan}) ` +
          `WHERE r IN (${rows.map(Number).join(", ")})`,
      );
      return new Map(
        found.map((f) => [
          f.r,
          named ? { line: f.line, sheet: cache.sheets[f.sheet]!.name } : { line: f.line },
        ]),
      );
    },
  };
}

/**
 * Which sheets to read: the one named by `sheet`; else the first sheet whose header `accepts`
 * (or the first non-empty one) leads, and every other sheet with the same columns (names
 * compared ignoring case and spaces, in order) is read after it, in workbook order.
 */
function chooseSheets(
  path: string,
  sheets: readonly SheetInfo[],
  options: OpenSourceOptions,
): { read: number[]; uses: SheetUse[] } {
  const nonEmpty = sheets.map((s, i) => ({ s, i })).filter(({ s }) => s.header.length > 0);
  let read: number[];
  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    let at = sheets.findIndex((s) => s.name === wanted);
    if (at < 0) {
      at = sheets.findIndex((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    }
    if (at < 0) {
      throw new OptionError(
        "sheet",
        `Cannot read options: --sheet names no sheet of "${path}": current value is "${wanted}"; the sheets are ${
          sheets.map((s) => `"${s.name}"`).join(", ")
        }`,
        `for example --sheet "${nonEmpty[0]?.s.name ?? sheets[0]?.name ?? "Sheet1"}"`,
      );
    }
    if (sheets[at]!.header.length === 0) {
      throw new InputFileError(path, `Cannot load "${path}": sheet "${sheets[at]!.name}" is empty`);
    }
    read = [at];
  } else {
    const accepts = options.accepts ?? (() => true);
    // the first sheet the loader can use leads; when none can, the largest (its columns are
    // then the ones the error and its --map hint speak of)
    const lead = nonEmpty.find(({ s }) => accepts(s.header)) ??
      [...nonEmpty].sort((a, b) => b.s.rows - a.s.rows || a.i - b.i)[0];
    if (lead === undefined) {
      throw new InputFileError(path, `Cannot load "${path}": every sheet of the workbook is empty`);
    }
    const key = lead.s.header.map(normalizeName).join("\u0000");
    read = nonEmpty.filter(({ s }) => s.header.map(normalizeName).join("\u0000") === key)
      .map(({ i }) => i);
  }
  const leadName = sheets[read[0]!]!.name;
  const uses = sheets.map((s, i): SheetUse =>
    read.includes(i) ? { name: s.name, rows: s.rows, read: true } : {
      name: s.name,
      rows: s.rows,
      read: false,
      reason: s.header.length === 0
        ? "empty"
        : options.sheet !== undefined
        ? "not the sheet chosen with --sheet"
        : `its columns differ from sheet "${leadName}"`,
    }
  );
  return { read, uses };
}

/** The error for a file with a header and no data. */
export function noRows(path: string, where: string): InputFileError {
  return new InputFileError(
    path,
    `Cannot load "${path}": the file has a header but no data rows (${where})`,
    "Check that the export wrote the rows, not only the column names",
  );
}

/** The delimiter in words, for messages. */
export function describeDelimiter(delimiter: Delimiter): string {
  return delimiter === "whitespace" ? "whitespace" : `"${delimiterName(delimiter)}"`;
}

function cleanHeader(names: readonly string[]): { names: string[]; repeated: string[] } {
  return distinctNames(
    names.map((n, i) => (n.trim() === "" ? `column${i + 1}` : n.trim().replace(/^\uFEFF/, ""))),
  );
}

/**
 * Header names told apart: a name that repeats an earlier one (case, spaces and punctuation
 * aside, as columns are matched) gets ` (2)`, ` (3)` … after it, so that every column can be
 * read; `repeated` lists the repeated names as written first. The loader refuses a repeated name
 * it would read (`resolveColumns`); other repeated columns are simply not used.
 *
 * @example
 * ```ts
 * import { distinctNames } from "./_source.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(distinctNames(["Notes", "Price", "notes"]), {
 *   names: ["Notes", "Price", "notes (2)"],
 *   repeated: ["Notes"],
 * });
 * ```
 */
export function distinctNames(
  names: readonly string[],
): { names: string[]; repeated: string[] } {
  const seen = new Map<string, { first: string; count: number }>();
  const taken = new Set(names.map(normalizeName));
  const out = names.map((name) => {
    const key = normalizeName(name);
    const before = seen.get(key);
    if (before === undefined || key === "") {
      seen.set(key, { first: name, count: 1 });
      return name;
    }
    let n = before.count + 1;
    while (taken.has(normalizeName(`${name} (${n})`))) n++;
    before.count = n;
    taken.add(normalizeName(`${name} (${n})`));
    return `${name} (${n})`;
  });
  return {
    names: out,
    repeated: [...seen.values()].filter((s) => s.count > 1).map((s) => s.first),
  };
}
