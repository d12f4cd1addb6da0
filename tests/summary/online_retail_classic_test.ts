import { equal } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import { customerSummaryColumns } from "@crm/summary/mod.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";

const hasRetail = hasSharedData("online_retail_II_year2010-2011.csv.gz");

Deno.test({
  name: "customerSummaryColumns() classic keeps 2,845 Online Retail II customers as of 2011-12-11",
  ignore: !hasRetail,
  async fn() {
    const db = await openDb({ threads: 2 });
    // The tutorial's cleaning, written out here so this test does not depend on lib/clean:
    // drop missing Customer ID, invoices starting with "C", Quantity ≤ 0 and Price ≤ 0.
    // (Its outlier capping changes amounts, not who has more than one invoice.)
    await db.run(`CREATE TABLE clean_transactions AS
      SELECT Invoice AS invoice, InvoiceDate AS invoice_date, "Customer ID" AS customer_id,
             Quantity * Price AS line_total
      FROM read_csv('${
      sharedDataPath("online_retail_II_year2010-2011.csv.gz")
    }', all_varchar = false,
        types = {'Invoice': 'VARCHAR', 'Customer ID': 'VARCHAR', 'InvoiceDate': 'TIMESTAMP',
                 'Quantity': 'DOUBLE', 'Price': 'DOUBLE'})
      WHERE "Customer ID" IS NOT NULL AND NOT starts_with(Invoice, 'C') AND Quantity > 0 AND Price > 0`);
    const s = await customerSummaryColumns(db, { convention: "classic" });
    equal(s.asOf.toISOString(), "2011-12-11T00:00:00.000Z");
    equal(s.customerIds.length, 2845);
    equal(s.frequency.every((f) => f > 1), true);
    db.close();
  },
});
