/**
 * SQL that turns a table read as it is into the typed table of its kind: one column per field
 * (NULL when unmapped), `row_number` first (the 1-based data row), and the ledger lines of the
 * values that do not parse.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import { EXACT_VALUE_LIMIT, quoteIdent } from "../db/mod.ts";
import { dateSql, detectDateFormat, textNumberSql } from "../load/mod.ts";
import type { CrmCheck } from "./crm_check.ts";
import type { CrmColumnMap } from "./resolve_crm_columns.ts";
import { CRM_TABLES, type CrmFieldType, type CrmTableKind } from "./table_kinds.ts";

/** Text that means "no value" in number, date and boolean columns. */
const MISSING = `('', 'na', 'n/a', 'null', 'none', 'nan', '-')`;

const SQL_TYPES: Readonly<Record<CrmFieldType, string>> = {
  id: "VARCHAR",
  category: "VARCHAR",
  text: "VARCHAR",
  number: "DOUBLE",
  date: "TIMESTAMP",
  boolean: "BOOLEAN",
};

/** DuckDB type of a field's column in the typed table. */
export function sqlType(type: CrmFieldType): string {
  return SQL_TYPES[type];
}

/** Result of {@linkcode convertTable}. */
export interface Conversion {
  readonly rows: number;
  /** strptime format (or "iso" / "native") per date field read from text. */
  readonly dateFormats: Readonly<Record<string, string>>;
  readonly checks: readonly CrmCheck[];
}

/**
 * Creates `target` from `source` with the typed fields of `kind`; counts the cells that do not
 * parse (they become NULL, with one ledger line per field). Text dates are read with
 * `dateFormat` when given (`--date-format`), else with the format detected per column.
 */
export async function convertTable(
  db: Db,
  kind: CrmTableKind,
  source: string,
  target: string,
  columnMap: CrmColumnMap,
  dateFormat?: string,
): Promise<Conversion> {
  const types = new Map(
    (await db.all<{ column_name: string; column_type: string }>(
      `DESCRIBE ${quoteIdent(source)}`,
    )).map((r) => [r.column_name, r.column_type]),
  );
  const spec = CRM_TABLES[kind];
  const dateFormats: Record<string, string> = {};
  const selects: string[] = ["CAST(rowid + 1 AS BIGINT) AS row_number"];
  const parsed: { field: string; column: string; typed: boolean; number: boolean }[] = [];
  for (const field of spec.fields) {
    const column = columnMap[field.name] ?? null;
    if (column === null) {
      selects.push(`CAST(NULL AS ${sqlType(field.type)}) AS ${quoteIdent(field.name)}`);
      continue;
    }
    const type = types.get(column) ?? "VARCHAR";
    const col = quoteIdent(column);
    const text = type === "VARCHAR" ? col : asText(col, type);
    let expr: string;
    if (field.type === "id" || field.type === "category") {
      expr = `CASE WHEN trim(${text}) = '' THEN NULL ELSE ${text} END`;
    } else if (field.type === "text") {
      expr = `NULLIF(trim(${text}), '')`;
    } else if (field.type === "number") {
      const value = /INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(type)
        ? `CAST(${col} AS DOUBLE)`
        : numberSql(col);
      // Numbers are summed exactly (DECIMAL(38, 6)): values beyond ±10^15 (and infinities,
      // NaN) are no real amount and would not fit; they are emptied with a ledger line.
      expr = `(CASE WHEN abs(${value}) <= ${EXACT_VALUE_LIMIT} THEN ${value} END)`;
      parsed.push({ field: field.name, column, typed: type !== "VARCHAR", number: true });
    } else if (field.type === "date") {
      if (/DATE|TIMESTAMP/.test(type)) {
        expr = `CAST(${col} AS TIMESTAMP)`;
        dateFormats[field.name] = "native";
      } else {
        const sample = (await db.all<{ v: string }>(
          `SELECT trim(${text}) AS v FROM ${
            quoteIdent(source)
          } WHERE lower(trim(${text})) NOT IN ${MISSING}
           AND ${text} IS NOT NULL ORDER BY rowid LIMIT 500`,
        )).map((r) => r.v);
        // `--date-format` names the format of every text date column; else each is detected.
        const format = dateFormat !== undefined
          ? { iso: false, format: dateFormat }
          : detectDateFormat(sample);
        dateFormats[field.name] = format === undefined
          ? "none"
          : format.iso
          ? "iso"
          : format.format;
        expr = format === undefined ? "CAST(NULL AS TIMESTAMP)" : dateSql(`trim(${text})`, format);
        parsed.push({ field: field.name, column, typed: false, number: false });
      }
    } else {
      expr = type === "BOOLEAN"
        ? col
        : /INT|DOUBLE|FLOAT|DECIMAL/.test(type)
        ? `(${col} <> 0)`
        : `CASE WHEN lower(trim(${text})) IN ('true', 't', 'yes', 'y', '1') THEN true
                WHEN lower(trim(${text})) IN ('false', 'f', 'no', 'n', '0') THEN false END`;
      if (type === "VARCHAR") {
        parsed.push({ field: field.name, column, typed: false, number: false });
      }
    }
    selects.push(`${expr} AS ${quoteIdent(field.name)}`);
  }
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(target)} AS SELECT ${selects.join(", ")} FROM ${
      quoteIdent(source)
    } ORDER BY rowid`,
  );
  const checks: CrmCheck[] = [];
  for (const { field, column, typed, number } of parsed) {
    const present = typed
      ? `s.${quoteIdent(column)} IS NOT NULL`
      : `s.${quoteIdent(column)} IS NOT NULL AND lower(trim(s.${
        quoteIdent(column)
      })) NOT IN ${MISSING}`;
    const bad = await db.one<{ n: number; row: number | null; example: string | null }>(
      `SELECT count(*) AS n, min(t.row_number) AS row, arg_min(s.${
        quoteIdent(column)
      }, t.row_number) AS example
       FROM ${quoteIdent(source)} s JOIN ${quoteIdent(target)} t ON t.row_number = s.rowid + 1
       WHERE ${present} AND t.${quoteIdent(field)} IS NULL`,
    );
    if (bad.n > 0) {
      const format = dateFormats[field];
      checks.push({
        table: kind,
        check: "unparseable value",
        column: field,
        rows: bad.n,
        example: `data row ${bad.row}: "${bad.example}" (column "${column}")`,
        action: `set to empty${
          format === "none"
            ? "; no date format fits the column"
            : format !== undefined
            ? `; dates read as ${format}`
            : number
            ? "; not a number, or beyond ±10^15"
            : ""
        }`,
      });
    }
  }
  const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(target)}`);
  return { rows: n, dateFormats, checks };
}

function asText(col: string, type: string): string {
  return /DOUBLE|FLOAT|DECIMAL|REAL/.test(type)
    ? `CASE WHEN ${col} = floor(${col}) AND abs(${col}) < 1e15 THEN CAST(CAST(${col} AS BIGINT) AS VARCHAR) ELSE CAST(${col} AS VARCHAR) END`
    : `CAST(${col} AS VARCHAR)`;
}

/** Numbers as written in exports: currency signs and thousands separators allowed. */
function numberSql(col: string): string {
  const s = `trim(${col})`;
  // a leading currency symbol goes; thousands separators are read (a CRM export's decimals are
  // points)
  const bare = `regexp_replace(${s}, '^([-+]?)[$£€]\\s*', '\\1')`;
  return `CASE WHEN lower(${s}) IN ${MISSING} THEN NULL ELSE ${textNumberSql(bare, ".", true)} END`;
}
