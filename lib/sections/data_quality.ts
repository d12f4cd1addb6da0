/**
 * The data-quality section: the cleaning funnel in words, as a chart and as a table, with the
 * facts computed from the ledger ({@linkcode dataQualityFacts}) and worded by
 * {@linkcode dataQualityFindings} and {@linkcode dataQualityRecommendations}.
 *
 * @module
 */
import type { CleanResult, Preset } from "../clean/mod.ts";
import { RULES } from "../clean/mod.ts";
import { cleaningFunnel } from "../charts/mod.ts";
import type { DatasetSummary } from "../eda/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";

/** What the loader reported, as far as the data-quality section needs it. */
export interface LoadFacts {
  readonly file: string;
  readonly format: string;
  readonly schema: string;
  readonly dateFormat: string;
  readonly encoding: string;
  readonly rowsRejected: number;
  readonly columnMap: Readonly<Record<string, string | null>>;
  /** Fields filled in by a rule because the file has no column for them. */
  readonly derived?: readonly { readonly field: string; readonly rule: string }[];
  /** The sheets of a workbook, read or skipped. */
  readonly sheets?: readonly {
    readonly name: string;
    readonly read: boolean;
    readonly reason?: string;
  }[];
}

/** Share of lines without a customer id above which capturing the id is recommended. */
export const MISSING_ID_SHARE = 0.05;

/** The numbers the data-quality words read. */
export interface DataQualityFacts {
  readonly preset: Preset;
  readonly rowsRaw: number;
  readonly rowsClean: number;
  /** The step that removed the most rows (none when nothing was removed). */
  readonly largestLoss: {
    readonly rule: string;
    readonly description: string;
    readonly rows: number;
  } | null;
  /** Capping steps that changed values, with their thresholds when known. */
  readonly capped: readonly {
    readonly rule: string;
    readonly rows: number;
    readonly column: string | null;
    readonly high: number | null;
    readonly qLow: number | null;
    readonly qHigh: number | null;
  }[];
  /**
   * Order fields filled in from the invoice's other lines (`order_field_fill`): the lines, and
   * the values per column; `null` when none was.
   */
  readonly filled: {
    readonly rows: number;
    readonly byColumn: Readonly<Record<string, number>>;
  } | null;
  /** Cancellation lines kept as returns and how many match an earlier purchase. */
  readonly returns: { readonly rows: number; readonly matched: number } | null;
  readonly rowsRejected: number;
  /** How cancellations were recognised (mode and why), when the cleaning says. */
  readonly cancellations: { readonly mode: string; readonly reason: string } | null;
  /** Fields filled in by a rule (one unit per line, one order per customer and time, …). */
  readonly derived: readonly { readonly field: string; readonly rule: string }[];
  /** Workbook sheets skipped, with the reason. */
  readonly skippedSheets: readonly { readonly name: string; readonly reason: string }[];
  /** Lines without a customer id as a share of the rows that step saw. */
  readonly missingIdShare: number | null;
  readonly summary: DatasetSummary;
}

/**
 * The data-quality facts of a cleaning result, the dataset summary and the load facts.
 *
 * @example
 * ```ts
 * import { dataQualityFacts } from "./data_quality.ts";
 * import { exampleCleaning } from "./_examples.ts";
 * import { equal } from "node:assert/strict";
 * const { clean, summary, load } = exampleCleaning();
 * const f = dataQualityFacts(clean, summary, load);
 * equal(f.largestLoss?.rule, "missing_customer_id");
 * equal(f.missingIdShare, 0.3);
 * ```
 */
