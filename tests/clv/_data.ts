/**
 * Test helpers: the shared CDNOW files (skipped with a message when ../shared is absent),
 * a tiny CSV reader and float assertions.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ok } from "node:assert/strict";

const DATA = new URL("../../../shared/data/", import.meta.url);

/** Path of a shared data file, or null (with a warning) when ../shared is absent. */
export function sharedFile(name: string): string | null {
  const path = fileURLToPath(new URL(name, DATA));
  if (existsSync(path)) return path;
  console.warn(
    `skipping tests that need ../shared/data/${name}: file not found (clone ../shared beside the repo)`,
  );
  return null;
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
