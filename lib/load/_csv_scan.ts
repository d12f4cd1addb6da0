/**
 * Byte-level helpers for delimited text that DuckDB cannot provide: the header and first
 * records (for column names, dialect and date-format sniffing without a DuckDB pass), the text
 * encoding of the first chunk, the physical line on which a data record starts (DuckDB numbers
 * records, not lines, so quoted line breaks shift its numbers), a check that a file is text at
 * all, a full check of a gzip stream, and a UTF-8 copy of a file in an encoding DuckDB does not
 * read (a UTF-16 file's bytes are streamed as UTF-8 to every scan).
 *
 * Dialect: a delimiter (comma, semicolon, tab, pipe) with `"` quotes and `""` escapes, or
 * whitespace-separated fields without quotes; LF / CRLF / bare CR line ends.
 *
 * @module
 */
import { InputFileError } from "../errors.ts";
import type { Delimiter } from "./detect_dialect.ts";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The encodings of a text file the loader reads. DuckDB reads UTF-8 and Latin-1 itself; a file
 * in Windows-1252 (Latin-1 with `€`, curly quotes and dashes at bytes 0x80-0x9F, as Excel on
 * Windows saves CSV) or UTF-16 (Excel's "Unicode Text", with a byte-order mark) is read from a
 * UTF-8 copy ({@linkcode writeUtf8Copy}).
 */
export type TextEncoding = "utf-8" | "latin-1" | "windows-1252" | "utf-16le" | "utf-16be";

/** Whether DuckDB reads the encoding itself (else the loader reads a UTF-8 copy). */
export function engineReads(encoding: TextEncoding): encoding is "utf-8" | "latin-1" {
  return encoding === "utf-8" || encoding === "latin-1";
}

/** The UTF-16 byte order a byte-order mark at the start of `bytes` announces, if any. */
export function utf16Bom(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/**
 * Opens a CSV or gzip-compressed CSV file as a byte stream. A UTF-16 file (byte-order mark) is
 * streamed as UTF-8, so that every scan of its bytes (lines, quotes, the head) reads it as it
 * reads any other file; its lines stay where they are.
 */
export async function openBytes(
  path: string,
  gzip: boolean,
  onBom?: (utf16: "utf-16le" | "utf-16be" | undefined) => void,
): Promise<ReadableStream<Uint8Array>> {
  return asUtf8(await openRawBytes(path, gzip), onBom);
}

/** The file's bytes (decompressed), as they are. */
async function openRawBytes(path: string, gzip: boolean): Promise<ReadableStream<Uint8Array>> {
  if (gzip) await checkGzipMagic(path);
  const file = await Deno.open(path, { read: true });
  return gzip
    ? file.readable.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    : file.readable;
}

/** `bytes` unchanged, or re-encoded from UTF-16 to UTF-8 when its first chunk has a UTF-16 BOM. */
function asUtf8(
  bytes: ReadableStream<Uint8Array>,
  onBom?: (utf16: "utf-16le" | "utf-16be" | undefined) => void,
): ReadableStream<Uint8Array> {
  const reader = bytes.getReader();
  const encoder = new TextEncoder();
  let decoder: TextDecoder | undefined;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) {
        const tail = decoder?.decode() ?? "";
        if (tail !== "") controller.enqueue(encoder.encode(tail));
        controller.close();
        return;
      }
      if (first) {
        first = false;
        const bom = utf16Bom(value);
        if (bom !== undefined) decoder = new TextDecoder(bom);
        onBom?.(bom);
      }
      controller.enqueue(
        decoder === undefined ? value : encoder.encode(decoder.decode(value, { stream: true })),
      );
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Writes the text of `path` as UTF-8 to `to`: a UTF-16 file (see {@linkcode openBytes}) or, with
 * `"windows-1252"`, a single-byte file whose bytes 0x80-0x9F are Windows-1252's characters. Lines
 * stay where they are, so line numbers found in the copy are the file's.
 *
 * @example
 * ```ts
 * import { writeUtf8Copy } from "./_csv_scan.ts";
 * import { equal } from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/a.csv`, new Uint8Array([0x61, 0x2c, 0x80, 0x0a]));
 * await writeUtf8Copy(`${dir}/a.csv`, false, "windows-1252", `${dir}/b.csv`);
 * equal(await Deno.readTextFile(`${dir}/b.csv`), "a,€\n");
 * ```
 */
export async function writeUtf8Copy(
  path: string,
  gzip: boolean,
  encoding: TextEncoding,
  to: string,
): Promise<void> {
  const bytes = await openBytes(path, gzip);
  const utf8 = encoding === "windows-1252"
    ? bytes
      .pipeThrough(
        new TextDecoderStream("windows-1252") as unknown as TransformStream<Uint8Array, string>,
      )
      .pipeThrough(new TextEncoderStream())
    : bytes;
  try {
    await Deno.writeFile(to, utf8);
  } catch (error) {
    if (gzip) throw damagedGzip(path, error);
    throw error;
  }
}

/**
 * The first bytes of a file (decompressed, a UTF-16 file as UTF-8), at most `limit`, whether that
 * is the whole file, and the byte order of a UTF-16 file.
 */
export async function readHead(
  path: string,
  gzip: boolean,
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean; utf16?: "utf-16le" | "utf-16be" }> {
  let utf16: "utf-16le" | "utf-16be" | undefined;
  const reader = (await openBytes(path, gzip, (bom) => utf16 = bom)).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  try {
    while (size < limit) {
      const { value, done } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      chunks.push(value);
      size += value.length;
    }
  } catch (error) {
    if (gzip) throw damagedGzip(path, error);
    throw error;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset === bytes.length) break;
  }
  return { bytes, complete: complete && size <= limit, ...(utf16 ? { utf16 } : {}) };
}

/**
 * The encoding of a file's first bytes (as {@linkcode openBytes} streams them, after `utf16`):
 * UTF-8 when they decode as UTF-8 (a cut-off last character allowed), else Windows-1252 when
 * they hold a byte 0x80-0x9F (a control character in Latin-1, never in text), else Latin-1.
 */
export function sniffEncoding(
  bytes: Uint8Array,
  utf16?: "utf-16le" | "utf-16be",
): TextEncoding {
  if (utf16 !== undefined) return utf16;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return "utf-8";
  } catch {
    return bytes.some((b) => b >= 0x80 && b <= 0x9f) ? "windows-1252" : "latin-1";
  }
}

/**
 * Decodes bytes as {@linkcode openBytes} streams them: UTF-8 (dropping a BOM; a UTF-16 file is
 * streamed as UTF-8) or a single-byte encoding, read as Windows-1252 (Latin-1's characters, and
 * Windows-1252's at 0x80-0x9F).
 */
export function decode(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === "latin-1" || encoding === "windows-1252") {
    return new TextDecoder("windows-1252").decode(bytes);
  }
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes, { stream: true });
}

/**
 * Splits delimited text into records of fields. Empty lines are skipped, as DuckDB does.
 * When `complete` is false the last (possibly cut) record is dropped. With `"whitespace"`,
 * fields are separated by runs of spaces and tabs, leading and trailing blanks are ignored and
 * quotes are ordinary characters.
 */
export function parseRecords(
  text: string,
  complete: boolean,
  delimiter: Delimiter = ",",
): string[][] {
  if (delimiter === "whitespace") return whitespaceRecords(text, complete);
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let started = false;
  let i = 0;
  const endRecord = () => {
    if (started) {
      fields.push(field);
      records.push(fields);
    }
    fields = [];
    field = "";
    started = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') {
      inQuotes = true;
      started = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      started = true;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else {
      field += ch;
      started = true;
    }
    i++;
  }
  if (complete && !inQuotes) endRecord();
  return records;
}

function whitespaceRecords(text: string, complete: boolean): string[][] {
  const lines = text.split(/\r\n|\r|\n/);
  if (!complete) lines.pop();
  return lines.map((l) => l.trim()).filter((l) => l !== "").map((l) => l.split(/[ \t]+/));
}

/**
 * Finds the 1-based physical line on which each wanted data record starts (data record
 * 1 is the first record after the header, which follows the `skipLines` lines above it). Reads
 * only as far as the last wanted record.
 */
export async function recordLines(
  path: string,
  gzip: boolean,
  wanted: readonly number[],
  delimiter: Delimiter = ",",
  skipLines = 0,
): Promise<Map<number, number>> {
  const whitespace = delimiter === "whitespace";
  const want = new Set(wanted);
  const last = Math.max(0, ...wanted);
  const out = new Map<number, number>();
  const reader = (await openBytes(path, gzip)).getReader();
  let line = 1;
  let record = 0; // 0 is the header
  let start = -1; // line where the current record started, -1 between records
  let inQuotes = false;
  let prevCr = false;
  const endRecord = () => {
    if (start >= 0) {
      if (want.has(record)) out.set(record, start);
      record++;
      start = -1;
    }
  };
  try {
    while (record <= last) {
      const { value, done } = await reader.read();
      if (done) break;
      for (let i = 0; i < value.length; i++) {
        const b = value[i]!;
        if (b === LF) {
          if (!prevCr) line++;
          prevCr = false;
          if (!inQuotes) endRecord();
          continue;
        }
        if (b === CR) {
          line++;
          prevCr = true;
          if (!inQuotes) endRecord();
          continue;
        }
        prevCr = false;
        if (line <= skipLines) continue; // above the header (a title), no record
        // a whitespace-separated file has no quotes, and a line of blanks is no record
        if (whitespace && (b === SPACE || b === TAB)) continue;
        if (start < 0) start = line;
        if (b === QUOTE && !whitespace) inQuotes = !inQuotes;
      }
    }
    if (record <= last) endRecord();
  } finally {
    await reader.cancel().catch(() => {});
  }
  return out;
}

/** Throws unless the file starts with the gzip signature (1f 8b). */
async function checkGzipMagic(path: string): Promise<void> {
  const file = await Deno.open(path, { read: true });
  const head = new Uint8Array(4);
  let n: number | null;
  try {
    n = await file.read(head);
  } finally {
    file.close();
  }
  if (n !== null && n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return;
  const what = describeBytes(head.subarray(0, n ?? 0));
  throw new InputFileError(
    path,
    `Cannot load "${path}": the file is named .gz but is not gzip-compressed${
      what === undefined ? " (it looks like plain text)" : ` (it looks like ${what})`
    }`,
    what === undefined
      ? `Rename it without ".gz" (for example "${
        path.replace(/\.gz$/i, "")
      }"), or compress it with gzip`
      : "Pass the file under a name that matches its content, or export it again",
  );
}

