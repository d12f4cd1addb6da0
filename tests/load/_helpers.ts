import { fileURLToPath } from "node:url";
import { openDb } from "../../lib/db/db.ts";
import type { Db } from "../../lib/db/db.ts";
import { createProgress, type Progress } from "../../lib/util/progress.ts";

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
