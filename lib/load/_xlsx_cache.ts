/**
 * Excel input: DuckDB's excel extension cannot be installed here, so every sheet of the
 * workbook is streamed with exceljs once and written to one Parquet file, with each sheet's
 * name, header and row count. With a cache folder (`_cache.ts`) the conversion is an entry
 * `<root>/xlsx/<key>/` (`workbook.parquet`, `meta.json`) keyed by the workbook's SHA-256, and
 * later loads of the same bytes read it; without one (`--cache off`) it is written to a
 * temporary folder that the load removes.
 *
 * Every cell is stored as text (dates as `YYYY-MM-DD HH:MM:SS`) in positional columns `c1`,
 * `c2`, … (sheets may have different headers), so the conversion goes through the same parsing
 * and checks as a CSV; `_crm_sheet` is the sheet's position in the workbook and `_crm_sheet_row`
 * the sheet row number, which error messages report as the line.
 *
 * @module
 */
import type ExcelJS from "exceljs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import type { Db } from "../db/db.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import { InputFileError, isUserError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";
import { sha256File } from "../util/sha256_file.ts";
import {
  CACHE_VERSION,
  type CacheEntry,
  cacheKey,
  discardEntry,
  engineVersion,
  firstLine,
  loaderFingerprint,
  pruneCache,
  readEntry,
  writeEntry,
} from "../cache/mod.ts";
import { describeBytes } from "./_csv_scan.ts";
import { entryText, type WorkbookInfo, workbookInfo, type WorkbookSheet } from "./_zip.ts";

/**
 * exceljs, imported on first use: only Excel input needs it, and importing it costs about
 * 0.2-0.4 s of start-up that every other run (CSV, Parquet, `--help`) would pay for nothing.
 */
async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}

/** Name of the sheet-row column in the cache. */
export const SHEET_ROW = "_crm_sheet_row";
/** Name of the sheet-position column in the cache (0-based, workbook order). */
export const SHEET_INDEX = "_crm_sheet";
/** Version of the conversion (its columns and cell texts), part of its cache key. */
const XLSX_VERSION = 3;

/** One sheet of a cached workbook. */
export interface SheetInfo {
  readonly name: string;
  /** Column names from the sheet's first non-empty row; empty for an empty sheet. */
  readonly header: readonly string[];
  /** Data rows (non-empty rows after the header). */
  readonly rows: number;
  /** The first row with cells right of the header, if any (such a sheet cannot be loaded). */
  readonly overflow?: { readonly line: number; readonly cells: number };
}

/** The Parquet conversion of a workbook. */
export interface XlsxCache {
  readonly parquet: string;
  /** True when this call converted the workbook, false when a cache entry was reused. */
  readonly converted: boolean;
  readonly sheets: readonly SheetInfo[];
  /** The workbook counts serial dates from 1904 (`WorkbookInfo.date1904`). */
  readonly date1904: boolean;
  /** Removes a conversion made outside the cache (absent for a cache entry). */
  readonly close?: () => Promise<void>;
}

/** `meta.json` of a workbook's cache entry. */
interface XlsxMeta {
  /** The workbook's name when it was converted. */
  readonly source: string;
  readonly sheets: SheetInfo[];
  readonly date1904: boolean;
  readonly parquetBytes: number;
  /** SHA-256 of the Parquet file (Parquet keeps no checksums of its own). */
  readonly parquetSha256: string;
}

const PARQUET = "workbook.parquet";

/**
 * The Parquet conversion of every sheet: from the cache entry of the workbook's bytes when
 * `root` is given and the entry reads back (a damaged one is removed and converted again), else
 * converted now, into a new cache entry or (without `root`, or when the cache cannot be
 * written) into a temporary folder. `contentHash`, the workbook's SHA-256 when the caller has
 * it (the load cache's key), saves reading the file twice.
 */
