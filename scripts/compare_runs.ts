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
import { join, relative, resolve } from "node:path";
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

async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(d: string): Promise<void> {
    for await (const entry of Deno.readDir(d)) {
      const path = join(d, entry.name);
      if (entry.isDirectory) await walk(path);
      else files.push(relative(dir, path));
    }
  }
  await walk(dir);
  return files.sort();
}

/** The report with the one line that differs between identical runs removed. */
function stableReport(html: string): string {
  return html.replace(/<p class="generated">[^<]*<\/p>/, "").replace(
    /Code version<\/th><td>[^<]*</,
    "Code version</th><td><",
  );
}

function firstDifference(a: string, b: string): string {
  const la = a.split("\n"), lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const clip = (s: string | undefined) =>
        s === undefined ? "(no line)" : s.length > 200 ? s.slice(0, 200) + "…" : s;
      return `line ${i + 1}:\n    before: ${clip(la[i])}\n    after:  ${clip(lb[i])}`;
    }
  }
  return "";
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
      const [fa, fb] = [await listFiles(outs.before), await listFiles(outs.after)];
      const all = [...new Set([...fa, ...fb])].sort();
      const lines: string[] = [];
      for (const file of all) {
        if (!fa.includes(file)) {
          lines.push(`  only after: ${file}`);
          continue;
        }
        if (!fb.includes(file)) {
          lines.push(`  only before: ${file}`);
          continue;
        }
        const a = await Deno.readFile(join(outs.before, file));
        const b = await Deno.readFile(join(outs.after, file));
        if (file.endsWith(".html")) {
          const [ta, tb] = [new TextDecoder().decode(a), new TextDecoder().decode(b)];
          if (stableReport(ta) !== stableReport(tb)) {
            lines.push(`  differs: ${file} ${firstDifference(stableReport(ta), stableReport(tb))}`);
            if (values["report-diff"]) {
              lines.push(...wordDiff(ta, tb).map((l) => `      ${l}`));
            }
          }
        } else if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
          const text = /\.(csv|json|txt)$/.test(file);
          lines.push(
            `  differs: ${file}${
              text
                ? " " + firstDifference(new TextDecoder().decode(a), new TextDecoder().decode(b))
                : " (binary)"
            }`,
          );
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
