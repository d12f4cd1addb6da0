/**
 * Excel input: DuckDB's excel extension cannot be installed here, so the first sheet is
 * streamed with exceljs once and written to a Parquet cache beside the source,
 * `<dir>/.crm-cache/<name>.parquet`, with a JSON sidecar holding the source's size and
 * mtime. Later loads read the cache while the source is unchanged.
 *
 * Every cell is stored as text (dates as `YYYY-MM-DD HH:MM:SS`), so the cache goes
 * through the same parsing and checks as a CSV, plus `_crm_sheet_row`, the sheet row
 * number, which error messages report as the line.
 *
 * @module
 */
import ExcelJS from "exceljs";
import { basename, dirname, join } from "node:path";
import type { Db } from "../db/db.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import { CsvParseError, InputFileError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";

/** Name of the sheet-row column in the cache. */
export const SHEET_ROW = "_crm_sheet_row";
const CACHE_VERSION = 1;

/** Where the cache of an xlsx file lives. */
export function cachePaths(path: string): { parquet: string; sidecar: string } {
  const dir = join(dirname(path), ".crm-cache");
  return {
    parquet: join(dir, `${basename(path)}.parquet`),
    sidecar: join(dir, `${basename(path)}.json`),
  };
}

interface Sidecar {
  version: number;
  source: string;
  size: number;
  mtimeMs: number;
  rows: number;
}

/** Returns a Parquet file with the xlsx's first sheet, converting only when the cache is stale. */
export async function xlsxParquet(
  db: Db,
  path: string,
  progress: Progress,
): Promise<{ parquet: string; converted: boolean; rows: number }> {
  const stat = await Deno.stat(path);
  const { parquet, sidecar } = cachePaths(path);
  const want = { version: CACHE_VERSION, size: stat.size, mtimeMs: stat.mtime?.getTime() ?? 0 };
  try {
    const meta = JSON.parse(await Deno.readTextFile(sidecar)) as Sidecar;
    if (
      meta.version === want.version && meta.size === want.size && meta.mtimeMs === want.mtimeMs &&
      (await Deno.stat(parquet)).isFile
    ) {
      progress.info(`xlsx: using cache ${parquet} (${meta.rows.toLocaleString("en-US")} rows)`);
      return { parquet, converted: false, rows: meta.rows };
    }
  } catch {
    // no cache or unreadable sidecar: convert
  }
  try {
    await Deno.mkdir(dirname(parquet), { recursive: true });
  } catch (error) {
    // a read-only data folder: convert into a temporary folder, without reuse
    const tmp = join(await Deno.makeTempDir({ prefix: "crm-xlsx-" }), `${basename(path)}.parquet`);
    progress.info(
      `xlsx: cannot write ${dirname(parquet)} (${
        (error as Error).message
      }); converting to ${tmp}, not cached`,
    );
    const rows = await convertWithFallback(db, path, tmp, progress);
    await Deno.rename(`${tmp}.tmp`, tmp);
    return { parquet: tmp, converted: true, rows };
  }
  const rows = await convertWithFallback(db, path, parquet, progress);
  await Deno.rename(`${parquet}.tmp`, parquet);
  const meta: Sidecar = { ...want, source: basename(path), rows };
  await Deno.writeTextFile(sidecar, JSON.stringify(meta, null, 2) + "\n");
  return { parquet, converted: true, rows };
}

/** Converts to `<out>.tmp` with the streaming reader, or the in-memory one if streaming fails. */
async function convertWithFallback(
  db: Db,
  path: string,
  out: string,
  progress: Progress,
): Promise<number> {
  let rows: number;
  try {
    rows = await convert(db, path, `${out}.tmp`, progress, streamRows);
  } catch (error) {
    if (error instanceof CsvParseError || error instanceof InputFileError) throw error;
    progress.info(
      `xlsx: streaming reader failed (${
        (error as Error).message
      }); reading the whole workbook instead`,
    );
    rows = await convert(db, path, `${out}.tmp`, progress, workbookRows);
  }
  return rows;
}

