/**
 * One line of the CRM data-quality ledger (`tables/crm_checks.csv`): which table and column,
 * which check, how many rows it concerns, an example value and what was done about it. Every
 * row removed or changed by reading and validation has a line; so have skipped files, unused
 * columns and findings that were only flagged.
 */
export interface CrmCheck {
  /** Table kind, or `"(file)"` for a file that was skipped. */
  readonly table: string;
  /** What was checked, e.g. `"duplicate key"`, `"broken reference"`, `"near-duplicate spelling"`. */
  readonly check: string;
  /** Canonical field (or the source column for unused columns; `""` when none). */
  readonly column: string;
  /** Rows concerned (for `"rep without deals"`: reps; for `"skipped file"`: 0). */
  readonly rows: number;
  /** An example value or file, quoted. */
  readonly example: string;
  /** What was done, and how to change it where the user can. */
  readonly action: string;
}

/** Column order of `crm_checks.csv`. */
export const CRM_CHECK_COLUMNS = [
  "table",
  "check",
  "column",
  "rows",
  "example",
  "action",
] as const satisfies readonly (keyof CrmCheck)[];

/**
 * Orders ledger lines for output: by table kind order (skipped files first), then by the order
 * the checks ran (the input order, kept stable).
 *
 * @example
 * ```ts
 * import { sortCrmChecks } from "./crm_check.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const line = (table: string, check: string) => ({ table, check, column: "", rows: 1, example: "", action: "" });
 * deepStrictEqual(
 *   sortCrmChecks([line("pipeline", "b"), line("customers", "a"), line("(file)", "skipped file")]).map((c) => c.table),
 *   ["(file)", "customers", "pipeline"],
 * );
 * ```
 */
export function sortCrmChecks(checks: readonly CrmCheck[]): CrmCheck[] {
  const order = [
    "(file)",
    "transactions",
    "customers",
    "products",
    "interactions",
    "sales_team",
    "pipeline",
    "accounts",
    "targets",
  ];
  const rank = (t: string): number => {
    const i = order.indexOf(t);
    return i < 0 ? order.length : i;
  };
  return checks.map((c, i) => ({ c, i })).sort((a, b) =>
    rank(a.c.table) - rank(b.c.table) || a.i - b.i
  ).map((x) => x.c);
}

/**
 * What a ledger line did to the data: rows `removed`, values `changed` (standardised, recoded,
 * recomputed or set to empty), rows `kept` as they are but flagged (broken references,
 * near-duplicate spellings, dates out of order), a file `skipped`, or a column `ignored`.
 */
export type CheckOutcome = "removed" | "changed" | "kept" | "skipped" | "ignored";

/**
 * The outcome of a ledger line, read from its action (every action starts with what was done).
 *
 * @example
 * ```ts
 * import { checkOutcome } from "./crm_check.ts";
 * import { equal } from "node:assert/strict";
 * const line = (action: string) => ({ table: "pipeline", check: "x", column: "", rows: 1, example: "", action });
 * equal(checkOutcome(line("removed: the first row of each key is kept")), "removed");
 * equal(checkOutcome(line("kept: not found in sales_team.rep, counted as unknown")), "kept");
 * equal(checkOutcome(line("standardised (case and spaces) to the most common spelling")), "changed");
 * ```
 */
export function checkOutcome(check: CrmCheck): CheckOutcome {
  const a = check.action;
  if (a.startsWith("removed")) return "removed";
  if (a.startsWith("kept")) return "kept";
  if (a.startsWith("skipped")) return "skipped";
  if (a.startsWith("ignored")) return "ignored";
  return "changed";
}
