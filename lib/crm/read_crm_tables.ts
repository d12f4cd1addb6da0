import { basename, join } from "node:path";
import type { Db } from "../db/mod.ts";
import { InputFileError, isUserError, OptionError, SchemaError } from "../errors.ts";
import {
  detectFormat,
  type InputFormat,
  normalizeName,
  readHeader,
  readTable,
} from "../load/mod.ts";
import type { Progress } from "../util/mod.ts";
import { convertTable } from "./_convert.ts";
import type { CrmCheck } from "./crm_check.ts";
import type { CrmMapping, CrmTableSpecArg } from "./crm_options.ts";
import {
  type FileHeader,
  type RecognisedBy,
  type RecognisedTable,
  recognizeFiles,
  recognizeTable,
  type SkippedFile,
} from "./recognize_table.ts";
import { type CrmColumnMap, resolveCrmColumns } from "./resolve_crm_columns.ts";
import type { CrmTableKind } from "./table_kinds.ts";

/** One table read into the database (typed, before validation). */
export interface CrmTableRead {
  readonly kind: CrmTableKind;
  /** The file as listed: its name in a folder, or the path given with `--table`. */
  readonly file: string;
  /** The path read. */
  readonly path: string;
  readonly format: InputFormat;
  readonly by: RecognisedBy;
  /** Data rows in the file. */
  readonly rows: number;
  readonly columnMap: CrmColumnMap;
  /** Source columns no field reads. */
  readonly unused: readonly string[];
  /** How each date field was read: "iso", a strptime format, "native" or "none". */
  readonly dateFormats: Readonly<Record<string, string>>;
  /** The typed table (`crm_typed_<kind>`): `row_number` and one column per field. */
  readonly table: string;
}

/** What {@linkcode readCrmFolder} and {@linkcode readCrmTables} read. */
export interface CrmInput {
  readonly tables: readonly CrmTableRead[];
  readonly skipped: readonly SkippedFile[];
  /** Ledger lines of reading: skipped files, unused columns, values that do not parse. */
  readonly checks: readonly CrmCheck[];
}

/** Options for {@linkcode readCrmFolder} and {@linkcode readCrmTables}. */
export interface ReadCrmOptions {
  /** Field → column per kind (`--map`). @default {{}} */
  map?: CrmMapping;
  /** Progress reporter (an xlsx conversion reports its progress). */
  progress?: Progress;
  /** strptime format of every text date column (`--date-format`). @default {detected per column} */
  dateFormat?: string;
  /** Keep an xlsx table's Parquet conversion in the load cache (`--cache`). @default {false} */
  cache?: boolean;
}

/**
 * Reads a folder of CRM tables: every `.csv`, `.csv.gz`, `.parquet` and `.xlsx` file in it (not
 * in subfolders; hidden files ignored) is recognised by its columns or name
 * (`recognizeTable`), then read with lib/load's reader into `crm_typed_<kind>`. Files that are no
 * table (a data dictionary, a README, an unknown format, an empty file) are listed in `skipped`
 * with the reason and get a ledger line; nothing else is fatal.
 *
 * @param db The analysis database.
 * @param dir The folder.
 * @param options Mapping and progress.
 * @returns The tables read, the files skipped and the reading ledger.
 * @throws {InputFileError} If the folder is missing or holds no recognisable table.
 * @throws {OptionError} If `--map` names columns of a kind no file is read as.
 *
 * @example
 * ```ts
 * import { readCrmFolder } from "./read_crm_tables.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual, equal } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/sales_teams.csv`, "sales_agent,manager,regional_office\nAnna,Bo,West\n");
 * await Deno.writeTextFile(`${dir}/data_dictionary.csv`, "Table,Field,Description\nx,y,z\n");
 * const db = await openDb();
 * const input = await readCrmFolder(db, dir);
 * deepStrictEqual(input.tables.map((t) => [t.kind, t.rows]), [["sales_team", 1]]);
 * equal(input.checks[0]!.check, "skipped file");
 * deepStrictEqual(await db.all("select rep, region from crm_typed_sales_team"), [{ rep: "Anna", region: "West" }]);
 * db.close();
 * ```
 */
