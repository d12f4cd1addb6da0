/**
 * readTable, the reader of every table that is not a transaction log (the CRM tables, a
 * customer table): the encodings the transaction loader reads, read the same way, and the UTF-8
 * copy of a file DuckDB cannot read is removed once the table is in.
 */
import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { readTable } from "../../lib/load/mod.ts";
import { recordingProgress, utf16, windows1252, withDb } from "./_helpers.ts";

const quiet = () => recordingProgress().progress;

const TEXT = "customer_id,name,city\nC1,“Ann” Smith,Köln\nC2,Bob – Jr.,Zürich\nC3,Zoë €,Paris\n";
const ROWS = [
  { customer_id: "C1", name: "“Ann” Smith", city: "Köln" },
  { customer_id: "C2", name: "Bob – Jr.", city: "Zürich" },
  { customer_id: "C3", name: "Zoë €", city: "Paris" },
];

for (
  const [name, bytes, encoding] of [
    ["UTF-8", new TextEncoder().encode(TEXT), "utf-8"],
    ["Windows-1252", windows1252(TEXT), "windows-1252"],
    ["UTF-16 (little-endian)", utf16(TEXT), "utf-16le"],
    ["UTF-16 (big-endian)", utf16(TEXT, "be"), "utf-16be"],
  ] as const
) {
  Deno.test(`readTable() reads a ${name} table as its characters`, async () => {
    const dir = await Deno.makeTempDir();
    const path = join(dir, "customers.csv");
    await Deno.writeFile(path, bytes);
    const tmp = await Deno.makeTempDir();
    const before = Deno.env.get("TMPDIR");
    Deno.env.set("TMPDIR", tmp);
    try {
      await withDb(async (db) => {
        const r = await readTable(db, path, { table: "c", progress: quiet() });
        equal(r.encoding, encoding);
        equal(r.rows, 3);
        deepStrictEqual(await db.all("SELECT * FROM c ORDER BY customer_id"), ROWS);
      });
    } finally {
      if (before === undefined) Deno.env.delete("TMPDIR");
      else Deno.env.set("TMPDIR", before);
    }
    deepStrictEqual(await Array.fromAsync(Deno.readDir(tmp)), [], "no copy is left behind");
  });
}

Deno.test("readTable() reads a Windows-1252 character far into a table that starts as ASCII", async () => {
  const path = join(await Deno.makeTempDir(), "products.csv");
  const filler = Array.from({ length: 4000 }, (_, i) => `P${i},Plain product name ${i},9.99`);
  await Deno.writeFile(
    path,
    windows1252(["product_id,product,price", ...filler, "P9999,Widget™ “Pro”,12.50"].join("\n")),
  );
  await withDb(async (db) => {
    const r = await readTable(db, path, { table: "p", progress: quiet() });
    equal(r.encoding, "windows-1252");
    deepStrictEqual(await db.all("SELECT product FROM p WHERE product_id = 'P9999'"), [
      { product: "Widget™ “Pro”" },
    ]);
  });
});
