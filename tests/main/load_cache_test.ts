/**
 * The main job with its load cache (`--cache on`, the default): a run that fills the cache, a
 * run that reads it and a run with `--cache off` write the same output folder byte for byte
 * (the report apart from its timestamp line), on the embedded sample and on a small file with
 * quarantined rows; `--cache off` writes nothing to the cache folder; a load option invalidates
 * the entry and a cleaning option does not (it cleans again and keeps that cleaning too); the
 * cleaning is kept from the first re-run on (a first run writes the load's entry only); a
 * cleaning kept by a run with `--as-of` is the whole cleaning. Each test sets its own
 * `CRM_CACHE_DIR`.
 */
import "../_helpers/cache_dir.ts";
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { runReport } from "@crm/main/run_report.ts";
import { parseReportArgs } from "@crm/options/mod.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const SAMPLE = join(ROOT, "data", "sample_online_retail.csv.gz");

/** Runs the job with `CRM_CACHE_DIR=cache`; returns its progress lines. */
async function run(args: string[], cache: string, minute: number): Promise<string[]> {
  const parsed = parseReportArgs(args);
  if (parsed.help) throw new Error("unexpected help");
  const lines: string[] = [];
  const before = Deno.env.get("CRM_CACHE_DIR");
  Deno.env.set("CRM_CACHE_DIR", cache);
  try {
    await runReport(parsed.options, {
      progress: createProgress({ write: (l) => lines.push(l) }),
      now: () => new Date(Date.UTC(2026, 0, 1, 0, minute)),
    });
  } finally {
    if (before === undefined) Deno.env.delete("CRM_CACHE_DIR");
    else Deno.env.set("CRM_CACHE_DIR", before);
  }
  return lines;
}

const hit = (lines: string[]) => lines.some((l) => / load: from cache \(/.test(l));
const filled = (lines: string[]) => lines.some((l) => / load: cached for re-runs in /.test(l));
const cleanHit = (lines: string[]) => lines.some((l) => / clean: from cache \(/.test(l));
const cleanFilled = (lines: string[]) =>
  lines.some((l) => / clean: cached for re-runs in /.test(l));

/** Every file under `dir`, by relative path. */
async function files(dir: string, under = dir): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) { for (const [k, v] of await files(path, under)) found.set(k, v); }
    else found.set(relative(under, path), await Deno.readFile(path));
  }
  return found;
}

