import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import { type CrmCheck, readCrmFolder, readCrmTables, validateCrm } from "@crm/crm/mod.ts";
import { openDb } from "@crm/db/mod.ts";
import { InputFileError, SchemaError } from "@crm/errors.ts";
import { loadGenerated } from "./_crm_data.ts";

function line(
  checks: readonly CrmCheck[],
  table: string,
  check: string,
  column?: string,
): CrmCheck {
  const hits = checks.filter((c) =>
    c.table === table && c.check === check && (column === undefined || c.column === column)
  );
  equal(
    hits.length,
    1,
    `one ledger line ${table} / ${check} / ${column ?? "*"}: ${JSON.stringify(hits)}`,
  );
  return hits[0]!;
}

Deno.test("validateCrm() finds every planted defect with its exact count", async () => {
  const { db, dataset, validation } = await loadGenerated({ seed: 11 });
  try {
    const d = dataset.truth.defects;
    const c = validation.checks;
    const rows = (table: string, check: string, column?: string) =>
      line(c, table, check, column).rows;
    equal(rows("customers", "duplicate key", "customer_id"), d.duplicateCustomers);
    equal(rows("interactions", "duplicate key", "interaction_id"), d.duplicateInteractions);
    equal(rows("pipeline", "duplicate key", "opportunity_id"), d.duplicateDeals);
    equal(rows("transactions", "duplicate row"), d.duplicateTransactionRows);
    equal(rows("interactions", "broken reference", "customer_id"), d.brokenInteractionCustomers);
    equal(rows("transactions", "broken reference", "customer_id"), d.brokenTransactionCustomers);
    equal(rows("transactions", "broken reference", "stock_code"), d.brokenTransactionProducts);
    equal(rows("pipeline", "broken reference", "rep"), d.brokenDealReps);
    const near = line(c, "pipeline", "near-duplicate spelling", "product");
    equal(near.rows, d.nearDuplicateProduct.rows);
    ok(near.rows > 0);
    equal(near.example, '"GTXPro" (likely "GTX Pro" of products.product)');
    ok(near.action.endsWith('--recode pipeline.product="GTXPro=>GTX Pro"'), near.action);
    equal(
      rows("transactions", "amount differs from quantity x price", "amount"),
      d.inconsistentAmounts,
    );
    equal(rows("transactions", "date out of range", "invoice_date"), d.transactionDatesOutOfRange);
    equal(rows("pipeline", "close before engage", "close_date"), d.closeBeforeEngage);
    equal(
      rows("interactions", "resolution before creation", "resolved_at"),
      d.resolutionBeforeCreation,
    );
    equal(rows("interactions", "standardised spelling", "channel"), d.channelSpellingVariants);
    equal(rows("interactions", "missing value", "channel"), d.missingChannel);
    equal(rows("pipeline", "missing reference", "account"), d.missingAccounts);
    const silent = line(c, "sales_team", "rep without deals", "rep");
    equal(silent.rows, d.repsWithoutDeals.length);
    equal(silent.example, [...d.repsWithoutDeals].sort().map((r) => `"${r}"`).join(", "));
    const skipped = line(c, "(file)", "skipped file");
    equal(skipped.example, '"data_dictionary.csv"');
  } finally {
    db.close();
  }
});

Deno.test("validateCrm() removes nothing without a ledger line: rows read - removed = rows kept", async () => {
  const { db, validation } = await loadGenerated({ seed: 12 });
  try {
    for (const t of validation.tables) {
      const removed = validation.checks.filter((c) =>
        c.table === t.kind && c.action.startsWith("removed")
      )
        .reduce((a, c) => a + c.rows, 0);
      equal(t.rowsRead - removed, t.rowsKept, t.kind);
      const { n } = await db.one<{ n: number }>(`select count(*) as n from crm_${t.kind}`);
      equal(n, t.rowsKept);
    }
  } finally {
    db.close();
  }
});

Deno.test("validateCrm() on a dataset without defects has only the skipped dictionary", async () => {
  const { db, validation } = await loadGenerated({ seed: 13, defects: false });
  try {
    deepStrictEqual(validation.checks.map((c) => [c.table, c.check]), [["(file)", "skipped file"]]);
  } finally {
    db.close();
  }
});

