/**
 * Run by tests/db/db_test.ts in a process of its own: opens a database with `openDb`, fills a
 * table of about 450 MB, drops it, and prints one JSON line with the process's resident memory
 * (MB) before the table, with it, and the lowest seen in the `seconds` after the drop.
 *
 * Usage: deno run -A tests/db/_memory_probe.ts [seconds]
 *
 * @module
 */
import { openDb } from "../../lib/db/mod.ts";

const seconds = Number(Deno.args[0] ?? 5);
const rss = () => Deno.memoryUsage().rss / 1e6;
const db = await openDb({ threads: 2 });
const before = rss();
await db.run("CREATE TABLE t AS SELECT range AS x, md5(range::VARCHAR) AS s FROM range(8000000)");
const loaded = rss();
await db.run("DROP TABLE t");
let after = rss();
for (
  let waited = 0;
  waited < seconds * 1000 && loaded - after < 0.8 * (loaded - before);
  waited += 100
) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  after = Math.min(after, rss());
}
db.close();
console.log(JSON.stringify({ before, loaded, after }));
