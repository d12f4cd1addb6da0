/**
 * cleanTransactions() against an independent SQL oracle on a generated log large enough to span
 * several DuckDB row groups (so parallel scans and order-sensitive plans are exercised). The
 * oracle is the plain textbook formulation: a window over all eight fields for duplicates, a CASE
 * in rule order, quantiles of the kept rows, a join for the returns' matches.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { openDb } from "../../lib/db/mod.ts";
import type { Db } from "../../lib/db/mod.ts";
import { cleanTransactions, DEFAULT_NON_PRODUCT_CODES, PRESET_RULES } from "../../lib/clean/mod.ts";
import type { CleanResult, Preset, RuleId } from "../../lib/clean/mod.ts";
import { writeTransactionsCsv } from "../../lib/generate/mod.ts";
import { loadTransactions } from "../../lib/load/mod.ts";
import { createProgress } from "../../lib/util/progress.ts";

const quiet = createProgress({ write: () => {} });
const FIELDS =
  "invoice, stock_code, description, quantity, invoice_date, price, customer_id, country";

/** The oracle's condition of each rule (written independently of lib/clean). */
function oracleCondition(rule: RuleId): string {
  const codes = DEFAULT_NON_PRODUCT_CODES.map((c) => `'${c}'`).join(", ");
  return {
    order_field_fill: "false", // changes values, removes none (the generator writes no gaps)
    order_status: "false", // the generator writes no status column
    other_currency: "false", // nor a currency column
    duplicate_line: "dup",
    missing_customer_id: "customer_id IS NULL OR trim(customer_id) = ''",
    cancellation: "upper(invoice) LIKE 'C%'",
    non_product_code:
      `upper(trim(stock_code)) IN (${codes}) OR lower(stock_code) LIKE 'gift\\_%' ESCAPE '\\'`,
    non_positive_quantity: "quantity IS NULL OR quantity <= 0",
    non_positive_price: "price IS NULL OR price <= 0",
    outlier_cap_quantity: "false",
    outlier_cap_price: "false",
  }[rule];
}

/** `expected(row_number, step)`: the step of the first rule each raw row fails (0: kept). */
async function oracleSteps(db: Db, rules: readonly RuleId[]): Promise<void> {
  const cases = rules.map((r, i) => `WHEN ${oracleCondition(r)} THEN ${i + 1}`).join(" ");
  await db.run(`CREATE OR REPLACE TABLE expected AS
    SELECT row_number, CASE ${cases} ELSE 0 END AS step
    FROM (SELECT *, row_number() OVER (PARTITION BY ${FIELDS} ORDER BY row_number) > 1 AS dup
          FROM raw_transactions)`);
}