export async function xlsxParquet(
  db: Db,
  path: string,
  progress: Progress,
  root?: string,
  contentHash?: string,
): Promise<XlsxCache> {
  if (root === undefined) return await convertApart(db, path, progress);
  let key: string;
  try {
    key = cacheKey({
      area: "xlsx",
      version: CACHE_VERSION,
      xlsx: XLSX_VERSION,
      engine: await engineVersion(db),
      loader: await loaderFingerprint(),
      content: contentHash ?? await sha256File(path),
    });
  } catch (error) {
    progress.info(`xlsx: cache not used (${firstLine(error)})`);
    return await convertApart(db, path, progress);
  }
  const entry = await readEntry<XlsxMeta>(root, "xlsx", key);
  if (entry !== undefined) {
    const problem = "meta" in entry ? await entryProblem(db, entry) : entry.problem;
    if (problem === undefined && "meta" in entry) {
      const rows = entry.meta.sheets.reduce((s, x) => s + x.rows, 0);
      progress.info(`xlsx: using cache ${entry.dir} (${rows.toLocaleString("en-US")} rows)`);
      return {
        parquet: join(entry.dir, PARQUET),
        converted: false,
        sheets: entry.meta.sheets,
        date1904: entry.meta.date1904,
      };
    }
    progress.info(`xlsx: cache entry ${entry.dir} unreadable (${problem}); converting again`);
    await discardEntry(entry.dir);
  }
  const info = await sheetList(path);
  let sheets: SheetInfo[] | undefined;
  try {
    const dir = await writeEntry<XlsxMeta>(root, "xlsx", key, async (tmp) => {
      sheets = await convertWithFallback(db, path, info, join(tmp, PARQUET), progress);
      return {
        source: basename(path),
        sheets,
        date1904: info.date1904,
        parquetBytes: (await Deno.stat(join(tmp, PARQUET))).size,
        parquetSha256: await sha256File(join(tmp, PARQUET)),
      };
    });
    await pruneCache(root, { keep: dir });
    return {
      parquet: join(dir, PARQUET),
      converted: true,
      sheets: sheets!,
      date1904: info.date1904,
    };
  } catch (error) {
    if (isUserError(error)) throw error;
    progress.info(
      `xlsx: cannot write the cache in ${root} (${
        firstLine(error)
      }); converting in a temporary folder, not cached`,
    );
    return await convertApart(db, path, progress, info);
  }
}

/**
 * Why a cache entry cannot be used (sizes, digests or row counts differ, unreadable Parquet), if
 * so. A changed byte in a Parquet page can read back as another value: the digest must match.
 */
