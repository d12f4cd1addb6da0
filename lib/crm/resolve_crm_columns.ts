import { SchemaError } from "../errors.ts";
import { isNoColumn, normalizeName } from "../load/mod.ts";
import { CRM_TABLES, type CrmTableKind } from "./table_kinds.ts";

/** Field → source column (`null` when the table has no such column). */
export type CrmColumnMap = Readonly<Record<string, string | null>>;

/** Result of {@linkcode matchCrmColumns}. */
export interface CrmColumnMatch {
  readonly kind: CrmTableKind;
  readonly columnMap: CrmColumnMap;
  /** Fields matched (mapped or recognised). */
  readonly matched: readonly string[];
  /** Required fields (and unmet any-of groups, joined by " or ") still missing. */
  readonly missing: readonly string[];
  /** Source columns no field reads, in file order. */
  readonly unused: readonly string[];
  /** Mapped columns that do not exist in the table. */
  readonly notFound: readonly { readonly field: string; readonly column: string }[];
}

/**
 * Matches a table's columns to the fields of a kind: the user's mapping first, then the known
 * names of each field (case, spaces and punctuation ignored). Each column serves one field.
 * Pure; reports what is missing instead of throwing (see {@linkcode resolveCrmColumns}).
 *
 * @param kind Table kind.
 * @param header Column names in file order.
 * @param map The user's field → column mapping for this kind.
 * @returns The column map, matched, missing and unused columns.
 *
 * @example The Maven CRM pipeline table
 * ```ts
 * import { matchCrmColumns } from "./resolve_crm_columns.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 * const m = matchCrmColumns("pipeline", ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"]);
 * equal(m.columnMap.rep, "sales_agent");
 * equal(m.columnMap.stage, "deal_stage");
 * deepStrictEqual(m.missing, []);
 * ```
 */
export function matchCrmColumns(
  kind: CrmTableKind,
  header: readonly string[],
  map: Readonly<Record<string, string>> = {},
): CrmColumnMatch {
  const spec = CRM_TABLES[kind];
  const byNorm = new Map<string, string>();
  for (const name of header) {
    if (!byNorm.has(normalizeName(name))) byNorm.set(normalizeName(name), name);
  }
  const used = new Set<string>();
  const columnMap: Record<string, string | null> = {};
  const notFound: { field: string; column: string }[] = [];
  for (const field of spec.fields) {
    const wanted = map[field.name];
    if (wanted === undefined) continue;
    const found = header.includes(wanted) ? wanted : byNorm.get(normalizeName(wanted));
    if (found === undefined && isNoColumn(wanted)) columnMap[field.name] = null; // `field=none`
    else if (found === undefined) notFound.push({ field: field.name, column: wanted });
    else {
      columnMap[field.name] = found;
      used.add(found);
    }
  }
  for (const field of spec.fields) {
    if (field.name in columnMap || map[field.name] !== undefined) continue;
    const hit = field.names.map((n) => byNorm.get(n)).find((c) => c !== undefined && !used.has(c));
    columnMap[field.name] = hit ?? null;
    if (hit !== undefined) used.add(hit);
  }
  for (const field of spec.fields) columnMap[field.name] ??= null;
  const matched = spec.fields.map((f) => f.name).filter((n) => columnMap[n] !== null);
  const missing = [
    ...spec.required.filter((n) => columnMap[n] === null),
    ...spec.requiredAny.filter((group) => group.every((n) => columnMap[n] === null)).map((g) =>
      g.join(" or ")
    ),
  ];
  return {
    kind,
    columnMap,
    matched,
    missing,
    unused: header.filter((h) => !used.has(h)),
    notFound,
  };
}

/**
 * Like {@linkcode matchCrmColumns}, for a table the user named (`--table KIND=FILE`): a mapped
 * column that does not exist, or a required field left unmatched, is an error whose hint is a
 * `--map` argument to copy, with the columns that look like the missing fields.
 *
 * @throws {SchemaError} Naming the file, the missing fields and the columns found.
 *
 * @example
 * ```ts
 * import { resolveCrmColumns } from "./resolve_crm_columns.ts";
 * import { throws } from "node:assert/strict";
 * throws(
 *   () => resolveCrmColumns("interactions", ["Ticket ID", "Channel Used", "Ticket Status"], { file: "tickets.csv" }),
 *   (e: Error & { hint?: string }) =>
 *     /missing required field channel/.test(e.message) && e.hint === '--map interactions.channel="Channel Used"',
 * );
 * ```
 */
export function resolveCrmColumns(
  kind: CrmTableKind,
  header: readonly string[],
  options: { map?: Readonly<Record<string, string>>; file?: string } = {},
): CrmColumnMatch {
  const { map = {}, file } = options;
  const match = matchCrmColumns(kind, header, map);
  const where = file === undefined ? `the ${kind} table` : `"${file}"`;
  const first = match.notFound[0];
  if (first !== undefined) {
    throw new SchemaError(
      `Cannot map ${kind}.${first.field} to column "${first.column}" in ${where}: no such column; found columns ${
        quoteList(header)
      }`,
      {
        file,
        missing: [first.field],
        found: header,
        hint: crmMapHint(kind, header, [first.field], match.columnMap),
      },
    );
  }
  if (match.missing.length > 0) {
    throw new SchemaError(
      `Cannot read ${where} as ${kind}: missing required field${
        match.missing.length > 1 ? "s" : ""
      } ${match.missing.join(", ")}; found columns ${quoteList(header)}`,
      {
        file,
        missing: match.missing,
        found: header,
        hint: crmMapHint(kind, header, match.missing, match.columnMap),
      },
    );
  }
  return match;
}

/**
 * A `--map` argument to copy for missing fields of a kind: each field paired with the unused
 * column whose name holds one of the field's words (`"Channel Used"` for `channel`), else a
 * placeholder `"..."`. For an any-of group (`status or resolved`) the first field is used.
 *
 * @example
 * ```ts
 * import { crmMapHint } from "./resolve_crm_columns.ts";
 * import { equal } from "node:assert/strict";
 * equal(crmMapHint("interactions", ["Medium Of Contact", "State"], ["channel"], {}),
 *   '--map interactions.channel="Medium Of Contact"');
 * equal(crmMapHint("pipeline", ["x"], ["stage"], {}), '--map pipeline.stage="..."');
 * ```
 */
export function crmMapHint(
  kind: CrmTableKind,
  header: readonly string[],
  missing: readonly string[],
  columnMap: CrmColumnMap,
): string {
  const taken = new Set(Object.values(columnMap).filter((c): c is string => c !== null));
  const pairs: string[] = [];
  for (const item of missing) {
    const name = item.split(" or ")[0]!;
    const field = CRM_TABLES[kind].fields.find((f) => f.name === name);
    const words = field?.words ?? [name];
    const column = header.find((h) => {
      if (taken.has(h)) return false;
      const parts = h.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(/[^\p{L}\p{N}]+/u);
      return parts.some((p) => words.includes(p) || words.includes(p.replace(/s$/, "")));
    });
    if (column !== undefined) taken.add(column);
    pairs.push(`${kind}.${name}="${(column ?? "...").replaceAll('"', '""')}"`);
  }
  return `--map ${pairs.join(",")}`;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
