import { type Db, quoteIdent, quoteLiteral } from "../db/db.ts";
import { EXACT_VALUE_LIMIT } from "../db/exact.ts";
import { type Issue, ValidationError } from "../errors.ts";
import { readTable } from "../load/mod.ts";
import type { Delimiter } from "../load/mod.ts";
import type { Progress } from "../util/mod.ts";
import { type CustomerTableMapping, resolveCustomerMapping } from "./mapping.ts";

/** Options for {@linkcode prepareCustomerTable} and {@linkcode loadCustomerTable}. */
export interface CustomerTableOptions {
  /** Column mapping. @default {FLO_CUSTOMER_MAPPING when the columns are FLO's} */
  mapping?: CustomerTableMapping;
  /** Name of the canonical table created. @default {"customer_orders"} */
  table?: string;
  /** File name shown in messages. @default {the source table or path} */
  file?: string;
  /** Progress reporter for reading the file (an xlsx conversion). @default {createProgress()} */
  progress?: Progress;
  /** strptime format of the date columns, e.g. `"%d.%m.%Y"`. @default {ISO dates (DuckDB's cast)} */
  dateFormat?: string;
  /** Delimiter of a text file (`--delimiter`). @default {detected} */
  delimiter?: Delimiter;
  /** The sheet of a workbook to read (`--sheet`). @default {the first non-empty sheet and those with its columns} */
  sheet?: string;
  /** Keep an xlsx's Parquet conversion in the load cache (`--cache`). @default {false} */
  cache?: boolean;
}

/** What was loaded. */
export interface CustomerTableInfo {
  /** The canonical table: `customer_id, first_order_date, last_order_date, frequency, monetary, row_number`. */
  readonly table: string;
  readonly rows: number;
  readonly mapping: CustomerTableMapping;
  /** `"flo"` when FLO's columns were recognised, else `"mapping"`. */
  readonly detected: "mapping" | "flo";
}

/**
 * Builds the canonical customer-level table from a DuckDB table holding one row per customer:
 * `customer_id` (text), `first_order_date` and `last_order_date` (timestamps), `frequency` (the
 * sum of the order-count columns, e.g. online + offline) and `monetary` (the sum of the spend
 * columns), plus `row_number` (1-based data row of the source). Values are converted with
 * `TRY_CAST`; any value that does not convert, a missing id or last order date, a negative count
 * or spend, or a repeated customer id is reported with its line, column and value.
 *
 * @param db The analysis database.
 * @param source A table whose columns are the source columns (text or typed).
 * @param options Mapping, output table and file name.
 * @returns The table created, its row count and the mapping used.
 * @throws {SchemaError} If mapped columns are missing.
 * @throws {ValidationError} If values are invalid (first 5 in the message, all in `issues`).
 *
 * @example A two-channel table with its own column names
 * ```ts
 * import { prepareCustomerTable } from "./load_customer_table.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const db = await openDb();
 * await db.run(`create table src as select * from (values
 *   ('k1', '2021-05-30', '3', '2', '10.5', '4.5')) t(id, last, web, shop, web_eur, shop_eur)`);
 * await prepareCustomerTable(db, "src", {
 *   mapping: { customerId: "id", lastOrderDate: "last", orders: ["web", "shop"], value: ["web_eur", "shop_eur"] },
 * });
 * deepStrictEqual(await db.all("select customer_id, frequency, monetary from customer_orders"), [
 *   { customer_id: "k1", frequency: 5, monetary: 15 },
 * ]);
 * db.close();
 * ```
 */