/** Asserts two output folders are the same, the report's timestamp line apart (which differs). */
async function sameOutput(a: string, b: string): Promise<void> {
  const fa = await files(a);
  const fb = await files(b);
  deepStrictEqual([...fb.keys()].sort(), [...fa.keys()].sort());
  const dec = new TextDecoder();
  const generated = /<p class="generated">[^<]*<\/p>/;
  for (const [name, bytes] of fa) {
    if (name === "index.html") {
      const [ha, hb] = [dec.decode(bytes), dec.decode(fb.get(name)!)];
      ok(ha.match(generated)![0] !== hb.match(generated)![0], "the timestamp lines differ");
      equal(hb.replace(generated, ""), ha.replace(generated, ""), name);
    } else deepStrictEqual(fb.get(name), bytes, name);
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * The first 3,000 lines of the sample with four bad cells (a price, a date, a quantity, and a
 * date and price on one line): four rows for `--on-invalid quarantine` to set aside.
 */
async function fileWithBadRows(dir: string): Promise<string> {
  const lines = new TextDecoder().decode(gunzipSync(await Deno.readFile(SAMPLE))).split("\n")
    .slice(0, 3001);
  const spoil = (at: number, column: number, value: string) => {
    let i = at;
    while (lines[i]!.includes('"')) i++; // a line without quoted fields
    const cells = lines[i]!.split(",");
    cells[column] = value;
    lines[i] = cells.join(",");
  };
  spoil(10, 5, "abc");
  spoil(200, 4, "soon");
  spoil(1500, 3, "x");
  spoil(2500, 4, "never");
  spoil(2500, 5, "12 €");
  const path = join(dir, "orders with bad rows.csv");
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

/** Runs `fn` with a new temporary folder, removed afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "crm-job-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Runs the job four ways in `dir`: `--cache off`, filling the cache (the load's entry), from it
 * (the load restored; the cleaning kept), and from both; the same output every time.
 */
async function threeRuns(dir: string, args: string[]): Promise<{ out: string }> {
  const cache = join(dir, "cache");
  const outs = ["off", "fill", "hit", "both"].map((n) => join(dir, n));
  const off = await run([...args, "--out", outs[0]!, "--cache", "off"], cache, 1);
  equal(await exists(cache), false, "--cache off wrote to the cache folder");
  ok(
    !off.some((l) => /(load|xlsx): (from cache|cached|cache|using cache) /.test(l)),
    off.join("\n"),
  );
  const fill = await run([...args, "--out", outs[1]!], cache, 2);
  ok(filled(fill) && !hit(fill) && !cleanFilled(fill) && !cleanHit(fill), fill.join("\n"));
  const again = await run([...args, "--out", outs[2]!], cache, 3);
  ok(hit(again) && !filled(again) && cleanFilled(again) && !cleanHit(again), again.join("\n"));
  const both = await run([...args, "--out", outs[3]!], cache, 4);
  ok(hit(both) && cleanHit(both) && !cleanFilled(both), both.join("\n"));
  await sameOutput(outs[0]!, outs[1]!);
  await sameOutput(outs[0]!, outs[2]!);
  await sameOutput(outs[0]!, outs[3]!);
  return { out: outs[3]! };
}

Deno.test({
  name:
    "the job on the embedded sample writes the same folder with the cache off, filling it and from it (load, then cleaning)",
  sanitizeResources: false,
  fn: async () => {
    await inTempDir((dir) =>
      threeRuns(dir, ["--data", SAMPLE, "--intervals", "none"]).then(() => {})
    );
  },
});

Deno.test({
  name: "a file with quarantined rows: the same rejected rows, ledger and report from the cache",
  sanitizeResources: false,
  fn: () =>
    inTempDir(async (dir) => {
      const path = await fileWithBadRows(dir);
      const { out } = await threeRuns(dir, [
        "--data",
        path,
        "--on-invalid",
        "quarantine",
        "--intervals",
        "none",
      ]);
      const rejected = (await Deno.readTextFile(join(out, "tables", "rejected_rows.csv")))
        .trimEnd().split("\n");
      deepStrictEqual(rejected.slice(1).map((l) => l.split(",").at(-1)), [
        "invalid-number",
        "invalid-date",
        "invalid-number",
        "invalid-date; invalid-number",
      ]);
      const ledger = await Deno.readTextFile(join(out, "tables", "cleaning_ledger.csv"));
      equal(ledger.split("\n")[1], "0,load,3000,4,0,2996");
    }),
});

Deno.test({
  name: "a load option invalidates the job's cached load; a cleaning option reuses it",
  sanitizeResources: false,
  fn: () =>
    inTempDir(async (dir) => {
      const cache = join(dir, "cache");
      const path = await fileWithBadRows(dir);
      const base = ["--data", path, "--on-invalid", "quarantine", "--intervals", "none"];
      const out = (n: string) => ["--out", join(dir, n)];
      ok(filled(await run([...base, ...out("a")], cache, 1)));
      // cleaning and analysis options read the same loaded table; a cleaning option cleans
      // again (and keeps that cleaning too), an analysis option does not
      const classic = await run([...base, ...out("b"), "--preset", "classic"], cache, 2);
      ok(hit(classic) && !cleanHit(classic) && cleanFilled(classic), classic.join("\n"));
      const seeded = await run(
        [...base, ...out("b2"), "--preset", "classic", "--seed", "7"],
        cache,
        2,
      );
      ok(hit(seeded) && cleanHit(seeded), seeded.join("\n"));
      // a load option: the date format (the same dates, written out), the decimal separator
      const dated = [...base, "--date-format", "%Y-%m-%d %H:%M:%S"];
      const d1 = await run([...dated, ...out("c")], cache, 3);
      ok(filled(d1) && !hit(d1), d1.join("\n"));
      ok(hit(await run([...dated, ...out("d")], cache, 4)));
      const point = await run([...base, ...out("e"), "--decimal", "."], cache, 5);
      ok(!hit(point), point.join("\n"));
      // the first options still find their entry
      ok(hit(await run([...base, ...out("f")], cache, 6)));
      // the same dates read with the detected format and with --date-format: the same tables
      // (the report differs in its command line)
      await sameOutput(join(dir, "a", "tables"), join(dir, "c", "tables"));
    }),
});

Deno.test({
  name:
    "a cleaning kept from a run with --as-of is the whole cleaning: runs without it and with it match --cache off",
  sanitizeResources: false,
  fn: () =>
    inTempDir(async (dir) => {
      const cache = join(dir, "cache");
      const base = ["--data", SAMPLE, "--intervals", "none"];
      const asOf = ["--as-of", "2011-09-01"];
      const out = (n: string) => ["--out", join(dir, n)];
      // a re-run keeps its cleaning while its --as-of window removes lines from it
      ok(filled(await run([...base, ...out("first")], cache, 0)));
      const windowed = await run([...base, ...asOf, ...out("a")], cache, 1);
      ok(cleanFilled(windowed), windowed.join("\n"));
      const whole = await run([...base, ...out("b")], cache, 2);
      ok(cleanHit(whole), whole.join("\n"));
      await run([...base, ...out("b-off"), "--cache", "off"], cache, 3);
      await sameOutput(join(dir, "b-off"), join(dir, "b"));
      const again = await run([...base, ...asOf, ...out("c")], cache, 4);
      ok(cleanHit(again), again.join("\n"));
      await run([...base, ...asOf, ...out("c-off"), "--cache", "off"], cache, 5);
      await sameOutput(join(dir, "c-off"), join(dir, "c"));
    }),
});
