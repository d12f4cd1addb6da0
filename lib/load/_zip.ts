/**
 * The little of the ZIP format an `.xlsx` needs before exceljs reads it: the central directory
 * (to tell a workbook from a damaged or foreign file) and small entries such as
 * `xl/workbook.xml` (the sheet names, in workbook order).
 *
 * @module
 */

/** One file in a ZIP archive. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the entry's local header. */
  readonly offset: number;
}

/** A worksheet of a workbook, in workbook order. */
export interface WorkbookSheet {
  readonly name: string;
  /** Path of the sheet's XML in the archive, e.g. `xl/worksheets/sheet1.xml`. */
  readonly path: string;
}

/** The sheets of a workbook and the shared parts a sheet reader needs first. */
export interface WorkbookInfo {
  readonly sheets: readonly WorkbookSheet[];
  readonly hasStyles: boolean;
  readonly hasSharedStrings: boolean;
  /**
   * The workbook counts serial dates from 1 January 1904 (old Mac Excel), not from 1900: a
   * serial 4 years and a day earlier than the same date's in a 1900 workbook.
   */
  readonly date1904: boolean;
  /** Every entry of the archive. */
  readonly entries: readonly ZipEntry[];
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(file: Deno.FsFile, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await file.seek(offset, Deno.SeekMode.Start);
  let read = 0;
  while (read < length) {
    const n = await file.read(out.subarray(read));
    if (n === null) break;
    read += n;
  }
  return out.subarray(0, read);
}

/**
 * Lists the entries of a ZIP archive from its central directory.
 *
 * @throws {Error} If the file is not a ZIP archive or its directory is cut off.
 */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    const tailLength = Math.min(size, 22 + 65535);
    const tail = await readAt(file, size - tailLength, tailLength);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error("no ZIP directory at the end of the file");
    const count = view.getUint16(eocd + 10, true);
    const dirSize = view.getUint32(eocd + 12, true);
    const dirOffset = view.getUint32(eocd + 16, true);
    if (dirOffset + dirSize > size) throw new Error("the ZIP directory points past the end");
    const dir = await readAt(file, dirOffset, dirSize);
    const d = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || d.getUint32(p, true) !== CENTRAL) {
        throw new Error("the ZIP directory is damaged");
      }
      const nameLength = d.getUint16(p + 28, true);
      const extra = d.getUint16(p + 30, true);
      const comment = d.getUint16(p + 32, true);
      entries.push({
        method: d.getUint16(p + 10, true),
        compressedSize: d.getUint32(p + 20, true),
        size: d.getUint32(p + 24, true),
        offset: d.getUint32(p + 42, true),
        name: new TextDecoder().decode(dir.subarray(p + 46, p + 46 + nameLength)),
      });
      p += 46 + nameLength + extra + comment;
    }
    return entries;
  } finally {
    file.close();
  }
}

/** Where an entry's data starts (after its local header). */
async function dataOffset(file: Deno.FsFile, entry: ZipEntry): Promise<number> {
  const header = await readAt(file, entry.offset, 30);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || h.getUint32(0, true) !== LOCAL) {
    throw new Error(`the ZIP entry "${entry.name}" is damaged`);
  }
  return entry.offset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
}

/**
 * Streams one entry as UTF-8 text, inflating as it reads (a sheet of a million rows never sits
 * in memory whole). Characters split between chunks are decoded whole.
 */
export async function* entryText(path: string, entry: ZipEntry): AsyncGenerator<string> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(`unsupported ZIP compression method ${entry.method}`);
  }
  const file = await Deno.open(path, { read: true });
  const chunk = 1 << 20;
  let start: number;
  try {
    start = await dataOffset(file, entry);
  } catch (error) {
    file.close();
    throw error;
  }
  let left = entry.compressedSize;
  const compressed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (left <= 0) {
        controller.close();
        return;
      }
      const bytes = await readAt(file, start + entry.compressedSize - left, Math.min(chunk, left));
      if (bytes.length === 0) {
        controller.error(new Error(`the ZIP entry "${entry.name}" is cut off`));
        return;
      }
      left -= bytes.length;
      controller.enqueue(bytes);
    },
  });
  const bytes = entry.method === 0 ? compressed : compressed.pipeThrough(
    new DecompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const part of bytes) {
      const text = decoder.decode(part, { stream: true });
      if (text !== "") yield text;
    }
    const tail = decoder.decode();
    if (tail !== "") yield tail;
  } finally {
    file.close();
  }
}

/** Reads and inflates one entry (stored or deflated). */
export async function readZipEntry(path: string, entry: ZipEntry): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  let data: Uint8Array;
  try {
    const header = await readAt(file, entry.offset, 30);
    const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (header.length < 30 || h.getUint32(0, true) !== LOCAL) {
      throw new Error(`the ZIP entry "${entry.name}" is damaged`);
    }
    const skip = 30 + h.getUint16(26, true) + h.getUint16(28, true);
    data = await readAt(file, entry.offset + skip, entry.compressedSize);
  } finally {
    file.close();
  }
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new Error(`unsupported ZIP compression method ${entry.method}`);
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new DecompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function xmlText(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g,
    (_, e: string) =>
      e === "amp"
        ? "&"
        : e === "lt"
        ? "<"
        : e === "gt"
        ? ">"
        : e === "quot"
        ? '"'
        : e === "apos"
        ? "'"
        : String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out.set(m[1]!, xmlText(m[2]!));
  return out;
}

/**
 * The worksheets of an `.xlsx`, in workbook order, from `xl/workbook.xml` and its relations,
 * and whether the archive holds styles (which tell dates from numbers) and shared strings.
 *
 * @throws {Error} If the file is not a ZIP archive or holds no workbook.
 */
export async function workbookInfo(path: string): Promise<WorkbookInfo> {
  const entries = await zipEntries(path);
  const find = (name: string) => entries.find((e) => e.name === name);
  const workbook = find("xl/workbook.xml");
  if (workbook === undefined) throw new Error("the archive holds no xl/workbook.xml");
  const rels = find("xl/_rels/workbook.xml.rels");
  const decoder = new TextDecoder();
  const targets = new Map<string, string>();
  if (rels !== undefined) {
    const text = decoder.decode(await readZipEntry(path, rels));
    for (const m of text.matchAll(/<Relationship\b[^>]*>/g)) {
      const a = attributes(m[0]);
      const id = a.get("Id");
      const target = a.get("Target");
      if (id === undefined || target === undefined) continue;
      if (!/\/worksheet$/.test(a.get("Type") ?? "")) continue;
      targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
  }
  const text = decoder.decode(await readZipEntry(path, workbook));
  const sheets: WorkbookSheet[] = [];
  for (const m of text.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const name = a.get("name");
    const rid = [...a.entries()].find(([k]) => /(^|:)id$/.test(k) && k !== "sheetId")?.[1];
    const target = rid === undefined ? undefined : targets.get(rid);
    if (name === undefined || target === undefined) continue;
    sheets.push({ name, path: target });
  }
  return {
    sheets,
    hasStyles: find("xl/styles.xml") !== undefined,
    hasSharedStrings: find("xl/sharedStrings.xml") !== undefined,
    date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*"(?:1|true)"/i.test(text),
    entries,
  };
}
