import { doesNotMatch, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { constants, createGzip } from "node:zlib";
import { openDb, quoteLiteral } from "../../lib/db/mod.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { cleanTransactions } from "../../lib/clean/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { generateLines, random } from "./_generate.ts";
import { parseCsv, readTables, uciDelimited, uciRows, writeWorkbook } from "./_fixtures.ts";
import { cli, runMain } from "./_run.ts";

// The bad-file corpus: every case ends with exit code 0 or 2 (never 1), prints no stack trace,
// and a refusal says what is wrong with which file.

const LINES = generateLines({
  seed: 3,
  customers: 40,
  maxOrders: 4,
  maxLines: 3,
  start: new Date("2011-01-03T00:00:00Z"),
  days: 300,
  withTime: true,
  ids: "uci",
});
const CSV = uciDelimited(uciRows(LINES), { delimiter: "," });

function bytes(n: number, seed: number): Uint8Array {
  const r = random(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

/** A gzip stream of `text` cut right after a full flush: a shorter but valid-looking stream. */
async function flushCut(text: string, keep: number): Promise<Uint8Array> {
  const gz = createGzip();
  const chunks: Uint8Array[] = [];
  gz.on("data", (c: Uint8Array) => chunks.push(c));
  gz.write(new TextEncoder().encode(text.slice(0, keep)));
  await new Promise<void>((resolve) => gz.flush(constants.Z_FULL_FLUSH, () => resolve()));
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), at += c.length);
  return out;
}

interface Case {
  readonly name: string;
  readonly file: string;
  readonly write: (path: string) => Promise<void>;
  readonly args?: readonly string[];
  readonly code: 0 | 2;
  readonly message?: RegExp;
}

const whole = gzipSync(new TextEncoder().encode(CSV));
// the CSV text, cut at a line end, so a flush-cut stream decodes to whole lines
const cutAt = CSV.indexOf("\n", Math.floor(CSV.length / 2)) + 1;

const CASES: readonly Case[] = [
  {
    name: "a gzip file cut in the middle",
    file: "orders.csv.gz",
    write: (p) => Deno.writeFile(p, whole.subarray(0, Math.floor(whole.length * 0.6))),
    code: 2,
    message: /the gzip data is truncated or damaged/,
  },
  {
    name: "a gzip stream cut after a flush (DuckDB alone reads it as a shorter file)",
    file: "orders.csv.gz",
    write: async (p) => Deno.writeFile(p, await flushCut(CSV, cutAt)),
    code: 2,
    message: /the gzip data is truncated or damaged/,
  },
  {
    name: "a plain CSV named .csv.gz",
    file: "orders.csv.gz",
    write: (p) => Deno.writeTextFile(p, CSV),
    code: 2,
    message: /is named \.gz but is not gzip-compressed \(it looks like plain text\)/,
  },
  {
    name: "random bytes named .parquet",
    file: "orders.parquet",
    write: (p) => Deno.writeFile(p, bytes(5000, 1)),
    code: 2,
    message: /is not a readable Parquet file/,
  },
  {
    name: "a Parquet file cut in half",
    file: "orders.parquet",
    write: async (p) => {
      const csv = `${p}.csv`;
      await Deno.writeTextFile(csv, CSV);
      const db = await openDb({ threads: 1 });
      try {
        await db.run(
          `COPY (SELECT * FROM read_csv(${quoteLiteral(csv)})) TO ${
            quoteLiteral(`${p}.full`)
          } (FORMAT parquet)`,
        );
      } finally {
        db.close();
      }
      const full = await Deno.readFile(`${p}.full`);
      await Deno.writeFile(p, full.subarray(0, Math.floor(full.length / 2)));
    },
    code: 2,
    message: /is not a readable Parquet file/,
  },
  {
    name: "random bytes named .xlsx",
    file: "orders.xlsx",
    write: (p) => Deno.writeFile(p, bytes(5000, 2)),
    code: 2,
    message: /is not a readable \.xlsx workbook/,
  },
  {
    name: "a workbook cut in half",
    file: "orders.xlsx",
    write: async (p) => {
      await writeWorkbook(`${p}.full.xlsx`, [{ name: "Orders", lines: LINES }]);
      const full = await Deno.readFile(`${p}.full.xlsx`);
      await Deno.writeFile(p, full.subarray(0, Math.floor(full.length / 2)));
    },
    code: 2,
    message: /is not a readable \.xlsx workbook/,
  },
  {
    name: "a CSV named .xlsx",
    file: "orders.xlsx",
    write: (p) => Deno.writeTextFile(p, CSV),
    code: 2,
    message: /is not a readable \.xlsx workbook \(it looks like plain text\)/,
  },
  {
    name: "an old .xls workbook named .xlsx",
    file: "orders.xlsx",
    write: (p) =>
      Deno.writeFile(
        p,
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...bytes(3000, 3)]),
      ),
    code: 2,
    message: /is an old Excel \.xls workbook, not \.xlsx/,
  },
  {
    name: "random bytes named .csv",
    file: "orders.csv",
    write: (p) => Deno.writeFile(p, bytes(5000, 4)),
    code: 2,
    message: /the file is not text \(it looks like binary data\)/,
  },
  {
    name: "a Parquet file named .csv",
    file: "orders.csv",
    write: (p) => Deno.writeFile(p, new Uint8Array([0x50, 0x41, 0x52, 0x31, ...bytes(100, 5)])),
    code: 2,
    message: /the file is not text \(it looks like a Parquet file\)/,
  },
  {
    name: "UTF-16 text with a byte-order mark (Excel's Unicode Text), read",
    file: "orders.txt",
    write: (p) => {
      const units = [0xfeff, ...[...CSV].map((c) => c.charCodeAt(0))];
      return Deno.writeFile(p, new Uint8Array(new Uint16Array(units).buffer));
    },
    code: 0,
  },
  {
    name: "UTF-16 text without a byte-order mark",
    file: "orders.csv",
    write: (p) => {
      const units = [...CSV.slice(0, 2000)].map((c) => c.charCodeAt(0));
      return Deno.writeFile(p, new Uint8Array(new Uint16Array(units).buffer));
    },
    code: 2,
    message: /it looks like UTF-16 text without a byte-order mark/,
  },
  {
    name: "a price beyond 10^15",
    file: "orders.csv",
    write: (p) => Deno.writeTextFile(p, CSV.replace(/,(\d+\.\d\d),(\d+),/, ",2e16,$2,")),
    code: 2,
    message: /Cannot parse price .*: beyond ±10\^15/,
  },
  {
    name: "a price beyond 10^15, quarantined",
    file: "orders.csv",
    write: (p) => Deno.writeTextFile(p, CSV.replace(/,(\d+\.\d\d),(\d+),/, ",2e16,$2,")),
    args: ["--on-invalid", "quarantine"],
    code: 0,
  },
  {
    name: "every row cancelled",
    file: "orders.csv",
    write: (p) =>
      Deno.writeTextFile(
        p,
        uciDelimited(
          uciRows(LINES).map((r) => [`C${r[0]}`, r[1]!, r[2]!, `-${r[3]}`, ...r.slice(4)]),
          { delimiter: "," },
        ),
      ),
    code: 2,
    message: /no rows are left: step \d \(cancellation: .*\) removed the last \d+ of \d+ rows/,
  },
];