/** Reads the first row of the first sheet (the header) without reading the rest. */
export async function xlsxHeader(path: string): Promise<string[]> {
  try {
    for await (const { cells } of streamRows(path)) return headerNames(cells);
  } catch {
    for await (const { cells } of workbookRows(path)) return headerNames(cells);
  }
  return [];
}

type RowSource = (path: string) => AsyncGenerator<{ number: number; cells: (string | null)[] }>;

async function convert(
  db: Db,
  path: string,
  out: string,
  progress: Progress,
  rowsOf: RowSource,
): Promise<number> {
  const done = progress.stage(`convert ${basename(path)} to Parquet`);
  const t0 = performance.now();
  const table = "__crm_xlsx_import";
  let header: string[] | undefined;
  let appender: Awaited<ReturnType<Db["connection"]["createAppender"]>> | undefined;
  let rows = 0;
  try {
    for await (const { number, cells } of rowsOf(path)) {
      if (header === undefined) {
        header = headerNames(cells);
        const cols = header.map((h) => `${quoteIdent(h)} VARCHAR`).join(", ");
        await db.run(`CREATE OR REPLACE TABLE ${table} (${cols}, ${SHEET_ROW} BIGINT)`);
        appender = await db.connection.createAppender(table);
        continue;
      }
      if (cells.length > header.length && cells.slice(header.length).some((c) => c !== null)) {
        throw new CsvParseError(
          `Cannot read "${path}" at line ${number}: the row has ${cells.length} cells but the header has ${header.length}`,
          {
            location: { file: path, line: number },
            hint: "Remove the cells right of the header or give them a header",
          },
        );
      }
      for (let i = 0; i < header.length; i++) {
        const cell = cells[i] ?? null;
        if (cell === null) appender!.appendNull();
        else appender!.appendVarchar(cell);
      }
      appender!.appendBigInt(BigInt(number));
      appender!.endRow();
      rows++;
      if (rows % 100_000 === 0) {
        progress.info(
          `xlsx: ${rows.toLocaleString("en-US")} rows converted (${
            ((performance.now() - t0) / 1000).toFixed(1)
          } s)`,
        );
      }
    }
    if (header === undefined) {
      throw new InputFileError(
        path,
        `Cannot load "${path}": the first sheet is empty`,
        "Put the header in row 1 of the first sheet",
      );
    }
    appender!.closeSync();
    appender = undefined;
    await db.run(`COPY ${table} TO ${quoteLiteral(out)} (FORMAT parquet)`);
  } finally {
    appender?.closeSync();
    await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
  done(`${rows.toLocaleString("en-US")} rows`);
  return rows;
}

/**
 * Rows of the first sheet from exceljs' streaming reader. Under Deno its unzip stream
 * sometimes ends before the shared strings are read (seen on small files written by
 * exceljs itself); cells then hold `{sharedString: n}` and {@linkcode cellText} throws,
 * and the caller falls back to {@linkcode workbookRows}.
 */
async function* streamRows(
  path: string,
): AsyncGenerator<{ number: number; cells: (string | null)[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  // exceljs reads a sheet as soon as shared strings and relations are known; if the zip
  // stores workbook.xml after the sheet (exceljs' own writer sometimes does), its
  // `model` is still unset and it crashes. An empty model only loses the sheet's name.
  const internal = reader as unknown as { model?: unknown };
  internal.model ??= { sheets: [] };
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells = values.slice(1).map(cellText);
      if (cells.every((c) => c === null)) continue;
      yield { number: row.number, cells };
    }
    return;
  }
}

/** Rows of the first sheet from exceljs' in-memory reader (reads the zip directory: reliable, more memory). */
async function* workbookRows(
  path: string,
): AsyncGenerator<{ number: number; cells: (string | null)[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.worksheets[0];
  if (sheet === undefined) return;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    const cells = values.slice(1).map(cellText);
    if (cells.every((c) => c === null)) continue;
    yield { number: r, cells };
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
    if ("result" in v) return cellText(v.result);
    if (typeof v.text === "string") return v.text;
    if (typeof v.error === "string") return v.error;
    if ("sharedString" in v) throw new Error("shared strings were not read");
  }
  return String(value);
}
