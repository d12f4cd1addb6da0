/**
 * The workspace's cache, one store for every area: the loaded table of a transaction log
 * (`load/`, lib/load/_load_cache.ts), the Parquet conversion of a workbook (`xlsx/`,
 * lib/load/_xlsx_cache.ts) and the cleaned tables of a load (`clean/`, lib/clean/clean_cache.ts).
 *
 * Where: `$CRM_CACHE_DIR`, else `$XDG_CACHE_HOME/crm-workspace`, else
 * `~/.cache/crm-workspace`; never beside the user's data. Each entry is a folder
 * `<root>/<area>/<key>/` holding its files and a `meta.json`. The key is a digest of everything
 * the entry depends on: the input's bytes (SHA-256), the options that change the result,
 * {@linkcode CACHE_VERSION}, the DuckDB version and a digest of the source files that produce
 * it ({@linkcode sourceFingerprint}: a changed loader or cleaner never reads an entry an older
 * one wrote). An entry is written in a
 * temporary folder beside it and renamed into place, so a reader sees a whole entry or none. An
 * entry that cannot be read is removed and rebuilt by the caller; a cache that cannot be written
 * is only reported. Entries are used, least recently used first, until the cache holds
 * {@linkcode CACHE_BUDGET_BYTES}.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { homedir, tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { Db } from "../db/db.ts";

/**
 * Version of the cache entries' layout and meaning: raise it when what the loader produces
 * changes in a way its source digest would not show (it always changes with the source files).
 */
export const CACHE_VERSION = 2;

/** Size the cache is pruned to after each write (least recently used entries go first). */
export const CACHE_BUDGET_BYTES = 2 * 1024 ** 3;

/** An environment reader (a parameter so the rules are testable). */
export type EnvReader = (name: string) => string | undefined;

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * The cache folder: `$CRM_CACHE_DIR`, else `$XDG_CACHE_HOME/crm-workspace` (an absolute
 * `XDG_CACHE_HOME` only, as the XDG rules say), else `~/.cache/crm-workspace`.
 *
 * @param env The environment. @default {Deno.env}
 * @returns An absolute path.
 *
 * @example
 * ```ts
 * import { cacheRoot } from "./store.ts";
 * import { equal } from "node:assert/strict";
 * const env = (vars: Record<string, string>) => (name: string) => vars[name];
 * equal(cacheRoot(env({ CRM_CACHE_DIR: "/tmp/c", XDG_CACHE_HOME: "/x", HOME: "/h" })), "/tmp/c");
 * equal(cacheRoot(env({ XDG_CACHE_HOME: "/x", HOME: "/h" })), "/x/crm-workspace");
 * equal(cacheRoot(env({ XDG_CACHE_HOME: "rel", HOME: "/h" })), "/h/.cache/crm-workspace");
 * ```
 */
export function cacheRoot(env: EnvReader = readEnv): string {
  const own = env("CRM_CACHE_DIR");
  if (own !== undefined && own.trim() !== "") return resolve(own);
  const xdg = env("XDG_CACHE_HOME");
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, "crm-workspace");
  let home = env("HOME");
  if (home === undefined || home === "") {
    try {
      home = homedir();
    } catch {
      home = undefined;
    }
  }
  return home ? join(home, ".cache", "crm-workspace") : join(tmpdir(), "crm-workspace-cache");
}

/**
 * The cache folder a loader's `cache` option asks for: `undefined` for no cache (`false` or
 * absent), the option's own `dir`, else {@linkcode cacheRoot}.
 *
 * @example
 * ```ts
 * import { cacheFolder } from "./store.ts";
 * import { equal } from "node:assert/strict";
 * equal(cacheFolder(false), undefined);
 * equal(cacheFolder({ dir: "/tmp/c" }), "/tmp/c");
 * ```
 */
export function cacheFolder(
  option: boolean | { readonly dir?: string } | undefined,
): string | undefined {
  if (option === undefined || option === false) return undefined;
  return (option === true ? undefined : option.dir) ?? cacheRoot();
}

/**
 * The key of an entry: a digest of its parts as canonical JSON (object keys sorted, `undefined`
 * left out), 32 hex digits.
 *
 * @example
 * ```ts
 * import { cacheKey } from "./store.ts";
 * import { equal, notEqual } from "node:assert/strict";
 * equal(cacheKey({ a: 1, b: [2, { c: 3 }] }), cacheKey({ b: [2, { c: 3 }], a: 1, d: undefined }));
 * notEqual(cacheKey({ a: 1 }), cacheKey({ a: 2 }));
 * equal(cacheKey({ a: 1 }).length, 32);
 * ```
 */
export function cacheKey(parts: unknown): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex").slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** DuckDB's library version and build (`v1.5.4 1a2b3c…`): its readers and writers may change. */
export async function engineVersion(db: Db): Promise<string> {
  const r = await db.one<{ v: string }>(
    "SELECT library_version || ' ' || source_id AS v FROM pragma_version()",
  );
  return r.v;
}

const fingerprints = new Map<string, Promise<string>>();

/**
 * A digest of source files under lib/ (every `.ts` file of each folder named, and each file
 * named), computed once per list: an entry written by other code is never read. `"unknown"` when
 * the sources cannot be read (the key then rests on {@linkcode CACHE_VERSION}).
 *
 * @param paths Folders (ending in `/`) and files, relative to lib/.
 *
 * @example
 * ```ts
 * import { sourceFingerprint } from "./store.ts";
 * import { equal, notEqual } from "node:assert/strict";
 * equal((await sourceFingerprint(["cache/"])).length, 16);
 * notEqual(await sourceFingerprint(["cache/"]), await sourceFingerprint(["cache/", "errors.ts"]));
 * ```
 */
