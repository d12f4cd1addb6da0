import { equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { loadTransactions } from "../../lib/load/mod.ts";
import { openDb } from "../../lib/db/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";
import { expected, generateLines } from "./_generate.ts";
import { readTables, whitespaceTxt } from "./_fixtures.ts";
import { assertTables, runMain } from "./_run.ts";

// A whitespace-aligned .txt with a customer, a day and a line amount: no invoice, no product,
// no quantity, no time of day.
const LINES = generateLines({
  seed: 5,
  customers: 60,
  maxOrders: 6,
  maxLines: 3,
  start: new Date("2012-02-01T00:00:00Z"),
  days: 400,
  withTime: false,
  ids: "uci",
});

Deno.test("own data: a whitespace-separated .txt without invoice or product column loads; a customer's lines on one day are one order", async () => {
  const dir = await Deno.makeTempDir();
  const data = join(dir, "ledger.txt");
  await Deno.writeTextFile(data, whitespaceTxt(LINES));

  const first = await runMain(["--data", data, "--out", join(dir, "out")]);
  equal(first.code, 2);
  equal(first.error!.hint, 'Pass --map invoice_date="day",customer_id="customer"');

  const run = await runMain([
    "--data",
    data,
    "--out",
    join(dir, "out"),
    "--map",
    "customer_id=customer,invoice_date=day",
  ]);
  equal(run.code, 0, run.error?.message);
  const want = expected(LINES, (l) => `${l.customer} ${l.date.toISOString().slice(0, 10)}`);
  // one unit per line: the KPI units are the lines
  assertTables(await readTables(join(dir, "out")), { ...want, units: want.lines }, "txt");
  ok(run.lines.some((l) => /no invoice column: one customer's lines at one timestamp/.test(l)));
  ok(run.lines.some((l) => /no quantity column: one unit per line/.test(l)));
  ok(run.lines.some((l) => /whitespace-separated/.test(l)), run.lines.join("\n"));
});

Deno.test("loadTransactions() of the .txt reports whitespace, no time of day and the derived fields", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "ledger.txt");
  await Deno.writeTextFile(path, whitespaceTxt(LINES.slice(0, 50)));
  const db = await openDb({ threads: 1 });
  try {
    const r = await loadTransactions(db, {
      path,
      map: { customer_id: "customer", invoice_date: "day" },
      progress: createProgress({ write: () => {} }),
    });
    equal(r.delimiter, "whitespace");
    equal(r.hasTimeOfDay, false);
    equal(r.derived.map((d) => d.field).join(), "invoice,quantity,price");
    equal(r.columnMap.amount, "amount");
    const first = await db.one<{ invoice: string; price: number; line_total: number }>(
      "SELECT invoice, price, line_total FROM raw_transactions ORDER BY row_number LIMIT 1",
    );
    const l = LINES[0]!;
    equal(first.invoice, `${l.date.toISOString().slice(0, 10)} 00:00:00 ${l.customer}`);
    equal(first.line_total, l.amountCents / 100);
    equal(first.price, l.amountCents / 100);
  } finally {
    db.close();
  }
});

Deno.test("loadTransactions() of a ragged whitespace file says a line has the wrong number of fields", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "ragged.txt");
  await Deno.writeTextFile(
    path,
    "customer day amount\n1 2012-01-01 3.5\n2 2012-01-02 Jane Doe 4\n",
  );
  const db = await openDb({ threads: 1 });
  try {
    const error = await loadTransactions(db, {
      path,
      map: { customer_id: "customer", invoice_date: "day" },
      progress: createProgress({ write: () => {} }),
    }).then(() => undefined, (e) => e as Error & { hint?: string });
    ok(error !== undefined);
    match(
      error.message,
      /ragged\.txt" at line 3: the line has 5 whitespace-separated fields but the header has 3/,
    );
    match(error.hint!, /another delimiter/);
  } finally {
    db.close();
  }
});
