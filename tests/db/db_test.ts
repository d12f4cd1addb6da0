import { deepStrictEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { tmpdir } from "node:os";
import { openDb, sideBySideThreads, soloThreads } from "../../lib/db/mod.ts";

Deno.test("openDb() converts BIGINT to number, TIMESTAMP to Date, lists of them too", async () => {
  const db = await openDb();
  try {
    deepStrictEqual(
      await db.all(
        "SELECT 12345678901::BIGINT AS n, TIMESTAMP '2011-12-09 12:50:00' AS t, [1::BIGINT, 2] AS l",
      ),
      [{ n: 12345678901, t: new Date("2011-12-09T12:50:00Z"), l: [1, 2] }],
    );
    deepStrictEqual(await db.columns("SELECT range AS r FROM range(3)"), { r: [0, 1, 2] });
    await rejects(() => db.one("SELECT 1 WHERE false"), /Cannot read one row: query returned none/);
  } finally {
    db.close();
  }
});

Deno.test("Db.fork() is a second connection: it sees committed tables, not temporary ones, and runs at the same time", async () => {
  const db = await openDb();
  try {
    await db.run("CREATE TABLE shared AS SELECT range AS i FROM range(10)");
    await db.run("CREATE TEMP TABLE mine AS SELECT 1 AS x");
    const side = await db.fork!();
    equal((await side.one<{ n: number }>("SELECT sum(i) AS n FROM shared")).n, 45);
    await rejects(() => side.all("SELECT * FROM mine"), /mine/);
    // two statements in flight, one per connection
    const [a, b] = await Promise.all([
      db.run("CREATE TABLE a AS SELECT range AS i FROM range(100000)"),
      side.run("CREATE TABLE b AS SELECT range AS i FROM range(200000)"),
    ]);
    deepStrictEqual([a, b], [undefined, undefined]);
    side.close();
    // closing the fork leaves the database open
    deepStrictEqual(
      await db.one("SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b"),
      { a: 100000, b: 200000 },
    );
  } finally {
    db.close();
  }
});

Deno.test("Db.columns() returns empty arrays for a query without rows", async () => {
  const db = await openDb();
  try {
    const cols = await db.columns("SELECT 1 AS a, 'x' AS b WHERE false");
    deepStrictEqual(cols, { a: [], b: [] });
  } finally {
    db.close();
  }
});

Deno.test("openDb() takes its thread count from CRM_THREADS unless given one (default 1)", async () => {
  const before = Deno.env.get("CRM_THREADS");
  const threads = async (db: Awaited<ReturnType<typeof openDb>>) =>
    Number((await db.one<{ t: number }>("SELECT current_setting('threads') AS t")).t);
  try {
    Deno.env.delete("CRM_THREADS");
    let db = await openDb();
    equal(await threads(db), 1, "the default: one thread");
    db.close();
    Deno.env.set("CRM_THREADS", "3");
    db = await openDb();
    equal(await threads(db), 3);
    db.close();
    db = await openDb({ threads: 1 });
    equal(await threads(db), 1, "an explicit count wins");
    db.close();
    for (const bad of ["0", "-1", "2.5", "all", "1e3"]) {
      Deno.env.set("CRM_THREADS", bad);
      await rejects(
        () => openDb(),
        (e: Error) =>
          e.name === "OptionError" &&
          e.message.includes(`CRM_THREADS must be a whole number of at least 1`) &&
          e.message.includes(`current value is "${bad}"`),
      );
    }
  } finally {
    if (before === undefined) Deno.env.delete("CRM_THREADS");
    else Deno.env.set("CRM_THREADS", before);
  }
});

Deno.test("soloThreads() is every core and sideBySideThreads() one, unless CRM_THREADS says how many", () => {
  const before = Deno.env.get("CRM_THREADS");
  try {
    Deno.env.delete("CRM_THREADS");
    equal(soloThreads(), navigator.hardwareConcurrency);
    equal(sideBySideThreads(), 1);
    Deno.env.set("CRM_THREADS", "3");
    equal(soloThreads(), 3);
    equal(sideBySideThreads(), 3);
    Deno.env.set("CRM_THREADS", "none");
    throws(() => soloThreads(), /CRM_THREADS must be a whole number of at least 1/);
  } finally {
    if (before === undefined) Deno.env.delete("CRM_THREADS");
    else Deno.env.set("CRM_THREADS", before);
  }
});

Deno.test("a query beyond the memory limit spills under the system's temporary folder, never the working folder, and the spill is gone once closed", async () => {
  const before = Deno.cwd();
  const cwd = await Deno.makeTempDir();
  const exists = (p: string) => {
    try {
      Deno.statSync(p);
      return true;
    } catch {
      return false;
    }
  };
  Deno.chdir(cwd);
  try {
    const db = await openDb({ threads: 1 });
    const spill = (await db.one<{ t: string }>("SELECT current_setting('temp_directory') AS t")).t;
    try {
      ok(spill.startsWith(tmpdir()), spill);
      await db.run("SET memory_limit = '100MB'");
      await db.run(
        "CREATE TABLE t AS SELECT range AS x, md5(range::VARCHAR) AS s FROM range(2000000)",
      );
      await db.run("CREATE TABLE sorted AS SELECT * FROM t ORDER BY s");
      ok(exists(spill), "the sort went out of core");
      equal((await db.one<{ n: number }>("SELECT count(*) AS n FROM sorted")).n, 2_000_000);
      deepStrictEqual([...Deno.readDirSync(cwd)], [], "nothing in the working folder");
    } finally {
      db.close();
    }
    equal(exists(spill), false, "removed on close");
  } finally {
    Deno.chdir(before);
  }
});

Deno.test({
  // DuckDB's Linux builds allocate through their own jemalloc, whose freed pages this is about.
  name:
    "a dropped table's memory goes back to the system within seconds (DuckDB's allocator threads), not kept under what the process allocates next",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const probe = new URL("./_memory_probe.ts", import.meta.url);
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", probe.pathname, "5"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(code, 0, new TextDecoder().decode(stderr));
    const { before, loaded, after } = JSON.parse(new TextDecoder().decode(stdout)) as {
      before: number;
      loaded: number;
      after: number;
    };
    ok(loaded - before > 300, `the table took ${loaded - before} MB`);
    ok(
      loaded - after >= 0.8 * (loaded - before),
      `${loaded - after} of ${loaded - before} MB returned after the drop`,
    );
  },
});

