/**
 * Benchmark stage: DuckDB's bare `SELECT count(*) FROM read_csv(file)`, then the workspace's load
 * and clean of the same file, in one process. Prints one JSON line.
 * Usage: deno run -A bench/load_clean_stage.ts FILE [preset]
 */
import { openDb, quoteLiteral } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import type { Preset } from "@crm/clean/mod.ts";
import { report, timed } from "./_measure.ts";

const [file, preset = "recommended"] = Deno.args;
if (!file) throw new Error("usage: load_clean_stage.ts FILE [preset]");
const db = await openDb();
// Warm the OS file cache so both measurements read from memory.
await db.all(`SELECT count(*) AS n FROM read_csv(${quoteLiteral(file)})`);
const [bare, bareSeconds] = await timed(() =>
  db.one<{ n: number }>(`SELECT count(*) AS n FROM read_csv(${quoteLiteral(file)})`)
);
const [load, loadSeconds] = await timed(() => loadTransactions(db, { path: file }));
const [clean, cleanSeconds] = await timed(() => cleanTransactions(db, { preset: preset as Preset }));
report({
  stage: "load+clean",
  file,
  preset,
  rows: bare.n,
  rowsLoaded: load.rowsLoaded,
  rowsClean: clean.rowsClean,
  bareScanSeconds: bareSeconds,
  loadSeconds,
  cleanSeconds,
  ratio: (loadSeconds + cleanSeconds) / bareSeconds,
});
db.close();
