/**
 * The start of the main job, light enough to run before the analyses are imported: decide the
 * input kind (its header read), check `--out`, open the database, make the run's temporary
 * folder and, for a transaction log, start loading it. DuckDB then parses the file on its own
 * thread while the CLI imports the analyses, the charts and the report renderer (0.2-0.25 s of
 * imports that no longer come before the load; on Online Retail II the job's median went from
 * 3.11 to 2.92 s).
 *
 * Imports only what deciding and loading need (specific files, not the areas' mod.ts).
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { compressRows, type Db, openDb, setThreads, soloThreads } from "../db/mod.ts";
import { OptionError } from "../errors.ts";
import type { LoadResult } from "../load/load_transactions.ts";
import { loadTransactions } from "../load/load_transactions.ts";
import { estimateRows } from "../load/estimate_rows.ts";
import { sha256File } from "../util/sha256_file.ts";
import type { ReportOptions } from "../options/mod.ts";
import {
  type DetectedInput,
  detectInput,
  transactionCleanOptions,
  transactionLoadOptions,
} from "../pipeline/input_kinds.ts";
import { type CachedClean, restoreCleanedTables } from "../clean/clean_cache.ts";
import type { Progress } from "../util/progress.ts";

/** A main job that has started: its input decided, its folders made, its load under way. */
export interface StartedReport {
  readonly detected: DetectedInput;
  readonly db: Db;
  /** The `--out` folder the finished run replaces. */
  readonly finalDir: string;
  /** The run's temporary folder beside it (moved into place when the run succeeds). */
  readonly outDir: string;
  readonly tablesDir: string;
  /** Where the load quarantines rows (`tables/rejected_rows.csv`). */
  readonly rejectsPath: string;
  /** The load of a transaction log, under way on `db` (awaited by the load stage). */
  readonly load?: Promise<LoadResult>;
  /**
   * Settles when the load's engine read starts (or the load ends): the CLI imports the analyses
   * then, so that the load's own JavaScript steps are not held up by the import.
   */
  readonly reading?: Promise<void>;
  /**
   * The cleaned tables restored from the cache when the load came from it and this cleaning
   * was cached too (the loaded table is then never read back); `undefined` otherwise, and the
   * loaded table is there (awaited by the clean stage).
   */
  readonly precleaned?: Promise<CachedClean | undefined>;
}

/** The file that marks a folder as a report run (so a re-run may replace it). */
export const REPORT_MARKER = ".crm-report";

/**
 * Starts the main job. Everything is checked before anything is written: the options (parsed),
 * the input's kind (its header read) and the output folder; then the database is opened (a bad
 * `CRM_THREADS` stops the run here) and the temporary folder made.
 *
 * @param options The parsed options.
 * @param progress Where the load reports.
 * @returns The started job, for `runReport`; its load's failure surfaces there.
 * @throws {InputFileError | OptionError} For a bad input or `--out`, before anything is written.
 */