for (const c of CASES) {
  Deno.test(`bad file: ${c.name} exits ${c.code} with a message and no stack trace`, async () => {
    const dir = await Deno.makeTempDir();
    const data = join(dir, c.file);
    await c.write(data);
    const out = join(dir, "report");
    const run = await cli(["--data", data, "--out", out, ...(c.args ?? [])]);
    equal(run.code, c.code, run.stderr);
    doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    doesNotMatch(run.stderr, /Uncaught/);
    if (c.message) {
      match(run.stderr, c.message);
      match(run.stderr, /\nhint: /, "a hint says what to do");
      ok(run.stderr.includes(data), "the message names the file");
    }
  });
}

Deno.test("bad file: every row cancelled writes the ledger that shows it before exiting 2", async () => {
  const dir = await Deno.makeTempDir();
  const data = join(dir, "orders.csv");
  const rows = uciRows(LINES).map((r) => [`C${r[0]}`, r[1]!, r[2]!, `-${r[3]}`, ...r.slice(4)]);
  await Deno.writeTextFile(data, uciDelimited(rows, { delimiter: "," }));
  const out = join(dir, "report");
  const run = await runMain(["--data", data, "--out", out]);
  equal(run.code, 2);
  const ledger = parseCsv(await Deno.readTextFile(join(out, "tables", "cleaning_ledger.csv")));
  const cancel = ledger.find((r) => r.rule === "cancellation")!;
  equal(Number(cancel.rows_removed), LINES.length);
  equal(Number(cancel.rows_out), 0);
});