async function entryProblem(db: Db, entry: CacheEntry<XlsxMeta>): Promise<string | undefined> {
  try {
    const parquet = join(entry.dir, PARQUET);
    const size = (await Deno.stat(parquet)).size;
    if (size !== entry.meta.parquetBytes) {
      return `${PARQUET} has ${size} bytes, meta.json says ${entry.meta.parquetBytes}`;
    }
    if (await sha256File(parquet) !== entry.meta.parquetSha256) {
      return `${PARQUET}'s SHA-256 is not the one meta.json recorded when it was written`;
    }
    const rows = entry.meta.sheets.reduce((s, x) => s + x.rows, 0);
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM read_parquet(${quoteLiteral(parquet)})`,
    );
    return n === rows ? undefined : `${PARQUET} holds ${n} rows, meta.json says ${rows}`;
  } catch (error) {
    return firstLine(error);
  }
}

/** Converts into a new temporary folder, removed by the result's `close`. */
async function convertApart(
  db: Db,
  path: string,
  progress: Progress,
  known?: WorkbookInfo,
): Promise<XlsxCache> {
  const info = known ?? await sheetList(path);
  const tmp = await Deno.makeTempDir({ prefix: "crm-xlsx-" });
  const close = () => Deno.remove(tmp, { recursive: true }).catch(() => {});
  try {
    const parquet = join(tmp, PARQUET);
    const sheets = await convertWithFallback(db, path, info, parquet, progress);
    return { parquet, converted: true, sheets, date1904: info.date1904, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The workbook's sheets, or a typed error saying the file is not a readable workbook. */
async function sheetList(path: string): Promise<WorkbookInfo> {
  try {
    return await workbookInfo(path);
  } catch (error) {
    throw await notAWorkbook(path, error);
  }
}

/** The error for a file named .xlsx that exceljs (or the ZIP reader) cannot read. */
async function notAWorkbook(path: string, error: unknown): Promise<InputFileError> {
  const file = await Deno.open(path, { read: true });
  const head = new Uint8Array(8192);
  let n: number | null;
  try {
    n = await file.read(head);
  } finally {
    file.close();
  }
  const what = describeBytes(head.subarray(0, n ?? 0));
  const reason = String((error as Error)?.message ?? error).split("\n")[0];
  if (what !== undefined && what.startsWith("an old Excel")) {
    return new InputFileError(
      path,
      `Cannot load "${path}": it is an old Excel .xls workbook, not .xlsx`,
      "Open it in Excel (or LibreOffice) and save it as .xlsx (Excel Workbook), or export the sheet as .csv",
    );
  }
  return new InputFileError(
    path,
    `Cannot load "${path}": it is not a readable .xlsx workbook (${
      what === undefined
        ? n !== null && n > 0 ? "it looks like plain text" : "the file is empty"
        : what.startsWith("a ZIP")
        ? reason
        : `it looks like ${what}`
    })`,
    what === undefined && n !== null && n > 0
      ? "If it is a CSV export, name it .csv"
      : "The file may be damaged: open it in Excel and save it again as .xlsx, or export the sheet as .csv",
  );
}

/** Converts to `out` with the streaming reader, or the in-memory one if streaming fails. */
async function convertWithFallback(
  db: Db,
  path: string,
  info: WorkbookInfo,
  out: string,
  progress: Progress,
): Promise<SheetInfo[]> {
  const names = info.sheets;
  try {
    return await convert(db, path, names, out, progress, (p) => streamRows(p, info));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    progress.info(
      `xlsx: streaming reader failed (${
        (error as Error).message
      }); reading the whole workbook instead`,
    );
  }
  try {
    return await convert(db, path, names, out, progress, (p) => workbookRows(p, names));
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw await notAWorkbook(path, error);
  }
}

/** Reads the column names of the first non-empty sheet without reading the rest. */
export async function xlsxHeader(path: string): Promise<string[]> {
  const info = await sheetList(path);
  const names = info.sheets;
  try {
    for await (const { cells } of skipTitleRows(streamRows(path, info, { allSheets: false }))) {
      return headerNames(cells);
    }
  } catch {
    // fall back to the in-memory reader
  }
  try {
    for await (const { cells } of skipTitleRows(workbookRows(path, names))) {
      return headerNames(cells);
    }
  } catch (error) {
    throw await notAWorkbook(path, error);
  }
  return [];
}

/** Rows looked at for a sheet's header: titles and notes above a table fit in them. */
const LEAD_ROWS = 11;

/**
 * The rows of `rows` from each sheet's header on: rows above the table (a title, "Generated on
 * …") are left out, and `onTitle` is told of them. The header is the first of a sheet's first
 * {@linkcode LEAD_ROWS} rows with at least two filled cells and at least half as many as the
 * widest of them; a sheet without such a row keeps its first row as its header.
 */
export async function* skipTitleRows(
  rows: AsyncIterable<SheetRow>,
  onTitle: (title: readonly SheetRow[]) => void = () => {},
): AsyncGenerator<SheetRow> {
  const filled = (r: SheetRow) => r.cells.filter((c) => c !== null && c.trim() !== "").length;
  let held: SheetRow[] = [];
  const release = function* (): Generator<SheetRow> {
    const widest = Math.max(0, ...held.map(filled));
    const header = held.findIndex((r) => filled(r) >= Math.max(2, widest / 2));
    if (header > 0) onTitle(held.slice(0, header));
    yield* held.slice(Math.max(0, header));
    held = [];
  };
  let sheet = -1;
  let settled = true;
  for await (const row of rows) {
    if (row.sheet !== sheet) {
      if (!settled) yield* release();
      sheet = row.sheet;
      settled = false;
    }
    if (settled) {
      yield row;
      continue;
    }
    held.push(row);
    if (held.length === LEAD_ROWS) {
      settled = true;
      yield* release();
    }
  }
  if (!settled) yield* release();
}

/** A non-empty row of a sheet: the sheet's position and name, the sheet row and its cells. */
interface SheetRow {
  readonly sheet: number;
  readonly name: string;
  readonly number: number;
  readonly cells: (string | null)[];
}

type RowSource = (path: string) => AsyncGenerator<SheetRow>;

async function convert(
  db: Db,
  path: string,
  names: readonly WorkbookSheet[],
  out: string,
  progress: Progress,
  rowsOf: RowSource,
): Promise<SheetInfo[]> {
  const done = progress.stage(`convert ${basename(path)} to Parquet`);
  const t0 = performance.now();
  const table = "__crm_xlsx_import";
  const sheets: {
    name: string;
    header: string[];
    rows: number;
    overflow?: SheetInfo["overflow"];
  }[] = names.map((n) => ({ name: n.name, header: [], rows: 0 }));
  let width = 0;
  let appender: Awaited<ReturnType<Db["connection"]["createAppender"]>> | undefined;
  let rows = 0;
  let current = -1;
  try {
    await db.run(
      `CREATE OR REPLACE TABLE ${table} (${SHEET_INDEX} INTEGER, ${SHEET_ROW} BIGINT)`,
    );
    const titled = (title: readonly SheetRow[]) => {
      const first = title[0]!;
      progress.info(
        `xlsx: sheet "${first.name}": ${
          title.length === 1
            ? `row ${first.number}`
            : `rows ${first.number}-${title.at(-1)!.number}`
        } above the table's header left out ("${
          first.cells.find((c) => c !== null && c.trim() !== "")?.trim() ?? ""
        }")`,
      );
    };
    for await (const { sheet, name, number, cells } of skipTitleRows(rowsOf(path), titled)) {
      while (sheets.length <= sheet) sheets.push({ name: "", header: [], rows: 0 });
      const info = sheets[sheet]!;
      if (sheet !== current) {
        current = sheet;
        info.name = name;
        info.header = headerNames(cells);
        if (info.header.length > width) {
          appender?.closeSync();
          for (let c = width + 1; c <= info.header.length; c++) {
            await db.run(`ALTER TABLE ${table} ADD COLUMN c${c} VARCHAR`);
          }
          width = info.header.length;
          appender = await db.connection.createAppender(table);
        }
        continue;
      }
      if (
        info.overflow === undefined && cells.length > info.header.length &&
        cells.slice(info.header.length).some((c) => c !== null)
      ) {
        info.overflow = { line: number, cells: cells.length };
      }
      appender!.appendInteger(sheet);
      appender!.appendBigInt(BigInt(number));
      for (let i = 0; i < width; i++) {
        const cell = i < info.header.length ? cells[i] ?? null : null;
        if (cell === null) appender!.appendNull();
        else appender!.appendVarchar(cell);
      }
      appender!.endRow();
      info.rows++;
      rows++;
      if (rows % 100_000 === 0) {
        progress.info(
          `xlsx: ${rows.toLocaleString("en-US")} rows converted (${
            ((performance.now() - t0) / 1000).toFixed(1)
          } s)`,
        );
      }
    }
    if (sheets.every((s) => s.header.length === 0)) {
      throw new InputFileError(
        path,
        `Cannot load "${path}": every sheet of the workbook is empty`,
        "Put the header in the first row of a sheet and the data below it",
      );
    }
    appender?.closeSync();
    appender = undefined;
    await db.run(`COPY ${table} TO ${quoteLiteral(out)} (FORMAT parquet)`);
  } finally {
    appender?.closeSync();
    await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
  done(
    `${rows.toLocaleString("en-US")} rows${
      sheets.length > 1 ? ` from ${sheets.length} sheets` : ""
    }`,
  );
  return sheets.map((s) => ({
    name: s.name,
    header: s.header,
    rows: s.rows,
    ...(s.overflow ? { overflow: s.overflow } : {}),
  }));
}

