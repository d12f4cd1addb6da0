/**
 * The load cache: the loaded, validated transaction table (what `loadTransactions` produces,
 * before cleaning) kept as Parquet in the workspace's cache (`_cache.ts`), with what the later
 * stages and the report need from the load (its {@linkcode LoadResult}: schema, column map,
 * formats, sheets, counts, the first issues) and the rows it set aside (the rejects CSV, byte
 * for byte). A re-run with the same file and the same load options restores the table instead
 * of reading and parsing the file again, and gives the same tables, ledger and report.
 *
 * Entry `<root>/load/<key>/`: `table.parquet` (every column, in table order, rows in file
 * order), `rejected_rows.csv` when rows were quarantined, `meta.json` (with the sizes of both and
 * the Parquet file's SHA-256, checked on every restore).
 *
 * @module
 */
import { dirname, join } from "node:path";
import type { Db } from "../db/db.ts";
import { quoteIdent } from "../db/db.ts";
import { isUserError } from "../errors.ts";
import type { Progress } from "../util/progress.ts";
import { sha256File } from "../util/sha256_file.ts";
import {
  CACHE_VERSION,
  type CacheEntry,
  cacheKey,
  discardEntry,
  engineVersion,
  firstLine,
  loaderFingerprint,
  readEntry,
  restoreTable,
  saveTable,
  type TableFile,
  writeEntry,
} from "../cache/mod.ts";
import { rejectsError } from "./_issues.ts";
import type { DecimalSeparator, Delimiter } from "./detect_dialect.ts";
import { INPUT_FORMATS } from "./detect_format.ts";
import type { LoadResult } from "./load_transactions.ts";
import type { ColumnMapping } from "./parse_mapping.ts";

/** The inputs of a load that decide its result. */
export interface LoadKeyParts {
  readonly path: string;
  /** The mapping in effect (with the returns column of `--cancellations column:NAME`). */
  readonly map: ColumnMapping;
  readonly dateFormat: string | undefined;
  readonly delimiter: Delimiter | undefined;
  readonly decimal: DecimalSeparator | undefined;
  readonly sheet: string | undefined;
  readonly onInvalid: "fail" | "quarantine";
  /** `--only-currency`: the one currency analysed (the load then reports it). @default {none} */
  readonly onlyCurrency?: string;
  /** `--fill-down`: a report layout's lines filled in from the line above. @default {false} */
  readonly fillDown?: boolean;
  /** The file's SHA-256 when already known. @default {computed} */
  readonly content?: string;
  /** @default {CACHE_VERSION} */
  readonly version?: number;
}

/**
 * The key of a load: the file's bytes (SHA-256) and its name's ending (which decides the
 * format, and tab for `.tsv`), the load options, {@linkcode CACHE_VERSION}, the DuckDB version
 * and the loader's source digest. The file's name and folder are not part of it: a copy of the
 * same bytes under the same ending finds the same entry.
 */
export async function loadCacheKey(db: Db, parts: LoadKeyParts): Promise<string> {
  const lower = parts.path.toLowerCase();
  return cacheKey({
    area: "load",
    version: parts.version ?? CACHE_VERSION,
    engine: await engineVersion(db),
    loader: await loaderFingerprint(),
    content: parts.content ?? await sha256File(parts.path),
    ending: INPUT_FORMATS.find((f) => lower.endsWith(f.ending))?.ending ?? "",
    map: parts.map,
    dateFormat: parts.dateFormat,
    delimiter: parts.delimiter,
    decimal: parts.decimal,
    sheet: parts.sheet,
    onInvalid: parts.onInvalid,
    onlyCurrency: parts.onlyCurrency,
    fillDown: parts.fillDown,
  });
}

/** The load facts kept in an entry (the rest depends on the run: table, paths, the write). */
type StoredResult = Omit<
  LoadResult,
  "table" | "file" | "rejectsFile" | "converted" | "cacheWritten" | "cacheEntry"
>;

/** `meta.json` of a load entry: the facts, and `table.parquet` as {@linkcode TableFile} says. */
export interface LoadMeta extends TableFile {
  /** The file as it was named when the entry was written (its issues' messages quote it). */
  readonly file: string;
  readonly created: string;
  /** Size of `rejected_rows.csv`, or `null` when no row was set aside. */
  readonly rejectsBytes: number | null;
  readonly result: StoredResult;
}

/**
 * Writes the loaded table and its load facts as the entry `key`.
 *
 * @returns The entry's folder.
 */