Deno.test("--recode merges the near-duplicate product, and --amounts flag keeps amounts", async () => {
  const { db, dataset, validation } = await loadGenerated({ seed: 11 }, {
    recode: { pipeline: { product: { GTXPro: "GTX Pro" } } },
    amounts: "flag",
  });
  try {
    const c = validation.checks;
    equal(c.some((x) => x.check === "near-duplicate spelling"), false);
    const recoded = line(c, "pipeline", "recoded value", "product");
    equal(recoded.rows, dataset.truth.defects.nearDuplicateProduct.rows);
    const amounts = line(c, "transactions", "amount differs from quantity x price");
    equal(amounts.action, "kept as is (--amounts recompute replaces them)");
    const { n } = await db.one<{ n: number }>(
      `select count(*) as n from crm_transactions where abs(amount - quantity * price) > 0.01`,
    );
    equal(n, dataset.truth.defects.inconsistentAmounts);
  } finally {
    db.close();
  }
});

Deno.test("validateCrm() standardises case and spaces, reports near-duplicates within a column", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/tickets.csv`,
    "Ticket ID,Channel,Status,Extra\n1,Email,Closed,x\n2,email,Closed,x\n3, Email ,Open,x\n4,E-mail,Open,x\n5,Chat,Open,x\n6,Email,Closed,x\n",
  );
  const db = await openDb();
  try {
    const v = await validateCrm(db, await readCrmFolder(db, dir));
    deepStrictEqual(v.checks.map((c) => [c.table, c.check, c.column, c.rows]), [
      ["interactions", "unused column", "Extra", 6],
      ["interactions", "standardised spelling", "channel", 2],
      ["interactions", "near-duplicate spelling", "channel", 1],
    ]);
    equal(
      v.checks[2]!.action,
      'kept as is; to merge: --recode interactions.channel="E-mail=>Email"',
    );
    deepStrictEqual(
      (await db.all<{ channel: string }>(
        "select channel from crm_interactions order by row_number",
      )).map((r) => r.channel),
      ["Email", "Email", "Email", "E-mail", "Chat", "Email"],
    );
  } finally {
    db.close();
  }
});

Deno.test("unparseable values become empty with a located ledger line", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/sales_pipeline.csv`,
    'opportunity_id,sales_agent,deal_stage,close_date,close_value\nO1,Ann,Won,2024-01-05,"1,200"\nO2,Ann,Won,2024-13-45,abc\nO3,Bo,Lost,,N/A\n',
  );
  const db = await openDb();
  try {
    const v = await validateCrm(db, await readCrmFolder(db, dir));
    deepStrictEqual(v.checks.map((c) => [c.check, c.column, c.rows, c.example]), [
      ["unparseable value", "close_date", 1, 'data row 2: "2024-13-45" (column "close_date")'],
      ["unparseable value", "close_value", 1, 'data row 2: "abc" (column "close_value")'],
    ]);
    deepStrictEqual(
      (await db.all<{ v: number | null }>(
        "select close_value as v from crm_pipeline order by row_number",
      )).map((r) => r.v),
      [1200, null, null],
    );
  } finally {
    db.close();
  }
});

