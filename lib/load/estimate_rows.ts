/**
 * A cheap estimate of an input's number of rows, read before it is loaded: for choices that
 * have to be made before the load (the main job keeps a large input's tables compressed in
 * memory from the load on) and that only need the order of magnitude.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { quoteLiteral } from "../db/mod.ts";
import { readHead } from "./_csv_scan.ts";
import { detectFormat } from "./detect_format.ts";

/** Bytes of text read from the start of a file to measure its lines. */
const SAMPLE_BYTES = 1 << 20;

/**
 * About how many rows an input has, without reading it through:
 *
 * - text (`.csv`, `.tsv`, `.txt`): its size over the mean length of the lines in its first MiB
 *   (its lines, when that is the whole file; a UTF-16 file counts half its bytes);
 * - gzipped text: the same with the uncompressed size the gzip trailer records (modulo 4 GiB:
 *   a trailer smaller than the compressed file, which can only be a wrapped size, counts as
 *   8 times the compressed size);
 * - Parquet: the row count its footer records (`db` reads it);
 * - a workbook: 0 (a sheet holds at most 1,048,576 rows).
 *
 * Within a factor of about two for files whose first lines are like the rest; exact for Parquet.
 *
 * @param path The input file.
 * @param db Reads a Parquet file's footer.
 * @returns The estimated rows (lines of text, header included), never negative.
 * @throws {Deno.errors.NotFound} If the file does not exist (the load says so more clearly).
 *
 * @example A file of 1,001 lines of 12 bytes
 * ```ts
 * import { estimateRows } from "./estimate_rows.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal } from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "id,amount\n" + "12345,67.89\n".repeat(1000));
 * const db = await openDb();
 * equal(Math.round(await estimateRows(path, db) / 10), 100);
 * db.close();
 * await Deno.remove(path);
 * ```
 */
export async function estimateRows(path: string, db: Db): Promise<number> {
  const format = detectFormat(path);
  if (format === "xlsx") return 0;
  if (format === "parquet") {
    const { n } = await db.one<{ n: number | null }>(
      `SELECT sum(num_rows)::DOUBLE AS n FROM parquet_file_metadata(${quoteLiteral(path)})`,
    );
    return n ?? 0;
  }
  const gzip = format === "csv.gz";
  const head = await readHead(path, gzip, SAMPLE_BYTES);
  const lines = head.bytes.reduce((n, b) => b === 10 ? n + 1 : n, 0);
  if (head.complete) return lines + (head.bytes.at(-1) === 10 || head.bytes.length === 0 ? 0 : 1);
  const size = (await Deno.stat(path)).size;
  // The head is read as UTF-8: a UTF-16 file's text takes about twice its bytes on disk.
  const textSize = (gzip ? await gzipTextSize(path, size) : size) / (head.utf16 ? 2 : 1);
  return Math.round(textSize / (head.bytes.length / Math.max(1, lines)));
}

/** The uncompressed size a gzip file's trailer records, or 8 × `size` when it has wrapped. */
async function gzipTextSize(path: string, size: number): Promise<number> {
  if (size < 18) return size;
  const file = await Deno.open(path, { read: true });
  try {
    await file.seek(size - 4, Deno.SeekMode.Start);
    const trailer = new Uint8Array(4);
    let read = 0;
    while (read < 4) {
      const n = await file.read(trailer.subarray(read));
      if (n === null) return size * 8;
      read += n;
    }
    const recorded = new DataView(trailer.buffer).getUint32(0, true);
    return recorded < size ? size * 8 : recorded;
  } finally {
    file.close();
  }
}
