import type { Db } from "../db/mod.ts";
import { CANONICAL_COLUMNS, OPTIONAL_COLUMNS, requireColumns } from "../db/mod.ts";
import { oneOf, OptionError } from "../errors.ts";
import { otherCurrencyRows } from "../load/mod.ts";
import type { LedgerStep } from "../types.ts";
import {
  type CancellationMode,
  type CleaningSwitches,
  DEFAULT_NON_PRODUCT_CODES,
  DEFAULT_NON_PRODUCT_PREFIXES,
  formatCancellations,
  parseCancellations,
  PRESET_SWITCHES,
  PRESETS,
  RULES,
  rulesFor,
} from "./rules.ts";
import type { Preset, RuleId } from "./rules.ts";
import { asTable, createStepTable, dropStepTables, NOT_A_SALE, STEPS } from "./_steps.ts";
import { fillOrderFields, FILLS } from "./_fill.ts";
import { resolveCancellations } from "./_cancellations.ts";
import { checkCancellationSigns, checkRemovedShare, checkRowsLeft } from "./_plausibility.ts";
import {
  type CapThresholds,
  capThresholds,
  writeChangedTable,
  writeCleanTable,
  writeRemovedTable,
  writeReturnsTable,
} from "./_outputs.ts";

export type { CapThresholds } from "./_outputs.ts";