/** The error for a gzip stream that ends early or fails its checksum. */
export function damagedGzip(path: string, error: unknown): InputFileError {
  return new InputFileError(
    path,
    `Cannot load "${path}": the gzip data is truncated or damaged (${
      String((error as Error)?.message ?? error).split("\n")[0]
    })`,
    "Download or copy the file again (the transfer was probably cut off), or use the uncompressed file",
  );
}

/**
 * Decompresses a whole gzip file and discards the bytes, to prove that it is complete: DuckDB
 * reads a gzip stream cut at a block boundary as a shorter file, without an error. The
 * decompression runs on a worker thread of its own (`_gzip_worker.ts`): it takes as long as
 * DuckDB's own reading of the file, and the JavaScript thread meanwhile has the load's other
 * steps and the job's import to do.
 *
 * @throws {InputFileError} If the stream is truncated or its checksum fails.
 */
export async function verifyGzip(path: string): Promise<void> {
  const worker = new Worker(new URL("./_gzip_worker.ts", import.meta.url), { type: "module" });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ error?: string }>) =>
        e.data.error === undefined ? resolve() : reject(new Error(e.data.error));
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message));
      };
      worker.postMessage(path);
    });
  } catch (error) {
    throw damagedGzip(path, error);
  } finally {
    worker.terminate();
  }
}