/**
 * Rows of every sheet, streamed: the workbook's parts are read from the ZIP in the order a reader
 * needs them (relations, workbook, styles, shared strings, then each sheet in workbook order),
 * each inflated as it is read, and parsed by exceljs' sheet reader. exceljs' own streaming
 * reader is not used: under Deno its unzip stream sometimes ends early, and when a sheet comes
 * before the styles in the archive (as Excel writes it) it would read dates as numbers. With
 * `allSheets: false`, only the first non-empty sheet. Any failure makes the caller fall back to
 * {@linkcode workbookRows}.
 */
async function* streamRows(
  path: string,
  info: WorkbookInfo,
  options: { allSheets?: boolean } = {},
): AsyncGenerator<SheetRow> {
  const { allSheets = true } = options;
  const excel = await loadExcelJs();
  const reader = new excel.stream.xlsx.WorkbookReader(path, {
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const internal = reader as unknown as {
    model?: unknown;
    _parseRels(entry: unknown): Promise<void>;
    _parseWorkbook(entry: unknown): Promise<void>;
    _parseStyles(entry: unknown): Promise<void>;
    _parseSharedStrings(entry: unknown): AsyncGenerator<unknown>;
    _parseWorksheet(
      iterator: AsyncIterable<string>,
      sheetNo: string,
    ): Generator<{ eventType: string; value: AsyncIterable<{ number: number; values: unknown }> }>;
  };
  const entry = (name: string) => info.entries.find((e) => e.name === name);
  const stream = (name: string) => Readable.from(entryText(path, entry(name)!));
  if (entry("xl/_rels/workbook.xml.rels")) {
    await internal._parseRels(stream("xl/_rels/workbook.xml.rels"));
  }
  await internal._parseWorkbook(stream("xl/workbook.xml"));
  internal.model ??= { sheets: [] };
  if (info.hasStyles) await internal._parseStyles(stream("xl/styles.xml"));
  if (info.hasSharedStrings) {
    for await (const _ of internal._parseSharedStrings(stream("xl/sharedStrings.xml"))) {
      // cached by the reader; nothing is emitted
    }
  }
  for (const [index, sheet] of info.sheets.entries()) {
    const at = entry(sheet.path);
    if (at === undefined) throw new Error(`the archive holds no ${sheet.path}`);
    const sheetNo = /(\d+)\.xml$/.exec(sheet.path)?.[1] ?? String(index + 1);
    let any = false;
    for (const event of internal._parseWorksheet(entryText(path, at), sheetNo)) {
      if (event.eventType !== "worksheet") continue;
      for await (const row of event.value) {
        const values = row.values as unknown[];
        const cells = values.slice(1).map(cellText);
        if (cells.every((c) => c === null)) continue;
        any = true;
        yield { sheet: index, name: sheet.name, number: row.number, cells };
      }
    }
    if (!allSheets && any) return;
  }
}

/** Rows of every sheet from exceljs' in-memory reader (reads the zip directory: reliable, more memory). */
async function* workbookRows(
  path: string,
  names: readonly WorkbookSheet[],
): AsyncGenerator<SheetRow> {
  const excel = await loadExcelJs();
  const wb = new excel.Workbook();
  await wb.xlsx.readFile(path);
  const ordered = wb.worksheets.map((sheet, i) => {
    const at = names.findIndex((n) => n.name === sheet.name);
    return { sheet, index: at >= 0 ? at : names.length + i };
  }).sort((a, b) => a.index - b.index);
  for (const { index, sheet } of ordered) {
    for (let r = 1; r <= sheet.rowCount; r++) {
      const values = sheet.getRow(r).values as unknown[];
      const cells = values.slice(1).map(cellText);
      if (cells.every((c) => c === null)) continue;
      yield { sheet: index, name: sheet.name, number: r, cells };
    }
  }
}

function headerNames(cells: readonly (string | null)[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return cells.slice(0, end).map((c, i) =>
    c === null || c.trim() === "" ? `column${i + 1}` : c.trim()
  );
}

/** One cell as text: numbers in shortest round-trip form, dates as ISO wall time. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    // exceljs returns Excel's naive wall time as the same wall time in UTC
    return value.toISOString().slice(0, 19).replace("T", " ");
  }
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as { text: string }[]).map((r) => r.text).join("");
    }
    // a formula cell: its value saved by Excel (none saved, e.g. "" or 0 results that some
    // writers leave out, reads as an empty cell, never as the formula object's text)
    if ("result" in v || "formula" in v || "sharedFormula" in v) return cellText(v.result);
    if (typeof v.text === "string") return v.text;
    if (typeof v.error === "string") return v.error;
    if ("sharedString" in v) throw new Error("shared strings were not read");
  }
  return String(value);
}

/** The SQL column holding a sheet's `i`-th (0-based) column in the cache. */
export function cacheColumn(i: number): string {
  return quoteIdent(`c${i + 1}`);
}
