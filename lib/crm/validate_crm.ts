import { currencyCodeSql, type Db, EXACT_VALUE_LIMIT, notASaleSql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { currencyCounts, otherCurrencyRows, reportCurrency } from "../load/mod.ts";
import type { CrmCheck } from "./crm_check.ts";
import type { CrmRecode } from "./crm_options.ts";
import type { CrmInput, CrmTableRead } from "./read_crm_tables.ts";
import { alnumKey, countRows, lit, nearDuplicate, q, show, spaceCaseKey } from "./_sql_util.ts";
import { CRM_TABLES, type CrmTableKind, crmTableName } from "./table_kinds.ts";

/** Options for {@linkcode validateCrm}. */
export interface ValidateCrmOptions {
  /** Value replacements applied first (`--recode`). @default {{}} */
  recode?: CrmRecode;
  /** Amounts that disagree with quantity x price: recompute them or only flag them (`--amounts`). @default {"recompute"} */
  amounts?: "recompute" | "flag";
  /** Dates before this are out of range. @default {1990-01-01} */
  minDate?: Date;
  /** Dates after this are out of range (the analysis date, `--as-of`). @default {no upper bound} */
  maxDate?: Date;
  /**
   * The one currency analysed when the transactions' currency column names several
   * (`--only-currency EUR`): transactions in the others, or naming none, are removed (ledger
   * check `other currency`). @default {none: two currencies are refused}
   */
  onlyCurrency?: string;
}

/** Rows of one table through validation. */
export interface CrmTableCount {
  readonly kind: CrmTableKind;
  readonly file: string;
  readonly rowsRead: number;
  readonly rowsKept: number;
}

/** Result of {@linkcode validateCrm}. */
export interface CrmValidation {
  /** Every ledger line, reading's first, in the order the checks ran. */
  readonly checks: readonly CrmCheck[];
  readonly tables: readonly CrmTableCount[];
  /** Kinds present after validation (their tables are `crm_<kind>`). */
  readonly kinds: readonly CrmTableKind[];
  /** The one currency the transactions' currency column names (`"GBP"`), when it names one. */
  readonly currency?: string;
}

/** A reference from one table's field to another table's key. */
interface Reference {
  readonly from: CrmTableKind;
  readonly field: string;
  readonly to: CrmTableKind;
  /** Target fields, the first with the most matches wins. */
  readonly toFields: readonly string[];
  /** Report empty values (`missing reference`); off where a value is optional by design. */
  readonly reportMissing: boolean;
}

/** The references checked across tables. */
const REFERENCES: readonly Reference[] = [
  { from: "pipeline", field: "rep", to: "sales_team", toFields: ["rep"], reportMissing: true },
  {
    from: "pipeline",
    field: "product",
    to: "products",
    toFields: ["product", "product_id"],
    reportMissing: true,
  },
  {
    from: "pipeline",
    field: "account",
    to: "accounts",
    toFields: ["account"],
    reportMissing: true,
  },
  {
    from: "pipeline",
    field: "customer_id",
    to: "customers",
    toFields: ["customer_id"],
    reportMissing: true,
  },
  {
    from: "transactions",
    field: "customer_id",
    to: "customers",
    toFields: ["customer_id"],
    reportMissing: true,
  },
  {
    from: "transactions",
    field: "stock_code",
    to: "products",
    toFields: ["product_id", "product"],
    reportMissing: true,
  },
  { from: "transactions", field: "rep", to: "sales_team", toFields: ["rep"], reportMissing: true },
  {
    from: "interactions",
    field: "customer_id",
    to: "customers",
    toFields: ["customer_id"],
    reportMissing: true,
  },
  { from: "targets", field: "rep", to: "sales_team", toFields: ["rep"], reportMissing: false },
  {
    from: "targets",
    field: "region",
    to: "sales_team",
    toFields: ["region"],
    reportMissing: false,
  },
  {
    from: "accounts",
    field: "parent",
    to: "accounts",
    toFields: ["account"],
    reportMissing: false,
  },
];

/** Values outside a field's domain: removed rows or emptied cells. */
const RANGES: readonly {
  kind: CrmTableKind;
  field: string;
  /** The condition of a bad value, on the column given. */
  bad: (column: string) => string;
  check: string;
  remove: boolean;
}[] = [
  {
    kind: "transactions",
    field: "quantity",
    bad: (c) => `${c} <= 0`,
    check: "non-positive quantity",
    remove: true,
  },
  {
    kind: "transactions",
    field: "price",
    bad: (c) => `${c} < 0`,
    check: "negative price",
    remove: true,
  },
  {
    kind: "transactions",
    field: "amount",
    bad: (c) => `${c} < 0`,
    check: "negative amount",
    remove: true,
  },
  {
    kind: "transactions",
    field: "order_status",
    bad: notASaleSql,
    check: "order not a sale",
    remove: true,
  },
  {
    kind: "customers",
    field: "age",
    bad: (c) => `${c} NOT BETWEEN 0 AND 120`,
    check: "age out of range",
    remove: false,
  },
  {
    kind: "interactions",
    field: "customer_age",
    bad: (c) => `${c} NOT BETWEEN 0 AND 120`,
    check: "age out of range",
    remove: false,
  },
  {
    kind: "interactions",
    field: "satisfaction",
    bad: (c) => `${c} < 0`,
    check: "negative value",
    remove: false,
  },
  {
    kind: "interactions",
    field: "resolution_hours",
    bad: (c) => `${c} < 0`,
    check: "resolution before creation",
    remove: false,
  },
  {
    kind: "pipeline",
    field: "close_value",
    bad: (c) => `${c} < 0`,
    check: "negative value",
    remove: false,
  },
  {
    kind: "targets",
    field: "target",
    bad: (c) => `${c} < 0`,
    check: "negative value",
    remove: true,
  },
  {
    kind: "sales_team",
    field: "target",
    bad: (c) => `${c} < 0`,
    check: "negative value",
    remove: false,
  },
];

/**
 * Validates CRM tables within and across tables and writes the validated tables `crm_<kind>`
 * (`row_number` and the kind's fields; ordinary tables, not temporary ones, so the analyses can
 * read them on connections of their own and run at the same time). Each step adds ledger lines (`table, check, column,
 * rows, example, action`); nothing is removed or changed without one. In order:
 *
 * 1. values replaced as `--recode` asks (`recoded value`);
 * 2. spaces trimmed in ids and references (`extra spaces`); categorical values that differ only
 *    in case or spaces standardised to their most common spelling (`standardised spelling`);
 *    other near-duplicate spellings reported, not merged (`near-duplicate spelling`, with the
 *    likely match and the `--recode` to merge them);
 * 3. rows without a required value removed (`missing value`);
 * 4. repeated keys (and, for transactions, repeated rows) removed, the first row kept
 *    (`duplicate key`, `duplicate row`);
 * 5. values outside their domain (non-positive quantities removed; impossible ages emptied);
 * 6. dates before `minDate` or after `maxDate` emptied (`date out of range`); closes before
 *    engagement flagged (`close before engage`), resolutions before creation emptied
 *    (`resolution before creation`); resolution hours derived from the two timestamps;
 * 7. transaction amounts that disagree with quantity x price by more than 1 cent and 0.5%
 *    recomputed or flagged (`amount differs from quantity x price`); a missing amount or
 *    price is derived from the other two;
 * 8. references (pipeline and transactions to reps, products, accounts and customers;
 *    interactions to customers; targets to reps and regions; accounts to parents): values
 *    that match only ignoring case and spaces are standardised to the target's spelling;
 *    near-duplicates are reported with the likely match; the rest are `broken reference`
 *    (kept); empty references are `missing reference` (kept);
 * 9. reps of the team with no deal in the pipeline (`rep without deals`).
 *
 * @param db The database holding the typed tables of {@linkcode CrmInput}.
 * @param input What reading found.
 * @param options Recoding, amount policy and date range.
 * @returns The ledger (reading's lines first) and rows read and kept per table.
 *
 * @example A duplicated key and a broken reference
 * ```ts
 * import { readCrmFolder, validateCrm } from "./mod.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/sales_teams.csv`, "sales_agent,manager,regional_office\nAnn,Bo,West\nAnn,Bo,West\nCy,Bo,East\n");
 * await Deno.writeTextFile(`${dir}/sales_pipeline.csv`, "opportunity_id,sales_agent,deal_stage\nO1,Ann,Won\nO2,Zed,Lost\n");
 * const db = await openDb();
 * const v = await validateCrm(db, await readCrmFolder(db, dir));
 * deepStrictEqual(v.checks.map((c) => [c.table, c.check, c.rows]), [
 *   ["sales_team", "duplicate key", 1],
 *   ["pipeline", "broken reference", 1],
 *   ["sales_team", "rep without deals", 1],
 * ]);
 * db.close();
 * ```
 */
export async function validateCrm(
  db: Db,
  input: CrmInput,
  options: ValidateCrmOptions = {},
): Promise<CrmValidation> {
  const { recode = {}, amounts = "recompute" } = options;
  const minDate = options.minDate ?? new Date(Date.UTC(1990, 0, 1));
  const checks: CrmCheck[] = [...input.checks];
  const present = new Map<CrmTableKind, CrmTableRead>(input.tables.map((t) => [t.kind, t]));
  const mapped = (kind: CrmTableKind, field: string): boolean =>
    (present.get(kind)?.columnMap[field] ?? null) !== null;
  const add = (c: CrmCheck): void => {
    if (c.rows > 0) checks.push(c);
  };
  let currency: string | undefined;

  for (const t of input.tables) {
    await db.run(
      `CREATE OR REPLACE TABLE ${q(crmTableName(t.kind))} AS SELECT * FROM ${
        q(t.table)
      } ORDER BY row_number`,
    );
  }

  for (const t of input.tables) {
    const table = q(crmTableName(t.kind));
    const spec = CRM_TABLES[t.kind];
    // 1. Recoding asked for by the user.
    for (const [field, pairs] of Object.entries(recode[t.kind] ?? {})) {
      if (!mapped(t.kind, field)) continue;
      for (const [from, to] of Object.entries(pairs)) {
        const n = await changed(
          db,
          `UPDATE ${table} SET ${q(field)} = ${lit(to)} WHERE ${q(field)} = ${lit(from)}`,
        );
        add({
          table: t.kind,
          check: "recoded value",
          column: field,
          rows: n,
          example: `${show(from)} -> ${show(to)}`,
          action: "replaced as --recode asked",
        });
      }
    }
    // 2. Spaces and case.
    for (const field of spec.fields) {
      if (!mapped(t.kind, field.name)) continue;
      const col = q(field.name);
      if (field.type === "id") {
        const ex = await db.all<{ v: string }>(
          `SELECT ${col} AS v FROM ${table} WHERE ${col} <> trim(regexp_replace(${col}, '\\s+', ' ', 'g')) ORDER BY row_number LIMIT 1`,
        );
        const n = await changed(
          db,
          `UPDATE ${table} SET ${col} = trim(regexp_replace(${col}, '\\s+', ' ', 'g')) WHERE ${col} <> trim(regexp_replace(${col}, '\\s+', ' ', 'g'))`,
        );
        add({
          table: t.kind,
          check: "extra spaces",
          column: field.name,
          rows: n,
          example: show(ex[0]?.v ?? ""),
          action: "trimmed (spaces around and doubled inside the value)",
        });
      } else if (field.type === "category") {
        checks.push(...await standardise(db, t.kind, field.name));
        checks.push(...await nearDuplicatesWithin(db, t.kind, field.name));
      }
    }
    // 3. Required values.
    for (const name of spec.required) {
      const n = await changed(db, `DELETE FROM ${table} WHERE ${q(name)} IS NULL`);
      add({
        table: t.kind,
        check: "missing value",
        column: name,
        rows: n,
        example: "(empty)",
        action: `removed: each ${t.kind} row needs ${name}`,
      });
    }
    for (const group of spec.requiredAny) {
      const fields = group.filter((f) => mapped(t.kind, f));
      if (fields.length === 0 || fields.length === spec.fields.length) continue;
      // Groups of descriptive fields (customers, accounts) only decide recognition.
      if (t.kind === "customers" || t.kind === "accounts") continue;
      const n = await changed(
        db,
        `DELETE FROM ${table} WHERE ${fields.map((f) => `${q(f)} IS NULL`).join(" AND ")}`,
      );
      add({
        table: t.kind,
        check: "missing value",
        column: fields.join(" or "),
        rows: n,
        example: "(empty)",
        action: `removed: each ${t.kind} row needs ${fields.join(" or ")}`,
      });
    }
    // 4. Duplicates.
    const key = keyFields(t.kind, (f) => mapped(t.kind, f));
    if (key.length > 0) {
      const cols = key.map(q).join(", ");
      const dup = await db.all<{ k: string; extra: number }>(
        `SELECT concat_ws(' / ', ${cols}) AS k, count(*) - 1 AS extra FROM ${table}
         WHERE ${key.map((f) => `${q(f)} IS NOT NULL`).join(" AND ")}
         GROUP BY ${cols} HAVING count(*) > 1 ORDER BY min(row_number)`,
      );
      const n = await changed(
        db,
        `DELETE FROM ${table} WHERE row_number IN (SELECT row_number FROM (
           SELECT row_number, row_number() OVER (PARTITION BY ${cols} ORDER BY row_number) AS k
           FROM ${table} WHERE ${
          key.map((f) => `${q(f)} IS NOT NULL`).join(" AND ")
        }) WHERE k > 1)`,
      );
      add({
        table: t.kind,
        check: "duplicate key",
        column: key.join(", "),
        rows: n,
        example: `${show(dup[0]?.k ?? "")}${
          dup.length > 1 ? ` and ${dup.length - 1} other keys` : ""
        }`,
        action: "removed: the first row of each key is kept",
      });
    } else if (t.kind === "transactions") {
      const cols = spec.fields.map((f) => q(f.name)).join(", ");
      const n = await changed(
        db,
        `DELETE FROM ${table} WHERE row_number IN (SELECT row_number FROM (
           SELECT row_number, row_number() OVER (PARTITION BY ${cols} ORDER BY row_number) AS k
           FROM ${table}) WHERE k > 1)`,
      );
      add({
        table: t.kind,
        check: "duplicate row",
        column: "",
        rows: n,
        example: "rows identical in every field",
        action: "removed: the first copy is kept",
      });
    }
    // 5. Domains. Amounts in two currencies cannot be added up: such a table is refused, or
    // only the currency --only-currency names is kept.
    if (t.kind === "transactions" && options.onlyCurrency !== undefined) {
      const only = await onlyCurrency(
        db,
        table,
        t,
        options.onlyCurrency,
        mapped(t.kind, "currency"),
      );
      add(only.check);
      currency = only.currency;
    } else if (t.kind === "transactions" && mapped(t.kind, "currency")) {
      currency = await oneCurrency(db, table, t);
    }
    for (const rule of RANGES) {
      if (rule.kind !== t.kind || !mapped(t.kind, rule.field)) continue;
      const col = q(rule.field);
      const ex = await db.all<{ v: number }>(
        `SELECT ${col} AS v FROM ${table} WHERE ${rule.bad(col)} ORDER BY row_number LIMIT 1`,
      );
      const n = await changed(
        db,
        rule.remove
          ? `DELETE FROM ${table} WHERE ${rule.bad(col)}`
          : `UPDATE ${table} SET ${col} = NULL WHERE ${rule.bad(col)}`,
      );
      add({
        table: t.kind,
        check: rule.check,
        column: rule.field,
        rows: n,
        example: show(ex[0]?.v ?? ""),
        action: rule.remove ? "removed" : "set to empty",
      });
    }
    // 6. Dates.
    for (const field of spec.fields) {
      if (field.type !== "date" || !mapped(t.kind, field.name)) continue;
      const col = q(field.name);
      const bad = `(${col} < ${lit(iso(minDate))}::TIMESTAMP${
        options.maxDate ? ` OR ${col} > ${lit(iso(options.maxDate))}::TIMESTAMP` : ""
      })`;
      const ex = await db.all<{ v: Date }>(
        `SELECT ${col} AS v FROM ${table} WHERE ${bad} ORDER BY row_number LIMIT 1`,
      );
      const n = await changed(db, `UPDATE ${table} SET ${col} = NULL WHERE ${bad}`);
      add({
        table: t.kind,
        check: "date out of range",
        column: field.name,
        rows: n,
        example: show(ex[0]?.v instanceof Date ? iso(ex[0].v) : ""),
        action: `set to empty: dates must be from ${iso(minDate)}${
          options.maxDate ? ` to ${iso(options.maxDate)} (--as-of)` : ""
        }`,
      });
    }
  }

  // Dates in order.
  if (mapped("pipeline", "engage_date") && mapped("pipeline", "close_date")) {
    const table = q(crmTableName("pipeline"));
    const ex = await db.all<{ id: string }>(
      `SELECT opportunity_id AS id FROM ${table} WHERE close_date < engage_date ORDER BY row_number LIMIT 1`,
    );
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE close_date < engage_date`,
    );
    add({
      table: "pipeline",
      check: "close before engage",
      column: "close_date",
      rows: n,
      example: show(ex[0]?.id ?? ""),
      action: "kept as is: the deal counts, its dates are not used for durations",
    });
  }
  if (present.has("interactions")) {
    const table = q(crmTableName("interactions"));
    if (mapped("interactions", "created_at") && mapped("interactions", "resolved_at")) {
      const ex = await db.all<{ id: string | null; row: number }>(
        `SELECT interaction_id AS id, row_number AS row FROM ${table} WHERE resolved_at < created_at ORDER BY row_number LIMIT 1`,
      );
      const n = await changed(
        db,
        `UPDATE ${table} SET resolved_at = NULL, resolution_hours = NULL WHERE resolved_at < created_at`,
      );
      add({
        table: "interactions",
        check: "resolution before creation",
        column: "resolved_at",
        rows: n,
        example: show(ex[0]?.id ?? `data row ${ex[0]?.row}`),
        action: "resolution time set to empty",
      });
      await db.run(
        `UPDATE ${table} SET resolution_hours = date_diff('second', created_at, resolved_at) / 3600.0
         WHERE resolution_hours IS NULL AND resolved_at IS NOT NULL AND created_at IS NOT NULL`,
      );
    }
  }

  // Amounts.
  if (present.has("transactions")) {
    const table = q(crmTableName("transactions"));
    // quantity x price as an amount: empty beyond ±10^15, as every number read (exact sums).
    const lineTotal =
      `CASE WHEN abs(quantity * price) <= ${EXACT_VALUE_LIMIT} THEN quantity * price END`;
    if (mapped("transactions", "amount") && mapped("transactions", "price")) {
      const off = `abs(amount - quantity * price) > greatest(0.01, 0.005 * abs(quantity * price))`;
      const ex = await db.all<{ row: number; amount: number; quantity: number; price: number }>(
        `SELECT row_number AS row, amount, quantity, price FROM ${table} WHERE ${off} ORDER BY row_number LIMIT 1`,
      );
      const n = amounts === "recompute"
        ? await changed(db, `UPDATE ${table} SET amount = ${lineTotal} WHERE ${off}`)
        : (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${off}`)).n;
      const e = ex[0];
      add({
        table: "transactions",
        check: "amount differs from quantity x price",
        column: "amount",
        rows: n,
        example: e ? `data row ${e.row}: ${e.amount} for ${e.quantity} x ${e.price}` : "",
        action: amounts === "recompute"
          ? "recomputed as quantity x price (--amounts flag keeps them)"
          : "kept as is (--amounts recompute replaces them)",
      });
    }
    if (mapped("transactions", "price") || mapped("transactions", "amount")) {
      await db.run(
        `UPDATE ${table} SET amount = coalesce(amount, ${lineTotal}), price = coalesce(price, amount / quantity)`,
      );
    }
  }

  // References.
  for (const ref of REFERENCES) {
    if (!present.has(ref.from) || !present.has(ref.to) || !mapped(ref.from, ref.field)) continue;
    const toFields = ref.toFields.filter((f) => mapped(ref.to, f));
    if (toFields.length === 0) continue;
    checks.push(...await checkReference(db, ref, toFields));
  }

  // Reps without deals.
  if (present.has("sales_team") && present.has("pipeline")) {
    const rows = await db.all<{ rep: string }>(
      `SELECT rep FROM ${q(crmTableName("sales_team"))} WHERE rep NOT IN (
         SELECT rep FROM ${q(crmTableName("pipeline"))} WHERE rep IS NOT NULL) ORDER BY rep`,
    );
    add({
      table: "sales_team",
      check: "rep without deals",
      column: "rep",
      rows: rows.length,
      example: rows.slice(0, 3).map((r) => show(r.rep)).join(", "),
      action: "kept: shown with zero deals",
    });
  }

  const tables: CrmTableCount[] = [];
  for (const t of input.tables) {
    tables.push({
      kind: t.kind,
      file: t.file,
      rowsRead: t.rows,
      rowsKept: await countRows(db, crmTableName(t.kind)),
    });
  }
  return {
    checks,
    tables,
    kinds: input.tables.map((t) => t.kind),
    ...(currency === undefined ? {} : { currency }),
  };
}

