/**
 * Test helpers: the shared CDNOW files (skipped with a message when ../shared is absent),
 * a tiny CSV reader and float assertions.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { ok } from "node:assert/strict";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

/** Path of a shared data file, or null (with a warning; an error under CI=true) when absent. */
export function sharedFile(name: string): string | null {
  return hasSharedData(name) ? sharedDataPath(name) : null;
}

/** Reads a small numeric CSV with a header (CRLF or LF, optional final newline). */
export function readCsv(path: string): Record<string, number[]> {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]!.split(",").map((h) => h.trim());
  const out: Record<string, number[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    header.forEach((h, i) => out[h]!.push(Number(cells[i])));
  }
  return out;
}

/** CDNOW summary (frequency, recency, T in weeks), or null when absent. */
export function cdnowSummary(): { frequency: number[]; recency: number[]; T: number[] } | null {
  const path = sharedFile("cdnow_customers_summary.csv");
  if (path === null) return null;
  const c = readCsv(path);
  return { frequency: c.frequency!, recency: c.recency!, T: c.T! };
}

/** CDNOW summary with mean repeat spend (x, t_x, T, zbar), or null when absent. */
export function cdnowWithSpend(): {
  frequency: number[];
  recency: number[];
  T: number[];
  monetaryValue: number[];
} | null {
  const path = sharedFile("cdnow_customers_summary_with_transactions.csv");
  if (path === null) return null;
  const c = readCsv(path);
  return { frequency: c.x!, recency: c.t_x!, T: c.T!, monetaryValue: c.zbar! };
}

/** Asserts |actual − expected| ≤ tolerance with a readable message. */
export function assertClose(actual: number, expected: number, tolerance: number, what = ""): void {
  ok(
    Number.isFinite(actual) && Math.abs(actual - expected) <= tolerance,
    `${what} expected ${expected} ± ${tolerance}, got ${actual} (off by ${
      Math.abs(actual - expected)
    })`,
  );
}

/** Asserts a relative difference ≤ rtol. */
export function assertRelClose(actual: number, expected: number, rtol: number, what = ""): void {
  assertClose(actual, expected, rtol * Math.abs(expected), what);
}

/** CDNOW summary columns with mean repeat spend and optional weights. */
export interface CdnowColumns {
  frequency: number[];
  recency: number[];
  T: number[];
  monetaryValue: number[];
  weights?: number[];
}

/** The committed fixture: CDNOW's 1,030 distinct summary rows with weights. */
export function cdnowFixture(): CdnowColumns & { weights: number[] } {
  const c = readCsv(
    new URL("../fixtures/clv/cdnow_summary_distinct.csv", import.meta.url).pathname,
  );
  return {
    frequency: c.frequency!,
    recency: c.recency!,
    T: c.T!,
    monetaryValue: c.monetaryValue!,
    weights: c.weight!,
  };
}

/** The CDNOW summary from `../shared/data` when present, else the committed fixture (the same
 * customers as weighted distinct rows), so reference-value tests run everywhere. */
export function cdnowData(): CdnowColumns {
  return cdnowWithSpend() ?? cdnowFixture();
}
