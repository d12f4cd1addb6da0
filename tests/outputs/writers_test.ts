import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { openDb } from "@crm/db/mod.ts";
import { writeTable } from "@crm/outputs/mod.ts";

Deno.test("writeTable(): the CSV guards formula-like text, its Parquet twin keeps every value as it is", async () => {
  const db = await openDb();
  const dir = await Deno.makeTempDir();
  try {
    const cases = {
      plain: [{ customerId: "12346", total: 310.44, orders: 2 }],
      formula: [
        { customerId: "=HYPERLINK(1)", total: 1.5, orders: 1 },
        { customerId: "-7", total: 2, orders: 3 },
      ],
    };
    for (const [name, rows] of Object.entries(cases)) {
      deepStrictEqual(await writeTable(db, dir, name, rows, { parquet: true }), [
        join(dir, `${name}.csv`),
        join(dir, `${name}.parquet`),
      ]);
      const back = await db.all<{ customer_id: string; total: number; orders: bigint | number }>(
        `SELECT customer_id, total, orders FROM '${join(dir, `${name}.parquet`)}'`,
      );
      deepStrictEqual(
        back.map((r) => [r.customer_id, r.total, Number(r.orders)]),
        rows.map((r) => [r.customerId, r.total, r.orders]),
      );
    }
    equal(
      await Deno.readTextFile(join(dir, "formula.csv")),
      "customer_id,total,orders\n'=HYPERLINK(1),1.5,1\n'-7,2,3\n",
    );
    // No helper file is left beside the tables.
    deepStrictEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["formula.csv", "formula.parquet", "plain.csv", "plain.parquet"],
    );
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
