import { fileURLToPath } from "node:url";
import { openDb } from "../../lib/db/db.ts";
import type { Db } from "../../lib/db/db.ts";
import { createProgress, type Progress } from "../../lib/util/progress.ts";

/** The header of the Online Retail II export (UCI id 502). */
export const RETAIL_II_HEADER: readonly string[] = [
  "Invoice",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "Price",
  "Customer ID",
  "Country",
];

/** The header of the original Online Retail export (UCI id 352). */
export const RETAIL_ORIGINAL_HEADER: readonly string[] = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country",
];

/** Path of a fixture in tests/fixtures/load/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/load/${name}`, import.meta.url));
}

/** Runs `fn` with a fresh in-memory database (one thread: tests run side by side). */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ threads: 1 });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** A progress reporter that records its lines instead of printing them. */
export function recordingProgress(): { progress: Progress; lines: string[] } {
  const lines: string[] = [];
  return { progress: createProgress({ write: (line) => lines.push(line) }), lines };
}

/** Awaits `promise` and returns the error it rejects with; fails if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** `text` in Windows-1252 (every character of it has a byte there). */
export function windows1252(text: string): Uint8Array {
  const high = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
  return Uint8Array.from([...text].map((ch) => {
    const at = high.indexOf(ch);
    const code = at >= 0 ? 0x80 + at : ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`no Windows-1252 byte for ${ch}`);
    return code;
  }));
}

/** `text` in UTF-16 with a byte-order mark, as Excel's "Unicode Text" saves it (little-endian). */
export function utf16(text: string, order: "le" | "be" = "le"): Uint8Array {
  const units = [
    0xfeff,
    ...[...text].flatMap((ch) => {
      const c = ch.codePointAt(0)!;
      return c < 0x10000 ? [c] : [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)];
    }),
  ];
  const out = new Uint8Array(units.length * 2);
  const view = new DataView(out.buffer);
  units.forEach((u, i) => view.setUint16(i * 2, u, order === "le"));
  return out;
}
