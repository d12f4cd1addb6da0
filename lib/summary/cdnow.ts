import { type Db, quoteIdent, quoteLiteral } from "../db/db.ts";
import { canonicalTableDdl } from "../db/canonical.ts";
import { CsvParseError, InputFileError, type Issue } from "../errors.ts";

/** Options for {@linkcode readCdnowSample} and {@linkcode readCdnowMaster}. */
export interface ReadCdnowOptions {
  /** Table to create (replaced if it exists). @default {"cdnow_transactions"} */
  table?: string;
}

/** What a CDNOW reader loaded. */
export interface CdnowLoadResult {
  readonly table: string;
  /** Data rows read (one per purchase record). */
  readonly rows: number;
  readonly customers: number;
}

/**
 * Reads `CDNOW_sample.txt` (Fader & Hardie's 1/10 sample, 2,357 customers) into a table with
 * the canonical columns, so the summary functions run on it. The file has no header, CRLF
 * line ends and five whitespace-separated fields: master customer id (`00004`), sample
 * customer id (`0001`), date `YYYYMMDD`, number of CDs, dollar value.
 *
 * Mapping: `customer_id` = the **sample** id as an integer in text (`"1"`, the `ID` of
 * `cdnow_customers_summary.csv`; the master id is dropped); `invoice` = `"CDNOW-<row>"`, one
 * per record; `stock_code` = `"CD"`; `quantity` = CDs; `line_total` = dollar value; `price` =
 * dollars / CDs (NULL for 0 CDs); `invoice_date` = the date at midnight; `row_number` = the
 * 1-based line; `country`, `description` NULL; `is_cancellation` false.
 *
 * @param db The analysis database.
 * @param path Path of `CDNOW_sample.txt`.
 * @param options Target table.
 * @returns Table name, row and customer counts.
 * @throws {InputFileError} If the file cannot be read.
 * @throws {CsvParseError} Naming file, line, column and value of the first bad fields.
 *
 * @example Load the sample
 * ```ts ignore
 * import { readCdnowSample } from "./cdnow.ts";
 * import { openDb } from "../db/mod.ts";
 *
 * const db = await openDb();
 * const { rows, customers } = await readCdnowSample(db, "../shared/data/CDNOW_sample.txt");
 * // rows 6919, customers 2357
 * ```
 */
export function readCdnowSample(
  db: Db,
  path: string,
  options: ReadCdnowOptions = {},
): Promise<CdnowLoadResult> {
  return readCdnow(db, path, SAMPLE, options.table ?? "cdnow_transactions");
}

/**
 * Reads `CDNOW_master.txt` (the full log, 23,570 customers) into a table with the canonical
 * columns. The file has a header line (` customer_id  date number_of_cds  dollar_value`),
 * CRLF line ends and four whitespace-separated fields. The mapping is that of
 * {@linkcode readCdnowSample}, with `customer_id` = the master id without leading zeros and
 * `row_number` = the data row (header excluded).
 *
 * @param db The analysis database.
 * @param path Path of `CDNOW_master.txt`.
 * @param options Target table.
 * @returns Table name, row and customer counts.
 * @throws {InputFileError} If the file cannot be read.
 * @throws {CsvParseError} Naming file, line, column and value of the first bad fields.
 *
 * @example Load the full log
 * ```ts ignore
 * import { readCdnowMaster } from "./cdnow.ts";
 * import { openDb } from "../db/mod.ts";
 *
 * const db = await openDb();
 * const { rows, customers } = await readCdnowMaster(db, "../shared/data/CDNOW_master.txt");
 * // rows 69659, customers 23570
 * ```
 */
export function readCdnowMaster(
  db: Db,
  path: string,
  options: ReadCdnowOptions = {},
): Promise<CdnowLoadResult> {
  return readCdnow(db, path, MASTER, options.table ?? "cdnow_transactions");
}

interface Layout {
  readonly header: boolean;
  /** Field names, 1-based positions in the line. */
  readonly fields: readonly string[];
  readonly customerField: string;
}

const SAMPLE: Layout = {
  header: false,
  fields: ["master_id", "customer_id", "date", "number_of_cds", "dollar_value"],
  customerField: "customer_id",
};

const MASTER: Layout = {
  header: true,
  fields: ["customer_id", "date", "number_of_cds", "dollar_value"],
  customerField: "customer_id",
};