export async function startReport(
  options: ReportOptions,
  progress: Progress,
): Promise<StartedReport> {
  const finalDir = resolve(options.out);
  const detected = await detectInput(options);
  await checkOutDir(finalDir);
  const db = await openDb();
  let outDir: string | undefined;
  try {
    try {
      await Deno.mkdir(dirname(finalDir), { recursive: true });
      outDir = await Deno.makeTempDir({
        dir: dirname(finalDir),
        prefix: `.${basename(finalDir)}.partial-`,
      });
    } catch (error) {
      throw outDirError(finalDir, error);
    }
    const tablesDir = join(outDir, "tables");
    await Deno.mkdir(tablesDir, { recursive: true });
    const rejectsPath = join(tablesDir, "rejected_rows.csv");
    if (detected.kind !== "transactions") {
      return { detected, db, finalDir, outDir, tablesDir, rejectsPath };
    }
    const loadOptions = transactionLoadOptions(options, detected.map, rejectsPath, progress);
    // A new cache entry is written beside the run (the run awaits it before it drops the table).
    // The load and cleaning run alone: on every core (the clean stage gives the analyses, which
    // run side by side, one thread each again: TransactionInput.threadsAfterClean).
    await setThreads(db, soloThreads());
    // A large input is loaded into the compressed catalog and compacted once loaded (1.3 GB →
    // 0.1 GB at ten million lines, for 1.4 s more): it is otherwise held whole beside the clean
    // lines while they are built. How large is an estimate (the load has not read the file yet);
    // the cleaning decides on the rows loaded.
    const compressAt = compressRows();
    const compressLoad = await estimateRows(options.data, db).catch(() => 0) >= compressAt;
    if (compressLoad) await db.storeCompressed?.();
    let markReading = () => {};
    const reading = new Promise<void>((resolve) => markReading = resolve);
    const load = loadTransactions(db, {
      ...loadOptions,
      ...(loadOptions.cache === true ? { cache: { background: true, defer: true } } : {}),
      onRead: markReading,
    }).then(async (l) => {
      // Nothing else writes yet (the cache entry's copy only reads). A load restored from the
      // cache later (`materialize`) is compacted with the cleaning.
      if (compressLoad && l.materialize === undefined) await db.compact?.();
      return l;
    });
    load.catch(() => {}).finally(markReading); // awaited by the load stage; never unhandled
    // The report's provenance names the input's SHA-256. The load computes it for its cache
    // key; without the cache it is computed now, while DuckDB reads and this thread has little
    // to do, rather than at the end, when this thread renders the report (0.8 s for 862 MB).
    if (loadOptions.cache !== true) sha256File(options.data).catch(() => {});
    // A re-run whose cleaning is cached restores the cleaned tables instead of the loaded one,
    // while the analyses are imported; else the loaded table is restored then.
    // Restored into the compressed catalog for a large input, as the clean stage would have
    // cleaned into it (TransactionInput.compressAtRows).
    const precleaned = load.then(async (l) => {
      if (l.materialize === undefined || l.cacheEntry === undefined) return undefined;
      const compress = l.rowsLoaded >= compressAt;
      if (compress) await db.storeCompressed?.();
      const restored = await restoreCleanedTables(db, transactionCleanOptions(options, l), {
        root: l.cacheEntry.root,
        loadKey: l.cacheEntry.key,
        progress,
      });
      if (restored === undefined) await l.materialize();
      else if (compress) await db.compact?.();
      return restored;
    });
    precleaned.catch(() => {}); // its failure is the load's or the clean stage's
    return { detected, db, finalDir, outDir, tablesDir, rejectsPath, load, reading, precleaned };
  } catch (error) {
    db.close();
    if (outDir !== undefined) await Deno.remove(outDir, { recursive: true }).catch(() => {});
    throw error;
  }
}

/** `--out` names a folder that cannot be made or read (a file on its path, no permission). */
function outDirError(dir: string, error: unknown): OptionError {
  const reason = error instanceof Deno.errors.NotADirectory
    ? "a part of the path is a file, not a folder"
    : error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : String((error as Error)?.message ?? error).split("\n")[0]!.replace(
      /, (stat|mkdir|mkdtemp) '.*$/,
      "",
    );
  return new OptionError(
    "out",
    `Cannot write the report: --out cannot be made or read (${reason}): current value is "${dir}"`,
    "choose a folder you can write to, for example --out reports/latest",
  );
}

/**
 * Checks `--out` before anything is written: it may be a new folder, an empty one, or the folder
 * of an earlier run (which the new run replaces whole); not a file, and not a folder of other
 * files (which a run must never delete).
 *
 * @throws {OptionError} Naming `--out` and what to type instead.
 */
export async function checkOutDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw outDirError(dir, error);
  }
  if (!info.isDirectory) {
    throw new OptionError(
      "out",
      `Cannot write the report: --out names a file, not a folder: current value is "${dir}"`,
      `choose a folder, for example --out ${join(dirname(dir), "report")}`,
    );
  }
  const entries: string[] = [];
  for await (const e of Deno.readDir(dir)) entries.push(e.name);
  const earlierRun = entries.includes(REPORT_MARKER) ||
    (entries.includes("index.html") && entries.every((e) => ["index.html", "tables"].includes(e)));
  if (entries.length > 0 && !earlierRun) {
    throw new OptionError(
      "out",
      `Cannot write the report: --out names a folder that holds other files (${
        entries.slice(0, 3).map((e) => `"${e}"`).join(", ")
      }${entries.length > 3 ? ", …" : ""}): current value is "${dir}"`,
      "choose a new or empty folder with --out (a run replaces its folder whole)",
    );
  }
}
