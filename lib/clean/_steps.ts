/**
 * The step table: for every source row, in source order, the ledger step of the first rule that
 * removes it (0 when it survives). It is one narrow column, so the outputs read the source once
 * each and pair it with this table by position (`POSITIONAL JOIN`) instead of copying the source.
 *
 * Duplicates are found by a hash aggregate: rows whose hash of the eight source fields occurs
 * more than once are the only candidates, and only those are compared field by field (a window
 * over a few thousand rows instead of a sort of the whole table). Equal rows always hash alike,
 * so the answer is exact; a hash collision only adds a candidate that the comparison rejects.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { notASaleSql, quoteIdent, quoteLiteral } from "../db/mod.ts";
import type { RuleId } from "./rules.ts";
import { FILLED_SOURCE, FILLS, PARTIAL } from "./_fill.ts";

/**
 * Working tables of one cleaning run (dropped by {@linkcode dropStepTables}). The step table and
 * the copy of a view source are ordinary tables, so a second connection can read them.
 */
export const STEPS = "__crm_clean_steps";
const REPEATED = "__crm_clean_repeated";
const DUPS = "__crm_clean_dups";
const CODES = "__crm_clean_codes";
const SOURCE_COPY = "__crm_clean_source";

/** The eight source fields that make two lines "the same line". */
const LINE_FIELDS =
  "invoice, stock_code, description, quantity, invoice_date, price, customer_id, country";

/** What decides which rows are removed, and at which step. */
export interface StepPlan {
  readonly source: string;
  /** Rules in order; a row is removed by the first it fails. */
  readonly rules: readonly RuleId[];
  /** Ledger step of each rule (1-based position in `rules`). */
  readonly stepOf: ReadonlyMap<RuleId, number>;
  /** Stock codes and stock-code prefixes that are not products (both compared in any case). */
  readonly nonProductCodes: readonly string[];
  readonly nonProductPrefixes: readonly string[];
  /** Whether the source has a `status` column (the order status rule reads it). */
  readonly hasStatus?: boolean;
  /** SQL condition of the cancellation rule (the resolved `--cancellations` mode). */
  readonly cancellation?: string;
  /** The one currency analysed (`--only-currency`, upper-cased as the `currency` column is). */
  readonly currency?: string;
}

/**
 * Creates {@linkcode STEPS} with one column `__crm_s` (the removing step, 0 for kept rows)
 * aligned by position with `plan.source`.
 */
export async function createStepTable(db: Db, plan: StepPlan): Promise<void> {
  const { source, rules, stepOf } = plan;
  const dedupe = rules.includes("duplicate_line");
  const condition = await conditions(db, plan);
  const cases = rules.filter((r) => condition.has(r))
    .map((r) => `WHEN ${condition.get(r)} THEN ${stepOf.get(r)}`).join(" ");
  await db.run(
    `CREATE OR REPLACE TABLE ${STEPS} AS
     SELECT (${cases ? `CASE ${cases} ELSE 0 END` : "0"})::USMALLINT AS __crm_s${
      dedupe ? `, rowid AS __crm_id, hash(${LINE_FIELDS}) AS __crm_h` : ""
    }
     FROM ${source}`,
  );
  if (dedupe) await markDuplicates(db, source, stepOf.get("duplicate_line")!);
}