async function readCdnow(
  db: Db,
  path: string,
  layout: Layout,
  table: string,
): Promise<CdnowLoadResult> {
  const raw = `_cdnow_raw_${table.replace(/\W/g, "_")}`;
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(raw)} AS
      SELECT line_no, string_split_regex(trim(line), '\\s+') AS f FROM (
        SELECT row_number() OVER () AS line_no, line
        FROM read_csv(${quoteLiteral(path)}, columns = {'line': 'VARCHAR'}, header = false,
          delim = '\\x1f', quote = '', escape = '')
      ) WHERE line_no > ${layout.header ? 1 : 0} AND trim(coalesce(line, '')) <> ''`);
  } catch (error) {
    throw new InputFileError(
      path,
      `Cannot read CDNOW file "${path}": ${(error as Error).message.split("\n")[0]}`,
      "check the path; the CDNOW files are in ../shared/data/",
    );
  }
  const at = (name: string): string => `f[${layout.fields.indexOf(name) + 1}]`;
  const checks: [string, string][] = [
    [layout.customerField, `try_cast(${at(layout.customerField)} AS BIGINT) IS NULL`],
    ["date", `try_strptime(${at("date")}, '%Y%m%d') IS NULL`],
    ["number_of_cds", `try_cast(${at("number_of_cds")} AS DOUBLE) IS NULL`],
    ["dollar_value", `try_cast(${at("dollar_value")} AS DOUBLE) IS NULL`],
  ];
  const n = layout.fields.length;
  const bad = await db.all<{ line_no: number; nf: number; problem: string | null; value: string }>(
    `SELECT line_no, len(f) AS nf, problem, value FROM (
       SELECT line_no, f, CASE ${
      checks.map(([name, cond]) => `WHEN ${cond} THEN '${name}'`).join(" ")
    } END AS problem,
         CASE ${
      checks.map(([name]) => `WHEN problem = '${name}' THEN ${at(name)}`).join(" ")
    } END AS value
       FROM ${quoteIdent(raw)}
     ) WHERE len(f) <> ${n} OR problem IS NOT NULL ORDER BY line_no LIMIT 20`,
  );
  if (bad.length > 0) {
    await db.run(`DROP TABLE ${quoteIdent(raw)}`);
    throw badFields(path, layout, bad);
  }
  await db.run(canonicalTableDdl(quoteIdent(table)));
  await db.run(`INSERT INTO ${quoteIdent(table)}
    SELECT line_no - ${layout.header ? 1 : 0}, 'CDNOW-' || (line_no - ${layout.header ? 1 : 0}),
      'CD', NULL, CAST(${at("number_of_cds")} AS DOUBLE),
      CAST(strptime(${at("date")}, '%Y%m%d') AS TIMESTAMP),
      CAST(${at("dollar_value")} AS DOUBLE) / nullif(CAST(${at("number_of_cds")} AS DOUBLE), 0),
      CAST(CAST(${at(layout.customerField)} AS BIGINT) AS VARCHAR), NULL,
      CAST(${at("dollar_value")} AS DOUBLE), false
    FROM ${quoteIdent(raw)} ORDER BY line_no`);
  await db.run(`DROP TABLE ${quoteIdent(raw)}`);
  const { rows, customers } = await db.one<{ rows: number; customers: number }>(
    `SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers FROM ${quoteIdent(table)}`,
  );
  return { table, rows, customers };
}

function badFields(
  path: string,
  layout: Layout,
  bad: readonly { line_no: number; nf: number; problem: string | null; value: string }[],
): CsvParseError {
  const issues: Issue[] = bad.map((b) => {
    if (b.nf !== layout.fields.length) {
      return {
        file: path,
        line: b.line_no,
        rule: "field-count",
        message: `expected ${layout.fields.length} whitespace-separated fields, found ${b.nf}`,
      };
    }
    const column = b.problem ?? "";
    return {
      file: path,
      line: b.line_no,
      column,
      columnIndex: layout.fields.indexOf(column) + 1,
      value: b.value,
      rule: "parse",
      message: `cannot parse ${column}`,
    };
  });
  const first = issues[0] as Issue;
  const where = first.column === undefined
    ? `"${path}" at line ${first.line}: ${first.message}`
    : `${
      column(first)
    } in "${path}" at line ${first.line}, column "${first.column}" (${first.columnIndex}): current value is "${first.value}"`;
  return new CsvParseError(
    `Cannot parse ${where}${bad.length > 1 ? ` (and ${bad.length - 1} more lines)` : ""}`,
    {
      location: first,
      issues,
      hint: `each line must hold ${
        layout.fields.join(", ")
      } separated by spaces; dates as YYYYMMDD`,
    },
  );
}

function column(issue: Issue): string {
  return issue.column ?? "line";
}