export async function prepareCustomerTable(
  db: Db,
  source: string,
  options: CustomerTableOptions = {},
): Promise<CustomerTableInfo> {
  const { table = "customer_orders", file = source } = options;
  const columns = (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(source)}`)).map((
    r,
  ) => r.column_name);
  const { mapping, detected } = resolveCustomerMapping(columns, { mapping: options.mapping, file });
  const q = quoteIdent;
  const num = (c: string) => `TRY_CAST(${q(c)} AS DOUBLE)`;
  const date = (c: string) =>
    options.dateFormat === undefined
      ? `TRY_CAST(${q(c)} AS TIMESTAMP)`
      : `try_strptime(CAST(${q(c)} AS VARCHAR), ${quoteLiteral(options.dateFormat)})`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _customer_src AS SELECT row_number() OVER () AS _line, * FROM ${
      q(source)
    }`,
  );
  // Checks: each entry is [column, condition that flags a bad value, rule].
  const checks: [string, string, string][] = [
    [
      mapping.customerId,
      `${q(mapping.customerId)} IS NULL OR trim(CAST(${q(mapping.customerId)} AS VARCHAR)) = ''`,
      "missing_customer_id",
    ],
    [mapping.lastOrderDate, `${date(mapping.lastOrderDate)} IS NULL`, "bad_date"],
    ...(mapping.firstOrderDate === undefined ? [] : [[
      mapping.firstOrderDate,
      `${q(mapping.firstOrderDate)} IS NOT NULL AND ${date(mapping.firstOrderDate)} IS NULL`,
      "bad_date",
    ] as [string, string, string]]),
    ...[...mapping.orders, ...mapping.value].map((c) =>
      // Up to 10^15, as every amount read: totals are summed exactly (DECIMAL(38, 6)).
      [
        c,
        `${num(c)} IS NULL OR NOT (${num(c)} BETWEEN 0 AND ${EXACT_VALUE_LIMIT})`,
        "bad_number",
      ] as [
        string,
        string,
        string,
      ]
    ),
  ];
  const issues: Issue[] = [];
  for (const [column, bad, rule] of checks) {
    const rows = await db.all<{ line: number; value: string | null }>(
      `SELECT _line AS line, CAST(${
        q(column)
      } AS VARCHAR) AS value FROM _customer_src WHERE ${bad} ORDER BY _line LIMIT 20`,
    );
    for (const r of rows) {
      issues.push({
        file,
        line: r.line + 1, // header is line 1
        column,
        value: r.value ?? "",
        rule,
        message: rule === "bad_number"
          ? "not a number from 0 to 10^15"
          : rule === "bad_date"
          ? "not a date"
          : "missing customer id",
      });
    }
  }
  const dupes = await db.all<{ id: string; line: number }>(
    `SELECT CAST(${q(mapping.customerId)} AS VARCHAR) AS id, min(_line) AS line FROM _customer_src
     WHERE ${q(mapping.customerId)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 LIMIT 20`,
  );
  for (const d of dupes) {
    issues.push({
      file,
      line: d.line + 1,
      column: mapping.customerId,
      value: d.id,
      customerId: d.id,
      rule: "duplicate_customer",
      message: "customer appears on more than one row",
    });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.line! - b.line!);
    const first = issues.slice(0, 5).map((i) =>
      `line ${i.line}, column "${i.column}": ${i.message} (current value is "${i.value}")`
    );
    throw new ValidationError(
      `Cannot read customer table "${file}": ${issues.length}${
        issues.length >= 20 ? "+" : ""
      } invalid value${issues.length > 1 ? "s" : ""}: ${first.join("; ")}`,
      issues,
      "fix the file, or check that --map names the right columns (and --date-format the dates)",
    );
  }
  const sum = (cols: readonly string[]) => cols.map(num).join(" + ");
  await db.run(`CREATE OR REPLACE TABLE ${q(table)} AS
    SELECT CAST(${q(mapping.customerId)} AS VARCHAR) AS customer_id,
      ${
    mapping.firstOrderDate === undefined ? "NULL::TIMESTAMP" : date(mapping.firstOrderDate)
  } AS first_order_date,
      ${date(mapping.lastOrderDate)} AS last_order_date,
      ${sum(mapping.orders)} AS frequency,
      ${sum(mapping.value)} AS monetary,
      _line AS row_number
    FROM _customer_src ORDER BY _line`);
  await db.run(`DROP TABLE _customer_src`);
  const { n } = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)}`);
  return { table, rows: n, mapping, detected };
}

/**
 * Reads a customer-level file (one row per customer; `.csv`, `.csv.gz`, `.parquet` or `.xlsx`,
 * with the transaction loader's reader: encodings, line ends and quoting as there) and builds
 * the canonical customer table with {@linkcode prepareCustomerTable}. FLO's column names are
 * recognised without a mapping.
 *
 * @param db The analysis database.
 * @param path The file.
 * @param options Mapping and output table.
 * @returns The table created, its row count and the mapping used.
 * @throws {InputFileError} If the file is missing, empty, header-only or of an unknown format.
 * @throws {SchemaError} If mapped columns are missing.
 * @throws {ValidationError} If values are invalid.
 *
 * @example FLO
 * ```ts ignore
 * const info = await loadCustomerTable(db, "../shared/data/flo_data_20k.csv");
 * // info.detected === "flo", info.rows === 19945
 * ```
 */
export async function loadCustomerTable(
  db: Db,
  path: string,
  options: CustomerTableOptions = {},
): Promise<CustomerTableInfo> {
  await readTable(db, path, {
    table: "_customer_raw",
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    ...(options.cache ? { cache: true } : {}),
  });
  try {
    return await prepareCustomerTable(db, "_customer_raw", {
      ...options,
      file: options.file ?? path,
    });
  } finally {
    await db.run(`DROP TABLE IF EXISTS _customer_raw`);
  }
}
