import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { readCrmFolder, validateCrm } from "@crm/crm/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { supportChannels } from "@crm/support/mod.ts";
import { salesPerformance } from "@crm/sales/mod.ts";
import { loadGenerated } from "./_crm_data.ts";

Deno.test("a Parquet table keeps its types: numeric ids read as text without a decimal point", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDb();
  try {
    await db.run(`copy (select * from (values
      (17850.0, 'Chat', 'Closed', timestamp '2024-01-02 10:00', timestamp '2024-01-02 12:30', 4),
      (12346.0, 'Email', 'Open', timestamp '2024-01-03 09:00', null, null)
    ) t(customer_id, channel, status, created_at, resolved_at, satisfaction))
      to '${dir}/tickets.parquet' (format parquet)`);
    const input = await readCrmFolder(db, dir);
    deepStrictEqual(input.tables.map((t) => [t.kind, t.format, t.dateFormats]), [
      ["interactions", "parquet", { created_at: "native", resolved_at: "native" }],
    ]);
    await validateCrm(db, input);
    deepStrictEqual(
      await db.all(
        "select customer_id, resolution_hours, satisfaction from crm_interactions order by row_number",
      ),
      [
        { customer_id: "17850", resolution_hours: 2.5, satisfaction: 4 },
        { customer_id: "12346", resolution_hours: null, satisfaction: null },
      ],
    );
  } finally {
    db.close();
  }
});

Deno.test("same inputs give identical results (ledger and analyses)", async () => {
  const run = async () => {
    const { db, validation } = await loadGenerated({ seed: 71 });
    try {
      return JSON.stringify({
        checks: validation.checks,
        support: await supportChannels(db),
        sales: await salesPerformance(db),
      });
    } finally {
      db.close();
    }
  };
  equal(await run(), await run());
});

Deno.test("a CRM table whose header repeats a name: unused columns are read apart, a repeated name a field reads is refused", async () => {
  const dir = await Deno.makeTempDir();
  const header = "transaction_id,customer_id,product_id,date,quantity,unit_price";
  const rows = "T1,C1,P1,2024-01-05,1,5.0,x,y\nT2,C2,P1,2024-01-06,2,5.0,,z\n";
  await Deno.writeTextFile(`${dir}/transactions.csv`, `${header},note,Note\n${rows}`);
  const db = await openDb();
  try {
    const read = await readCrmFolder(db, dir);
    equal(read.tables[0]!.rows, 2);
    await Deno.writeTextFile(`${dir}/transactions.csv`, `${header},note,Unit Price\n${rows}`);
    await rejects(
      () => readCrmFolder(db, dir),
      (e: Error) =>
        e.name === "SchemaError" &&
        /column name "unit_price" appears more than once/.test(e.message),
    );
  } finally {
    db.close();
  }
});