/** Fields identifying a row of a kind (products: product_id when mapped, else product). */
export function keyFields(kind: CrmTableKind, isMapped: (field: string) => boolean): string[] {
  if (kind === "products") {
    return isMapped("product_id") ? ["product_id"] : isMapped("product") ? ["product"] : [];
  }
  if (kind === "targets") return ["rep", "region", "period"].filter(isMapped);
  const key = CRM_TABLES[kind].key;
  return key !== undefined && isMapped(key) ? [key] : [];
}

async function changed(db: Db, sql: string): Promise<number> {
  const reader = await db.connection.run(sql);
  return Number(reader.rowsChanged);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Standardises values equal but for case and spaces to their most common spelling. */
async function standardise(db: Db, kind: CrmTableKind, field: string): Promise<CrmCheck[]> {
  const table = q(crmTableName(kind));
  const col = q(field);
  const key = spaceCaseKey(col);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE __crm_spellings AS
     SELECT k, first(v ORDER BY n DESC, v) AS canonical FROM (
       SELECT ${key} AS k, ${col} AS v, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ALL)
     GROUP BY k HAVING count(*) > 1`,
  );
  const ex = await db.all<{ v: string; canonical: string }>(
    `SELECT t.${col} AS v, s.canonical FROM ${table} t JOIN __crm_spellings s ON ${key} = s.k
     WHERE t.${col} <> s.canonical ORDER BY t.row_number LIMIT 1`,
  );
  const n = await changed(
    db,
    `UPDATE ${table} SET ${col} = s.canonical FROM __crm_spellings s
     WHERE ${spaceCaseKey(`${table}.${col}`)} = s.k AND ${table}.${col} <> s.canonical`,
  );
  // A lone spelling with stray spaces: trim it.
  const m = await changed(
    db,
    `UPDATE ${table} SET ${col} = trim(regexp_replace(${col}, '\\s+', ' ', 'g'))
     WHERE ${col} <> trim(regexp_replace(${col}, '\\s+', ' ', 'g'))`,
  );
  await db.run(`DROP TABLE __crm_spellings`);
  const e = ex[0];
  return n + m > 0
    ? [{
      table: kind,
      check: "standardised spelling",
      column: field,
      rows: n + m,
      example: e ? `${show(e.v)} -> ${show(e.canonical)}` : "",
      action: "standardised (case and spaces) to the most common spelling",
    }]
    : [];
}

/** Reports spellings of one categorical field that look like another, more common, one. */
async function nearDuplicatesWithin(
  db: Db,
  kind: CrmTableKind,
  field: string,
): Promise<CrmCheck[]> {
  const values = await db.all<{ v: string; n: number }>(
    `SELECT ${q(field)} AS v, count(*) AS n FROM ${q(crmTableName(kind))}
     WHERE ${q(field)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`,
  );
  if (values.length > 300) return [];
  const out: CrmCheck[] = [];
  values.forEach((rare, i) => {
    const common = values.slice(0, i).find((c) => nearDuplicate(c.v, rare.v));
    if (common === undefined) return;
    out.push({
      table: kind,
      check: "near-duplicate spelling",
      column: field,
      rows: rare.n,
      example: `${show(rare.v)} (likely ${show(common.v)}, ${common.n} rows)`,
      action: `kept as is; to merge: --recode ${kind}.${field}="${rare.v}=>${common.v}"`,
    });
  });
  return out;
}

/** Checks one reference; standardises case/space variants, reports near-duplicates and the rest. */
async function checkReference(
  db: Db,
  ref: Reference,
  toFields: readonly string[],
): Promise<CrmCheck[]> {
  const from = q(crmTableName(ref.from));
  const to = q(crmTableName(ref.to));
  const col = q(ref.field);
  // The target field matching most values (products may be referenced by id or by name).
  let toField = toFields[0]!;
  if (toFields.length > 1) {
    let best = -1;
    for (const f of toFields) {
      const { n } = await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM ${from} WHERE ${col} IN (SELECT ${q(f)} FROM ${to})`,
      );
      if (n > best) {
        best = n;
        toField = f;
      }
    }
  }
  const target = `${ref.to}.${toField}`;
  const out: CrmCheck[] = [];
  const { missing } = await db.one<{ missing: number }>(
    `SELECT count(*) AS missing FROM ${from} WHERE ${col} IS NULL`,
  );
  if (missing > 0 && ref.reportMissing) {
    out.push({
      table: ref.from,
      check: "missing reference",
      column: ref.field,
      rows: missing,
      example: "(empty)",
      action: `kept: counted as unknown ${ref.field}`,
    });
  }
  const targets = (await db.all<{ v: string }>(
    `SELECT DISTINCT ${q(toField)} AS v FROM ${to} WHERE ${q(toField)} IS NOT NULL ORDER BY 1`,
  )).map((r) => r.v);
  const unmatched = await db.all<{ v: string; n: number; first: number }>(
    `SELECT ${col} AS v, count(*) AS n, min(row_number) AS first FROM ${from}
     WHERE ${col} IS NOT NULL AND ${col} NOT IN (SELECT ${q(toField)} FROM ${to} WHERE ${
      q(toField)
    } IS NOT NULL)
     GROUP BY 1 ORDER BY first`,
  );
  if (unmatched.length === 0) return out;
  const byCase = new Map<string, string>();
  for (const v of targets) {
    const k = v.toLowerCase().replace(/\s+/g, " ").trim();
    if (!byCase.has(k)) byCase.set(k, v);
  }
  const byAlnum = new Map<string, string>();
  for (const v of targets) if (!byAlnum.has(alnumKey(v))) byAlnum.set(alnumKey(v), v);
  const fuzzy = targets.length <= 500 && unmatched.length <= 200;
  const broken: typeof unmatched = [];
  let recased = 0;
  let recasedExample = "";
  for (const u of unmatched) {
    const sameCase = byCase.get(u.v.toLowerCase().replace(/\s+/g, " ").trim());
    if (sameCase !== undefined) {
      await db.run(`UPDATE ${from} SET ${col} = ${lit(sameCase)} WHERE ${col} = ${lit(u.v)}`);
      recased += u.n;
      recasedExample ||= `${show(u.v)} -> ${show(sameCase)}`;
      continue;
    }
    const likely = byAlnum.get(alnumKey(u.v)) ??
      (fuzzy ? targets.find((t) => nearDuplicate(t, u.v)) : undefined);
    if (likely !== undefined) {
      out.push({
        table: ref.from,
        check: "near-duplicate spelling",
        column: ref.field,
        rows: u.n,
        example: `${show(u.v)} (likely ${show(likely)} of ${target})`,
        action:
          `kept as is, not found in ${target}; to merge: --recode ${ref.from}.${ref.field}="${u.v}=>${likely}"`,
      });
      continue;
    }
    broken.push(u);
  }
  if (recased > 0) {
    out.push({
      table: ref.from,
      check: "standardised spelling",
      column: ref.field,
      rows: recased,
      example: recasedExample,
      action: `standardised (case and spaces) to the spelling of ${target}`,
    });
  }
  if (broken.length > 0) {
    const rows = broken.reduce((a, b) => a + b.n, 0);
    out.push({
      table: ref.from,
      check: "broken reference",
      column: ref.field,
      rows,
      example: broken.slice(0, 3).map((b) => show(b.v)).join(", ") +
        (broken.length > 3 ? ` and ${broken.length - 3} more values` : ""),
      action: `kept: not found in ${target}, counted as unknown`,
    });
  }
  return out;
}

