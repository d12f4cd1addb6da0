import { deepStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { openDb } from "../../lib/db/db.ts";
import { InputFileError } from "../../lib/errors.ts";
import { readHeader } from "../../lib/load/mod.ts";
import { caught, fixture, RETAIL_II_HEADER } from "./_helpers.ts";

const II = RETAIL_II_HEADER;

Deno.test("readHeader() reads the column names of csv, csv.gz, BOM, Latin-1/CR and Parquet files", async () => {
  deepStrictEqual(await readHeader(fixture("retail_ii.csv")), II);
  deepStrictEqual(await readHeader(fixture("retail_ii.csv.gz")), II);
  deepStrictEqual(await readHeader(fixture("utf8_bom.csv")), II);
  deepStrictEqual(await readHeader(fixture("latin1_cr.csv")), II);
  deepStrictEqual((await readHeader(fixture("custom_schema.csv")))[6], "Customer Name");
  const path = join(await Deno.makeTempDir(), "h.parquet");
  const db = await openDb({ threads: 1 });
  await db.run(
    `COPY (SELECT 1 AS "master_id", 2.5 AS "customer value") TO '${path}' (FORMAT parquet)`,
  );
  db.close();
  deepStrictEqual(await readHeader(path), ["master_id", "customer value"]);
});

Deno.test("readHeader() reports empty and missing files", async () => {
  ok((await caught(readHeader(fixture("empty.csv")))) instanceof InputFileError);
  ok((await caught(readHeader(fixture("nope.csv")))) instanceof InputFileError);
});
