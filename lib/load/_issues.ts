/**
 * Turns flagged rows of the stage table into located issues, error messages and the
 * rejects CSV.
 *
 * @module
 */
import type { CanonicalField } from "../db/canonical.ts";
import { formatLocation, type Issue, OptionError } from "../errors.ts";
import { type Check, checksFor, type DateParse, VALUE_LIMIT } from "./_sql.ts";
import type { Source } from "./_source.ts";
import type { DecimalSeparator } from "./detect_dialect.ts";
import { dateFormatWords, numericDateFormat } from "./detect_date_format.ts";

/** A stage row that failed a check: data row, bit mask of failed fields, source values. */
export interface BadRow {
  readonly row: number;
  readonly bad: number;
  readonly raw: readonly (string | null)[];
}

/** A bad row with its issues, line and (in a workbook read across sheets) sheet. */
export interface RejectedRow extends BadRow {
  readonly line: number | undefined;
  readonly sheet?: string;
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
    decimal?: DecimalSeparator;
  },
): Promise<RejectedRow[]> {
  const { file, source, columnMap, date, decimal = "." } = context;
  const checks = checksFor(columnMap);
  const places = await source.lines(rows.map((r) => r.row));
  return rows.map((r) => {
    const place = places.get(r.row);
    const line = place?.line;
    const issues = checks.filter(({ bit }) => (r.bad & bit) !== 0).map((check): Issue => {
      const column = columnMap[check.field]!;
      const columnIndex = source.header.indexOf(column) + 1;
      const raw = r.raw[columnIndex - 1] ?? null;
      const value = raw ?? "";
      const missing = (raw === null || raw.trim() === "") && check.kind !== "total";
      const { rule, reason } = missing
        ? { rule: "missing-value", reason: "a value is required" }
        : explain(check, value, date, decimal);
      let where = formatLocation({ file, line, column, columnIndex, value });
      if (place?.sheet !== undefined) {
        where = where.replace(`"${file}"`, `"${file}" sheet "${place.sheet}"`);
      }
      const row = line === undefined ? ` (data row ${r.row})` : "";
      const what = check.kind === "total" ? "line total" : check.field.replace("_", " ");
      return {
        file,
        line,
        column,
        columnIndex,
        value,
        rule,
        message: `Cannot parse ${what} in ${where}${row}: ${reason}`,
      };
    });
    return { ...r, line, ...(place?.sheet !== undefined ? { sheet: place.sheet } : {}), issues };
  });
}

/** The rule and the reason of a failed, non-empty cell. */
function explain(
  check: Check,
  value: string,
  date: DateParse,
  decimal: DecimalSeparator,
): { rule: string; reason: string } {
  const limit = "10^15";
  switch (check.kind) {
    case "date":
      return {
        rule: "invalid-date",
        reason: "native" in date
          ? "not a date in the format of the column"
          : numericDateFormat(date.format) !== undefined
          ? `not a date ${dateFormatWords(date.format)}`
          : `not a date in the format "${date.format}"`,
      };
    case "time":
      return {
        rule: "invalid-time",
        reason: "not a time of day (14:05, 14:05:09 or 2:05 PM)",
      };
    case "flag":
      return {
        rule: "invalid-flag",
        reason: "not a yes/no flag (1/0, true/false, yes/no, y/n, x, or empty)",
      };
    case "total":
      return {
        rule: "value-out-of-range",
        reason: `quantity × price is beyond ±${limit}, more than any real ledger holds`,
      };
    default: {
      const n = Number(
        decimal === "," ? value.trim().replaceAll(".", "").replace(",", ".") : value.trim(),
      );
      if (Number.isFinite(n) && Math.abs(n) > VALUE_LIMIT) {
        return {
          rule: "value-out-of-range",
          reason: `beyond ±${limit}, more than any real ledger holds`,
        };
      }
      return {
        rule: "invalid-number",
        reason: decimal === "," ? "not a number with a decimal comma" : "not a number",
      };
    }
  }
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

/** The error for a rejects file that cannot be written (the output folder is read-only?). */
export function rejectsError(path: string, error: unknown): OptionError {
  return new OptionError(
    "rejectsPath",
    `Cannot write rejects file "${path}": ${(error as Error).message}`,
    "Check that the output folder (--out) can be written",
  );
}
