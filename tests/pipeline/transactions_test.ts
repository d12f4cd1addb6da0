/**
 * The transaction-log input kind as the main job runs it: the raw table is dropped once cleaned
 * (memory at ten million rows), and no later stage reads it; the analyses after cleaning get the
 * thread count the job asks for (it loads and cleans on every core).
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { deepStrictEqual } from "node:assert/strict";
import { join } from "node:path";
import { openDb } from "@crm/db/mod.ts";
import { parseReportArgs } from "@crm/options/mod.ts";
import { runKind, TRANSACTIONS } from "@crm/pipeline/mod.ts";
import { createProgress, fromFileUrl } from "@crm/util/mod.ts";

const SAMPLE = join(
  fromFileUrl(new URL("../../", import.meta.url)),
  "data",
  "sample_online_retail.csv.gz",
);

Deno.test("runKind(TRANSACTIONS): with dropRawAfterClean the raw table is gone after cleaning and every stage still runs", async () => {
  const parsed = parseReportArgs(["--data", SAMPLE]);
  if (parsed.help) throw new Error("unexpected help");
  const progress = createProgress({ write: () => {} });
  const tables = async (drop: boolean) => {
    const db = await openDb();
    try {
      const run = await runKind(TRANSACTIONS, {
        map: undefined,
        rejectsPath: join(await Deno.makeTempDir(), "rejected_rows.csv"),
        dropRawAfterClean: drop,
      }, { db, options: parsed.options, progress });
      const names = (await db.all<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('raw_transactions', 'clean_transactions') ORDER BY 1",
      )).map((r) => r.name);
      return { names, stages: Object.keys(run.results).sort() };
    } finally {
      db.close();
    }
  };
  const kept = await tables(false);
  const dropped = await tables(true);
  deepStrictEqual(kept.names, ["clean_transactions", "raw_transactions"]);
  deepStrictEqual(dropped.names, ["clean_transactions"]);
  deepStrictEqual(dropped.stages, kept.stages);
});

Deno.test("runKind(TRANSACTIONS): with threadsAfterClean the database has that many DuckDB threads once cleaned", async () => {
  const parsed = parseReportArgs(["--data", SAMPLE]);
  if (parsed.help) throw new Error("unexpected help");
  const threadsAfter = async (after: number | undefined) => {
    const db = await openDb({ threads: 2 });
    try {
      await runKind(TRANSACTIONS, {
        map: undefined,
        rejectsPath: join(await Deno.makeTempDir(), "rejected_rows.csv"),
        ...(after !== undefined ? { threadsAfterClean: after } : {}),
      }, { db, options: parsed.options, progress: createProgress({ write: () => {} }) });
      return (await db.one<{ t: number }>("SELECT current_setting('threads') AS t")).t;
    } finally {
      db.close();
    }
  };
  deepStrictEqual(await threadsAfter(1), 1);
  deepStrictEqual(await threadsAfter(undefined), 2);
});
