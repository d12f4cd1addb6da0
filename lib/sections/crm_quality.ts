/**
 * Data quality across the CRM tables: which files were read as which tables and which were
 * skipped, what validation removed, changed and flagged (the `crm_checks` ledger), with findings
 * that name the defects that matter most and the fixes to type.
 *
 * {@linkcode crmQualityFacts} computes the numbers from the ledger; {@linkcode crmQualityFindings},
 * {@linkcode crmQualityRecommendations} and {@linkcode crmQualityLead} word them;
 * {@linkcode crmQualityBlocks} assembles the chart and tables.
 *
 * @module
 */
import { dataChecks } from "../charts/mod.ts";
import type { DataCheckRow } from "../charts/mod.ts";
import type { CrmCheck, SkippedFile } from "../crm/mod.ts";
import { checkOutcome } from "../crm/mod.ts";
import type { Format } from "../format/mod.ts";
import type { Block, Section, Statement } from "../report/mod.ts";
import { statements } from "../report/mod.ts";
import { plural } from "./_blocks.ts";

/** One table read: its file, how it was recognised, rows read and kept. */
export interface CrmTableSummary {
  readonly kind: string;
  readonly file: string;
  /** `columns`, `name` (file name) or `named` (`--table`). */
  readonly by: string;
  readonly rowsRead: number;
  readonly rowsKept: number;
}

/** What the data-quality section reads: the tables, the skipped files and the ledger. */
export interface CrmQualityInput {
  readonly tables: readonly CrmTableSummary[];
  readonly skipped: readonly SkippedFile[];
  /** Every ledger line, in ledger order (`sortCrmChecks`). */
  readonly checks: readonly CrmCheck[];
}

/** A ledger line as the words use it. */
export interface CheckFact {
  readonly table: string;
  readonly check: string;
  readonly column: string;
  readonly rows: number;
  readonly example: string;
  /** The `--recode` that merges a near-duplicate spelling, when the ledger suggests one. */
  readonly fix: string | null;
}

/** The numbers and lists the data-quality words read. */
export interface CrmQualityFacts {
  readonly tables: readonly CrmTableSummary[];
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly rowsRemoved: number;
  /** Cells or rows changed (standardised, recoded, recomputed, set to empty). */
  readonly valuesChanged: number;
  readonly skipped: readonly SkippedFile[];
  /** Lines that removed rows, most rows first. */
  readonly removed: readonly CheckFact[];
  readonly brokenReferences: readonly CheckFact[];
  readonly missingReferences: readonly CheckFact[];
  readonly nearDuplicates: readonly CheckFact[];
  /** Lines that changed values, most rows first. */
  readonly changed: readonly CheckFact[];
  /** Other lines kept and flagged (dates out of order, reps without deals), most rows first. */
  readonly flagged: readonly CheckFact[];
  readonly unusedColumns: number;
  /**
   * The defects that matter most: rows removed, broken references and near-duplicate spellings,
   * most rows first (at most 3).
   */
  readonly mostImportant: readonly CheckFact[];
}

const byRows = (a: CheckFact, b: CheckFact) =>
  b.rows - a.rows || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) ||
  (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);

function fact(c: CrmCheck): CheckFact {
  const merge = /to merge: (--recode .*)$/.exec(c.action);
  return {
    table: c.table,
    check: c.check,
    column: c.column,
    rows: c.rows,
    example: c.example,
    fix: merge?.[1] ?? null,
  };
}

/**
 * The data-quality facts of a CRM run.
 *
 * @example
 * ```ts
 * import { crmQualityFacts } from "./crm_quality.ts";
 * import { exampleCrmQuality } from "./_crm_examples.ts";
 * import { equal } from "node:assert/strict";
 * const f = crmQualityFacts(exampleCrmQuality());
 * equal(f.rowsRemoved, 5);
 * equal(f.mostImportant[0]!.check, "near-duplicate spelling");
 * equal(f.nearDuplicates[0]!.fix, '--recode pipeline.product="GTXPro=>GTX Pro"');
 * ```
 */
export function crmQualityFacts(input: CrmQualityInput): CrmQualityFacts {
  const facts = input.checks.map((c) => ({ c, f: fact(c), outcome: checkOutcome(c) }));
  const pick = (keep: (x: (typeof facts)[number]) => boolean) =>
    facts.filter(keep).map((x) => x.f).sort(byRows);
  const removed = pick((x) => x.outcome === "removed");
  const brokenReferences = pick((x) => x.c.check === "broken reference");
  const nearDuplicates = pick((x) => x.c.check === "near-duplicate spelling");
  const missingReferences = pick((x) => x.c.check === "missing reference");
  const changed = pick((x) => x.outcome === "changed");
  const special = new Set(["broken reference", "near-duplicate spelling", "missing reference"]);
  const flagged = pick((x) => x.outcome === "kept" && !special.has(x.c.check));
  const rowsRead = input.tables.reduce((s, t) => s + t.rowsRead, 0);
  const rowsKept = input.tables.reduce((s, t) => s + t.rowsKept, 0);
  return {
    tables: input.tables,
    rowsRead,
    rowsKept,
    rowsRemoved: rowsRead - rowsKept,
    valuesChanged: changed.reduce((s, c) => s + c.rows, 0),
    skipped: input.skipped,
    removed,
    brokenReferences,
    missingReferences,
    nearDuplicates,
    changed,
    flagged,
    unusedColumns: facts.filter((x) => x.outcome === "ignored").length,
    mostImportant: [...removed, ...brokenReferences, ...nearDuplicates].sort(byRows).slice(0, 3),
  };
}

