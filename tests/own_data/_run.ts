/**
 * Runs the main job for the corpus: in process (`parseReportArgs` + `runReport`, exit code 2 for
 * a user error as the CLI gives it) or as the CLI itself (exit code and output), and checks a
 * run's tables against the independent expectations of `_generate.ts`.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { equal, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { isUserError } from "../../lib/errors.ts";
import { parseReportArgs } from "../../lib/options/mod.ts";
import { runReport } from "../../lib/main/run_report.ts";
import { createProgress } from "../../lib/util/progress.ts";
import type { Expected } from "./_generate.ts";
import type { Tables } from "./_fixtures.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The outcome of a run: the exit code the CLI would give and the user error, if any. */
export interface Outcome {
  readonly code: 0 | 2;
  readonly error?: Error & { hint?: string };
  /** Progress lines (stage messages, `load:` and `clean:` notes). */
  readonly lines: readonly string[];
}

/**
 * Runs the main job in process with `args`, quietly, with a fixed clock. A user error gives
 * code 2 (as the CLI); any other error fails the test by propagating.
 */
export async function runMain(args: readonly string[]): Promise<Outcome> {
  const lines: string[] = [];
  try {
    const parsed = parseReportArgs(args);
    if (parsed.help) throw new Error("unexpected --help");
    await runReport(parsed.options, {
      progress: createProgress({ write: (l) => lines.push(l) }),
      now: () => new Date("2026-01-01T00:00:00Z"),
    });
    return { code: 0, lines };
  } catch (error) {
    if (isUserError(error)) return { code: 2, error, lines };
    throw error;
  }
}

/** Runs the CLI (`deno run lib/main/report_cli.ts`) as a user would. */
export async function cli(
  args: readonly string[],
): Promise<{ code: number; stderr: string; stdout: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "lib/main/report_cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { CRM_QUIET: "1", NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stderr: dec.decode(out.stderr), stdout: dec.decode(out.stdout) };
}

/**
 * Checks a run's tables against the expectations: customers, orders, lines, units and revenue
 * (summary and KPIs), the first and last day, each customer's orders (RFM frequency) and spend
 * (monetary), and a ledger that keeps every line and changes none.
 */
export function assertTables(tables: Tables, want: Expected, label: string): void {
  const { summary, kpis, ledger, customers } = tables;
  equal(summary.customers, want.customers, `${label}: customers`);
  equal(summary.invoices, want.orders, `${label}: orders`);
  equal(summary.rows_clean, want.lines, `${label}: clean lines`);
  equal(Math.round(Number(summary.revenue) * 100), want.revenueCents, `${label}: revenue`);
  equal(summary.first_date, want.firstDate, `${label}: first date`);
  equal(summary.last_date, want.lastDate, `${label}: last date`);
  equal(kpis.orders, want.orders, `${label}: KPI orders`);
  equal(kpis.customers, want.customers, `${label}: KPI customers`);
  equal(kpis.units, want.units, `${label}: KPI units`);
  equal(Math.round(Number(kpis.revenue) * 100), want.revenueCents, `${label}: KPI revenue`);
  const changed = ledger.reduce((s, r) => s + Number(r.rows_changed), 0);
  equal(changed, 0, `${label}: no value capped`);
  equal(customers.length, want.customers, `${label}: customers.csv rows`);
  for (const row of customers) {
    const c = want.perCustomer.get(row.customer_id!);
    ok(c !== undefined, `${label}: unexpected customer ${row.customer_id}`);
    equal(Number(row.frequency), c.orders, `${label}: orders of ${row.customer_id}`);
    equal(
      Math.round(Number(row.monetary) * 100),
      c.revenueCents,
      `${label}: spend of ${row.customer_id}`,
    );
  }
}