Deno.test("storeCompressed(): tables created after it, on this connection and on later forks, are compressed by compact() and read back the same; tables created before are still found", async () => {
  const db = await openDb({ threads: 2 });
  const tableBytes = async () =>
    (await db.one<{ b: number }>(
      "SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'",
    )).b;
  try {
    await db.run("CREATE TABLE before_switch AS SELECT range AS x FROM range(3)");
    await db.storeCompressed!();
    await db.storeCompressed!(); // a second call changes nothing
    const lines = `SELECT range AS line, 'customer ' || (range % 1000) AS customer,
      (range % 97) * 1.25 AS price, TIMESTAMP '2011-01-01' + INTERVAL (range % 500) DAY AS day
      FROM range(2000000)`;
    await db.run(`CREATE TABLE lines AS ${lines}`);
    const other = await db.fork!();
    try {
      await other.run(
        "CREATE TABLE per_customer AS SELECT customer, sum(price) AS spend FROM lines GROUP BY ALL",
      );
      const digest = `SELECT count(*) AS n, sum(hash(line, customer, price, day)) AS h FROM lines`;
      const expected = await db.one(digest);
      const uncompressed = await tableBytes();
      await db.compact!();
      const compressed = await tableBytes();
      ok(compressed * 5 < uncompressed, `${uncompressed} → ${compressed} bytes`);
      deepStrictEqual(await other.one(digest), expected);
      const changed = await other.all(`SELECT * FROM (${lines}) EXCEPT SELECT * FROM lines`);
      equal(changed.length, 0, "every line reads back as written");
      equal((await db.one<{ n: number }>("SELECT count(*) AS n FROM per_customer")).n, 1000);
      equal((await other.one<{ n: number }>("SELECT count(*) AS n FROM before_switch")).n, 3);
      const catalogs = await db.all<{ t: string; c: string }>(
        "SELECT table_name AS t, database_name AS c FROM duckdb_tables() ORDER BY t",
      );
      deepStrictEqual(catalogs.map((r) => r.c === "memory"), [true, false, false]);
    } finally {
      other.close();
    }
  } finally {
    db.close();
  }
});
