import type { Db } from "../db/mod.ts";
import { CANONICAL_COLUMNS, quoteLiteral } from "../db/mod.ts";
import { oneOf, OptionError } from "../errors.ts";
import type { LedgerStep } from "../types.ts";
import {
  DEFAULT_NON_PRODUCT_CODES,
  DEFAULT_NON_PRODUCT_PREFIXES,
  PRESET_RULES,
  PRESETS,
  RULES,
} from "./rules.ts";
import type { Preset, RuleId } from "./rules.ts";

/** Options for {@linkcode cleanTransactions}. */
export interface CleanOptions {
  /** Which recipe to follow. @default {"recommended"} */
  preset?: Preset;
  /** Replace the preset's rule list (same ids, any order). @default {the preset's rules} */
  rules?: readonly RuleId[];
  /** Stock codes treated as non-products (case-insensitive). @default {DEFAULT_NON_PRODUCT_CODES} */
  nonProductCodes?: readonly string[];
  /** Stock-code prefixes treated as non-products. @default {DEFAULT_NON_PRODUCT_PREFIXES} */
  nonProductPrefixes?: readonly string[];
  /** Lower and upper quantiles of the outlier rule. @default {[0.01, 0.99]} */
  outlierQuantiles?: readonly [number, number];
  /** Multiplier of the inter-quantile range. @default {1.5} */
  outlierMultiplier?: number;
  /** Keep cancellations in a `returns` table matched to their purchases. @default {true for "recommended"} */
  keepReturns?: boolean;
  /** Source table. @default {"raw_transactions"} */
  source?: string;
  /** Data rows read from the file (including any quarantined at load). @default {rows in `source`} */
  rowsRead?: number;
  /** Rows quarantined at load because they could not be parsed. @default {0} */
  rowsRejected?: number;
}

/** Thresholds used by an outlier-capping step. */
export interface CapThresholds {
  readonly column: "quantity" | "price";
  readonly qLow: number;
  readonly qHigh: number;
  readonly low: number;
  readonly high: number;
}

/** What {@linkcode cleanTransactions} did. */
export interface CleanResult {
  readonly preset: Preset;
  /** Step 0 is the load (rows quarantined as unparseable); then one step per rule. */
  readonly ledger: readonly LedgerStep[];
  readonly rowsRaw: number;
  readonly rowsClean: number;
  readonly thresholds: readonly CapThresholds[];
  /** Cancellation lines kept for the returns view (0 when not kept). */
  readonly returnsRows: number;
  /** Of those, lines matched to an earlier purchase of the same customer and product. */
  readonly returnsMatched: number;
}

const COLUMNS = CANONICAL_COLUMNS.map((c) => c.name);

/**
 * Cleans `raw_transactions` into `clean_transactions` by an ordered list of named rules and
 * accounts for every row in a ledger. It also creates `cleaning_removed` (each removed row with
 * its `step` and `rule`), `cleaning_changed` (each capped value: `step, rule, row_number,
 * column, old_value, new_value`) and, when cancellations are kept, `returns` (cancellation lines
 * plus `matched_invoice`, the latest earlier purchase invoice of the same customer and stock code).
 *
 * Rules apply in order and a row is removed by the first rule it fails, so the ledger reads as a
 * funnel: `rows_out` of a step is `rows_in` of the next, and
 * `rows_raw = rows_clean + Σ rows_removed` always holds (it is checked, not assumed).
 *
 * Outlier capping follows the classic recipe: thresholds from the 1st and 99th percentiles of
 * the surviving rows with linear interpolation (pandas' default, DuckDB `quantile_cont`),
 * `iqr = q99 − q01`, values above `q99 + 1.5·iqr` set to it and values below `q01 − 1.5·iqr` set
 * to it. Capped rows are counted as changed, not removed.
 *
 * @example The classic recipe on five lines
 * ```ts
 * import { openDb } from "../db/mod.ts";
 * import { cleanTransactions } from "./clean_transactions.ts";
 * import { equal } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table raw_transactions as select * from (values
 *   (1, '1', 'A', 'a', 1.0, timestamp '2011-01-01', 2.0, '10', 'UK', 2.0, false),
 *   (2, 'C2', 'A', 'a', -1.0, timestamp '2011-01-02', 2.0, '10', 'UK', -2.0, true),
 *   (3, '3', 'A', 'a', 1.0, timestamp '2011-01-03', 2.0, null, 'UK', 2.0, false),
 *   (4, '4', 'A', 'a', 0.0, timestamp '2011-01-04', 2.0, '11', 'UK', 0.0, false),
 *   (5, '5', 'A', 'a', 2.0, timestamp '2011-01-05', 2.0, '11', 'UK', 4.0, false)
 * ) t(row_number, invoice, stock_code, description, quantity, invoice_date, price, customer_id, country, line_total, is_cancellation)`);
 * const result = await cleanTransactions(db, { preset: "classic" });
 * equal(result.rowsClean, 2);
 * equal(result.ledger.map((s) => s.rowsRemoved).join(","), "0,1,1,1,0,0,0");
 * db.close();
 * ```
 */
