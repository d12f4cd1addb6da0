import { equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { openDb, quoteLiteral } from "@crm/db/mod.ts";
import { estimateRows } from "@crm/load/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";
import { utf16 } from "./_helpers.ts";

/** Lines of varying length, as an export's are (ids, descriptions, amounts). */
function csvText(lines: number): string {
  const out = ["invoice,description,quantity,price"];
  for (let i = 1; i < lines; i++) {
    out.push(
      `${100000 + i},${"item ".repeat(1 + (i * 7) % 9)}${i % 13},${i % 50},${(i % 997) / 10}`,
    );
  }
  return out.join("\n") + "\n";
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Within `factor` of `expected` either way. */
function near(actual: number, expected: number, factor: number): boolean {
  return actual >= expected / factor && actual <= expected * factor;
}

Deno.test("estimateRows() is within 10% for text and gzipped text (the gzip trailer's size), exact for Parquet, 0 for a workbook", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDb();
  try {
    const text = csvText(200_000);
    const csv = join(dir, "orders.csv");
    await Deno.writeTextFile(csv, text);
    const gz = join(dir, "orders.csv.gz");
    await Deno.writeFile(gz, await gzip(text));
    const parquet = join(dir, "orders.parquet");
    await db.run(`COPY (SELECT range AS id FROM range(123457)) TO ${quoteLiteral(parquet)}`);
    for (const path of [csv, gz]) {
      const n = await estimateRows(path, db);
      ok(near(n, 200_000, 1.1), `${path}: ${n}`);
    }
    equal(await estimateRows(parquet, db), 123457);
    equal(await estimateRows(join(dir, "orders.xlsx"), db), 0);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("estimateRows(): a gzip trailer smaller than the file (a size past 4 GiB wraps) counts as 8 times the compressed size", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDb();
  try {
    const bytes = await gzip(csvText(100_000)); // more text than the sample: its end is never read
    const gz = join(dir, "wrapped.csv.gz");
    const trailer = bytes.length - 4;
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(trailer, 1000, true);
    await Deno.writeFile(gz, bytes);
    const lineBytes = csvText(100_000).length / 100_000;
    const n = await estimateRows(gz, db);
    ok(near(n, (bytes.length * 8) / lineBytes, 1.1), `${n}`);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "estimateRows() on Online Retail II (541,911 lines with the header) is within 5%",
  ignore: !hasSharedData("online_retail_II_year2010-2011.csv.gz"),
  fn: async () => {
    const db = await openDb();
    try {
      const n = await estimateRows(sharedDataPath("online_retail_II_year2010-2011.csv.gz"), db);
      ok(near(n, 541_911, 1.05), `${n}`);
    } finally {
      db.close();
    }
  },
});

Deno.test("estimateRows() counts a UTF-16 export's rows, not its bytes (two per character)", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDb();
  try {
    const path = join(dir, "unicode.txt");
    await Deno.writeFile(path, utf16(csvText(100_000)));
    const n = await estimateRows(path, db);
    ok(near(n, 100_000, 1.1), `${n}`);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
