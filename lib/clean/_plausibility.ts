/**
 * The checks that stop a cleaning run whose result would mislead: no row left, one rule
 * removing more than half of the rows it sees, or "cancellations" that look like ordinary
 * orders (mostly positive quantities, hardly any matching an earlier purchase).
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import type { LedgerStep } from "../types.ts";
import { CleaningStopError } from "./cleaning_stop_error.ts";
import type { RuleId } from "./rules.ts";
import { withSteps } from "./_steps.ts";

/** A rule may remove at most this share of the rows it sees before the run stops. */
export const MAX_REMOVED_SHARE = 0.5;

/** What to do about a rule's removals, as command-line advice. */
function ruleAdvice(rule: string): string {
  switch (rule) {
    case "load":
      return "Every row was set aside as unparseable: fix the values, or check --map, --date-format and --decimal";
    case "duplicate_line":
      return "Pass --duplicates keep if repeated lines are real purchases";
    case "order_status":
      return 'Pass --order-status keep if the status column is not the order\'s status (or map another: --map status="Column", --map status=none)';
    case "other_currency":
      return "Pass the currency of most lines to --only-currency (the ledger's count is the lines in the others)";
    case "order_field_fill":
      return "Pass --order-fields keep to leave missing customer ids, countries and statuses missing";
    case "missing_customer_id":
      return 'Check that the customer column is mapped (--map customer_id="Column")';
    case "cancellation":
      return "If these are not cancellations, pass --cancellations off (or name how the file marks them: --cancellations column:NAME, --cancellations negative-quantity)";
    case "non_product_code":
      return "Pass --non-products keep if these codes are products";
    case "non_positive_quantity":
      return 'Check the quantity column (--map quantity="Column", or --map quantity=none for one unit per line) and --decimal';
    case "non_positive_price":
      return 'Check the money column (--map price="Column" for unit prices, --map amount="Column" for line totals) and --decimal';
    default:
      return "Check the options of this rule";
  }
}

function pct(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Math.round((100 * part) / whole)}%`;
}

function int(n: number): string {
  return n.toLocaleString("en-US");
}

/** Throws when no row is left after cleaning, naming the rule that removed the last ones. */
export function checkRowsLeft(file: string, ledger: readonly LedgerStep[]): void {
  const steps = ledger.filter((s) => s.step > 0 || s.rule === "load");
  const last = steps[steps.length - 1];
  if (last === undefined || last.rowsOut > 0) return;
  const load = steps[0]!;
  const stop = load.rowsOut === 0 ? load : steps.find((s) => s.step > 0 && s.rowsOut === 0)!;
  const message = stop.rule === "load"
    ? `Cannot clean transactions${file}: no rows are left: all ${
      int(load.rowsIn)
    } rows were set aside as unparseable when loading`
    : `Cannot clean transactions${file}: no rows are left: step ${stop.step} (${stop.rule}: ${stop.description}) removed the last ${
      int(stop.rowsRemoved)
    } of ${int(load.rowsIn)} rows`;
  throw new CleaningStopError(message, {
    rule: stop.rule,
    reason: "all-removed",
    ledger,
    hint: ruleAdvice(stop.rule),
  });
}

/**
 * Throws when a removing rule takes more than half of the rows it sees (unless accepted). The
 * lines in currencies other than the one `--only-currency` names are the user's own choice, never
 * checked.
 */
export function checkRemovedShare(
  file: string,
  ledger: readonly LedgerStep[],
  accepted: readonly RuleId[],
): void {
  for (const s of ledger) {
    if (s.step === 0 || s.rowsRemoved <= MAX_REMOVED_SHARE * s.rowsIn) continue;
    if ((accepted as readonly string[]).includes(s.rule) || s.rule === "other_currency") continue;
    throw new CleaningStopError(
      `Cannot clean transactions${file}: step ${s.step} (${s.rule}: ${s.description}) would remove ${
        int(s.rowsRemoved)
      } of the ${int(s.rowsIn)} rows it sees (${pct(s.rowsRemoved, s.rowsIn)}); ` +
        "a rule that removes most of a file usually means the file was read or mapped wrongly",
      {
        rule: s.rule,
        reason: "implausible",
        ledger,
        hint: `${ruleAdvice(s.rule)}; if the removal is right, pass --accept-removal ${s.rule}`,
      },
    );
  }
}

/**
 * Throws when most "cancellation" lines have positive quantities and few of those match an
 * earlier (or same-time) purchase of the same customer and product still in the data: such
 * lines are orders whose ids happen to start with the prefix.
 */
export async function checkCancellationSigns(
  db: Db,
  plan: { source: string; step: number; file: string; description: string },
  ledger: readonly LedgerStep[],
  accepted: readonly RuleId[],
): Promise<void> {
  if (accepted.includes("cancellation")) return;
  const { source, step } = plan;
  const r = await db.one<{ n: number; positive: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE quantity > 0) AS positive
     FROM ${withSteps(source)} WHERE __crm_s = ${step}`,
  );
  if (r.n === 0 || r.positive <= MAX_REMOVED_SHARE * r.n) return;
  const m = await db.one<{ matched: number }>(
    `WITH lines AS (SELECT customer_id, stock_code, invoice_date, quantity, __crm_s FROM ${
      withSteps(source)
    } WHERE __crm_s IN (0, ${step})),
     c AS (SELECT customer_id, stock_code, invoice_date FROM lines WHERE __crm_s = ${step} AND quantity > 0),
     p AS (SELECT customer_id, stock_code, min(invoice_date) AS first FROM lines WHERE __crm_s = 0 GROUP BY ALL)
     SELECT count(*) AS matched FROM c JOIN p USING (customer_id, stock_code) WHERE p.first <= c.invoice_date`,
  );
  if (m.matched >= MAX_REMOVED_SHARE * r.positive) return;
  throw new CleaningStopError(
    `Cannot clean transactions${plan.file}: ${
      int(r.n)
    } lines were taken as cancellations (${plan.description}), but ${
      pct(r.positive, r.n)
    } of them have positive quantities and only ${
      pct(m.matched, r.positive)
    } of those match an earlier purchase of the same customer and product: they look like ordinary orders`,
    {
      rule: "cancellation",
      reason: "implausible",
      ledger,
      hint: `${
        ruleAdvice("cancellation")
      }; if they are cancellations, pass --accept-removal cancellation`,
    },
  );
}
