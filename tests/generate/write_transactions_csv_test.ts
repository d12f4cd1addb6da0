import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { OptionError } from "../../lib/errors.ts";
import {
  generateTransactions,
  retailCsvChunks,
  writeTransactionsCsv,
} from "../../lib/generate/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";

const quiet = createProgress({ write: () => {} });

async function gunzip(file: string): Promise<string> {
  const stream = (await Deno.open(file)).readable.pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

Deno.test("writeTransactionsCsv() writes the same text as .csv and .csv.gz, in a new folder, without temp files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const options = { seed: 11, customers: 150, progress: quiet };
    const expected = [...retailCsvChunks(generateTransactions({ seed: 11, customers: 150 }))].join(
      "",
    );
    const plain = await writeTransactionsCsv(join(dir, "nested", "a.csv"), options);
    const gz = await writeTransactionsCsv(join(dir, "a.csv.gz"), options);
    equal(await Deno.readTextFile(join(dir, "nested", "a.csv")), expected);
    equal(await gunzip(join(dir, "a.csv.gz")), expected);
    equal(plain.rows, expected.split("\n").length - 2);
    equal(gz.rows, plain.rows);
    equal(plain.bytes, new TextEncoder().encode(expected).length);
    ok(gz.bytes < plain.bytes / 3, "gzip compresses");
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["a.csv.gz", "nested"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTransactionsCsv() reaches a target row count within 5%", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { rows } = await writeTransactionsCsv(join(dir, "r.csv"), {
      rows: 30_000,
      seed: 3,
      progress: quiet,
    });
    ok(Math.abs(rows - 30_000) / 30_000 < 0.05, `rows ${rows}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTransactionsCsv() rejects bad options before creating a file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(
      writeTransactionsCsv(join(dir, "x.csv"), { rows: 1000, customers: 10, progress: quiet }),
      OptionError,
    );
    await rejects(
      writeTransactionsCsv(join(dir, "x.csv"), { start: "2011-13-01", progress: quiet }),
      /start must be a date/,
    );
    await rejects(
      writeTransactionsCsv(join(dir, "x.csv"), { rows: 5, progress: quiet }),
      /rows must be an integer from 100/,
    );
    deepStrictEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