Deno.test("bad file: line totals of 10^12 and more add up exactly (no DECIMAL overflow)", async () => {
  const dir = await Deno.makeTempDir();
  const data = join(dir, "orders.csv");
  // every price times 10^10: line totals from 2 × 10^10 to 6 × 10^12
  const rows = uciRows(LINES).map((r) => [...r.slice(0, 5), `${r[5]}e10`, ...r.slice(6)]);
  await Deno.writeTextFile(data, uciDelimited(rows, { delimiter: "," }));
  const out = join(dir, "report");
  const run = await runMain(["--data", data, "--out", out, "--outliers", "keep"]);
  equal(run.code, 0, run.error?.message);
  const { summary } = await readTables(out);
  const cents = LINES.reduce((s, l) => s + BigInt(l.amountCents), 0n);
  ok(LINES.some((l) => l.amountCents * 1e8 >= 1e12), "some line total is at least 10^12");
  // revenue = Σ line totals × 10^10 / 100; compare to 6 significant digits of the JSON value
  const want = Number(cents) * 1e8;
  ok(Math.abs(Number(summary.revenue) - want) / want < 1e-9, `${summary.revenue} vs ${want}`);
});

Deno.test("bad file: one customer loads and cleans fine", async () => {
  const dir = await Deno.makeTempDir();
  const data = join(dir, "one.csv");
  const one = LINES.filter((l) => l.customer === LINES[0]!.customer);
  await Deno.writeTextFile(data, uciDelimited(uciRows(one), { delimiter: "," }));
  const db = await openDb({ threads: 1 });
  try {
    const quiet = createProgress({ write: () => {} });
    const load = await loadTransactions(db, { path: data, progress: quiet });
    const clean = await cleanTransactions(db, { rowsRead: load.rowsRead, schema: load.schema });
    equal(clean.rowsClean, one.length);
  } finally {
    db.close();
  }
  // the whole job ends with 0 or 2, never a crash
  const run = await cli(["--data", data, "--out", join(dir, "report")]);
  ok(run.code === 0 || run.code === 2, run.stderr);
  doesNotMatch(run.stderr, /\n\s+at /);
});

// ---------------------------------------------------------------------------------------------
// Small data and the output folder.

Deno.test({
  name: "one customer produces a report (exit 0)",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const data = join(dir, "one.csv");
    const one = LINES.filter((l) => l.customer === LINES[0]!.customer);
    await Deno.writeTextFile(data, uciDelimited(uciRows(one), { delimiter: "," }));
    const run = await cli(["--data", data, "--out", join(dir, "report")]);
    equal(run.code, 0, run.stderr);
  },
});

Deno.test({
  name: "--out naming an existing file exits 2 and leaves the file",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const data = join(dir, "orders.csv");
    await Deno.writeTextFile(data, CSV);
    const out = join(dir, "report.html");
    await Deno.writeTextFile(out, "mine");
    const run = await cli(["--data", data, "--out", out]);
    equal(run.code, 2, run.stderr);
    doesNotMatch(run.stderr, /\n\s+at /);
    equal(await Deno.readTextFile(out), "mine");
  },
});

Deno.test({
  name: "a re-run replaces the previous files: no stale rejected_rows.csv, nothing half-written",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const data = join(dir, "orders.csv");
    const out = join(dir, "report");
    await Deno.writeTextFile(data, CSV.replace(/,(\d+\.\d\d),(\d+),/, ",n/a,$2,"));
    equal((await cli(["--data", data, "--out", out, "--on-invalid", "quarantine"])).code, 0);
    ok((await Deno.stat(join(out, "tables", "rejected_rows.csv"))).isFile);
    await Deno.writeTextFile(data, CSV);
    equal((await cli(["--data", data, "--out", out])).code, 0);
    const stale = await Deno.stat(join(out, "tables", "rejected_rows.csv")).then(
      () => true,
      () => false,
    );
    equal(stale, false, "rejected_rows.csv of the earlier run is gone");
    // a failing run leaves the previous report as it was
    await Deno.writeTextFile(data, "");
    equal((await cli(["--data", data, "--out", out])).code, 2);
    ok((await Deno.stat(join(out, "index.html"))).isFile);
  },
});