/** Reads a gzip file to its end, discarding the bytes; throws what the decompression throws. */
export async function drainGzip(path: string): Promise<void> {
  const reader = (await openRawBytes(path, true)).getReader();
  try {
    for (;;) {
      const { done } = await reader.read();
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * What a file's first bytes say it is when it is not text (`"a Parquet file"`,
 * `"a ZIP archive such as an .xlsx workbook"`), or `undefined` when they look like text.
 * Text is UTF-8, Latin-1 or Windows-1252 without NUL bytes and with few control characters, or
 * UTF-16 with a byte-order mark (which {@linkcode openBytes} streams as UTF-8).
 *
 * @example
 * ```ts ignore
 * describeBytes(new TextEncoder().encode("PAR1...")); // "a Parquet file"
 * describeBytes(new TextEncoder().encode("a,b\n1,2\n")); // undefined
 * ```
 */
export function describeBytes(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a ZIP archive such as an .xlsx workbook";
  if (starts(0x50, 0x41, 0x52, 0x31)) return "a Parquet file";
  if (starts(0x1f, 0x8b)) return "gzip-compressed data";
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return "an old Excel .xls (or other Office) file";
  if (starts(0x25, 0x50, 0x44, 0x46)) return "a PDF document";
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return "UTF-16 text";
  const sample = bytes.subarray(0, 8192);
  if (sample.length >= 8 && withoutBom16(sample)) return "UTF-16 text without a byte-order mark";
  let control = 0;
  for (const b of sample) {
    if (b === 0) return "binary data";
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05 ? "binary data" : undefined;
}

/** Whether every other byte of `sample` is mostly NUL: ASCII text in UTF-16 without a BOM. */
function withoutBom16(sample: Uint8Array): boolean {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  }
  const half = sample.length / 2;
  return Math.max(even, odd) > 0.8 * half && Math.min(even, odd) < 0.05 * half;
}

/**
 * The first line (1-based) of a whitespace-separated file, after the header (below the
 * `skipLines` lines above it), whose number of fields differs from `fields`, with that number;
 * blank lines are skipped.
 */
export async function firstRaggedLine(
  path: string,
  gzip: boolean,
  encoding: TextEncoding,
  fields: number,
  skipLines = 0,
): Promise<{ line: number; found: number } | undefined> {
  const reader = (await openBytes(path, gzip)).getReader();
  let line = 0;
  let rest = "";
  let header = true;
  const check = (text: string): { line: number; found: number } | undefined => {
    line++;
    const t = text.trim();
    if (t === "" || line <= skipLines) return undefined;
    if (header) {
      header = false;
      return undefined;
    }
    const n = t.split(/[ \t]+/).length;
    return n === fields ? undefined : { line, found: n };
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      const text = done ? rest : rest + decode(value, encoding);
      const parts = text.split(/\r\n|\r|\n/);
      rest = done ? "" : parts.pop()!;
      for (const part of parts) {
        const hit = check(part);
        if (hit !== undefined) return hit;
      }
      if (done) return rest === "" ? undefined : check(rest);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