export function dataQualityFacts(
  clean: CleanResult,
  summary: DatasetSummary,
  load: Pick<LoadFacts, "rowsRejected" | "derived" | "sheets">,
): DataQualityFacts {
  const steps = clean.ledger.filter((s) => s.step > 0);
  const biggest = [...steps].sort((a, b) => b.rowsRemoved - a.rowsRemoved || a.step - b.step)[0];
  const missing = steps.find((s) => s.rule === "missing_customer_id");
  const fillStep = steps.find((s) => s.rule === "order_field_fill");
  return {
    preset: clean.preset,
    rowsRaw: clean.rowsRaw,
    rowsClean: clean.rowsClean,
    largestLoss: biggest && biggest.rowsRemoved > 0
      ? {
        rule: biggest.rule,
        description: RULES[biggest.rule as keyof typeof RULES]?.description ?? biggest.description,
        rows: biggest.rowsRemoved,
      }
      : null,
    filled: fillStep !== undefined && fillStep.rowsChanged > 0
      ? { rows: fillStep.rowsChanged, byColumn: clean.filled ?? {} }
      : null,
    capped: steps.filter((s) => s.rowsChanged > 0 && s !== fillStep).map((s) => {
      const t = clean.thresholds.find((x) => s.rule.endsWith(x.column));
      return {
        rule: s.rule,
        rows: s.rowsChanged,
        column: t?.column ?? null,
        high: t?.high ?? null,
        qLow: t?.qLow ?? null,
        qHigh: t?.qHigh ?? null,
      };
    }),
    returns: clean.returnsRows > 0
      ? { rows: clean.returnsRows, matched: clean.returnsMatched }
      : null,
    rowsRejected: load.rowsRejected,
    cancellations: clean.cancellations ?? null,
    derived: load.derived ?? [],
    skippedSheets: (load.sheets ?? []).filter((x) => !x.read).map((x) => ({
      name: x.name,
      reason: x.reason ?? "its columns differ",
    })),
    missingIdShare: missing ? missing.rowsRemoved / Math.max(missing.rowsIn, 1) : null,
    summary,
  };
}

/**
 * The data-quality findings: `kept`, `largest-loss`, `filled`, `capped-<rule>`, `returns`, `rejected`,
 * `cancellations`, `derived`, `sheets`, `coverage`.
 *
 * @example
 * ```ts
 * import { dataQualityFacts, dataQualityFindings } from "./data_quality.ts";
 * import { exampleCleaning } from "./_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const { clean, summary, load } = exampleCleaning();
 * const [kept] = dataQualityFindings(dataQualityFacts(clean, summary, load), createFormat());
 * match(kept!.text, /7 of 10 rows \(70.0%\) are kept/);
 * ```
 */
export function dataQualityFindings(f: DataQualityFacts, fmt: Format): Statement[] {
  const capped: Record<string, string> = {};
  for (const c of f.capped) {
    capped[`capped-${c.rule}`] = `${fmt.int(c.rows)} lines had an extreme ${
      c.column ?? "value"
    } capped${
      c.high !== null
        ? ` at ${fmt.number(c.high)} (q01 ${fmt.number(c.qLow ?? NaN)}, q99 ${
          fmt.number(c.qHigh ?? NaN)
        })`
        : ""
    }.`;
  }
  const s = f.summary;
  return statements({
    kept: `${fmt.int(f.rowsClean)} of ${fmt.int(f.rowsRaw)} rows (${
      fmt.percent(f.rowsClean / Math.max(f.rowsRaw, 1))
    }) are kept as clean purchase lines; every other row is accounted for in the ledger below.`,
    "largest-loss": f.largestLoss
      ? `The largest loss is "${f.largestLoss.rule}" (${f.largestLoss.description}): ${
        fmt.int(f.largestLoss.rows)
      } rows, ${fmt.percent(f.largestLoss.rows / Math.max(f.rowsRaw, 1))} of the file.`
      : null,
    filled: f.filled ? filledWords(f.filled, fmt) : null,
    ...capped,
    returns: f.returns
      ? `${fmt.int(f.returns.rows)} cancellation lines are kept as returns; ${
        fmt.percent(f.returns.matched / f.returns.rows)
      } of them match an earlier purchase of the same customer and product.`
      : null,
    rejected: f.rowsRejected > 0
      ? `${
        fmt.int(f.rowsRejected)
      } rows could not be parsed and were set aside (rejected_rows.csv in the tables folder of the run).`
      : null,
    cancellations: f.cancellations
      ? `Cancellations: ${f.cancellations.mode} (${f.cancellations.reason}).`
      : null,
    derived: f.derived.length > 0
      ? `The file has no column for ${f.derived.map((d) => `${d.field} (${d.rule})`).join(", ")}.`
      : null,
    sheets: f.skippedSheets.length > 0
      ? `Workbook sheets not read: ${
        f.skippedSheets.map((x) => `"${x.name}" (${x.reason})`).join(", ")
      }.`
      : null,
    coverage: `The clean data covers ${s.firstDate} to ${s.lastDate}: ${
      fmt.int(s.customers)
    } customers, ${fmt.int(s.invoices)} invoices, ${fmt.money(s.revenue)} revenue.`,
  });
}