/** A transaction's currency as compared (upper-cased, blanks as none). */
const CURRENCY = currencyCodeSql("currency");

/**
 * The one currency a transactions table's currency column names (an ISO code such as `GBP`, or a
 * symbol), if it names one; a table that names two or more (case and spaces aside) is refused,
 * at the first row of the second most frequent one.
 *
 * @throws {ValidationError} Naming the file, the currencies and that row.
 */
async function oneCurrency(
  db: Db,
  table: string,
  t: CrmTableRead,
): Promise<string | undefined> {
  const found = await db.all<{ code: string; n: number; first: number }>(
    `SELECT ${CURRENCY} AS code, count(*) AS n, min(row_number) AS first FROM ${table}
     WHERE ${CURRENCY} IS NOT NULL GROUP BY 1 ORDER BY n DESC, code`,
  );
  if (found.length <= 1) {
    return reportCurrency(found[0]?.code);
  }
  const column = t.columnMap.currency ?? "currency";
  const message =
    `Cannot analyse the CRM tables: transactions from "${t.file}" are in ${found.length} currencies (column "${column}": ${
      currencyCounts(found, "row")
    }), and amounts in different currencies cannot be added up; the first ${
      found[1]!.code
    } one is data row ${found[1]!.first}`;
  throw new ValidationError(
    message,
    [{ file: t.path, column, value: found[1]!.code, rule: "mixed-currency", message }],
    `Analyse one currency at a time: pass --only-currency ${
      found[0]!.code
    } to keep only its transactions (the others are removed and counted in the ledger), then --only-currency ${
      found[1]!.code
    }; or convert the amounts to one currency first. If the amounts are already in one currency, pass --map transactions.currency=none`,
  );
}