/** `duplicate key (customer_id) in 3 customers rows`. */
function describe(c: CheckFact, fmt: Format): string {
  const column = c.column === "" ? "" : ` (${c.column})`;
  return `${c.check}${column} in ${fmt.int(c.rows)} ${c.table} ${plural(c.rows, "row")}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The data-quality findings: `tables`, `skipped`, `most-important`, `removed`, `references`,
 * `spellings`, `changed`, `flagged`.
 *
 * @example A clean dataset gives no defect findings
 * ```ts
 * import { crmQualityFacts, crmQualityFindings } from "./crm_quality.ts";
 * import { exampleCrmQuality } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const input = { ...exampleCrmQuality(), skipped: [], checks: [] };
 * deepStrictEqual(crmQualityFindings(crmQualityFacts(input), createFormat()).map((s) => s.id), ["tables"]);
 * ```
 */
export function crmQualityFindings(f: CrmQualityFacts, fmt: Format): Statement[] {
  const tables = f.tables.map((t) =>
    `${t.kind} ("${t.file.split(/[\\/]/).pop()}", ${fmt.int(t.rowsKept)} of ${
      fmt.int(t.rowsRead)
    } rows kept)`
  );
  return statements({
    tables: `${fmt.int(f.tables.length)} ${plural(f.tables.length, "table")} read: ${
      list(tables)
    }; ${fmt.int(f.rowsKept)} of ${fmt.int(f.rowsRead)} rows kept.`,
    skipped: f.skipped.length > 0
      ? `${fmt.int(f.skipped.length)} ${
        plural(f.skipped.length, "file was", "files were")
      } not read: ${list(f.skipped.map((s) => `"${s.file.split(/[\\/]/).pop()}" (${s.reason})`))}.`
      : null,
    "most-important": f.mostImportant.length > 0
      ? `The defects that concern the most rows: ${
        list(f.mostImportant.map((c) => `${describe(c, fmt)}, e.g. ${c.example}`))
      }.`
      : null,
    removed: f.removed.length > 0
      ? `${fmt.int(f.rowsRemoved)} ${plural(f.rowsRemoved, "row")} removed: ${
        list(f.removed.map((c) => describe(c, fmt)))
      }; every removal has its line in crm_checks.csv.`
      : null,
    references: f.brokenReferences.length + f.missingReferences.length > 0
      ? `References that lead nowhere are kept and counted as unknown: ${
        list([
          ...f.brokenReferences.map((c) =>
            `${fmt.int(c.rows)} ${c.table} ${
              plural(c.rows, "row")
            } name a ${c.column} that does not exist (${c.example})`
          ),
          ...f.missingReferences.map((c) =>
            `${fmt.int(c.rows)} ${c.table} ${plural(c.rows, "row")} have no ${c.column}`
          ),
        ])
      }.`
      : null,
    spellings: f.nearDuplicates.length > 0
      ? `Near-duplicate spellings are reported, not merged: ${
        list(f.nearDuplicates.map((c) =>
          `${fmt.int(c.rows)} ${c.table} ${plural(c.rows, "row")} write ${c.column} ${c.example}`
        ))
      }.`
      : null,
    changed: f.changed.length > 0
      ? `${fmt.int(f.valuesChanged)} ${plural(f.valuesChanged, "value")} changed: ${
        list(f.changed.map((c) => describe(c, fmt)))
      }.`
      : null,
    flagged: f.flagged.length > 0
      ? `Kept and flagged: ${list(f.flagged.map((c) => `${describe(c, fmt)} (${c.example})`))}.`
      : null,
  });
}

/**
 * The data-quality recommendations: `merge-spellings` (the `--recode` of each near-duplicate
 * spelling), `fix-references` (broken references), `fix-duplicates` (duplicate keys or rows),
 * `read-skipped` (files skipped that look like a table).
 *
 * @example
 * ```ts
 * import { crmQualityFacts, crmQualityRecommendations } from "./crm_quality.ts";
 * import { exampleCrmQuality } from "./_crm_examples.ts";
 * import { createFormat } from "../format/mod.ts";
 * import { match } from "node:assert/strict";
 * const [first] = crmQualityRecommendations(crmQualityFacts(exampleCrmQuality()), createFormat());
 * match(first!.text, /--recode pipeline.product="GTXPro=>GTX Pro"/);
 * ```
 */
export function crmQualityRecommendations(f: CrmQualityFacts, fmt: Format): Statement[] {
  const duplicates = f.removed.filter((c) =>
    c.check === "duplicate key" || c.check === "duplicate row"
  );
  const unread = f.skipped.filter((s) => s.hint !== undefined);
  return statements({
    "merge-spellings": f.nearDuplicates.some((c) => c.fix !== null)
      ? `Merge the spellings that mean the same thing, then run again: ${
        list(
          f.nearDuplicates.filter((c) => c.fix !== null).map((c) =>
            `${c.fix} (${fmt.int(c.rows)} ${plural(c.rows, "row")})`
          ),
        )
      }; or correct them in the source system.`
      : null,
    "fix-references": f.brokenReferences.length > 0
      ? `Correct the references that lead nowhere at the source: ${
        list(f.brokenReferences.map((c) =>
          `${c.table}.${c.column} (${fmt.int(c.rows)} ${plural(c.rows, "row")}, e.g. ${c.example})`
        ))
      }; until then they count as unknown in every analysis.`
      : null,
    "fix-duplicates": duplicates.length > 0
      ? `Find out why the export repeats rows (${
        list(duplicates.map((c) => `${fmt.int(c.rows)} in ${c.table}`))
      }): the first of each was kept, but a system that writes duplicates may also drop rows.`
      : null,
    "read-skipped": unread.length > 0
      ? `To read the skipped ${plural(unread.length, "file")}: ${
        list(unread.map((s) => `"${s.file.split(/[\\/]/).pop()}": ${s.hint}`))
      }.`
      : null,
  });
}

/** The data-quality section's one-sentence answer. */
export function crmQualityLead(f: CrmQualityFacts, fmt: Format): string {
  const top = f.mostImportant[0];
  return `${fmt.int(f.tables.length)} ${plural(f.tables.length, "table")}, ${
    fmt.int(f.rowsRead)
  } rows read and ${fmt.int(f.rowsKept)} kept${
    top === undefined
      ? "; no defects found across the tables."
      : `; the largest defect: ${describe(top, fmt)}.`
  }`;
}

/** The rows of the checks chart: ledger lines that concern rows (not skipped files or columns). */
export function crmCheckRows(checks: readonly CrmCheck[]): DataCheckRow[] {
  return checks.flatMap((c) => {
    const outcome = checkOutcome(c);
    if (outcome === "skipped" || outcome === "ignored" || c.rows === 0) return [];
    return [{
      label: `${c.table}: ${c.check}${c.column === "" ? "" : ` (${c.column})`}`,
      rows: c.rows,
      outcome,
    }];
  });
}

/** The data-quality evidence: key figures, the checks chart, the tables read and the ledger. */
export function crmQualityBlocks(input: CrmQualityInput, f: CrmQualityFacts, fmt: Format): Block[] {
  return [
    {
      kind: "kpis",
      id: "crm-quality.kpis",
      items: [
        { label: "Tables", value: fmt.int(f.tables.length) },
        { label: "Rows read", value: fmt.int(f.rowsRead) },
        { label: "Rows kept", value: fmt.int(f.rowsKept) },
        { label: "Rows removed", value: fmt.int(f.rowsRemoved) },
        { label: "Values changed", value: fmt.int(f.valuesChanged) },
        { label: "Files skipped", value: fmt.int(f.skipped.length) },
      ],
    },
    {
      kind: "chart",
      id: "crm-quality.checks",
      spec: dataChecks(crmCheckRows(input.checks), { format: fmt }),
    },
    {
      kind: "table",
      id: "crm-quality.tables",
      title: "Tables read",
      file: "cleaning_ledger.csv",
      columns: [
        { key: "kind", label: "table", format: "text" },
        { key: "file", format: "text" },
        { key: "by", label: "recognised by", format: "text" },
        { key: "rowsRead", label: "rows read", format: "int" },
        { key: "rowsKept", label: "rows kept", format: "int" },
      ],
      rows: input.tables as unknown as Record<string, unknown>[],
    },
    {
      kind: "table",
      id: "crm-quality.checks-table",
      title: "Checks across tables",
      file: "crm_checks.csv",
      limit: 40,
      columns: [
        { key: "table", format: "text" },
        { key: "check", format: "text" },
        { key: "column", format: "text" },
        { key: "rows", format: "int" },
        { key: "example", format: "text", wrap: true },
        { key: "action", format: "text", wrap: true },
      ],
      rows: input.checks as unknown as Record<string, unknown>[],
    },
  ];
}

/**
 * The data-quality section of a CRM run: facts, then words, then evidence.
 *
 * @param input Tables read, files skipped and the ledger.
 * @param fmt The report's formatter.
 */
export function crmQualitySection(input: CrmQualityInput, fmt: Format): Section {
  const facts = crmQualityFacts(input);
  return {
    id: "crm-quality",
    title: "Data quality across tables",
    lead: crmQualityLead(facts, fmt),
    findings: crmQualityFindings(facts, fmt),
    recommendations: crmQualityRecommendations(facts, fmt),
    blocks: crmQualityBlocks(input, facts, fmt),
  };
}
