/**
 * The tables a cleaning run writes, each read from the source paired with the step table:
 * `clean_transactions`, `cleaning_removed`, `cleaning_changed` and `returns`.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { quoteLiteral } from "../db/mod.ts";
import type { RuleId } from "./rules.ts";
import { withSteps } from "./_steps.ts";

/** Thresholds used by an outlier-capping step. */
export interface CapThresholds {
  readonly column: "quantity" | "price";
  readonly qLow: number;
  readonly qHigh: number;
  readonly low: number;
  readonly high: number;
}

/** The column a cap rule changes. */
export function capColumn(rule: RuleId): "quantity" | "price" {
  return rule === "outlier_cap_quantity" ? "quantity" : "price";
}

/**
 * Reads the lower and upper quantile of each capped column over the kept rows (linear
 * interpolation, pandas' default) in one pass, and turns them into thresholds.
 * A column with no values gets no thresholds.
 */
export async function capThresholds(
  db: Db,
  source: string,
  capRules: readonly RuleId[],
  options: { qLow: number; qHigh: number; multiplier: number },
): Promise<CapThresholds[]> {
  if (capRules.length === 0) return [];
  const { qLow, qHigh, multiplier } = options;
  const columns = [...new Set(capRules.map(capColumn))];
  const q = await db.one<Record<string, (number | null)[] | null>>(
    `SELECT ${
      columns.map((c) => `quantile_cont(${c}, [${qLow}, ${qHigh}]) AS ${c}`).join(", ")
    } FROM ${withSteps(source)} WHERE __crm_s = 0`,
  );
  const thresholds: CapThresholds[] = [];
  for (const column of columns) {
    const [lo, hi] = q[column] ?? [];
    if (lo === null || hi === null || lo === undefined || hi === undefined) continue;
    const iqr = hi - lo;
    thresholds.push({
      column,
      qLow: lo,
      qHigh: hi,
      low: lo - multiplier * iqr,
      high: hi + multiplier * iqr,
    });
  }
  return thresholds;
}

/** SQL for a column after capping (the column itself when it is not capped). */
function capped(thresholds: readonly CapThresholds[], column: "quantity" | "price"): string {
  const t = thresholds.find((x) => x.column === column);
  return t ? `least(greatest(${column}, ${t.low}), ${t.high})` : column;
}

/**
 * Writes `clean_transactions`: kept rows, capped values, `line_total` recomputed where a value
 * was capped (elsewhere it stays as loaded: quantity × price, or the file's line amount). The
 * rows stay in file order (a positional scan is sequential and `CREATE TABLE AS` keeps
 * insertion order), so floating-point sums downstream see the same order on every run.
 */
export async function writeCleanTable(
  db: Db,
  source: string,
  columns: readonly string[],
  thresholds: readonly CapThresholds[],
): Promise<void> {
  const q = capped(thresholds, "quantity"), p = capped(thresholds, "price");
  const total = thresholds.length === 0
    ? "line_total"
    : `CASE WHEN ${q} IS NOT DISTINCT FROM quantity AND ${p} IS NOT DISTINCT FROM price THEN line_total ELSE ${q} * ${p} END AS line_total`;
  const cols = columns.map((c) =>
    c === "quantity"
      ? `${q} AS quantity`
      : c === "price"
      ? `${p} AS price`
      : c === "line_total"
      ? total
      : c
  ).join(", ");
  await db.run(
    `CREATE OR REPLACE TABLE clean_transactions AS
     SELECT ${cols} FROM ${withSteps(source)} WHERE __crm_s = 0`,
  );
}

/** Writes `cleaning_removed`: every removed row with its `step` and `rule`. */
export async function writeRemovedTable(
  db: Db,
  source: string,
  columns: readonly string[],
  rules: readonly RuleId[],
): Promise<void> {
  const ruleName = rules.length === 0
    ? "NULL::VARCHAR"
    : `CASE __crm_s ${rules.map((r, i) => `WHEN ${i + 1} THEN ${quoteLiteral(r)}`).join(" ")} END`;
  await db.run(
    `CREATE OR REPLACE TABLE cleaning_removed AS
     SELECT __crm_s::INTEGER AS step, ${ruleName} AS rule, ${columns.join(", ")}
     FROM ${withSteps(source)} WHERE __crm_s > 0`,
  );
}