async function count(db: Db, sql: string): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`)).n;
}

async function checkPreset(db: Db, preset: Preset): Promise<CleanResult> {
  const result = await cleanTransactions(db, { preset });
  // every invoice of the generator carries its customer and country on all its lines or none
  ok(!result.rules?.includes("order_field_fill"), "no order fields to fill");
  ok(!result.rules?.includes("order_status"), "no status column");
  const rules = PRESET_RULES[preset].filter((r) =>
    r !== "order_field_fill" && r !== "order_status"
  );
  await oracleSteps(db, rules);
  const actual = `(SELECT row_number, step FROM cleaning_removed
                  UNION ALL SELECT row_number, 0 FROM clean_transactions)`;
  equal(await count(db, `${actual} EXCEPT ALL (SELECT * FROM expected)`), 0, `${preset}: steps`);
  equal(await count(db, `(SELECT * FROM expected) EXCEPT ALL ${actual}`), 0, `${preset}: steps`);
  // removed rows are the raw rows, unchanged, with the rule named after the step
  equal(
    await count(
      db,
      `SELECT * EXCLUDE (step, rule) FROM cleaning_removed EXCEPT ALL
       SELECT r.* FROM raw_transactions r JOIN expected e USING (row_number) WHERE e.step > 0`,
    ),
    0,
  );
  const names = rules.map((r, i) => `(${i + 1}, '${r}')`).join(", ");
  equal(
    await count(
      db,
      `SELECT * FROM cleaning_removed c JOIN (VALUES ${names}) n(step, name) USING (step)
       WHERE c.rule <> n.name`,
    ),
    0,
  );
  // thresholds: linear quantiles of the kept rows, computed column by column
  for (const t of result.thresholds) {
    const q = await db.one<{ lo: number; hi: number }>(
      `SELECT quantile_cont(${t.column}, 0.01) AS lo, quantile_cont(${t.column}, 0.99) AS hi
       FROM raw_transactions JOIN expected USING (row_number) WHERE step = 0`,
    );
    deepStrictEqual([t.qLow, t.qHigh], [q.lo, q.hi]);
    equal(t.high, q.hi + 1.5 * (q.hi - q.lo));
    equal(t.low, q.lo - 1.5 * (q.hi - q.lo));
  }
  // capped values, changed rows and line totals
  const [qt, pt] = ["quantity", "price"].map((c) => result.thresholds.find((t) => t.column === c));
  const cap = (
    c: string,
    t: typeof qt,
  ) => (t ? `least(greatest(r.${c}, ${t.low}), ${t.high})` : `r.${c}`);
  equal(
    await count(
      db,
      `SELECT * FROM clean_transactions c JOIN raw_transactions r USING (row_number)
       WHERE c.quantity IS DISTINCT FROM ${cap("quantity", qt)}
          OR c.price IS DISTINCT FROM ${cap("price", pt)}
          OR c.line_total IS DISTINCT FROM ${cap("quantity", qt)} * ${cap("price", pt)}
          OR (c.invoice, c.stock_code, c.description, c.invoice_date, c.customer_id, c.country, c.is_cancellation)
             IS DISTINCT FROM (r.invoice, r.stock_code, r.description, r.invoice_date, r.customer_id, r.country, r.is_cancellation)`,
    ),
    0,
  );
  const changed =
    result.thresholds.map((t) =>
      `SELECT '${t.column}' AS col, row_number FROM raw_transactions JOIN expected USING (row_number)
     WHERE step = 0 AND (${t.column} > ${t.high} OR ${t.column} < ${t.low})`
    ).join(" UNION ALL ") || "SELECT NULL AS col, NULL AS row_number WHERE false";
  equal(
    await count(db, `(SELECT "column", row_number FROM cleaning_changed) EXCEPT ALL (${changed})`),
    0,
  );
  equal(
    await count(db, `(${changed}) EXCEPT ALL (SELECT "column", row_number FROM cleaning_changed)`),
    0,
  );
  // the ledger is the oracle's funnel
  for (const step of result.ledger.slice(1)) {
    equal(
      step.rowsRemoved,
      await count(db, `SELECT * FROM expected WHERE step = ${step.step}`),
      step.rule,
    );
  }
  return result;
}

Deno.test("cleanTransactions() agrees with an independent SQL oracle on 250,000 generated rows (both presets)", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDb();
  try {
    const path = join(dir, "retail.csv");
    await writeTransactionsCsv(path, { rows: 250_000, seed: 5, progress: quiet });
    await loadTransactions(db, { path, progress: quiet });
    const classic = await checkPreset(db, "classic");
    const recommended = await checkPreset(db, "recommended");
    // the generator's dirt is there, so the rules are exercised (as in the real file, lines with
    // a quantity <= 0 are all cancellations or lack a customer, so that step removes none)
    for (const step of recommended.ledger.slice(1, 7)) {
      if (step.rule !== "non_positive_quantity") ok(step.rowsRemoved > 0, step.rule);
    }
    ok(classic.ledger.some((s) => s.rowsChanged > 0));
    // returns: the latest kept purchase of the same customer and stock code at or before the
    // cancellation; of purchases at the same time, the later line
    const wrong = await count(
      db,
      `SELECT r.row_number, r.matched_invoice, (
         SELECT arg_max(p.invoice, (p.invoice_date, p.row_number)) FROM clean_transactions p
         WHERE p.customer_id = r.customer_id AND p.stock_code = r.stock_code
           AND p.invoice_date <= r.invoice_date) AS expected
       FROM returns r WHERE r.matched_invoice IS DISTINCT FROM expected`,
    );
    equal(wrong, 0);
    ok(recommended.returnsMatched > 0 && recommended.returnsMatched < recommended.returnsRows);
    // outputs keep the file order
    for (const table of ["clean_transactions", "cleaning_removed", "returns"]) {
      equal(
        await count(
          db,
          `SELECT * FROM (SELECT row_number - lag(row_number) OVER (ORDER BY rowid) AS d FROM ${table}) WHERE d <= 0`,
        ),
        0,
        table,
      );
    }
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