export function sourceFingerprint(paths: readonly string[]): Promise<string> {
  const id = paths.join("\0");
  let found = fingerprints.get(id);
  if (found === undefined) {
    found = digestSources(paths);
    fingerprints.set(id, found);
  }
  return found;
}

async function digestSources(paths: readonly string[]): Promise<string> {
  try {
    const hash = createHash("sha256");
    const lib = new URL("../", import.meta.url);
    for (const path of paths) {
      const url = new URL(path, lib);
      if (!path.endsWith("/")) {
        hash.update(`${path}\0`).update(await Deno.readFile(url));
        continue;
      }
      const names: string[] = [];
      for await (const e of Deno.readDir(url)) {
        if (e.isFile && e.name.endsWith(".ts")) names.push(e.name);
      }
      for (const name of names.sort()) {
        hash.update(`${path}${name}\0`).update(await Deno.readFile(new URL(name, url)));
      }
    }
    return hash.digest("hex").slice(0, 16);
  } catch {
    return "unknown";
  }
}

/** A digest of the loader's source files (lib/load, lib/db, lib/cache, lib/errors.ts). */
export function loaderFingerprint(): Promise<string> {
  return sourceFingerprint(["load/", "db/", "cache/", "errors.ts"]);
}

/** An entry found in the cache: its folder and its meta data. */
export interface CacheEntry<M> {
  readonly dir: string;
  readonly meta: M;
}

/** What {@linkcode readEntry} found: an entry, a damaged one (with the reason), or nothing. */
export type EntryLookup<M> =
  | CacheEntry<M>
  | { readonly dir: string; readonly problem: string }
  | undefined;

/**
 * Looks an entry up: `undefined` when there is none; the entry when its `meta.json` reads
 * and names its key; else the reason it cannot be used (the caller removes it and rebuilds).
 * A found entry's `meta.json` is touched, which makes it the most recently used.
 */
export async function readEntry<M>(
  root: string,
  area: string,
  key: string,
): Promise<EntryLookup<M>> {
  const dir = join(root, area, key);
  try {
    if (!(await Deno.stat(dir)).isDirectory) return { dir, problem: "not a folder" };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    return { dir, problem: (error as Error).message };
  }
  let meta: M & { key?: unknown };
  try {
    meta = JSON.parse(await Deno.readTextFile(join(dir, "meta.json")));
  } catch (error) {
    return { dir, problem: `meta.json: ${firstLine(error)}` };
  }
  if (meta === null || typeof meta !== "object" || meta.key !== key) {
    return { dir, problem: "meta.json names another entry" };
  }
  const now = new Date();
  await Deno.utime(join(dir, "meta.json"), now, now).catch(() => {});
  return { dir, meta };
}

/**
 * Writes an entry atomically: `fill` writes the files into a new temporary folder beside the
 * entry and returns the meta data, which is written last; the folder is then renamed into
 * place (an entry that is there already, damaged or written meanwhile by another run, is
 * replaced). On any failure the temporary folder is removed and the error is thrown.
 *
 * @returns The entry's folder.
 */
export async function writeEntry<M extends object>(
  root: string,
  area: string,
  key: string,
  fill: (dir: string) => Promise<M>,
): Promise<string> {
  const parent = join(root, area);
  await Deno.mkdir(parent, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: parent, prefix: ".tmp-" });
  const dir = join(parent, key);
  try {
    const meta = await fill(tmp);
    await Deno.writeTextFile(join(tmp, "meta.json"), `${JSON.stringify({ ...meta, key })}\n`);
    try {
      await Deno.rename(tmp, dir);
    } catch {
      await discardEntry(dir);
      await Deno.rename(tmp, dir);
    }
    return dir;
  } catch (error) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw error;
  }
}

/** Removes an entry (nothing happens when it is gone already or cannot be removed). */
export async function discardEntry(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/**
 * Removes the least recently used entries (by their `meta.json`'s time) until the cache holds
 * at most `budget` bytes, keeping `keep`; and temporary folders older than an hour (left by a
 * run that was killed while writing). Never throws.
 *
 * @returns The entries removed.
 */
export async function pruneCache(
  root: string,
  options: { budget?: number; keep?: string } = {},
): Promise<number> {
  const { budget = CACHE_BUDGET_BYTES, keep } = options;
  const entries: { dir: string; bytes: number; used: number }[] = [];
  let removed = 0;
  try {
    for await (const area of Deno.readDir(root)) {
      if (!area.isDirectory) continue;
      for await (const e of Deno.readDir(join(root, area.name))) {
        const dir = join(root, area.name, e.name);
        if (!e.isDirectory) continue;
        if (e.name.startsWith(".tmp-")) {
          const age = Date.now() - ((await Deno.stat(dir)).mtime?.getTime() ?? Date.now());
          if (age > 3600_000) await discardEntry(dir);
          continue;
        }
        let bytes = 0;
        for await (const f of Deno.readDir(dir)) {
          if (f.isFile) bytes += (await Deno.stat(join(dir, f.name))).size;
        }
        const used = await Deno.stat(join(dir, "meta.json")).then((s) => s.mtime?.getTime() ?? 0)
          .catch(() => 0);
        entries.push({ dir, bytes, used });
      }
    }
    let total = entries.reduce((s, e) => s + e.bytes, 0);
    for (const e of entries.sort((a, b) => a.used - b.used)) {
      if (total <= budget) break;
      if (e.dir === keep) continue;
      await discardEntry(e.dir);
      total -= e.bytes;
      removed++;
    }
  } catch {
    // a cache folder that cannot be listed is left as it is
  }
  return removed;
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!;
}
