import { deepStrictEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { openDb } from "../../lib/db/mod.ts";
import { plan, runGraph, stage } from "../../lib/pipeline/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

interface R {
  a: number;
  b: number;
  c: number;
  d: number;
}
const s = stage<R, Record<string, never>>();
const quiet = createProgress({ write: () => {} });

Deno.test("plan() keeps the stages a target needs, in declaration order, and refuses cycles and unknown needs", () => {
  const stages = [
    s({ id: "a", label: "a", needs: [], run: () => Promise.resolve(1) }),
    s({ id: "b", label: "b", needs: ["a"], run: (_c, r) => Promise.resolve(r.a + 1) }),
    s({ id: "c", label: "c", needs: [], run: () => Promise.resolve(3) }),
    s({ id: "d", label: "d", needs: ["b", "c"], run: (_c, r) => Promise.resolve(r.b + r.c) }),
  ];
  deepStrictEqual(plan(stages, ["b"]).map((x) => x.id), ["a", "b"]);
  deepStrictEqual(plan(stages, ["d"]).map((x) => x.id), ["a", "b", "c", "d"]);
  throws(
    () => plan([s({ id: "a", label: "a", needs: ["d"], run: () => Promise.resolve(1) })], ["a"]),
    /"a" needs "d", which no stage produces/,
  );
  const cyclic = [
    s({ id: "a", label: "a", needs: ["b"], run: () => Promise.resolve(1) }),
    s({ id: "b", label: "b", needs: ["a"], run: () => Promise.resolve(1) }),
  ];
  throws(() => plan(cyclic, ["a"]), /needs itself/);
});

Deno.test("runGraph() runs independent stages at the same time, each on a connection of its own", async () => {
  const db = await openDb();
  let release: () => void = () => {};
  const bStarted = new Promise<void>((resolve) => (release = resolve));
  const stages = [
    // a waits for b to start: run one after the other, this would never finish.
    s({
      id: "a",
      label: "a",
      needs: [],
      run: async (ctx) => {
        await ctx.db.run("CREATE TEMP TABLE t AS SELECT 1 AS x");
        await bStarted;
        return (await ctx.db.one<{ x: number }>("SELECT x FROM t")).x;
      },
    }),
    s({
      id: "b",
      label: "b",
      needs: [],
      run: async (ctx) => {
        release();
        // Temporary tables are per connection: b's own t does not clash with a's.
        await ctx.db.run("CREATE TEMP TABLE t AS SELECT 2 AS x");
        return (await ctx.db.one<{ x: number }>("SELECT x FROM t")).x;
      },
    }),
    s({ id: "c", label: "c", needs: ["a", "b"], run: (_c, r) => Promise.resolve(r.a * 10 + r.b) }),
  ];
  const timings: Record<string, number> = {};
  const lines: string[] = [];
  const r = await runGraph(stages, {
    db,
    options: {},
    progress: createProgress({ write: (l) => lines.push(l) }),
    timings,
  });
  db.close();
  deepStrictEqual(r, { a: 1, b: 2, c: 12 });
  deepStrictEqual(Object.keys(timings).sort(), ["a", "b", "c"]);
  equal(lines.length, 6); // a start and an end line per stage
});

Deno.test("runGraph() stops starting stages after a failure and throws it once the others settle", async () => {
  const db = await openDb();
  let settled = false;
  let started = false;
  const boom = new Error("boom");
  const stages = [
    s({ id: "a", label: "a", needs: [], run: () => Promise.reject(boom) }),
    s({
      id: "b",
      label: "b",
      needs: [],
      run: async () => {
        await new Promise((r) => setTimeout(r, 30));
        settled = true;
        return 2;
      },
    }),
    s({
      id: "c",
      label: "c",
      needs: ["a"],
      run: () => {
        started = true;
        return Promise.resolve(3);
      },
    }),
  ];
  await rejects(runGraph(stages, { db, options: {}, progress: quiet }), (e) => e === boom);
  db.close();
  ok(settled, "the running stage finished before the error was thrown");
  ok(!started, "a stage that needs the failed one never starts");
});

Deno.test("runGraph() computes only what the targets need, and reuses results already done", async () => {
  const db = await openDb();
  const runs: string[] = [];
  const stages = [
    s({ id: "a", label: "a", needs: [], run: () => Promise.resolve((runs.push("a"), 1)) }),
    s({
      id: "b",
      label: "b",
      needs: ["a"],
      run: (_c, r) => Promise.resolve((runs.push("b"), r.a + 1)),
    }),
    s({ id: "c", label: "c", needs: [], run: () => Promise.resolve((runs.push("c"), 3)) }),
  ];
  const first = await runGraph(stages, { db, options: {}, progress: quiet, targets: ["a"] });
  const second = await runGraph(stages, {
    db,
    options: {},
    progress: quiet,
    targets: ["b"],
    done: first,
  });
  db.close();
  deepStrictEqual(second, { a: 1, b: 2 });
  deepStrictEqual(runs, ["a", "b"]);
});

Deno.test("runGraph() calls onResult as each result is stored, before the stages that need it run", async () => {
  const seen: string[] = [];
  const stages = [
    s({ id: "a", label: "a", needs: [], run: () => Promise.resolve(1) }),
    s({
      id: "b",
      label: "b",
      needs: ["a"],
      run: (_c, r) => {
        seen.push("b runs");
        return Promise.resolve(r.a + 1);
      },
    }),
  ];
  const db = await openDb();
  try {
    const r = await runGraph(stages, {
      db,
      options: {},
      progress: quiet,
      onResult: (id, results) => seen.push(`${id} = ${results[id]}`),
    });
    deepStrictEqual(r, { a: 1, b: 2 });
    deepStrictEqual(seen, ["a = 1", "b runs", "b = 2"]);
  } finally {
    db.close();
  }
});