Deno.test("transactions of orders whose status says they are not sales are removed, with a ledger line", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/transactions.csv`,
    "transaction_id,customer_id,product_id,date,quantity,unit_price,Order Status\n" +
      "T1,C1,P1,2024-01-05,1,5.0,Completed\n" +
      "T2,C1,P1,2024-01-06,1,5.0, Refunded \n" +
      "T3,C2,P1,2024-01-07,2,5.0,partially_refunded\n" +
      "T4,C2,P1,2024-01-08,1,5.0,wc-cancelled\n" +
      "T5,C3,P1,2024-01-09,1,5.0,\n",
  );
  const db = await openDb();
  try {
    const v = await validateCrm(db, await readCrmFolder(db, dir));
    const c = line(v.checks, "transactions", "order not a sale", "order_status");
    deepStrictEqual([c.rows, c.action], [2, "removed"]);
    deepStrictEqual(
      (await db.all<{ v: string }>(
        "select invoice as v from crm_transactions order by row_number",
      )).map((r) => r.v),
      ["T1", "T3", "T5"],
    );
  } finally {
    db.close();
  }
});

Deno.test("transactions in two currencies are refused at the second one's first row; --only-currency keeps one; --map transactions.currency=none reads them as one", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/transactions.csv`,
    "transaction_id,customer_id,product_id,date,quantity,unit_price,Currency\n" +
      "T1,C1,P1,2024-01-05,1,5.0,usd\n" +
      "T2,C1,P1,2024-01-06,1,5.0,USD \n" +
      "T3,C2,P1,2024-01-07,2,5.0,EUR\n" +
      "T4,C2,P1,2024-01-08,1,5.0,\n",
  );
  const db = await openDb();
  try {
    await rejects(
      async () => validateCrm(db, await readCrmFolder(db, dir)),
      (e: Error & { hint?: string }) =>
        e.name === "ValidationError" &&
        e.message ===
          'Cannot analyse the CRM tables: transactions from "transactions.csv" are in 2 currencies (column "Currency": USD on 2 rows, EUR on 1 row), and amounts in different currencies cannot be added up; the first EUR one is data row 3' &&
        /--only-currency USD to keep only its transactions.*--map transactions\.currency=none$/
          .test(e.hint ?? ""),
    );
    // --only-currency: the one currency's transactions (case and spaces aside) are kept, the
    // others and those naming none removed in one ledger line
    const usd = await validateCrm(db, await readCrmFolder(db, dir), { onlyCurrency: "usd" });
    deepStrictEqual([usd.tables[0]!.rowsKept, usd.currency], [2, "USD"]);
    deepStrictEqual(
      (await db.all<{ v: string }>("select invoice as v from crm_transactions order by row_number"))
        .map((r) => r.v),
      ["T1", "T2"],
    );
    deepStrictEqual(
      usd.checks.filter((c) => c.check === "other currency").map((c) => [c.rows, c.example]),
      [[2, '"EUR"']],
    );
    await rejects(
      async () => validateCrm(db, await readCrmFolder(db, dir), { onlyCurrency: "GBP" }),
      (e: Error & { hint?: string }) =>
        e.name === "OptionError" &&
        /--only-currency GBP names none of the transactions from .*USD on 2 transactions, EUR on 1 transaction/
          .test(e.message) &&
        /--only-currency USD$/.test(e.hint ?? ""),
    );
    const one = await readCrmFolder(db, dir, { map: { transactions: { currency: "none" } } });
    equal(one.tables[0]!.columnMap.currency, null);
    const v = await validateCrm(db, one);
    deepStrictEqual([v.tables[0]!.rowsKept, v.currency], [4, undefined]);
    await rejects(
      () => validateCrm(db, one, { onlyCurrency: "USD" }),
      (e: Error) => e.name === "OptionError" && /have no currency column/.test(e.message),
    );
    // one currency (case and spaces aside): the report's
    await Deno.writeTextFile(
      `${dir}/transactions.csv`,
      "transaction_id,customer_id,product_id,date,quantity,unit_price,Currency\n" +
        "T1,C1,P1,2024-01-05,1,5.0,usd\nT2,C1,P1,2024-01-06,1,5.0, USD\n",
    );
    equal((await validateCrm(db, await readCrmFolder(db, dir))).currency, "USD");
  } finally {
    db.close();
  }
});

Deno.test("named tables: a missing field or column is a SchemaError with a --map to copy", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/tickets.csv`;
  await Deno.writeTextFile(file, "Ticket ID,Ticket Medium,Ticket Status\n1,Chat,Closed\n");
  const db = await openDb();
  try {
    await rejects(
      readCrmTables(db, [{ kind: "interactions", path: file }]),
      (e: SchemaError) =>
        e instanceof SchemaError && /missing required field channel/.test(e.message) &&
        e.hint === '--map interactions.channel="Ticket Medium"',
    );
    await rejects(
      readCrmTables(db, [{ kind: "interactions", path: file }], {
        map: { interactions: { channel: "Ticket Channel" } },
      }),
      /Cannot map interactions.channel to column "Ticket Channel" in ".*tickets.csv": no such column/,
    );
    const ok = await readCrmTables(db, [{ kind: "interactions", path: file }], {
      map: { interactions: { channel: "Ticket Medium" } },
    });
    equal(ok.tables[0]!.columnMap.channel, "Ticket Medium");
    await rejects(
      readCrmTables(db, [{ kind: "pipeline", path: `${dir}/none.csv` }]),
      InputFileError,
    );
  } finally {
    db.close();
  }
});

Deno.test("readCrmFolder() lists every file it skips and refuses a folder with no table", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/README.md`, "# export\n");
  await Deno.writeTextFile(`${dir}/weather.csv`, "day,temperature\n1,20\n");
  const db = await openDb();
  try {
    await rejects(
      readCrmFolder(db, dir),
      (e: InputFileError) =>
        e instanceof InputFileError &&
        /no file in it is a CRM table \(2 files: "README.md" not a data file/.test(e.message) &&
        /"weather.csv" no table kind matches its columns "day", "temperature"/.test(e.message),
    );
    await Deno.writeTextFile(
      `${dir}/products.csv`,
      "product,series,sales_price\nGTX Pro,GTX,4821\n",
    );
    const input = await readCrmFolder(db, dir);
    deepStrictEqual(input.skipped.map((s) => s.file), ["README.md", "weather.csv"]);
    deepStrictEqual(input.checks.map((c) => [c.check, c.example]), [
      ["skipped file", '"README.md"'],
      ["skipped file", '"weather.csv"'],
    ]);
    await rejects(readCrmFolder(db, `${dir}/nope`), /Cannot read folder ".*nope": not found/);
  } finally {
    db.close();
  }
});
