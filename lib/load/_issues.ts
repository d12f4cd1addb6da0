/**
 * Turns flagged rows of the stage table into located issues, error messages and the
 * rejects CSV.
 *
 * @module
 */
import type { CanonicalField } from "../db/canonical.ts";
import { formatLocation, type Issue } from "../errors.ts";
import { CHECKED_FIELDS, type DateParse } from "./_sql.ts";
import type { Source } from "./_source.ts";

/** A stage row that failed a check: data row, bit mask of failed fields, source values. */
export interface BadRow {
  readonly row: number;
  readonly bad: number;
  readonly raw: readonly (string | null)[];
}

/** A bad row with its issues and line. */
export interface RejectedRow extends BadRow {
  readonly line: number | undefined;
  readonly issues: readonly Issue[];
}

/** Locates every failed cell of `rows`. */
export async function locateIssues(
  rows: readonly BadRow[],
  context: {
    file: string;
    source: Source;
    columnMap: Readonly<Record<CanonicalField, string | null>>;
    date: DateParse;
  },
): Promise<RejectedRow[]> {
  const { file, source, columnMap, date } = context;
  const lines = await source.lines(rows.map((r) => r.row));
  return rows.map((r) => {
    const line = lines.get(r.row);
    const issues = CHECKED_FIELDS.filter(({ bit }) => (r.bad & bit) !== 0).map(
      ({ field, kind }): Issue => {
        const column = columnMap[field]!;
        const columnIndex = source.header.indexOf(column) + 1;
        const raw = r.raw[columnIndex - 1] ?? null;
        const value = raw ?? "";
        const missing = raw === null || raw.trim() === "";
        const rule = missing
          ? "missing-value"
          : kind === "date"
          ? "invalid-date"
          : "invalid-number";
        const reason = missing
          ? `a value is required`
          : kind === "date"
          ? `not a date in the format ${"native" in date ? "of the column" : `"${date.format}"`}`
          : "not a number";
        const where = formatLocation({ file, line, column, columnIndex, value });
        const row = line === undefined ? ` (data row ${r.row})` : "";
        return {
          file,
          line,
          column,
          columnIndex,
          value,
          rule,
          message: `Cannot parse ${field.replace("_", " ")} in ${where}${row}: ${reason}`,
        };
      },
    );
    return { ...r, line, issues };
  });
}

/** Writes rejected rows as CSV: the source columns, then `line`, `column`, `value`, `reason`. */
export async function writeRejects(
  path: string,
  header: readonly string[],
  rows: readonly RejectedRow[],
): Promise<void> {
  const out: string[] = [[...header, "line", "column", "value", "reason"].map(csvField).join(",")];
  for (const r of rows) {
    const fields = [
      ...r.raw,
      r.line === undefined ? "" : String(r.line),
      r.issues.map((i) => i.column).join("; "),
      r.issues.map((i) => i.value).join("; "),
      r.issues.map((i) => i.rule).join("; "),
    ];
    out.push(fields.map(csvField).join(","));
  }
  await Deno.writeTextFile(path, out.join("\n") + "\n");
}

function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
