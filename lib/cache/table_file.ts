/**
 * A table kept in a cache entry as a Parquet file, and read back exactly: the columns with their
 * DuckDB types (Parquet has no DECIMAL width or TIMESTAMP flavour of its own for every type),
 * the row count, and the file's size and SHA-256 (Parquet has no checksums, and a changed byte
 * in a page can read back as another value without an error). Rows keep their order both ways.
 *
 * @module
 */
import type { Db } from "../db/db.ts";
import { quoteIdent, quoteLiteral } from "../db/db.ts";
import { sha256File } from "../util/sha256_file.ts";

/** What an entry records of a table it keeps (in its `meta.json`). */
export interface TableFile {
  /** The table's columns and DuckDB types, in order. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: number;
  readonly parquetBytes: number;
  readonly parquetSha256: string;
  /**
   * Floating-point columns holding a negative zero, each kept with its signs beside it
   * ({@linkcode signColumn}): DuckDB's Parquet dictionary takes `-0.0` and `0.0` for one value
   * and writes whichever came first for both. Absent when there is none.
   */
  readonly signed?: readonly string[];
}

/** The column beside `column` that keeps its sign bits (see {@linkcode TableFile.signed}). */
export function signColumn(column: string): string {
  return `__crm_sign_${column}`;
}

/**
 * Writes `table` to `path` as Parquet (rows in table order) and describes it. Every value reads
 * back the same, a negative zero included.
 *
 * @example
 * ```ts
 * import { openDb } from "../db/mod.ts";
 * import { restoreTable, saveTable } from "./table_file.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * import { join } from "node:path";
 *
 * const db = await openDb();
 * await db.run(`create table t as select i, (i * 0.5)::decimal(9, 2) as half,
 *   (case when i % 2 = 0 then 0.0 else -1.0 end)::double * i as z from range(5) r(i)`);
 * const path = join(await Deno.makeTempDir(), "t.parquet");
 * const kept = await saveTable(db, "t", path);
 * equal(kept.rows, 5);
 * deepStrictEqual(kept.signed, undefined); // 0 * 0.0, 2 * 0.0, 4 * 0.0: no negative zero
 * await db.run("update t set z = -0.0::double * 1 where i = 3");
 * const again = await saveTable(db, "t", path);
 * deepStrictEqual(again.signed, ["z"]);
 * await restoreTable(db, path, again, "u");
 * const zs = (await db.all<{ z: number }>("select z from u order by i")).map((r) => Object.is(r.z, -0));
 * deepStrictEqual(zs, [false, false, false, true, false]);
 * deepStrictEqual(await db.all("select * from u"), await db.all("select * from t"));
 * db.close();
 * ```
 */
export async function saveTable(db: Db, table: string, path: string): Promise<TableFile> {
  const columns = (await db.all<{ column_name: string; column_type: string }>(
    `DESCRIBE ${quoteIdent(table)}`,
  )).map((c) => ({ name: c.column_name, type: c.column_type }));
  const floats = columns.filter((c) => FLOAT_TYPES.has(c.type)).map((c) => c.name);
  const counts = await db.one<Record<string, number | boolean>>(
    `SELECT count(*) AS n${
      floats.map((c, i) =>
        `, coalesce(bool_or(${quoteIdent(c)} = 0 AND signbit(${quoteIdent(c)})), false) AS z${i}`
      )
        .join("")
    } FROM ${quoteIdent(table)}`,
  );
  const signed = floats.filter((_, i) => counts[`z${i}`] === true);
  const select = signed.length === 0
    ? quoteIdent(table)
    : `(SELECT *, ${
      signed.map((c) => `signbit(${quoteIdent(c)}) AS ${quoteIdent(signColumn(c))}`).join(", ")
    } FROM ${quoteIdent(table)})`;
  await db.run(`COPY ${select} TO ${quoteLiteral(path)} (FORMAT parquet)`);
  return {
    columns,
    rows: counts.n as number,
    parquetBytes: (await Deno.stat(path)).size,
    parquetSha256: await sha256File(path),
    ...(signed.length > 0 ? { signed } : {}),
  };
}

const FLOAT_TYPES = new Set(["DOUBLE", "FLOAT", "REAL"]);

/**
 * Reads a table written by {@linkcode saveTable} into `into` (created or replaced), each column
 * cast to its recorded type, and checks it: the file's size, row count and SHA-256 (computed
 * while DuckDB reads it) must be the recorded ones.
 *
 * @param onRead Called when the engine starts reading.
 * @throws {Error} When the file does not read back whole; `into` is then dropped.
 */
export async function restoreTable(
  db: Db,
  path: string,
  kept: TableFile,
  into: string,
  onRead?: () => void,
): Promise<void> {
  const size = (await Deno.stat(path)).size;
  const name = path.split(/[\\/]/).pop();
  if (size !== kept.parquetBytes) {
    throw new Error(`${name} has ${size} bytes, meta.json says ${kept.parquetBytes}`);
  }
  const bad = kept.columns.find((c) => !/^[A-Za-z0-9_(), ]+$/.test(c.type));
  if (kept.columns.length === 0 || bad !== undefined) {
    throw new Error(`meta.json lists no columns or an odd type (${bad?.type})`);
  }
  const digest = sha256File(path);
  digest.catch(() => {});
  try {
    onRead?.();
    const signed = new Set(kept.signed ?? []);
    const value = (c: { name: string; type: string }) => {
      const v = `CAST(${quoteIdent(c.name)} AS ${c.type})`;
      if (!signed.has(c.name)) return v;
      return `CASE WHEN ${v} = 0 THEN CASE WHEN ${
        quoteIdent(signColumn(c.name))
      } THEN CAST('-0.0' AS ${c.type}) ELSE CAST(0 AS ${c.type}) END ELSE ${v} END`;
    };
    await db.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(into)} AS SELECT ${
        kept.columns.map((c) => `${value(c)} AS ${quoteIdent(c.name)}`).join(", ")
      } FROM read_parquet(${quoteLiteral(path)})`,
    );
    const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(into)}`);
    if (n !== kept.rows) throw new Error(`${name} holds ${n} rows, meta.json says ${kept.rows}`);
    if (await digest !== kept.parquetSha256) {
      throw new Error(`${name}'s SHA-256 is not the one meta.json recorded when it was written`);
    }
  } catch (error) {
    await db.run(`DROP TABLE IF EXISTS ${quoteIdent(into)}`);
    throw error;
  }
}
