import { equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { expected, generateLines, money } from "./_generate.ts";
import type { Line } from "./_generate.ts";
import { dayFirst, field, readTables } from "./_fixtures.ts";
import { assertTables, runMain } from "./_run.ts";

// A European export: semicolons, decimal commas, day-first dates with a time of day.
const LINES = generateLines({
  seed: 31,
  customers: 220,
  maxOrders: 8,
  maxLines: 4,
  start: new Date("2013-01-01T00:00:00Z"),
  days: 720,
  withTime: true,
  ids: "uci",
});
const MAP =
  "invoice=OrderNo,customer_id=CustomerNo,invoice_date=OrderDate,stock_code=SKU,quantity=Qty";

function europeanCsv(lines: readonly Line[]): string {
  const header = "OrderNo;CustomerNo;OrderDate;SKU;Description;Qty;UnitPrice";
  const rows = lines.map((l) =>
    [
      l.order,
      l.customer,
      dayFirst(l.date),
      l.product,
      field(l.description, ";"),
      String(l.quantity),
      money(l.unitCents).replace(".", ","),
    ].join(";")
  );
  return [header, ...rows].join("\n") + "\n";
}

Deno.test("own data: day-first dates are read day first even when the first 64 KB has no day above 12", async () => {
  // Lines with a day of 12 or less first: the loader's sample of the first rows cannot tell.
  const early = LINES.filter((l) => l.date.getUTCDate() <= 12);
  const late = LINES.filter((l) => l.date.getUTCDate() > 12);
  const text = europeanCsv([...early, ...late]);
  const firstLate = text.indexOf(`;${dayFirst(late[0]!.date)};`);
  ok(firstLate > 64 * 1024, `the first day above 12 is at byte ${firstLate}`);
  const dir = await Deno.makeTempDir();
  const data = join(dir, "bestellungen.csv");
  await Deno.writeTextFile(data, text);
  const run = await runMain(["--data", data, "--out", join(dir, "out"), "--map", MAP]);
  equal(run.code, 0, `${run.error?.message} ${run.error?.hint}`);
  assertTables(await readTables(join(dir, "out")), expected(LINES), "day first");
});

Deno.test("own data: dates that cannot tell day from month stop with both readings, and --date-format settles it", async () => {
  const early = LINES.filter((l) => l.date.getUTCDate() <= 12);
  const dir = await Deno.makeTempDir();
  const data = join(dir, "bestellungen.csv");
  await Deno.writeTextFile(data, europeanCsv(early));
  const run = await runMain(["--data", data, "--out", join(dir, "out"), "--map", MAP]);
  equal(run.code, 2);
  match(
    run.error!.message,
    /no day is above 12, so "(\d\d)\/(\d\d)\/(\d{4}) \d\d:\d\d" can be \d+ \w+ \d{4} \(month first, "%m\/%d\/%Y %H:%M"\) or \d+ \w+ \d{4} \(day first, "%d\/%m\/%Y %H:%M"\)/,
  );
  equal(
    run.error!.hint,
    'Pass --date-format "%d/%m/%Y %H:%M" if days come first, or --date-format "%m/%d/%Y %H:%M" if months do',
  );
  const settled = await runMain([
    "--data",
    data,
    "--out",
    join(dir, "out"),
    "--map",
    MAP,
    "--date-format",
    "%d/%m/%Y %H:%M",
  ]);
  equal(settled.code, 0, settled.error?.message);
  assertTables(await readTables(join(dir, "out")), expected(early), "settled");
});