/**
 * Writes `cleaning_changed`: one row per value filled in or capped (`step, rule, row_number,
 * column, old_value, new_value`). The values are numbers, or text when order fields were filled
 * in (`fills`: the rule's fill table, see `_fill.ts`).
 */
export async function writeChangedTable(
  db: Db,
  source: string,
  thresholds: readonly CapThresholds[],
  stepOf: ReadonlyMap<RuleId, number>,
  fills?: string,
): Promise<void> {
  const fillStep = stepOf.get("order_field_fill");
  const text = fills !== undefined && fillStep !== undefined;
  const value = (sql: string) => (text ? `CAST(${sql} AS VARCHAR)` : sql);
  const selects = thresholds.map((t) => {
    const rule = t.column === "quantity" ? "outlier_cap_quantity" : "outlier_cap_price";
    return `SELECT ${stepOf.get(rule)}::INTEGER AS step, ${quoteLiteral(rule)} AS rule, row_number,
      '${t.column}' AS "column", ${value(t.column)} AS old_value, ${
      value(capped(thresholds, t.column))
    } AS new_value
      FROM ${
      withSteps(source)
    } WHERE __crm_s = 0 AND (${t.column} > ${t.high} OR ${t.column} < ${t.low})`;
  });
  if (text) {
    selects.unshift(
      `SELECT ${fillStep}::INTEGER AS step, 'order_field_fill' AS rule, row_number, "column",
         old_value, new_value
       FROM (SELECT * FROM ${fills} ORDER BY __crm_id, "column")`,
    );
  }
  const type = text ? "VARCHAR" : "DOUBLE";
  await db.run(
    `CREATE OR REPLACE TABLE cleaning_changed AS ${
      selects.length > 0
        ? selects.join(" UNION ALL ")
        : `SELECT NULL::INTEGER AS step, NULL::VARCHAR AS rule, NULL::BIGINT AS row_number, NULL::VARCHAR AS "column", NULL::${type} AS old_value, NULL::${type} AS new_value WHERE false`
    }`,
  );
}

/**
 * Writes `returns`: the cancellation lines removed at `step`, plus `matched_invoice`, the
 * latest purchase of the same customer and stock code at or before the cancellation (of two
 * purchases at the same time, the later line in the file). Only purchases of a (customer,
 * stock code) pair that has a cancellation take part in the as-of join, which leaves every
 * match as it is and keeps the join small.
 *
 * @returns Cancellation lines and how many of them were matched.
 */
export async function writeReturnsTable(
  db: Db,
  columns: readonly string[],
  step: number,
): Promise<{ rows: number; matched: number }> {
  await db.run(
    `CREATE OR REPLACE TABLE returns AS
     WITH c AS (SELECT ${columns.join(", ")} FROM cleaning_removed WHERE step = ${step})
     SELECT c.*, p.invoice AS matched_invoice
     FROM c ASOF LEFT JOIN (
       SELECT customer_id, stock_code, invoice_date, arg_max(invoice, row_number) AS invoice
       FROM clean_transactions
       SEMI JOIN (SELECT DISTINCT customer_id, stock_code FROM c) k USING (customer_id, stock_code)
       GROUP BY customer_id, stock_code, invoice_date
     ) p ON c.customer_id = p.customer_id AND c.stock_code = p.stock_code AND c.invoice_date >= p.invoice_date
     ORDER BY c.row_number`,
  );
  const r = await db.one<{ n: number; matched: number }>(
    `SELECT count(*) AS n, count(matched_invoice) AS matched FROM returns`,
  );
  return { rows: r.n, matched: r.matched };
}
