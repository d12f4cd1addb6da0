/**
 * The `order_field_fill` rule against hand-worked invoices: a customer id or country missing on
 * some lines of an invoice is filled in when the invoice's other lines agree on one value.
 */
import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { type Db, openDb } from "@crm/db/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";

type Line = [invoice: string, customer: string | null, country: string | null];

async function rawTable(db: Db, lines: readonly Line[]): Promise<void> {
  const text = (v: string | null) => (v === null ? "NULL" : `'${v}'`);
  const values = lines.map(([inv, cust, country], i) =>
    `(${i + 1}, '${inv}', 'P${i + 1}', ${text(cust)}, ${text(country)})`
  ).join(",\n");
  await db.run(`CREATE OR REPLACE TABLE raw_transactions AS
    SELECT row_number, invoice, stock_code, 'item ' || stock_code AS description,
           1.0::DOUBLE AS quantity, timestamp '2011-01-03 10:00:00' AS invoice_date,
           2.0::DOUBLE AS price, customer_id, country, 2.0::DOUBLE AS line_total,
           false AS is_cancellation
    FROM (VALUES ${values}) t(row_number, invoice, stock_code, customer_id, country)`);
}

/**
 * `raw_transactions` with one line per `[invoice, value]` (one unit at 2.0, customer `c<invoice>`)
 * and the order field `column` set to `value` (through `expr`, NULL as NULL).
 */
async function orderFieldTable(
  db: Db,
  column: string,
  lines: readonly (readonly [string, string | null])[],
  expr = column,
): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE raw_transactions AS
    SELECT row_number, invoice, 'P' || row_number AS stock_code, 'item' AS description,
           1.0::DOUBLE AS quantity, timestamp '2011-01-03 10:00:00' AS invoice_date,
           2.0::DOUBLE AS price, 'c' || invoice AS customer_id, 'UK' AS country,
           2.0::DOUBLE AS line_total, false AS is_cancellation, ${expr} AS ${column}
    FROM (VALUES ${
    lines.map(([inv, v], i) => `(${i + 1}, '${inv}', ${v === null ? "NULL" : `'${v}'`})`)
      .join(", ")
  }) t(row_number, invoice, ${column})`);
}

const LINES: Line[] = [
  ["1", "c1", "UK"], // 1: first line of the order carries both fields
  ["1", null, null], // 2: both filled: c1, UK
  ["1", null, null], // 3: both filled
  ["2", "c2", "France"], // 4
  ["2", "c3", null], // 5: customers differ (both present): only the country is filled
  ["3", null, "Germany"], // 6: no line of invoice 3 has a customer: nothing to fill, removed
  ["3", null, "Germany"], // 7
  ["4", "c6", "UK"], // 8
  ["4", "c7", "UK"], // 9
  ["4", null, "UK"], // 10: the invoice's customers disagree: stays missing, removed
  ["5", "c5", "Spain"], // 11
  ["5", " ", " "], // 12: blank text counts as missing: both filled
];

Deno.test("order_field_fill: a missing customer id or country takes the one value its invoice's other lines agree on", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await rawTable(db, LINES);
    const r = await cleanTransactions(db, {
      preset: "classic",
      orderFields: "fill",
      outliers: "keep",
    });
    deepStrictEqual(r.rules, [
      "order_field_fill",
      "missing_customer_id",
      "non_positive_quantity",
      "non_positive_price",
    ]);
    // the classic preset itself follows the tutorial: every line without a customer is dropped
    const classic = await cleanTransactions(db, { preset: "classic", outliers: "keep" });
    deepStrictEqual(classic.rules?.includes("order_field_fill"), false);
    equal(classic.rowsClean, 6);
    await cleanTransactions(db, { preset: "classic", orderFields: "fill", outliers: "keep" });
    const fill = r.ledger[1]!;
    deepStrictEqual(
      [fill.rule, fill.rowsIn, fill.rowsRemoved, fill.rowsChanged, fill.rowsOut],
      ["order_field_fill", 12, 0, 4, 12],
    );
    deepStrictEqual(r.filled, { country: 4, customer_id: 3 });
    deepStrictEqual(
      await db.all(
        `SELECT step, rule, row_number, "column", old_value, new_value FROM cleaning_changed
         ORDER BY row_number, "column"`,
      ),
      [
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 2,
          column: "country",
          old_value: null,
          new_value: "UK",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 2,
          column: "customer_id",
          old_value: null,
          new_value: "c1",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 3,
          column: "country",
          old_value: null,
          new_value: "UK",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 3,
          column: "customer_id",
          old_value: null,
          new_value: "c1",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 5,
          column: "country",
          old_value: null,
          new_value: "France",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 12,
          column: "country",
          old_value: " ",
          new_value: "Spain",
        },
        {
          step: 1,
          rule: "order_field_fill",
          row_number: 12,
          column: "customer_id",
          old_value: " ",
          new_value: "c5",
        },
      ],
    );
    deepStrictEqual(
      await db.all(
        `SELECT row_number, customer_id, country FROM clean_transactions ORDER BY row_number`,
      ),
      [
        { row_number: 1, customer_id: "c1", country: "UK" },
        { row_number: 2, customer_id: "c1", country: "UK" },
        { row_number: 3, customer_id: "c1", country: "UK" },
        { row_number: 4, customer_id: "c2", country: "France" },
        { row_number: 5, customer_id: "c3", country: "France" },
        { row_number: 8, customer_id: "c6", country: "UK" },
        { row_number: 9, customer_id: "c7", country: "UK" },
        { row_number: 11, customer_id: "c5", country: "Spain" },
        { row_number: 12, customer_id: "c5", country: "Spain" },
      ],
    );
    deepStrictEqual(
      await db.all(`SELECT row_number, rule FROM cleaning_removed ORDER BY row_number`),
      [6, 7, 10].map((n) => ({ row_number: n, rule: "missing_customer_id" })),
    );
    // the loaded table itself is never changed
    equal(
      (await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM raw_transactions WHERE customer_id IS NULL`,
      )).n,
      5,
    );
  } finally {
    db.close();
  }
});