export async function readCrmFolder(
  db: Db,
  dir: string,
  options: ReadCrmOptions = {},
): Promise<CrmInput> {
  let entries: Deno.DirEntry[];
  try {
    entries = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputFileError(dir, `Cannot read folder "${dir}": not found`, "Check the path");
    }
    throw new InputFileError(dir, `Cannot read folder "${dir}": ${(error as Error).message}`);
  }
  const names = entries.filter((e) => e.isFile && !e.name.startsWith(".")).map((e) => e.name)
    .sort();
  const skipped: SkippedFile[] = [];
  const headers: FileHeader[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      detectFormat(path);
    } catch {
      skipped.push({ file: name, reason: "not a data file (.csv, .csv.gz, .parquet, .xlsx)" });
      continue;
    }
    try {
      headers.push({ file: name, header: await readHeader(path) });
    } catch (error) {
      if (!isUserError(error)) throw error;
      skipped.push({ file: name, reason: error.message.replace(/^Cannot load "[^"]*": /, "") });
    }
  }
  const recognition = recognizeFiles(headers, options.map);
  if (recognition.tables.length === 0) {
    throw new InputFileError(
      dir,
      `Cannot read folder "${dir}": no file in it is a CRM table (${names.length} file${
        names.length === 1 ? "" : "s"
      }: ${[...skipped, ...recognition.skipped].map((s) => `"${s.file}" ${s.reason}`).join("; ")})`,
      'Name the tables with --table KIND=FILE and map their columns with --map KIND.field="Column"',
    );
  }
  // A mapping given for a kind that no file turned out to be is a mistake, not a skipped file.
  for (const kind of Object.keys(options.map ?? {}) as CrmTableKind[]) {
    if (recognition.tables.some((t) => t.kind === kind)) continue;
    const near = recognition.skipped.find((s) => s.reason.includes(`${kind} table`));
    throw new OptionError(
      "map",
      `Cannot read folder "${dir}": --map names columns of ${kind} (${
        Object.values(options.map?.[kind] ?? {}).map((c) => `"${c}"`).join(", ")
      }), but no file in it is read as ${kind}${near ? `: "${near.file}" is ${near.reason}` : ""}`,
      near?.hint ?? `check the column names given to --map ${kind}.FIELD="Column"`,
    );
  }
  return await readRecognised(
    db,
    dir,
    recognition.tables,
    [...skipped, ...recognition.skipped],
    options,
  );
}

/**
 * Reads tables named one by one (`--table KIND=FILE`): each file must hold the required fields
 * of its kind, by known column names or the `--map` of that kind.
 *
 * @param db The analysis database.
 * @param tables Kind and path of each table.
 * @param options Mapping and progress.
 * @returns The tables read and the reading ledger.
 * @throws {OptionError} If a kind is named twice or no table is given.
 * @throws {SchemaError} If a file lacks a required field or a mapped column (the hint is a `--map` to copy).
 * @throws {InputFileError} If a file is missing, empty or of an unknown format.
 *
 * @example
 * ```ts
 * import { readCrmTables } from "./read_crm_tables.ts";
 * import { openDb } from "../db/mod.ts";
 * import { equal, rejects } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/t.csv`, "Ticket ID,Ticket Channel,Ticket Status\n1,Chat,Closed\n");
 * const db = await openDb();
 * const input = await readCrmTables(db, [{ kind: "interactions", path: `${dir}/t.csv` }]);
 * equal(input.tables[0]!.columnMap.channel, "Ticket Channel");
 * await rejects(readCrmTables(db, [{ kind: "pipeline", path: `${dir}/t.csv` }]), /missing required fields opportunity_id, rep, stage/);
 * db.close();
 * ```
 */
