/**
 * One input file seen as an SQL table expression plus what the loader needs around it:
 * column names and types, the text encoding, a sample of values for date sniffing, and
 * a way to turn data row numbers into the line numbers error messages show.
 *
 * @module
 */
import type { Db } from "../db/db.ts";
import { openDb, quoteIdent, quoteLiteral } from "../db/db.ts";
import { InputFileError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";
import { decode, parseRecords, readHead, recordLines, sniffEncoding } from "./_csv_scan.ts";
import { SHEET_ROW, xlsxHeader, xlsxParquet } from "./_xlsx_cache.ts";
import type { InputFormat } from "./detect_format.ts";

/** Bytes read from the start of a CSV for the header and the date sample. */
const HEAD_BYTES = 64 * 1024;

/** A sampled cell: its data row (1-based, when known) and text. */
export interface SampleValue {
  readonly row: number | undefined;
  readonly value: string;
}

/** An input file ready to be read by SQL. */
export interface Source {
  readonly format: InputFormat;
  readonly header: readonly string[];
  /** DuckDB type per source column (all VARCHAR for text formats). */
  readonly types: Readonly<Record<string, string>>;
  readonly encoding: "utf-8" | "latin-1";
  /** `"line"`: physical line in the file; `"row"`: sheet row; `"none"`: Parquet has neither. */
  readonly lineKind: "line" | "row" | "none";
  /** Set when an xlsx was converted in this call (false when its cache was reused). */
  readonly converted?: boolean;
  /** SQL table expression reading the file with the given encoding. */
  from(encoding: "utf-8" | "latin-1"): string;
  /** Up to `limit` non-empty values of a column, from the start of the file. */
  sample(column: string, limit: number): Promise<SampleValue[]>;
  /** Data row number → line (or sheet row); rows without one are absent. */
  lines(rows: readonly number[]): Promise<Map<number, number>>;
}

/** The header and first records of a CSV, decoded. */
export interface CsvHead {
  readonly encoding: "utf-8" | "latin-1";
  /** Records including the header; the last cut-off record is dropped. */
  readonly records: readonly string[][];
  /** True when the head is the whole file. */
  readonly complete: boolean;
}

/** Reads and parses the start of a CSV; throws when the file holds no header. */
export async function csvHead(path: string, gzip: boolean): Promise<CsvHead> {
  const { bytes, complete } = await readHead(path, gzip, HEAD_BYTES);
  const encoding = sniffEncoding(bytes);
  const records = parseRecords(decode(bytes, encoding), complete);
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
  return { encoding, records: records.map((r, i) => (i === 0 ? cleanHeader(r) : r)), complete };
}

/** Opens a source of any format (converting an xlsx to its Parquet cache first). */
export async function openSource(
  db: Db,
  path: string,
  format: InputFormat,
  progress: Progress,
): Promise<Source> {
  if (format === "csv" || format === "csv.gz") return await csvSource(path, format);
  if (format === "parquet") return await parquetSource(db, format, quoteLiteral(path), undefined);
  const { parquet, converted } = await xlsxParquet(db, path, progress);
  return { ...(await parquetSource(db, format, quoteLiteral(parquet), SHEET_ROW)), converted };
}

/** Source column names of a Parquet file, read with a throwaway database. */
export async function parquetHeader(path: string): Promise<string[]> {
  const db = await openDb({ threads: 1 });
  try {
    const rows = await db.all<{ column_name: string }>(
      `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)})`,
    );
    return rows.map((r) => r.column_name);
  } finally {
    db.close();
  }
}

/** Source column names of an xlsx file (first sheet, first non-empty row). */
export { xlsxHeader };

async function csvSource(path: string, format: InputFormat): Promise<Source> {
  const gzip = format === "csv.gz";
  const head = await csvHead(path, gzip);
  const header = head.records[0]!;
  if (head.complete && head.records.length === 1) throw noRows(path, "line 1 is the header");
  const columns = `{${header.map((h) => `${quoteLiteral(h)}: 'VARCHAR'`).join(", ")}}`;
  return {
    format,
    header,
    types: Object.fromEntries(header.map((h) => [h, "VARCHAR"])),
    encoding: head.encoding,
    lineKind: "line",
    from: (encoding) =>
      // No sniffing: the dialect is fixed, and the sniffer may skip rows of a ragged file.
      `read_csv(${quoteLiteral(path)}, auto_detect = false, header = true, columns = ${columns}, ` +
      `delim = ',', quote = '"', escape = '"', strict_mode = true, encoding = '${encoding}', ` +
      `compression = '${gzip ? "gzip" : "none"}')`,
    sample(column, limit) {
      const index = header.indexOf(column);
      const out: SampleValue[] = [];
      for (let r = 1; r < head.records.length && out.length < limit; r++) {
        const value = head.records[r]![index]?.trim() ?? "";
        if (value !== "") out.push({ row: r, value });
      }
      return Promise.resolve(out);
    },
    lines: (rows) => recordLines(path, gzip, rows),
  };
}

async function parquetSource(
  db: Db,
  format: InputFormat,
  file: string,
  rowColumn: string | undefined,
): Promise<Source> {
  const from = `read_parquet(${file})`;
  const described = await db.all<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM ${from}`,
  );
  const columns = described.filter((c) => c.column_name !== rowColumn);
  const header = columns.map((c) => c.column_name);
  return {
    format,
    header,
    types: Object.fromEntries(columns.map((c) => [c.column_name, c.column_type])),
    encoding: "utf-8",
    lineKind: rowColumn === undefined ? "none" : "row",
    from: () => from,
    async sample(column, limit) {
      const rows = await db.all<{ v: string }>(
        `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v FROM ${from} WHERE ${
          quoteIdent(column)
        } IS NOT NULL LIMIT ${limit}`,
      );
      return rows.map((r) => ({ row: undefined, value: r.v.trim() })).filter((s) => s.value !== "");
    },
    async lines(rows) {
      if (rowColumn === undefined || rows.length === 0) return new Map();
      const found = await db.all<{ r: number; line: number }>(
        `SELECT r, line FROM (SELECT row_number() OVER () AS r, ${
          quoteIdent(rowColumn)
        } AS line FROM ${from}) ` +
          `WHERE r IN (${rows.map(Number).join(", ")})`,
      );
      return new Map(found.map((f) => [f.r, f.line]));
    },
  };
}

/** The error for a file with a header and no data. */
export function noRows(path: string, where: string): InputFileError {
  return new InputFileError(
    path,
    `Cannot load "${path}": the file has a header but no data rows (${where})`,
    "Check that the export wrote the rows, not only the column names",
  );
}

function cleanHeader(names: readonly string[]): string[] {
  return names.map((n, i) => (n.trim() === "" ? `column${i + 1}` : n.trim()));
}