export async function cleanTransactions(db: Db, options: CleanOptions = {}): Promise<CleanResult> {
  const preset = oneOf("preset", options.preset ?? "recommended", PRESETS);
  const rules = options.rules ?? PRESET_RULES[preset];
  for (const rule of rules) oneOf("rules", rule, Object.keys(RULES) as RuleId[]);
  const [qLow, qHigh] = options.outlierQuantiles ?? [0.01, 0.99];
  if (!(qLow >= 0 && qHigh <= 1 && qLow < qHigh)) {
    throw new OptionError(
      "outlierQuantiles",
      `Cannot read options: outlierQuantiles must be two numbers 0 <= low < high <= 1: current value is "${qLow},${qHigh}"`,
    );
  }
  const multiplier = options.outlierMultiplier ?? 1.5;
  if (!(multiplier >= 0)) {
    throw new OptionError(
      "outlierMultiplier",
      `Cannot read options: outlierMultiplier must be a non-negative number: current value is "${multiplier}"`,
    );
  }
  const keepReturns = options.keepReturns ?? preset === "recommended";
  const source = options.source ?? "raw_transactions";

  const removeRules = rules.filter((r) => RULES[r].kind === "remove");
  const capRules = rules.filter((r) => RULES[r].kind === "cap");
  const stepOf = new Map<RuleId, number>(rules.map((r, i) => [r, i + 1]));
  const conditions = new Map<RuleId, string>([
    ["duplicate_line", "_dup"],
    ["missing_customer_id", "customer_id IS NULL OR trim(customer_id) = ''"],
    ["cancellation", "starts_with(upper(invoice), 'C')"],
    ["non_product_code", nonProductCondition(options)],
    ["non_positive_quantity", "quantity IS NULL OR quantity <= 0"],
    ["non_positive_price", "price IS NULL OR price <= 0"],
  ]);
  const cases = removeRules
    .map((r) => `WHEN ${conditions.get(r)} THEN ${stepOf.get(r)}`)
    .join(" ");
  const dupColumn = rules.includes("duplicate_line")
    ? `, row_number() OVER (PARTITION BY invoice, stock_code, description, quantity, invoice_date, price, customer_id, country ORDER BY row_number) > 1 AS _dup`
    : "";
  const cols = COLUMNS.join(", ");

  await db.run(
    `CREATE OR REPLACE TEMP TABLE _flagged AS
     SELECT ${cols}, ${cases ? `CASE ${cases} ELSE 0 END` : "0"} AS _removed_by
     FROM (SELECT *${dupColumn} FROM ${source})`,
  );
  const removedCounts = new Map<number, number>();
  for (const row of await db.all<{ step: number; n: number }>(
    `SELECT _removed_by AS step, count(*) AS n FROM _flagged GROUP BY 1`,
  )) removedCounts.set(row.step, row.n);
  const rowsInTable = [...removedCounts.values()].reduce((a, b) => a + b, 0);

  // Thresholds of every cap step come from the rows that survive the removal rules. Capping one
  // column changes neither the rows nor the other column, so all quantiles are read in one pass.
  const thresholds: CapThresholds[] = [];
  const capColumn = (rule: RuleId): "quantity" | "price" =>
    rule === "outlier_cap_quantity" ? "quantity" : "price";
  if (capRules.length > 0) {
    const q = await db.one<Record<string, number | null>>(
      `SELECT ${
        capRules.map((r) =>
          `quantile_cont(${capColumn(r)}, ${qLow}) AS ${capColumn(r)}_lo, quantile_cont(${
            capColumn(r)
          }, ${qHigh}) AS ${capColumn(r)}_hi`
        ).join(", ")
      } FROM _flagged WHERE _removed_by = 0`,
    );
    for (const rule of capRules) {
      const column = capColumn(rule);
      const lo = q[`${column}_lo`], hi = q[`${column}_hi`];
      if (lo === null || hi === null || lo === undefined || hi === undefined) continue;
      const iqr = hi - lo;
      thresholds.push({ column, qLow: lo, qHigh: hi, low: lo - multiplier * iqr, high: hi + multiplier * iqr });
    }
  }
  const capped = (column: "quantity" | "price"): string => {
    const t = thresholds.find((x) => x.column === column);
    return t ? `least(greatest(${column}, ${t.low}), ${t.high})` : column;
  };
  const ruleNameCase = `CASE _removed_by ${
    rules.map((r, i) => `WHEN ${i + 1} THEN ${quoteLiteral(r)}`).join(" ")
  } END`;
  await db.run(
    `CREATE OR REPLACE TABLE cleaning_removed AS
     SELECT _removed_by AS step, ${ruleNameCase} AS rule, ${cols}
     FROM _flagged WHERE _removed_by > 0`,
  );
  const cleanCols = COLUMNS.map((c) =>
    c === "quantity"
      ? `${capped("quantity")} AS quantity`
      : c === "price"
      ? `${capped("price")} AS price`
      : c === "line_total"
      ? `${capped("quantity")} * ${capped("price")} AS line_total`
      : c
  ).join(", ");
  await db.run(
    // In file order: the duplicate window reorders rows, and downstream floating-point sums
    // must see the same order on every run to be byte-identical.
    `CREATE OR REPLACE TABLE clean_transactions AS
     SELECT ${cleanCols} FROM _flagged WHERE _removed_by = 0 ORDER BY row_number`,
  );
  const changedSelects = thresholds.map((t) => {
    const rule = t.column === "quantity" ? "outlier_cap_quantity" : "outlier_cap_price";
    return `SELECT ${stepOf.get(rule)}::INTEGER AS step, ${quoteLiteral(rule)} AS rule, row_number,
      '${t.column}' AS "column", ${t.column} AS old_value, ${capped(t.column)} AS new_value
      FROM _flagged WHERE _removed_by = 0 AND (${t.column} > ${t.high} OR ${t.column} < ${t.low})`;
  });
  await db.run(
    `CREATE OR REPLACE TABLE cleaning_changed AS ${
      changedSelects.length > 0
        ? changedSelects.join(" UNION ALL ")
        : `SELECT NULL::INTEGER AS step, NULL::VARCHAR AS rule, NULL::BIGINT AS row_number, NULL::VARCHAR AS "column", NULL::DOUBLE AS old_value, NULL::DOUBLE AS new_value WHERE false`
    }`,
  );
  const changedCounts = new Map<number, number>();
  for (const row of await db.all<{ step: number; n: number }>(
    `SELECT step, count(*) AS n FROM cleaning_changed GROUP BY 1`,
  )) changedCounts.set(row.step, row.n);
  await db.run(`DROP TABLE _flagged`);

  let returnsRows = 0;
  let returnsMatched = 0;
  if (keepReturns && rules.includes("cancellation")) {
    const cancelStep = stepOf.get("cancellation")!;
    await db.run(
      `CREATE OR REPLACE TABLE returns AS
       SELECT c.*, p.invoice AS matched_invoice
       FROM (SELECT ${cols} FROM cleaning_removed WHERE step = ${cancelStep}) c
       ASOF LEFT JOIN (SELECT customer_id, stock_code, invoice_date, invoice FROM clean_transactions) p
         ON c.customer_id = p.customer_id AND c.stock_code = p.stock_code AND c.invoice_date >= p.invoice_date
       `,
    );
    const r = await db.one<{ n: number; matched: number }>(
      `SELECT count(*) AS n, count(matched_invoice) AS matched FROM returns`,
    );
    returnsRows = r.n;
    returnsMatched = r.matched;
  } else {
    await db.run(`DROP TABLE IF EXISTS returns`);
  }

  const rowsRejected = options.rowsRejected ?? 0;
  const rowsRead = options.rowsRead ?? rowsInTable + rowsRejected;
  const ledger: LedgerStep[] = [{
    step: 0,
    rule: "load",
    description: "rows read from the file; unparseable rows quarantined",
    rowsIn: rowsRead,
    rowsRemoved: rowsRejected,
    rowsChanged: 0,
    rowsOut: rowsRead - rowsRejected,
  }];
  let rowsIn = rowsRead - rowsRejected;
  rules.forEach((rule, i) => {
    const step = i + 1;
    const removed = removedCounts.get(step) ?? 0;
    ledger.push({
      step,
      rule,
      description: RULES[rule].description +
        (rule === "cancellation" && keepReturns ? "; kept in the returns table" : ""),
      rowsIn,
      rowsRemoved: removed,
      rowsChanged: changedCounts.get(step) ?? 0,
      rowsOut: rowsIn - removed,
    });
    rowsIn -= removed;
  });
  const rowsClean = removedCounts.get(0) ?? 0;
  const last = ledger[ledger.length - 1]!;
  const removedTotal = ledger.reduce((sum, s) => sum + s.rowsRemoved, 0);
  if (last.rowsOut !== rowsClean || rowsClean + removedTotal !== rowsRead) {
    throw new Error(
      `Cannot reconcile the cleaning ledger: ${rowsRead} rows read, ${rowsClean} clean, ${removedTotal} removed`,
    );
  }
  return {
    preset,
    ledger,
    rowsRaw: rowsRead,
    rowsClean,
    thresholds,
    returnsRows,
    returnsMatched,
  };
}

function nonProductCondition(options: CleanOptions): string {
  const codes = (options.nonProductCodes ?? DEFAULT_NON_PRODUCT_CODES).map((c) =>
    quoteLiteral(c.toUpperCase())
  );
  const prefixes = options.nonProductPrefixes ?? DEFAULT_NON_PRODUCT_PREFIXES;
  const parts: string[] = [];
  if (codes.length > 0) parts.push(`upper(trim(stock_code)) IN (${codes.join(", ")})`);
  for (const p of prefixes) parts.push(`starts_with(lower(stock_code), ${quoteLiteral(p.toLowerCase())})`);
  return parts.length > 0 ? `(${parts.join(" OR ")})` : "false";
}
