import { normalizeName } from "../load/mod.ts";
import type { CrmMapping } from "./crm_options.ts";
import { type CrmColumnMatch, crmMapHint, matchCrmColumns } from "./resolve_crm_columns.ts";
import { CRM_TABLE_KINDS, CRM_TABLES, type CrmTableKind } from "./table_kinds.ts";

/** How a file was recognised. */
export type RecognisedBy = "columns" | "name" | "named";

/** A file recognised as a table of some kind. */
export interface RecognisedTable {
  readonly file: string;
  readonly kind: CrmTableKind;
  readonly by: RecognisedBy;
  readonly match: CrmColumnMatch;
}

/** A file that is not read, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
  /** What to type to read it anyway, when something would. */
  readonly hint?: string;
}

/** Result of {@linkcode recognizeFiles}. */
export interface Recognition {
  readonly tables: readonly RecognisedTable[];
  readonly skipped: readonly SkippedFile[];
}

/** A file and its column names. */
export interface FileHeader {
  readonly file: string;
  readonly header: readonly string[];
}

/**
 * Tells which kind of CRM table a file holds, from its columns and its name. A kind qualifies
 * when every required field is found (known column names, or the user's `--map` for that kind);
 * among qualifying kinds the one matching most fields wins, and a file name that names the kind
 * (`sales_pipeline.csv`, `tickets.xlsx`) adds two. Ties go to the earlier kind in
 * `CRM_TABLE_KINDS`.
 *
 * @param file File name or path (only its base name is used).
 * @param header Its columns.
 * @param map The user's per-kind mapping.
 * @returns The table, or a skipped file with the reason and a hint.
 *
 * @example A data dictionary is skipped
 * ```ts
 * import { recognizeTable } from "./recognize_table.ts";
 * import { equal } from "node:assert/strict";
 * const t = recognizeTable("sales_teams.csv", ["sales_agent", "manager", "regional_office"]);
 * equal("kind" in t && t.kind, "sales_team");
 * const d = recognizeTable("data_dictionary.csv", ["Table", "Field", "Description"]);
 * equal("reason" in d && d.reason.startsWith("looks like a data dictionary"), true);
 * ```
 */
export function recognizeTable(
  file: string,
  header: readonly string[],
  map: CrmMapping = {},
): RecognisedTable | SkippedFile {
  const base = normalizeName((file.split(/[\\/]/).pop() ?? file).replace(/\..*$/, ""));
  const nameMatches = (kind: CrmTableKind) =>
    CRM_TABLES[kind].fileWords.some((w) => base === w || base.includes(w));
  let best: { match: CrmColumnMatch; score: number; byName: boolean } | undefined;
  for (const kind of CRM_TABLE_KINDS) {
    const match = matchCrmColumns(kind, header, map[kind] ?? {});
    if (match.missing.length > 0 || match.notFound.length > 0) continue;
    const byName = nameMatches(kind);
    const score = match.matched.length + (byName ? 2 : 0) +
      (map[kind] !== undefined ? 100 : 0);
    if (best === undefined || score > best.score) best = { match, score, byName };
  }
  if (best !== undefined) {
    const columnsAlone = best.match.matched.length >= 2;
    return {
      file,
      kind: best.match.kind,
      by: columnsAlone ? "columns" : "name",
      match: best.match,
    };
  }
  const norm = header.map(normalizeName);
  if (
    norm.some((h) => h === "field" || h === "column" || h === "variable") &&
    norm.some((h) => h === "description" || h === "definition" || h === "meaning")
  ) {
    return {
      file,
      reason: `looks like a data dictionary (columns ${quote(header)}), not a table`,
    };
  }
  const named = CRM_TABLE_KINDS.find(nameMatches);
  const closest = named ?? closestKind(header, map);
  if (closest === undefined) {
    return {
      file,
      reason: `no table kind matches its columns ${quote(header)}`,
      hint:
        `Name its kind with --table KIND=${file} and map its columns with --map KIND.field="Column"`,
    };
  }
  const match = matchCrmColumns(closest, header, map[closest] ?? {});
  const lacking = match.notFound.length > 0
    ? `mapped column${match.notFound.length > 1 ? "s" : ""} ${
      match.notFound.map((n) => `"${n.column}"`).join(", ")
    } not found`
    : `missing ${match.missing.join(", ")}`;
  return {
    file,
    reason: `${named !== undefined ? "named like" : "closest to"} ${
      /^[aeiou]/.test(closest) ? "an" : "a"
    } ${closest} table but ${lacking}; found columns ${quote(header)}`,
    hint: crmMapHint(
      closest,
      header,
      match.notFound.length > 0 ? match.notFound.map((n) => n.field) : match.missing,
      match.columnMap,
    ),
  };
}

/**
 * Recognises every file of a folder ({@linkcode recognizeTable}); when two files give the same
 * kind, the first by file name is read and the other skipped with the reason.
 *
 * @param files Files and headers, in any order (sorted by file name here).
 * @param map The user's per-kind mapping.
 *
 * @example
 * ```ts
 * import { recognizeFiles } from "./recognize_table.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const r = recognizeFiles([
 *   { file: "products.csv", header: ["product", "series", "sales_price"] },
 *   { file: "data_dictionary.csv", header: ["Table", "Field", "Description"] },
 * ]);
 * deepStrictEqual(r.tables.map((t) => t.kind), ["products"]);
 * deepStrictEqual(r.skipped.map((s) => s.file), ["data_dictionary.csv"]);
 * ```
 */
export function recognizeFiles(
  files: readonly FileHeader[],
  map: CrmMapping = {},
): Recognition {
  const tables: RecognisedTable[] = [];
  const skipped: SkippedFile[] = [];
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { file, header } of sorted) {
    const result = recognizeTable(file, header, map);
    if ("reason" in result) {
      skipped.push(result);
      continue;
    }
    const earlier = tables.find((t) => t.kind === result.kind);
    if (earlier !== undefined) {
      skipped.push({
        file,
        reason: `a second ${result.kind} table: "${earlier.file}" is read as ${result.kind}`,
        hint: `Name the file to read with --table ${result.kind}=FILE`,
      });
      continue;
    }
    tables.push(result);
  }
  return { tables, skipped };
}

function closestKind(header: readonly string[], map: CrmMapping): CrmTableKind | undefined {
  let best: CrmTableKind | undefined;
  let bestCount = 0;
  for (const kind of CRM_TABLE_KINDS) {
    const n = matchCrmColumns(kind, header, map[kind] ?? {}).matched.length;
    if (n > bestCount) {
      best = kind;
      bestCount = n;
    }
  }
  return bestCount >= 2 ? best : undefined;
}

function quote(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `"${n}"`).join(", ");
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}