/**
 * Keeps the transactions in `code` (`--only-currency`): the others, and those naming no
 * currency, are removed, in one ledger check.
 *
 * @throws {OptionError} If the table has no currency column, or no transaction names `code`.
 */
async function onlyCurrency(
  db: Db,
  table: string,
  t: CrmTableRead,
  chosen: string,
  hasColumn: boolean,
): Promise<{ check: CrmCheck; currency: string | undefined }> {
  const code = chosen.trim().toUpperCase();
  const found = hasColumn
    ? await db.all<{ code: string | null; n: number }>(
      `SELECT ${CURRENCY} AS code, count(*) AS n FROM ${table} GROUP BY 1 ORDER BY n DESC, code`,
    )
    : undefined;
  const { removed: rows, other } = otherCurrencyRows(found, code, {
    subject: `the transactions from "${t.file}"`,
    unit: "transaction",
    mapFlag: "transactions.currency",
  });
  if (rows > 0) {
    await db.run(`DELETE FROM ${table} WHERE ${CURRENCY} IS DISTINCT FROM ${lit(code)}`);
  }
  return {
    check: {
      table: t.kind,
      check: "other currency",
      column: "currency",
      rows,
      example: show(other ?? ""),
      action: `removed: --only-currency ${code} keeps one currency's transactions`,
    },
    currency: reportCurrency(code),
  };
}
