import type { Db } from "../db/mod.ts";
import { quoteIdent } from "../db/mod.ts";
import { createProgress, type Progress } from "../util/mod.ts";
import { cacheFolder } from "../cache/mod.ts";
import { checkInputFile } from "./_check_file.ts";
import { encodingNote, openSource, readInEncodings } from "./_source.ts";
import type { TextEncoding } from "./_csv_scan.ts";
import type { Delimiter } from "./detect_dialect.ts";
import { detectFormat, type InputFormat } from "./detect_format.ts";

/** Options for {@linkcode readTable}. */
export interface ReadTableOptions {
  /** Name of the table created (replaced if it exists). @default {"raw_table"} */
  table?: string;
  /** Progress reporter (an xlsx conversion reports its progress). @default {createProgress()} */
  progress?: Progress;
  /** Delimiter of a text file. @default {detected} */
  delimiter?: Delimiter;
  /** The sheet of an xlsx to read. @default {the first non-empty sheet and those with its columns} */
  sheet?: string;
  /**
   * Keep an xlsx's Parquet conversion in the cache folder (`loadCacheDir()`, or this folder)
   * and reuse it for the same bytes; `false` converts in a temporary folder.
   * @default {false}
   */
  cache?: boolean | { dir?: string };
}

/** What {@linkcode readTable} read. */
export interface ReadTableResult {
  readonly table: string;
  readonly format: InputFormat;
  readonly encoding: TextEncoding;
  readonly rows: number;
  readonly header: readonly string[];
  /** Header names that repeat (case and spacing aside), told apart as `Notes`, `Notes (2)`. */
  readonly repeated?: readonly string[];
}

/**
 * Reads any supported file (`.csv`, `.tsv`, `.txt`, `.gz`, `.parquet`, `.xlsx`) into a DuckDB
 * table as it is, with the same reader as the transaction loader: encoding sniffed (UTF-8 with
 * or without BOM, Latin-1, Windows-1252, UTF-16 with a BOM), delimiter detected, LF/CRLF/CR line ends, RFC 4180 quoting, text
 * columns for text formats, the
 * Parquet types as they are, an xlsx through its Parquet conversion. For tables that are not
 * transaction logs, such as one row per customer.
 *
 * @param db The analysis database.
 * @param path The file.
 * @param options Table name and progress.
 * @returns The table, format, encoding, row count and header.
 * @throws {InputFileError} If the file is missing, empty, header-only or of an unknown format.
 *
 * @example
 * ```ts
 * import { readTable } from "./read_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/c.csv`, 'id,x\r\na,"1,5"\r\n');
 * const db = await openDb();
 * const t = await readTable(db, `${dir}/c.csv`, { table: "c" });
 * equal(t.rows, 1);
 * deepStrictEqual(await db.all("select * from c"), [{ id: "a", x: "1,5" }]);
 * db.close();
 * ```
 */
export async function readTable(
  db: Db,
  path: string,
  options: ReadTableOptions = {},
): Promise<ReadTableResult> {
  const { table = "raw_table" } = options;
  const format = detectFormat(path);
  await checkInputFile(path);
  const root = cacheFolder(options.cache);
  const source = await openSource(db, path, format, options.progress ?? createProgress(), {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(root !== undefined ? { cacheRoot: root } : {}),
  });
  let encoding: TextEncoding;
  try {
    encoding = await readInEncodings(source, (from) =>
      db.run(
        `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS SELECT ${
          source.header.map(quoteIdent).join(", ")
        } FROM ${from}`,
      ));
  } finally {
    await source.close?.();
  }
  const note = encodingNote(path, encoding);
  if (note !== undefined) (options.progress ?? createProgress()).info(note);
  const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  return {
    table,
    format,
    encoding,
    rows: n,
    header: source.header,
    ...(source.repeated ? { repeated: source.repeated } : {}),
  };
}
