/**
 * Byte-level CSV helpers that DuckDB cannot provide: the header and first records
 * (for column names and date-format sniffing without a DuckDB pass), the text
 * encoding of the first chunk, and the physical line on which a data record starts
 * (DuckDB numbers records, not lines, so quoted line breaks shift its numbers).
 *
 * Dialect: comma delimiter, `"` quote, `""` escape, LF / CRLF / bare CR line ends.
 *
 * @module
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Opens a CSV or gzip-compressed CSV file as a byte stream. */
export async function openBytes(path: string, gzip: boolean): Promise<ReadableStream<Uint8Array>> {
  const file = await Deno.open(path, { read: true });
  return gzip
    ? file.readable.pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    : file.readable;
}

/** The first bytes of a file (decompressed), at most `limit`, and whether that is the whole file. */
export async function readHead(
  path: string,
  gzip: boolean,
  limit: number,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const reader = (await openBytes(path, gzip)).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  while (size < limit) {
    const { value, done } = await reader.read();
    if (done) {
      complete = true;
      break;
    }
    chunks.push(value);
    size += value.length;
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
  return { bytes, complete: complete && size <= limit };
}

/** `"utf-8"` when the bytes decode as UTF-8 (a cut-off last character allowed), else `"latin-1"`. */
export function sniffEncoding(bytes: Uint8Array): "utf-8" | "latin-1" {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return "utf-8";
  } catch {
    return "latin-1";
  }
}

/** Decodes bytes as UTF-8 (dropping a BOM) or Latin-1. */
export function decode(bytes: Uint8Array, encoding: "utf-8" | "latin-1"): string {
  if (encoding === "latin-1") {
    let out = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    return out;
  }
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes, { stream: true });
}

/**
 * Splits CSV text into records of fields. Empty lines are skipped, as DuckDB does.
 * When `complete` is false the last (possibly cut) record is dropped.
 */
export function parseRecords(text: string, complete: boolean): string[][] {
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
    } else if (ch === ",") {
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

/**
 * Finds the 1-based physical line on which each wanted data record starts (data record
 * 1 is the first record after the header). Reads only as far as the last wanted record.
 */
export async function recordLines(
  path: string,
  gzip: boolean,
  wanted: readonly number[],
): Promise<Map<number, number>> {
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
        if (start < 0) start = line;
        if (b === QUOTE) inQuotes = !inQuotes;
      }
    }
    if (record <= last) endRecord();
  } finally {
    await reader.cancel().catch(() => {});
  }
  return out;
}