export async function saveLoad(
  db: Db,
  root: string,
  key: string,
  result: LoadResult,
): Promise<string> {
  return await writeEntry<LoadMeta>(root, "load", key, async (dir) => {
    const table = await saveTable(db, result.table, join(dir, "table.parquet"));
    let rejectsBytes: number | null = null;
    if (result.rejectsFile !== undefined) {
      await Deno.copyFile(result.rejectsFile, join(dir, "rejected_rows.csv"));
      rejectsBytes = (await Deno.stat(join(dir, "rejected_rows.csv"))).size;
    }
    const {
      table: _t,
      file,
      rejectsFile: _r,
      converted: _c,
      cacheWritten: _w,
      cacheEntry: _e,
      ...stored
    } = result;
    return { file, created: new Date().toISOString(), ...table, rejectsBytes, result: stored };
  });
}

/** Where a restored load goes. */
export interface RestoreTarget {
  /** The file being loaded (as the caller names it). */
  readonly path: string;
  readonly table: string;
  /** Where the rows set aside are copied. */
  readonly rejectsPath: () => Promise<string>;
  /** Called when the engine starts reading the entry (`LoadOptions.onRead`). */
  readonly onRead?: () => void;
}

/**
 * Restores a load from its entry: the table (each column cast to its recorded type) and the
 * rejects CSV, and returns the load facts with this run's table, file and rejects path. The
 * target table is replaced only when the whole entry read back. With `defer`, the table is
 * restored only when the result's `materialize` is called (which throws as this would).
 *
 * @throws {Error} When the entry does not read back whole (wrong sizes, a damaged Parquet file,
 *   another row count); the caller then loads the file. The rejects copy's own failure (a
 *   folder that cannot be written) is thrown by `writeRejects`.
 */
export async function restoreLoad(
  db: Db,
  entry: CacheEntry<LoadMeta>,
  target: RestoreTarget,
  writeRejects: (path: string, bytes: Uint8Array) => Promise<void>,
  defer = false,
): Promise<LoadResult> {
  const m = entry.meta;
  let rejects: Uint8Array | undefined;
  if (m.rejectsBytes !== null) {
    rejects = await Deno.readFile(join(entry.dir, "rejected_rows.csv"));
    if (rejects.length !== m.rejectsBytes) {
      throw new Error(
        `rejected_rows.csv has ${rejects.length} bytes, meta.json says ${m.rejectsBytes}`,
      );
    }
  }
  const tmp = "__crm_load_cached";
  const parquet = join(entry.dir, "table.parquet");
  const materialize = async () => {
    try {
      await restoreTable(db, parquet, m, tmp, target.onRead);
      await db.run(`DROP TABLE IF EXISTS ${quoteIdent(target.table)}`);
      await db.run(`ALTER TABLE ${tmp} RENAME TO ${quoteIdent(target.table)}`);
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${tmp}`);
    }
  };
  if (defer) {
    // Checked now what can be without reading the table: the file is there, whole in size.
    const size = (await Deno.stat(parquet)).size;
    if (size !== m.parquetBytes) {
      throw new Error(`table.parquet has ${size} bytes, meta.json says ${m.parquetBytes}`);
    }
    target.onRead?.();
  } else await materialize();
  let rejectsFile: string | undefined;
  if (rejects !== undefined) {
    rejectsFile = await target.rejectsPath();
    await writeRejects(rejectsFile, rejects);
  }
  const quoted = `"${m.file}"`;
  return {
    ...m.result,
    table: target.table,
    file: target.path,
    issues: m.result.issues.map((i) => ({
      ...i,
      file: target.path,
      message: i.message.replaceAll(quoted, `"${target.path}"`),
    })),
    ...(m.result.format === "xlsx" ? { converted: false } : {}),
    ...(rejectsFile === undefined ? {} : { rejectsFile }),
    ...(defer ? { materialize } : {}),
  };
}

/** A load restored from the cache, or `undefined` (a damaged entry is removed, with a line saying so). */
export async function fromCache(
  db: Db,
  root: string,
  key: string,
  target: RestoreTarget,
  progress: Progress,
  defer = false,
): Promise<LoadResult | undefined> {
  const entry = await readEntry<LoadMeta>(root, "load", key);
  if (entry === undefined) return undefined;
  if ("meta" in entry) {
    try {
      const result = await restoreLoad(db, entry, target, writeRejectsCopy, defer);
      progress.info(
        `load: from cache (${entry.dir}, ${result.rowsLoaded.toLocaleString("en-US")} rows)`,
      );
      return result;
    } catch (error) {
      if (isUserError(error)) throw error;
      progress.info(
        `load: cache entry ${entry.dir} unreadable (${firstLine(error)}); reading the file again`,
      );
    }
  } else {
    progress.info(
      `load: cache entry ${entry.dir} unreadable (${entry.problem}); reading the file again`,
    );
  }
  await discardEntry(entry.dir);
  return undefined;
}

/** Writes the cached rejects CSV where this run wants it. */
async function writeRejectsCopy(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeFile(path, bytes);
  } catch (error) {
    throw rejectsError(path, error);
  }
}
