import { deepStrictEqual, equal } from "node:assert/strict";
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
