import { join, relative } from "node:path";

/** One difference between two output folders. */
export interface FolderDifference {
  /** The file, relative to the folders. */
  readonly file: string;
  /** `"only-a"`/`"only-b"`: the file is in one folder; `"differs"`: both have it. */
  readonly kind: "only-a" | "only-b" | "differs";
  /** For a text file that differs: the first differing line (1-based) and that line in each. */
  readonly line?: { readonly number: number; readonly a: string; readonly b: string };
}

/**
 * A report page without what differs between two runs of the same version on the same data:
 * its "Generated" timestamp line and the code version (a commit id).
 *
 * @example
 * ```ts
 * import { stableReport } from "./compare_folders.ts";
 * import { equal } from "node:assert/strict";
 * equal(
 *   stableReport('<p class="generated">Generated 2026-01-01</p><p>x</p>'),
 *   stableReport('<p class="generated">Generated 2026-02-02</p><p>x</p>'),
 * );
 * ```
 */
export function stableReport(html: string): string {
  return html.replace(/<p class="generated">[^<]*<\/p>/, "").replace(
    /Code version<\/th><td>[^<]*</,
    "Code version</th><td><",
  );
}

/** Every file under `dir`, relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for await (const entry of Deno.readDir(d)) {
      const path = join(d, entry.name);
      if (entry.isDirectory) await walk(path);
      else files.push(relative(dir, path));
    }
  };
  await walk(dir);
  return files.sort();
}

/**
 * Compares two output folders of the main job file by file: every table byte for byte, report
 * pages (`.html`) after {@linkcode stableReport}. The check behind "same data and options give
 * the same outputs" (`deno task compare`, the thread-count and cache tests).
 *
 * @param a One output folder.
 * @param b The other.
 * @returns The differences, by file name; empty when the folders hold the same outputs.
 *
 * @example
 * ```ts
 * import { compareFolders } from "./compare_folders.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const [a, b] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
 * await Deno.writeTextFile(`${a}/t.csv`, "x\n1\n");
 * await Deno.writeTextFile(`${b}/t.csv`, "x\n2\n");
 * await Deno.writeTextFile(`${b}/u.csv`, "y\n");
 * deepStrictEqual(await compareFolders(a, b), [
 *   { file: "t.csv", kind: "differs", line: { number: 2, a: "1", b: "2" } },
 *   { file: "u.csv", kind: "only-b" },
 * ]);
 * ```
 */
export async function compareFolders(a: string, b: string): Promise<FolderDifference[]> {
  const [fa, fb] = [await listFiles(a), await listFiles(b)];
  const out: FolderDifference[] = [];
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  for (const file of [...new Set([...fa, ...fb])].sort()) {
    if (!fb.includes(file)) {
      out.push({ file, kind: "only-a" });
      continue;
    }
    if (!fa.includes(file)) {
      out.push({ file, kind: "only-b" });
      continue;
    }
    const [ba, bb] = [await Deno.readFile(join(a, file)), await Deno.readFile(join(b, file))];
    if (file.endsWith(".html")) {
      const [ta, tb] = [stableReport(decode(ba)), stableReport(decode(bb))];
      if (ta !== tb) out.push({ file, kind: "differs", line: firstDifferentLine(ta, tb) });
    } else if (ba.length !== bb.length || ba.some((x, i) => x !== bb[i])) {
      out.push(
        /\.(csv|json|txt)$/.test(file)
          ? { file, kind: "differs", line: firstDifferentLine(decode(ba), decode(bb)) }
          : { file, kind: "differs" },
      );
    }
  }
  return out;
}

function firstDifferentLine(a: string, b: string): { number: number; a: string; b: string } {
  const la = a.split("\n"), lb = b.split("\n");
  let i = 0;
  while (i < Math.max(la.length, lb.length) && la[i] === lb[i]) i++;
  return { number: i + 1, a: la[i] ?? "(no line)", b: lb[i] ?? "(no line)" };
}