Deno.test("order_field_fill: --order-fields keep leaves the gaps, and a log without gaps has no such step", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await rawTable(db, LINES);
    const kept = await cleanTransactions(db, { orderFields: "keep", outliers: "keep" });
    equal(kept.rules?.includes("order_field_fill"), false);
    equal(kept.rowsClean, 6); // rows 1, 4, 5, 8, 9, 11
    deepStrictEqual(kept.filled, {});
    await rawTable(db, LINES.filter(([, cust, country]) => cust?.trim() && country?.trim()));
    const whole = await cleanTransactions(db, { outliers: "keep" });
    equal(whole.ledger.some((s) => s.rule === "order_field_fill"), false);
    equal(
      (await db.one<{ t: string }>(
        `SELECT data_type AS t FROM information_schema.columns
         WHERE table_name = 'cleaning_changed' AND column_name = 'old_value'`,
      )).t,
      "DOUBLE",
      "without fills, the changed values stay numbers",
    );
  } finally {
    db.close();
  }
});

Deno.test("order_status: lines of orders whose status says they are not sales are removed; the status is an order field, filled in first", async () => {
  const db = await openDb({ threads: 1 });
  try {
    const statuses: [string, string | null][] = [
      ["1", "completed"], // 1: kept
      ["2", "cancelled"], // 2: removed
      ["2", null], // 3: the order's status filled in, removed
      ["3", "Refunded"], // 4: removed (any case)
      ["4", "partially_refunded"], // 5: a partial refund is still a sale
      ["5", "wc-cancelled"], // 6: WooCommerce's own spelling, removed
      ["6", "pending"], // 7: kept
      ["7", "voided"], // 8: removed
      ["8", "failed"], // 9: removed
      ["9", "canceled"], // 10: removed
    ];
    await orderFieldTable(db, "status", statuses, "lower(status)");
    // most lines here are not sales: the plausibility stop says so first
    await rejects(() => cleanTransactions(db, { outliers: "keep" }), {
      name: "CleaningStopError",
      hint: /--order-status keep if the status column is not the order's status/,
    });
    const r = await cleanTransactions(db, { outliers: "keep", acceptRemoval: ["order_status"] });
    deepStrictEqual(r.rules?.slice(0, 4), [
      "order_field_fill",
      "duplicate_line",
      "missing_customer_id",
      "order_status",
    ]);
    deepStrictEqual(r.filled, { status: 1 });
    deepStrictEqual(
      await db.all(`SELECT row_number, rule FROM cleaning_removed ORDER BY row_number`),
      [2, 3, 4, 6, 8, 9, 10].map((n) => ({ row_number: n, rule: "order_status" })),
    );
    const step = r.ledger.find((s) => s.rule === "order_status")!;
    deepStrictEqual([step.rowsIn, step.rowsRemoved], [10, 7]);
    // --order-status keep: every line stays
    const kept = await cleanTransactions(db, { outliers: "keep", orderStatus: "keep" });
    equal(kept.rowsClean, 10);
    // a status column that never says "not a sale": no such step
    await db.run(`UPDATE raw_transactions SET status = 'completed'`);
    const none = await cleanTransactions(db, { outliers: "keep", acceptRemoval: ["order_status"] });
    equal(none.rules?.includes("order_status"), false);
  } finally {
    db.close();
  }
});