/** Drops the run's temporary tables. */
export async function dropStepTables(db: Db): Promise<void> {
  for (const table of [STEPS, REPEATED, DUPS, CODES, SOURCE_COPY, FILLS, FILLED_SOURCE, PARTIAL]) {
    await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * The name to read the source by: itself when it is a table, else (a view) a temporary copy.
 * Pairing by position and `rowid` need a stored table whose scan order does not change.
 */
export async function asTable(db: Db, source: string): Promise<string> {
  const kind = await db.all<{ t: string }>(
    `SELECT table_type AS t FROM information_schema.tables WHERE table_name = ?`,
    [source],
  );
  if (kind.some((k) => k.t !== "VIEW")) return quoteIdent(source);
  await db.run(
    `CREATE OR REPLACE TABLE ${SOURCE_COPY} AS SELECT * FROM ${quoteIdent(source)}`,
  );
  return SOURCE_COPY;
}

/** The source joined row by row with its step (`__crm_s`), as a FROM clause. */
export function withSteps(source: string): string {
  return `${source} POSITIONAL JOIN (SELECT __crm_s FROM ${STEPS})`;
}

/**
 * SQL condition of each removing rule other than `duplicate_line` (which is not per row).
 * Conditions are scalar expressions only: an `IN (…)` list or subquery would plan as a join,
 * and a join may reorder the rows, which would break the pairing by position.
 */
async function conditions(db: Db, plan: StepPlan): Promise<Map<RuleId, string>> {
  const out = new Map<RuleId, string>([
    ["order_status", plan.hasStatus ? NOT_A_SALE : "false"],
    [
      "other_currency",
      plan.currency === undefined
        ? "false"
        : `currency IS DISTINCT FROM ${quoteLiteral(plan.currency)}`,
    ],
    ["missing_customer_id", "customer_id IS NULL OR trim(customer_id) = ''"],
    ["cancellation", plan.cancellation ?? prefixCondition("C")],
    ["non_positive_quantity", "quantity IS NULL OR quantity <= 0"],
    ["non_positive_price", "price IS NULL OR price <= 0"],
  ]);
  if (plan.rules.includes("non_product_code")) {
    out.set("non_product_code", await nonProductCondition(db, plan));
  }
  return out;
}

/** The order status rule's condition: a status that says the order is not a sale. */
export const NOT_A_SALE = notASaleSql("status");

/**
 * Invoices starting with `prefix` in either case. For `C` this is the same as
 * `starts_with(upper(invoice), 'C')`: only 'c' upper-cases to 'C'.
 */
export function prefixCondition(prefix: string): string {
  const upper = prefix.toUpperCase(), lower = prefix.toLowerCase();
  return upper === lower
    ? `coalesce(starts_with(invoice, ${quoteLiteral(upper)}), false)`
    : `(starts_with(invoice, ${quoteLiteral(upper)}) OR starts_with(invoice, ${
      quoteLiteral(lower)
    }))`;
}

/** Above this many matching codes the code test runs per row instead of as a list lookup. */
const MAX_LISTED_CODES = 64;

/**
 * The non-product test (case-insensitive code list, prefixes). It runs on the few thousand
 * distinct stock codes of the source, and the rows are then tested against the short list
 * of codes that matched, exactly as written in the data.
 */
async function nonProductCondition(db: Db, plan: StepPlan): Promise<string> {
  const codes = plan.nonProductCodes.map((c) => quoteLiteral(c.toUpperCase()));
  const parts: string[] = [];
  if (codes.length > 0) parts.push(`list_contains([${codes.join(", ")}], upper(trim(stock_code)))`);
  for (const p of plan.nonProductPrefixes) {
    parts.push(`starts_with(lower(stock_code), ${quoteLiteral(p.toLowerCase())})`);
  }
  if (parts.length === 0) return "false";
  const perRow = `(${parts.join(" OR ")})`;
  // The distinct codes go through a table: in a subquery the optimizer would push the test
  // below the DISTINCT, back onto every row.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${CODES} AS SELECT DISTINCT stock_code FROM ${plan.source}`,
  );
  const found = await db.all<{ code: string }>(
    `SELECT stock_code AS code FROM ${CODES} WHERE ${perRow} ORDER BY code LIMIT ${
      MAX_LISTED_CODES + 1
    }`,
  );
  if (found.length > MAX_LISTED_CODES) return perRow;
  if (found.length === 0) return "false";
  return `list_contains([${found.map((f) => quoteLiteral(f.code)).join(", ")}], stock_code)`;
}

/**
 * Sets the step of every repeat of an earlier line (same eight fields, lower `row_number`) to
 * `step`, unless an earlier rule already removes it. The first occurrence is kept.
 * Candidates are fetched by `rowid` (a filtered scan), never through the positional join,
 * which would read every column of every row.
 */
async function markDuplicates(db: Db, source: string, step: number): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${REPEATED} AS
     SELECT __crm_h FROM ${STEPS} GROUP BY __crm_h HAVING count(*) > 1`,
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${DUPS} AS
     SELECT __crm_id FROM (
       SELECT rowid AS __crm_id, row_number() OVER (
         PARTITION BY ${LINE_FIELDS} ORDER BY row_number, rowid) AS __crm_k
       FROM ${source}
       WHERE rowid IN (SELECT __crm_id FROM ${STEPS} WHERE __crm_h IN (SELECT __crm_h FROM ${REPEATED}))
     ) WHERE __crm_k > 1`,
  );
  await db.run(
    `UPDATE ${STEPS} SET __crm_s = ${step}
     WHERE __crm_id IN (SELECT __crm_id FROM ${DUPS}) AND (__crm_s = 0 OR __crm_s > ${step})`,
  );
}
