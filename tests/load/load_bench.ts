/**
 * Load time vs DuckDB's bare scan on the real Online Retail II file (not a test):
 *
 *     deno run -A tests/load/load_bench.ts [file] [runs]
 *
 * Prints the median of `runs` alternating runs of `SELECT count(*) FROM read_csv(file)`
 * and `loadTransactions()`, each on a fresh in-memory database, and their ratio, as wall
 * time and as process CPU time (user + system; steadier when other jobs share the cores).
 *
 * @module
 */
import process from "node:process";
import { fileURLToPath } from "node:url";
import { openDb, quoteLiteral } from "../../lib/db/db.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";

const file = Deno.args[0] ??
  fileURLToPath(
    new URL("../../../shared/data/online_retail_II_year2010-2011.csv.gz", import.meta.url),
  );
const runs = Number(Deno.args[1] ?? 7);
const silent = createProgress({ write: () => {} });

async function timed(
  fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<unknown>,
): Promise<{ wall: number; cpu: number }> {
  const db = await openDb();
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn(db);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall, cpu: (c.user + c.system) / 1000 };
  } finally {
    db.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bare: { wall: number; cpu: number }[] = [];
const load: { wall: number; cpu: number }[] = [];
for (let i = 0; i < runs; i++) {
  bare.push(await timed((db) => db.all(`SELECT count(*) FROM read_csv(${quoteLiteral(file)})`)));
  load.push(await timed((db) => loadTransactions(db, { path: file, progress: silent })));
}
console.log(`file: ${file}, ${runs} runs each, medians in ms`);
for (const key of ["wall", "cpu"] as const) {
  const b = median(bare.map((r) => r[key]));
  const l = median(load.map((r) => r[key]));
  console.log(
    `${key.padEnd(4)}  bare count(*) ${b.toFixed(0).padStart(5)}  load ${
      l.toFixed(0).padStart(5)
    }  ratio ${(l / b).toFixed(2)}`,
  );
}