/** Options for {@linkcode cleanTransactions}. */
export interface CleanOptions {
  /** Which recipe to follow: a set of switches ({@linkcode PRESET_SWITCHES}). @default {"recommended"} */
  preset?: Preset;
  /** Customer ids and countries missing on some lines of an invoice (`--order-fields`). @default {the preset's} */
  orderFields?: CleaningSwitches["orderFields"];
  /** Lines of orders whose status says they are not sales (`--order-status`). @default {the preset's} */
  orderStatus?: CleaningSwitches["orderStatus"];
  /** Exact duplicate lines (`--duplicates`). @default {the preset's} */
  duplicates?: CleaningSwitches["duplicates"];
  /** Non-product stock codes (`--non-products`). @default {the preset's} */
  nonProducts?: CleaningSwitches["nonProducts"];
  /** Outliers of quantity and price (`--outliers`). @default {the preset's} */
  outliers?: CleaningSwitches["outliers"];
  /**
   * The one currency analysed when the currency column names several (`--only-currency EUR`):
   * the lines in any other, or naming none, are removed (`other_currency`). @default {none: no such rule}
   */
  onlyCurrency?: string;
  /** How cancellation lines are recognised (`--cancellations`), or its command-line text. @default {{ kind: "auto" }} */
  cancellations?: CancellationMode | string;
  /** The source's schema (from the load), which `auto` cancellations follow. @default {undefined: decided from the data} */
  schema?: string;
  /** Rules allowed to remove more than half of the rows they see, or to remove implausible cancellations (`--accept-removal`). @default {[]} */
  acceptRemoval?: readonly RuleId[];
  /** The input file, named in messages. @default {undefined} */
  file?: string;
  /** Rows read and quarantined per sheet of a workbook (listed in the ledger when more than one sheet was read). @default {undefined} */
  sheets?: readonly {
    readonly name: string;
    readonly rows: number;
    readonly rowsRejected: number;
    readonly read?: boolean;
  }[];
  /** Replace the rule list the switches give (same ids, any order). @default {the switches' rules} */
  rules?: readonly RuleId[];
  /** Stock codes treated as non-products (case-insensitive). @default {DEFAULT_NON_PRODUCT_CODES} */
  nonProductCodes?: readonly string[];
  /** Stock-code prefixes treated as non-products. @default {DEFAULT_NON_PRODUCT_PREFIXES} */
  nonProductPrefixes?: readonly string[];
  /** Lower and upper quantiles of the outlier rule. @default {[0.01, 0.99]} */
  outlierQuantiles?: readonly [number, number];
  /** Multiplier of the inter-quantile range. @default {1.5} */
  outlierMultiplier?: number;
  /** Keep cancellations in a `returns` table matched to their purchases (`--returns`). @default {the preset's: true for "recommended"} */
  keepReturns?: boolean;
  /** Source table (or view) with the canonical columns; a view is copied to a temporary table first. @default {"raw_transactions"} */
  source?: string;
  /** Data rows read from the file (including any quarantined at load). @default {rows in `source`} */
  rowsRead?: number;
  /** Rows quarantined at load because they could not be parsed. @default {0} */
  rowsRejected?: number;
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
  /** The rules applied, in order. */
  readonly rules?: readonly RuleId[];
  /** How cancellations were recognised: the `--cancellations` value in force and why. */
  readonly cancellations?: { readonly mode: string; readonly reason: string };
  /** Values filled in by `order_field_fill`, by column (`customer_id`, `country`); none: `{}`. */
  readonly filled?: Readonly<Record<string, number>>;
}

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
 * How it runs: one pass computes, per source row, the step of the first rule that removes it
 * (a narrow temporary table; exact duplicates come from a hash aggregate plus a field-by-field
 * check of the few candidates); the counts come from that table, the quantiles from one pass
 * over the kept rows, and each output table from one pass over the source paired with it by
 * position. The source is never copied.
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
  const switches: CleaningSwitches = {
    ...PRESET_SWITCHES[preset],
    ...(options.orderFields !== undefined
      ? { orderFields: oneOf("order-fields", options.orderFields, ["fill", "keep"] as const) }
      : {}),
    ...(options.orderStatus !== undefined
      ? { orderStatus: oneOf("order-status", options.orderStatus, ["remove", "keep"] as const) }
      : {}),
    ...(options.duplicates !== undefined
      ? { duplicates: oneOf("duplicates", options.duplicates, ["remove", "keep"] as const) }
      : {}),
    ...(options.nonProducts !== undefined
      ? { nonProducts: oneOf("non-products", options.nonProducts, ["remove", "keep"] as const) }
      : {}),
    ...(options.outliers !== undefined
      ? { outliers: oneOf("outliers", options.outliers, ["cap", "keep"] as const) }
      : {}),
    ...(options.onlyCurrency !== undefined
      ? { onlyCurrency: options.onlyCurrency.trim().toUpperCase() }
      : {}),
  };
  const mode = typeof options.cancellations === "string"
    ? parseCancellations(options.cancellations)
    : options.cancellations ?? { kind: "auto" };
  for (const rule of options.rules ?? []) oneOf("rules", rule, Object.keys(RULES) as RuleId[]);
  const accepted = options.acceptRemoval ?? [];
  for (const rule of accepted) oneOf("accept-removal", rule, Object.keys(RULES) as RuleId[]);
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
  const keepReturns = options.keepReturns ?? switches.returns === "table";
  const sourceName = options.source ?? "raw_transactions";
  const found = await requireColumns(
    db,
    sourceName,
    CANONICAL_COLUMNS.map((c) => c.name),
    "clean transactions",
  );
  // the optional columns the source carries go through to every output
  const columns = [
    ...CANONICAL_COLUMNS.map((c) => c.name),
    ...OPTIONAL_COLUMNS.map((c) => c.name).filter((c) => found.includes(c)),
  ];
  const file = options.file === undefined ? "" : ` from "${options.file}"`;

  try {
    const asked = options.rules ?? rulesFor(switches);
    let source = await asTable(db, sourceName);
    // Order fields first: every rule after it sees the lines filled in (from a copy).
    let filled = { rows: 0, byColumn: {} as Record<string, number> };
    if (asked.includes("order_field_fill")) {
      const fill = await fillOrderFields(db, source, columns);
      source = fill.source;
      filled = { rows: fill.rows, byColumn: await filledByColumn(db, fill.rows) };
    }
    const cancel = await resolveCancellations(db, source, mode, {
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      columns,
    });
    const hasStatus = columns.includes("status");
    const otherCurrency = switches.onlyCurrency !== undefined && asked.includes("other_currency")
      ? await otherCurrencyLines(db, source, columns, switches.onlyCurrency, file)
      : 0;
    const notSales = hasStatus && asked.includes("order_status")
      ? (await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM ${source} WHERE ${NOT_A_SALE}`,
      )).n
      : 0;
    // Rules that do nothing on this data are left out (the ledger lists what applies).
    const rules = asked.filter((r) =>
      (r !== "cancellation" || cancel.condition !== null) &&
      (r !== "order_field_fill" || filled.rows > 0) &&
      (r !== "order_status" || notSales > 0) &&
      (r !== "other_currency" || otherCurrency > 0)
    );
    const stepOf = new Map<RuleId, number>(rules.map((r, i) => [r, i + 1]));
    await createStepTable(db, {
      source,
      rules,
      stepOf,
      nonProductCodes: options.nonProductCodes ?? DEFAULT_NON_PRODUCT_CODES,
      nonProductPrefixes: options.nonProductPrefixes ?? DEFAULT_NON_PRODUCT_PREFIXES,
      hasStatus,
      ...(cancel.condition !== null ? { cancellation: cancel.condition } : {}),
      ...(switches.onlyCurrency !== undefined ? { currency: switches.onlyCurrency } : {}),
    });
    const removedCounts = await countByStep(db, `SELECT __crm_s AS step FROM ${STEPS}`);
    const ledgerOptions = {
      rowsRejected: options.rowsRejected ?? 0,
      rowsRead: options.rowsRead,
      keepReturns,
      cancellation: cancel.description,
      sheets: (options.sheets ?? []).filter((s) => s.read !== false),
    };
    // Stop before writing anything when the result would mislead (the ledger so far goes with
    // the error, without capping).
    const before = buildLedger(rules, removedCounts, new Map(), ledgerOptions);
    checkRowsLeft(file, before);
    if (rules.includes("cancellation") && cancel.mode.kind === "prefix") {
      await checkCancellationSigns(
        db,
        {
          source,
          step: stepOf.get("cancellation")!,
          file,
          description: cancel.description,
        },
        before,
        accepted,
      );
    }
    checkRemovedShare(file, before, accepted);

    // Thresholds of every cap step come from the rows that survive the removal rules. Capping
    // one column changes neither the rows nor the other column, so all quantiles are read in
    // one pass.
    const capRules = rules.filter((r) => RULES[r].kind === "cap");
    const thresholds = await writeOutputs(db, { source, columns, rules, stepOf, capRules }, {
      qLow,
      qHigh,
      multiplier,
    });
    // rows changed per step (a filled line may have two values filled in)
    const changedCounts = await countByStep(
      db,
      `SELECT DISTINCT step, row_number FROM cleaning_changed`,
    );

    let returns = { rows: 0, matched: 0 };
    if (keepReturns && rules.includes("cancellation")) {
      returns = await writeReturnsTable(db, columns, stepOf.get("cancellation")!);
    } else {
      await db.run(`DROP TABLE IF EXISTS returns`);
    }
    const ledger = buildLedger(rules, removedCounts, changedCounts, ledgerOptions);
    const rowsClean = removedCounts.get(0) ?? 0;
    return {
      preset,
      ledger,
      rowsRaw: ledger[0]!.rowsIn,
      rowsClean,
      thresholds,
      returnsRows: returns.rows,
      returnsMatched: returns.matched,
      rules,
      cancellations: { mode: formatCancellations(cancel.mode), reason: cancel.reason },
      filled: filled.byColumn,
    };
  } finally {
    await dropStepTables(db);
  }
}

/**
 * Writes `clean_transactions`, `cleaning_removed` and `cleaning_changed`. Each is one sequential
 * pass over the source; with a second connection ({@linkcode Db.fork}) the removed rows (then
 * the changed values) are written while the quantiles and the kept rows are, on two cores.
 * Waits for both sides before returning or throwing, so no statement outlives the call.
 */
async function writeOutputs(
  db: Db,
  plan: {
    source: string;
    columns: readonly string[];
    rules: readonly RuleId[];
    stepOf: ReadonlyMap<RuleId, number>;
    capRules: readonly RuleId[];
  },
  cap: { qLow: number; qHigh: number; multiplier: number },
): Promise<CapThresholds[]> {
  const { source, columns, rules, stepOf, capRules } = plan;
  const side = await db.fork?.();
  if (side === undefined) {
    await writeRemovedTable(db, source, columns, rules);
    const thresholds = await capThresholds(db, source, capRules, cap);
    await writeCleanTable(db, source, columns, thresholds);
    await writeChangedTable(db, source, thresholds, stepOf, FILLS);
    return thresholds;
  }
  try {
    const thresholds = capThresholds(db, source, capRules, cap);
    const results = await Promise.allSettled([
      thresholds.then((t) => writeCleanTable(db, source, columns, t)),
      writeRemovedTable(side, source, columns, rules).then(async () =>
        writeChangedTable(side, source, await thresholds, stepOf, FILLS)
      ),
    ]);
    const failed = results.find((r) => r.status === "rejected");
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    return await thresholds;
  } finally {
    side.close();
  }
}

/** Values filled in per column (none when `rows` is 0: the fill table may not exist). */
/**
 * The lines `--only-currency` removes: those in another currency than `code`, or naming none.
 *
 * @throws {OptionError} If the source has no currency column, or no line names `code`.
 */
async function otherCurrencyLines(
  db: Db,
  source: string,
  columns: readonly string[],
  code: string,
  file: string,
): Promise<number> {
  const found = columns.includes("currency")
    ? await db.all<{ code: string | null; n: number }>(
      `SELECT currency AS code, count(*) AS n FROM ${source} GROUP BY 1 ORDER BY n DESC, code`,
    )
    : undefined;
  return otherCurrencyRows(found, code, {
    subject: `the transactions${file}`,
    unit: "line",
    mapFlag: "currency",
  }).removed;
}

async function filledByColumn(db: Db, rows: number): Promise<Record<string, number>> {
  if (rows === 0) return {};
  const found = await db.all<{ column: string; n: number }>(
    `SELECT "column", count(*) AS n FROM ${FILLS} GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(found.map((r) => [r.column, r.n]));
}

/** Rows per step of a query with a `step` column (one row per row changed or removed). */
async function countByStep(db: Db, sql: string): Promise<Map<number, number>> {
  const rows = await db.all<{ step: number; n: number }>(
    `SELECT step, count(*) AS n FROM (${sql}) GROUP BY 1 ORDER BY 1`,
  );
  return new Map(rows.map((r) => [r.step, r.n]));
}

/**
 * The ledger: step 0 for the load, then one step per rule, as a funnel. Throws when the
 * counts do not reconcile to the rows read (a bug, never bad input).
 */
function buildLedger(
  rules: readonly RuleId[],
  removedCounts: ReadonlyMap<number, number>,
  changedCounts: ReadonlyMap<number, number>,
  options: {
    rowsRejected: number;
    rowsRead: number | undefined;
    keepReturns: boolean;
    cancellation: string;
    sheets: readonly { name: string; rows: number; rowsRejected: number }[];
  },
): LedgerStep[] {
  const { rowsRejected, keepReturns } = options;
  const rowsInTable = [...removedCounts.values()].reduce((a, b) => a + b, 0);
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
  // A workbook read across sheets: the load, sheet by sheet (step 0, after the total).
  if (options.sheets.length > 1) {
    for (const s of options.sheets) {
      ledger.push({
        step: 0,
        rule: `sheet:${s.name}`,
        description: `rows read from sheet "${s.name}"; unparseable rows quarantined`,
        rowsIn: s.rows,
        rowsRemoved: s.rowsRejected,
        rowsChanged: 0,
        rowsOut: s.rows - s.rowsRejected,
      });
    }
  }
  let rowsIn = rowsRead - rowsRejected;
  rules.forEach((rule, i) => {
    const step = i + 1;
    const removed = removedCounts.get(step) ?? 0;
    ledger.push({
      step,
      rule,
      description: (rule === "cancellation" && options.cancellation !== ""
        ? options.cancellation
        : RULES[rule].description) +
        (rule === "cancellation" && keepReturns ? "; kept in the returns table" : ""),
      rowsIn,
      rowsRemoved: removed,
      rowsChanged: changedCounts.get(step) ?? 0,
      rowsOut: rowsIn - removed,
    });
    rowsIn -= removed;
  });
  const rowsClean = removedCounts.get(0) ?? 0;
  const last = ledger.filter((s) => !s.rule.startsWith("sheet:")).at(-1)!;
  const removedTotal = ledger.filter((s) => !s.rule.startsWith("sheet:"))
    .reduce((sum, s) => sum + s.rowsRemoved, 0);
  if (last.rowsOut !== rowsClean || rowsClean + removedTotal !== rowsRead) {
    throw new Error(
      `Cannot reconcile the cleaning ledger: ${rowsRead} rows read, ${rowsClean} clean, ${removedTotal} removed`,
    );
  }
  return ledger;
}
