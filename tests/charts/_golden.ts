/**
 * Golden-file harness for chart markup (Plot's `test/plot-snapshot.js` approach):
 * normalise, compare with `tests/golden/charts/<name>.svg|html`, and on a mismatch write
 * `<name>-changed.<ext>` next to the golden for review and fail. `CRM_UPDATE_GOLDEN=1`
 * rewrites the goldens. A missing golden is written on first run (and fails under `CI=true`).
 *
 * @module
 */
import { AssertionError } from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Folder of the chart goldens. */
export const GOLDEN_DIR: string = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "golden",
  "charts",
);

/**
 * Makes markup comparable: numbers with decimals rounded to 3 places, generated ids
 * (`plot-clip-N`, `plot-marker-N`, `plot-pattern-N`) renumbered by first appearance, one
 * tag per line.
 */
export function normalizeMarkup(markup: string): string {
  const ids = new Map<string, string>();
  return markup
    .replace(/-?\d+\.\d+(?:e-?\d+)?/g, (s) => String(+Number(s).toFixed(3)))
    .replace(/plot-(clip|marker|pattern)-\d+/g, (id, kind: string) => {
      if (!ids.has(id)) {
        ids.set(
          id,
          `plot-${kind}-${[...ids.keys()].filter((k) => k.startsWith(`plot-${kind}-`)).length + 1}`,
        );
      }
      return ids.get(id)!;
    })
    .replace(/></g, ">\n<")
    .trimEnd() + "\n";
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Compares `markup` with the golden `name` (`.svg` for a bare `<svg>`, else `.html`) in `dir`.
 *
 * @throws {AssertionError} On a mismatch (after writing `<name>-changed.<ext>`).
 */
export function assertGolden(markup: string, name: string, dir: string = GOLDEN_DIR): void {
  const ext = markup.trimStart().startsWith("<svg") ? "svg" : "html";
  const actual = normalizeMarkup(markup);
  const path = join(dir, `${name}.${ext}`);
  const changed = join(dir, `${name}-changed.${ext}`);
  mkdirSync(dir, { recursive: true });
  if (env("CRM_UPDATE_GOLDEN") === "1") {
    writeFileSync(path, actual);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    writeFileSync(path, actual);
    if (env("CI") === "true") {
      throw new AssertionError({ message: `Golden ${path} was missing (written now): commit it` });
    }
    console.warn(`warning: wrote missing golden ${path}`);
    return;
  }
  const expected = readFileSync(path, "utf8");
  if (expected === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  throw new AssertionError({
    message: `"${name}" differs from its golden: review ${changed} ` +
      `(diff it with ${path}); if the change is intended rerun with CRM_UPDATE_GOLDEN=1`,
  });
}
