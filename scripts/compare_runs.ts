/**
 * Runs the main job of two versions of the workspace on the same inputs and compares what they
 * wrote: every table byte for byte, and the report with its one timestamp line set aside.
 *
 * ```sh
 * deno task compare --before 97e4124                 # the embedded sample and Online Retail II, both presets
 * deno task compare --before 97e4124 --data orders.csv --preset classic
 * deno task compare --before 97e4124 --keep /tmp/cmp  # keep both output trees for a closer look
 * ```
 *
 * The "before" version is checked out into a temporary git worktree (its npm packages come from
 * the same cache). Exit code 0 when every output is identical, 1 when something differs (each
 * difference is listed, with the first differing line of text files), 2 for bad options.
 *
 * `--report-diff` prints a word-level summary of how the two reports differ (the intended fixes
 * of a change show up there: for example a currency symbol inside charts).
 *
 * @module
 */
import { join, resolve } from "node:path";
import {
  compareFolders,
  type FolderDifference,
  listFiles,
  stableReport,
} from "../lib/outputs/mod.ts";
import { parseArgs } from "node:util";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const ORII = resolve(ROOT, "../shared/data/online_retail_II_year2010-2011.csv.gz");
const SAMPLE = "data/sample_online_retail.csv.gz";

interface Case {
  readonly data: string;
  readonly preset: string;
  readonly extra: readonly string[];
}

async function run(cmd: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(cmd[0]!, {
    args: cmd.slice(1),
    cwd,
    env: { CRM_QUIET: "1", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd.join(" ")} failed in ${cwd}:\n${text}`);
  return text;
}

/** A differing line as the listing shows it (long lines clipped). */
function lineText(line: FolderDifference["line"]): string {
  if (line === undefined) return "(binary)";
  const clip = (s: string) => s.length > 200 ? s.slice(0, 200) + "…" : s;
  return `line ${line.number}:\n    before: ${clip(line.a)}\n    after:  ${clip(line.b)}`;
}

/** Visible text of a report, as words, to summarise what changed in it. */
function words(html: string): Map<string, number> {
  const text = stableReport(html).replace(/<script[\s\S]*?<\/script>/g, " ").replace(
    /<style[\s\S]*?<\/style>/g,
    " ",
  )
    .replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
  const counts = new Map<string, number>();
  for (const w of text.split(/\s+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function wordDiff(before: string, after: string): string[] {
  const a = words(before), b = words(after);
  const lines: string[] = [];
  for (const w of new Set([...a.keys(), ...b.keys()])) {
    const d = (b.get(w) ?? 0) - (a.get(w) ?? 0);
    if (d !== 0) lines.push(`${d > 0 ? "+" : ""}${d} ${JSON.stringify(w)}`);
  }
  return lines.sort();
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      before: { type: "string" },
      after: { type: "string" },
      data: { type: "string", multiple: true },
      preset: { type: "string", multiple: true },
      arg: { type: "string", multiple: true },
      keep: { type: "string" },
      "report-diff": { type: "boolean" },
    },
  });
  if (!values.before) {
    console.error("error: --before REF is required (a commit, branch or tag)");
    return 2;
  }
  const datasets = values.data ?? [SAMPLE, ...(await exists(ORII) ? [ORII] : [])];
  const presets = values.preset ?? ["recommended", "classic"];
  const cases: Case[] = datasets.flatMap((data) =>
    presets.map((preset) => ({
      // The embedded sample is read from each tree's own copy (so both recognise it as theirs
      // and both say it is synthetic); other files from where they are.
      data: data === SAMPLE ? SAMPLE : resolve(ROOT, data),
      preset,
      extra: values.arg ?? [],
    }))
  );
  const work = values.keep ? resolve(values.keep) : await Deno.makeTempDir({ prefix: "crm-cmp-" });
  await Deno.mkdir(work, { recursive: true });
  const trees: Record<"before" | "after", string> = {
    before: join(work, "before-tree"),
    after: values.after ? join(work, "after-tree") : ROOT,
  };
  await Deno.remove(trees.before, { recursive: true }).catch(() => {});
  await run(["git", "worktree", "prune"], ROOT);
  await run(["git", "worktree", "add", "--detach", "--force", trees.before, values.before], ROOT);
  if (values.after) {
    await Deno.remove(trees.after, { recursive: true }).catch(() => {});
    await run(["git", "worktree", "add", "--detach", "--force", trees.after, values.after], ROOT);
  }
  let differences = 0;
  try {
    for (const side of ["before", "after"] as const) {
      if (trees[side] !== ROOT) await run(["deno", "install"], trees[side]);
    }
    for (const c of cases) {
      const name = `${c.data.split("/").pop()!.replace(/\..*$/, "")}-${c.preset}`;
      const outs = { before: join(work, "before", name), after: join(work, "after", name) };
      for (const side of ["before", "after"] as const) {
        await Deno.remove(outs[side], { recursive: true }).catch(() => {});
        await run(
          [
            "deno",
            "task",
            "report",
            "--data",
            c.data,
            "--preset",
            c.preset,
            "--out",
            outs[side],
            ...c.extra,
          ],
          trees[side],
          // a load cache of its own (empty at first), never the user's
          { CRM_CACHE_DIR: join(work, "cache") },
        );
      }
      const all = [...new Set([...await listFiles(outs.before), ...await listFiles(outs.after)])];
      const lines: string[] = [];
      for (const d of await compareFolders(outs.before, outs.after)) {
        if (d.kind !== "differs") {
          lines.push(`  only ${d.kind === "only-a" ? "before" : "after"}: ${d.file}`);
          continue;
        }
        lines.push(`  differs: ${d.file} ${lineText(d.line)}`);
        if (d.file.endsWith(".html") && values["report-diff"]) {
          const [ta, tb] = await Promise.all(
            [outs.before, outs.after].map((o) => Deno.readTextFile(join(o, d.file))),
          );
          lines.push(...wordDiff(ta!, tb!).map((l) => `      ${l}`));
        }
      }
      differences += lines.length;
      console.log(
        `${name}: ${all.length} files, ${
          lines.length === 0
            ? "identical (report apart from its timestamp)"
            : `${lines.length} differ`
        }`,
      );
      for (const l of lines) console.log(l);
    }
  } finally {
    await run(["git", "worktree", "remove", "--force", trees.before], ROOT).catch(() => {});
    if (values.after) {
      await run(["git", "worktree", "remove", "--force", trees.after], ROOT).catch(() => {});
    }
    if (!values.keep) await Deno.remove(work, { recursive: true }).catch(() => {});
  }
  return differences === 0 ? 0 : 1;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
