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
