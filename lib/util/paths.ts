import { fileURLToPath } from "node:url";

/**
 * Converts a `file:` URL to a path.
 *
 * @example
 * ```ts
 * import { fromFileUrl } from "./paths.ts";
 * import { equal } from "node:assert/strict";
 * equal(fromFileUrl(new URL("file:///tmp/a b.csv")), "/tmp/a b.csv");
 * ```
 */
export function fromFileUrl(url: URL): string {
  return fileURLToPath(url);
}

/** The repository root (the folder holding `deno.json`). */
export const REPO_ROOT: string = fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");