Deno.test("order_status comes after the cancellations: a cancelled order's reversal line stays a cancellation (and a return)", async () => {
  const db = await openDb({ threads: 1 });
  try {
    await db.run(`CREATE OR REPLACE TABLE raw_transactions AS
      SELECT * FROM (VALUES
        (1, '100', 'P1', 'item', 2.0, timestamp '2011-01-03 10:00:00', 2.0, 'c1', 'UK', 4.0, false, 'completed'),
        (2, '101', 'P1', 'item', 1.0, timestamp '2011-01-04 10:00:00', 2.0, 'c1', 'UK', 2.0, false, 'completed'),
        (3, 'C102', 'P1', 'item', -1.0, timestamp '2011-01-05 10:00:00', 2.0, 'c1', 'UK', -2.0, true, 'cancelled'),
        (4, '103', 'P2', 'item', 1.0, timestamp '2011-01-06 10:00:00', 3.0, 'c2', 'UK', 3.0, false, 'cancelled'),
        (5, '104', 'P2', 'item', 1.0, timestamp '2011-01-07 10:00:00', 3.0, 'c2', 'UK', 3.0, false, 'completed'),
        (6, '105', 'P2', 'item', 1.0, timestamp '2011-01-08 10:00:00', 3.0, 'c3', 'UK', 3.0, false, 'completed')
      ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id,
          country, line_total, is_cancellation, status)`);
    const r = await cleanTransactions(db, { outliers: "keep", cancellations: "prefix:C" });
    deepStrictEqual(
      await db.all(`SELECT row_number, rule FROM cleaning_removed ORDER BY row_number`),
      [{ row_number: 3, rule: "cancellation" }, { row_number: 4, rule: "order_status" }],
    );
    equal(r.returnsRows, 1);
  } finally {
    db.close();
  }
});

Deno.test("other_currency: --only-currency keeps one currency's lines (a currency on an order's first line only is filled in first); the others and lines naming none are removed", async () => {
  const db = await openDb({ threads: 1 });
  try {
    const lines: [string, string | null][] = [
      ["1", "EUR"], // 1: kept
      ["1", null], // 2: the order's currency filled in: kept
      ["2", "USD"], // 3: removed
      ["2", null], // 4: filled in as USD: removed
      ["3", "USD"], // 5: removed
      ["4", null], // 6: no line of order 4 names a currency: removed
      ["5", "EUR"], // 7: kept
      ["6", "USD"], // 8: removed
      ["7", "USD"], // 9: removed
    ];
    await orderFieldTable(db, "currency", lines);
    // most lines are in another currency: the user's choice, no plausibility stop
    const r = await cleanTransactions(db, { outliers: "keep", onlyCurrency: "eur" });
    deepStrictEqual(r.rules?.slice(0, 2), ["order_field_fill", "other_currency"]);
    deepStrictEqual(r.filled, { currency: 2 });
    deepStrictEqual(
      await db.all(`SELECT row_number, rule FROM cleaning_removed ORDER BY row_number`),
      [3, 4, 5, 6, 8, 9].map((n) => ({ row_number: n, rule: "other_currency" })),
    );
    deepStrictEqual(
      await db.all(`SELECT row_number FROM clean_transactions ORDER BY row_number`),
      [1, 2, 7].map((n) => ({ row_number: n })),
    );
    const step = r.ledger.find((s) => s.rule === "other_currency")!;
    deepStrictEqual([step.step, step.rowsIn, step.rowsRemoved], [2, 9, 6]);
    // the other currency, and without the option no such step
    equal((await cleanTransactions(db, { outliers: "keep", onlyCurrency: "USD" })).rowsClean, 5);
    equal(
      (await cleanTransactions(db, { outliers: "keep" })).rules?.includes("other_currency"),
      false,
    );
    // a currency no line names, and a log without a currency column
    await rejects(() => cleanTransactions(db, { onlyCurrency: "GBP" }), {
      name: "OptionError",
      message:
        /--only-currency GBP names none of the transactions: they are in USD on 5 lines, EUR on 3 lines/,
      hint: /--only-currency USD/,
    });
    await db.run("ALTER TABLE raw_transactions DROP COLUMN currency");
    await rejects(() => cleanTransactions(db, { onlyCurrency: "EUR" }), {
      name: "OptionError",
      message: /no currency column/,
      hint: /--map currency="Column"/,
    });
  } finally {
    db.close();
  }
});