/**
 * The order-fields finding: what the lines lacked (with the count per field when there are two).
 *
 * @example
 * ```ts
 * import { filledWords } from "./data_quality.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { equal } from "node:assert/strict";
 * equal(filledWords({ rows: 3, byColumn: { country: 3 } }, createFormat()),
 *   "3 lines lacked the country that other lines of their invoice carry: filled in from them (changed_values.csv lists each).");
 * equal(filledWords({ rows: 4, byColumn: { country: 4, customer_id: 1 } }, createFormat()),
 *   "4 lines lacked the country (4) or the customer id (1) that other lines of their invoice carry: filled in from them (changed_values.csv lists each).");
 * ```
 */
export function filledWords(
  filled: { readonly rows: number; readonly byColumn: Readonly<Record<string, number>> },
  fmt: Format,
): string {
  const entries = Object.entries(filled.byColumn);
  const name = (c: string) => (c === "customer_id" ? "the customer id" : `the ${c}`);
  const what = entries.length === 1
    ? name(entries[0]![0])
    : entries.map(([c, n]) => `${name(c)} (${fmt.int(n)})`).join(" or ");
  return `${
    fmt.int(filled.rows)
  } lines lacked ${what} that other lines of their invoice carry: filled in from them (changed_values.csv lists each).`;
}

/**
 * The data-quality recommendations: `capture-customer-id` (more than 5% of lines without a
 * customer id), then `classic-preset` or `review-removed`.
 */
export function dataQualityRecommendations(f: DataQualityFacts, fmt: Format): Statement[] {
  return statements({
    "capture-customer-id": f.missingIdShare !== null && f.missingIdShare > MISSING_ID_SHARE
      ? `${
        fmt.percent(f.missingIdShare)
      } of lines have no customer id: capture the id at checkout (guest orders) so these sales count in customer analytics.`
      : null,
    "classic-preset": f.preset === "classic"
      ? "The classic preset keeps exact duplicate lines and non-product codes (postage, fees) to match published tutorial numbers; use --preset recommended for decisions."
      : null,
    "review-removed": f.preset !== "classic"
      ? "Review the removed rows (removed_rows.csv in the tables folder of the run) for rules that removed more than expected before relying on the numbers."
      : null,
  });
}

/** The data-quality section's one-sentence answer. */
export function dataQualityLead(f: DataQualityFacts, fmt: Format): string {
  return `${fmt.int(f.rowsRaw)} rows read with the "${f.preset}" preset; ${
    fmt.int(f.rowsClean)
  } clean purchase lines remain and the ledger reconciles exactly.`;
}

/** The funnel chart, the ledger and how each canonical field was read. */
export function dataQualityBlocks(clean: CleanResult, load: LoadFacts, fmt: Format): Block[] {
  return [
    {
      kind: "chart",
      id: "quality.funnel",
      spec: cleaningFunnel(clean.ledger.filter((s) => s.step > 0), { format: fmt }),
    },
    {
      kind: "table",
      id: "quality.ledger",
      title: "Cleaning ledger",
      file: "cleaning_ledger.csv",
      columns: [
        { key: "step", format: "int" },
        { key: "rule", format: "text" },
        { key: "description", format: "text", wrap: true },
        { key: "rowsIn", label: "rows in", format: "int" },
        { key: "rowsRemoved", label: "removed", format: "int" },
        { key: "rowsChanged", label: "changed", format: "int" },
        { key: "rowsOut", label: "rows out", format: "int" },
      ],
      rows: clean.ledger as unknown as Record<string, unknown>[],
    },
    {
      kind: "table",
      id: "quality.columns",
      title: "How the input was read",
      columns: [{ key: "field", format: "text" }, {
        key: "source",
        label: "source column",
        format: "text",
      }],
      rows: [
        ...Object.entries(load.columnMap).flatMap(([field, source]) =>
          source === null ? [] : [{ field, source }]
        ),
        ...(load.derived ?? []).map((d) => ({ field: d.field, source: `(none: ${d.rule})` })),
      ],
    },
  ];
}

/**
 * The data-quality section: facts, words, evidence.
 *
 * @param clean The cleaning result (ledger, thresholds, returns).
 * @param summary The dataset overview.
 * @param load What the loader reported.
 * @param fmt The report's formatter.
 * @returns The report section.
 */
export function dataQualitySection(
  clean: CleanResult,
  summary: DatasetSummary,
  load: LoadFacts,
  fmt: Format,
): Section {
  const facts = dataQualityFacts(clean, summary, load);
  return {
    id: "data-quality",
    title: "Data quality and cleaning",
    lead: dataQualityLead(facts, fmt),
    findings: dataQualityFindings(facts, fmt),
    recommendations: dataQualityRecommendations(facts, fmt),
    blocks: dataQualityBlocks(clean, load, fmt),
  };
}