export async function readCrmTables(
  db: Db,
  tables: readonly CrmTableSpecArg[],
  options: ReadCrmOptions = {},
): Promise<CrmInput> {
  if (tables.length === 0) {
    throw new OptionError(
      "table",
      "Cannot read CRM tables: no table given",
      "Pass --table KIND=FILE",
    );
  }
  const recognised: RecognisedTable[] = [];
  for (const { kind, path } of tables) {
    if (recognised.some((t) => t.kind === kind)) {
      throw new OptionError(
        "table",
        `Cannot read option table: ${kind} is given twice`,
        `Pass one --table ${kind}=FILE`,
      );
    }
    detectFormat(path);
    const header = await readHeader(path);
    const match = resolveCrmColumns(kind, header, { map: options.map?.[kind] ?? {}, file: path });
    recognised.push({ file: path, kind, by: "named", match });
  }
  return await readRecognised(db, undefined, recognised, [], options);
}

/**
 * Refuses a table whose header repeats a name a field reads (`amount` and `Amount`): which
 * column is meant cannot be known. Other repeated columns are read as `Notes (2)` and not used.
 */
function refuseRepeatedMapped(t: RecognisedTable, repeated: readonly string[]): void {
  const mapped = Object.values(t.match.columnMap).filter((c): c is string => c != null)
    .map(normalizeName);
  const name = repeated.find((r) => mapped.includes(normalizeName(r)));
  if (name === undefined) return;
  throw new SchemaError(
    `Cannot read "${t.file}" as ${t.kind}: column name "${name}" appears more than once (case and spaces aside), so which column is meant cannot be known`,
    { file: t.file, found: [], hint: "Rename or delete the other columns of that name" },
  );
}

async function readRecognised(
  db: Db,
  dir: string | undefined,
  recognised: readonly RecognisedTable[],
  skipped: readonly SkippedFile[],
  options: ReadCrmOptions,
): Promise<CrmInput> {
  const checks: CrmCheck[] = skipped.map((s) => ({
    table: "(file)",
    check: "skipped file",
    column: "",
    rows: 0,
    example: `"${s.file}"`,
    action: `skipped: ${s.reason}${s.hint ? ` (to read it: ${s.hint})` : ""}`,
  }));
  const out: CrmTableRead[] = [];
  for (const t of recognised) {
    const path = dir === undefined ? t.file : join(dir, t.file);
    const raw = `crm_raw_${t.kind}`;
    const typed = `crm_typed_${t.kind}`;
    const read = await readTable(db, path, {
      table: raw,
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.cache ? { cache: true } : {}),
    });
    refuseRepeatedMapped(t, read.repeated ?? []);
    const conversion = await convertTable(
      db,
      t.kind,
      raw,
      typed,
      t.match.columnMap,
      options.dateFormat,
    );
    for (const column of t.match.unused) {
      checks.push({
        table: t.kind,
        check: "unused column",
        column,
        rows: read.rows,
        example: `"${column}" in "${basename(t.file)}"`,
        action:
          `ignored: no field of ${t.kind} reads it (map it with --map ${t.kind}.FIELD="${column}")`,
      });
    }
    checks.push(...conversion.checks);
    out.push({
      kind: t.kind,
      file: t.file,
      path,
      format: read.format,
      by: t.by,
      rows: read.rows,
      columnMap: t.match.columnMap,
      unused: t.match.unused,
      dateFormats: conversion.dateFormats,
      table: typed,
    });
  }
  return { tables: out, skipped, checks };
}

/**
 * Tells which CRM table one file holds, from its columns and name (`recognizeTable`), so a
 * single export (`--data tickets.csv`) can be read as the table it is.
 *
 * @param path The file.
 * @param map The user's per-kind mapping.
 * @returns The recognised table (its `file` is the path), or the reason it is none.
 * @throws {InputFileError} If the file is missing or of an unknown format.
 *
 * @example
 * ```ts
 * import { recognizeCrmFile } from "./read_crm_tables.ts";
 * import { equal } from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/tickets.csv`, "Ticket ID,Ticket Channel,Ticket Status\n1,Chat,Closed\n");
 * const t = await recognizeCrmFile(`${dir}/tickets.csv`);
 * equal("kind" in t && t.kind, "interactions");
 * ```
 */
export async function recognizeCrmFile(
  path: string,
  map: CrmMapping = {},
): Promise<RecognisedTable | SkippedFile> {
  detectFormat(path);
  const result = recognizeTable(path, await readHeader(path), map);
  return "reason" in result ? result : { ...result, file: path };
}
