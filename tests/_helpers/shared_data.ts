import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Path of a file in `../shared/data` beside the repository. */
export function sharedDataPath(name: string): string {
  return fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url));
}

/**
 * True when `../shared/data/<name>` exists. When it does not, prints once why the tests that
 * need it are skipped (CI always has it; then a missing file is an error, not a skip).
 */
export function hasSharedData(name: string): boolean {
  const ok = existsSync(sharedDataPath(name));
  if (!ok) {
    if (Deno.env.get("CI") === "true") {
      throw new Error(
        `../shared/data/${name} is missing: CI must run with ../shared beside the repository`,
      );
    }
    console.warn(`skipping tests that need ../shared/data/${name}: the file is not there`);
  }
  return ok;
}
