import { resolve } from "node:path";

/** Digests already computed in this process, by file and its size, mtime and inode. */
const known = new Map<string, Promise<string>>();

/**
 * The SHA-256 of a file's bytes (hex), read in 8 MiB chunks (the file is never held whole, and
 * a JavaScript thread busy elsewhere, e.g. importing modules, delays it by a few turns of its
 * event loop, not by hundreds of 64 KiB reads). A file hashed
 * earlier in the same process, unchanged since (same size, modification time and inode), is not
 * read again: the load cache and the report's provenance line ask for the same digest.
 *
 * @param path The file.
 * @returns 64 lowercase hex digits.
 * @throws {Deno.errors.NotFound} If the file does not exist.
 *
 * @example
 * ```ts
 * import { sha256File } from "./sha256_file.ts";
 * import { equal } from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "abc");
 * equal(await sha256File(path), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
 * ```
 */
export async function sha256File(path: string): Promise<string> {
  const stat = await Deno.stat(path);
  const id = `${resolve(path)}\0${stat.size}\0${stat.mtime?.getTime()}\0${stat.ino ?? ""}`;
  let digest = known.get(id);
  if (digest === undefined) {
    digest = digestOf(path, stat.size);
    known.set(id, digest);
    digest.catch(() => known.delete(id));
  }
  return await digest;
}

/** Bytes read and hashed per turn of the event loop. */
const CHUNK = 8 * 1024 * 1024;

async function digestOf(path: string, size: number): Promise<string> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  const file = await Deno.open(path, { read: true });
  try {
    // No larger than the file (plus one byte, to meet its end in the first read).
    const buffer = new Uint8Array(Math.min(CHUNK, size + 1));
    for (;;) {
      let filled = 0;
      while (filled < buffer.length) {
        const n = await file.read(buffer.subarray(filled));
        if (n === null) break;
        filled += n;
      }
      if (filled > 0) hash.update(buffer.subarray(0, filled));
      if (filled < buffer.length) break;
    }
  } finally {
    file.close();
  }
  return hash.digest("hex");
}
