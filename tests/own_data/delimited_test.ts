import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { expected, generateLines, money } from "./_generate.ts";
import { readTables, uciDelimited, uciRows } from "./_fixtures.ts";
import { assertTables, runMain } from "./_run.ts";

// A UCI-shaped sample with timestamps and a few C cancellations (negative quantities, after
// the purchase they reverse).
const LINES = generateLines({
  seed: 23,
  customers: 70,
  maxOrders: 5,
  maxLines: 4,
  start: new Date("2010-12-01T00:00:00Z"),
  days: 360,
  withTime: true,
  ids: "uci",
});
const CANCELLED = LINES.filter((_, i) => i % 17 === 5);
const ROWS = [
  ...uciRows(LINES),
  ...CANCELLED.map((l, i) => [
    `C${581000 + i}`,
    l.product,
    l.description,
    String(-1),
    new Date(l.date.getTime() + 3_600_000).toISOString().slice(0, 19).replace("T", " "),
    money(l.unitCents),
    l.customer,
    l.country,
  ]),
];

async function tablesOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(join(dir, "tables"))) {
    if (e.isFile) out.set(e.name, await Deno.readTextFile(join(dir, "tables", e.name)));
  }
  return out;
}

Deno.test("own data: a semicolon file with decimal commas, and a tab-separated .tsv, give tables identical to the comma version", async () => {
  const variants = [
    { name: "comma", file: "retail.csv", text: uciDelimited(ROWS, { delimiter: "," }) },
    {
      name: "semicolon",
      file: "retail.csv",
      text: uciDelimited(ROWS, { delimiter: ";", decimalComma: true }),
    },
    { name: "tab", file: "retail.tsv", text: uciDelimited(ROWS, { delimiter: "\t" }) },
  ];
  ok(variants[1]!.text.includes(";2,") || variants[1]!.text.includes(",5"), "decimal commas");
  const results = new Map<string, Map<string, string>>();
  for (const v of variants) {
    const dir = await Deno.makeTempDir();
    const data = join(dir, v.file);
    await Deno.writeTextFile(data, v.text);
    const out = join(dir, "report");
    const run = await runMain(["--data", data, "--out", out]);
    equal(run.code, 0, `${v.name}: ${run.error?.message} ${run.error?.hint}`);
    if (v.name === "comma") {
      // the comma version against the independent computation: every purchase kept, every
      // cancellation moved to the returns
      const tables = await readTables(out);
      assertTables(tables, expected(LINES), v.name);
      equal(
        Number(tables.ledger.find((r) => r.rule === "cancellation")!.rows_removed),
        CANCELLED.length,
      );
    }
    results.set(v.name, await tablesOf(out));
  }
  const comma = results.get("comma")!;
  ok(comma.size > 20, `${comma.size} tables`);
  for (const name of ["semicolon", "tab"]) {
    const other = results.get(name)!;
    deepStrictEqual([...other.keys()].sort(), [...comma.keys()].sort(), name);
    for (const [file, text] of comma) {
      // summary.json names the dataset by file name: retail in every variant
      equal(other.get(file), text, `${name}: ${file} differs from the comma version`);
    }
  }
});

Deno.test("own data: a wrong --delimiter gives a hint naming the right one, never a --map to the whole header line", async () => {
  const dir = await Deno.makeTempDir();
  const data = join(dir, "retail.csv");
  await Deno.writeTextFile(data, uciDelimited(ROWS, { delimiter: ";", decimalComma: true }));
  const run = await runMain(["--data", data, "--out", join(dir, "out"), "--delimiter", "tab"]);
  equal(run.code, 2);
  equal(run.error!.hint, 'The lines look separated by ";": pass --delimiter ";"');
  // decimal commas read as decimal points are refused with a hint to --decimal
  const points = await runMain([
    "--data",
    data,
    "--out",
    join(dir, "out2"),
    "--decimal",
    ".",
  ]);
  equal(points.code, 2);
  ok(/--decimal ,/.test(points.error!.hint!), points.error!.hint);
});
