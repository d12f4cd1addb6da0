/** Small SQL helpers of the CRM area. @module */
import type { Db } from "../db/mod.ts";
import { quoteIdent, quoteLiteral } from "../db/mod.ts";

/** `quoteIdent`, short. */
export const q = quoteIdent;
/** `quoteLiteral`, short. */
export const lit = quoteLiteral;

/** Key that ignores case and spaces: lower-cased, trimmed, inner whitespace collapsed. */
export function spaceCaseKey(expr: string): string {
  return `lower(trim(regexp_replace(${expr}, '\\s+', ' ', 'g')))`;
}

/** Letters and digits only, lower-cased: `"GTX Pro"` and `"GTXPro"` give the same key. */
export function alnumKey(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Number of rows of a table. */
export async function countRows(db: Db, table: string): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)}`)).n;
}

/** True when a table exists (temp or not). */
export async function tableExists(db: Db, table: string): Promise<boolean> {
  const rows = await db.all(
    `SELECT 1 FROM duckdb_tables() WHERE table_name = ${lit(table)} UNION ALL
     SELECT 1 FROM duckdb_views() WHERE view_name = ${lit(table)}`,
  );
  return rows.length > 0;
}

/** Levenshtein distance (for near-duplicate spellings of short values). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * True when two spellings are probably the same value: equal on letters and digits alone
 * (`GTXPro` / `GTX Pro`, `E-mail` / `Email`), or one edit apart when both are at least six
 * characters long and do not differ only in a digit (`Team 1` / `Team 2` are different).
 */
export function nearDuplicate(a: string, b: string): boolean {
  const x = alnumKey(a);
  const y = alnumKey(b);
  if (x === "" || y === "") return false;
  if (x === y) return true;
  if (Math.min(x.length, y.length) < 6 || levenshtein(x, y) > 1) return false;
  return x.replace(/\d/g, "") !== y.replace(/\d/g, "");
}

/** Quotes a value for an example cell: `"GTXPro"`. */
export function show(value: unknown): string {
  return `"${String(value)}"`;
}
