/**
 * The `order_field_fill` rule: shop exports (Shopify's order export, for one) write an order's
 * own fields, such as the billing country and the financial status, on its first line only, and
 * leave them empty on the order's other lines. Those lines would otherwise lose their country,
 * their status (a refunded order's other lines would count as sales), or their customer and with
 * it the whole line. A customer id, country, status or currency missing on some lines of an invoice is
 * filled in when the invoice's other lines agree on one value; when they disagree it stays
 * missing.
 *
 * The source is never changed (a load cache may be reading it): when there is anything to fill,
 * the cleaning reads a copy with the values filled in, in the source's order.
 *
 * @module
 */
import type { Db } from "../db/mod.ts";

/** One row per filled value: `__crm_id` (source rowid), `row_number`, `column`, `old_value`, `new_value`. */
export const FILLS = "__crm_clean_fills";
/** The invoices with an order field present on some lines and missing on others. */
export const PARTIAL = "__crm_clean_partial";
/** The source with the values filled in (only made when there is something to fill). */
export const FILLED_SOURCE = "__crm_clean_filled";

/** The order fields the rule fills: each is one value per invoice in a well-formed export. */
export const ORDER_FIELDS = ["customer_id", "country", "status", "currency"] as const;

const missing = (column: string) => `(${column} IS NULL OR trim(${column}) = '')`;

/**
 * Finds the values to fill in ({@linkcode FILLS}) and, when there are any, makes
 * {@linkcode FILLED_SOURCE}. One pass of counts per invoice finds the invoices with a field
 * present on some lines and missing on others (most files have none, and stop there); only their
 * lines are read again.
 *
 * @param db The analysis database.
 * @param source The cleaning's source table (read, never changed).
 * @param columns The order fields the source has.
 * @returns The table to clean from (`source`, or the filled copy) and the lines filled in.
 */
export async function fillOrderFields(
  db: Db,
  source: string,
  columns: readonly string[],
): Promise<{ source: string; rows: number }> {
  const fields = ORDER_FIELDS.filter((c) => columns.includes(c));
  if (fields.length === 0) return { source, rows: 0 };
  const partial = (c: string) =>
    `(count(*) FILTER (WHERE ${missing(c)}) > 0 AND count(*) FILTER (WHERE NOT ${missing(c)}) > 0)`;
  await db.run(
    `CREATE OR REPLACE TABLE ${PARTIAL} AS
     SELECT invoice FROM ${source} WHERE invoice IS NOT NULL
     GROUP BY invoice HAVING ${fields.map(partial).join(" OR ")}`,
  );
  if ((await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${PARTIAL}`)).n === 0) {
    return { source, rows: 0 };
  }
  const agreed = (c: string) =>
    `CASE WHEN count(DISTINCT ${c}) FILTER (WHERE NOT ${missing(c)}) = 1
     THEN min(${c}) FILTER (WHERE NOT ${missing(c)}) END`;
  await db.run(
    `CREATE OR REPLACE TABLE ${FILLS} AS
     WITH lines AS (
       SELECT rowid AS __crm_id, row_number, invoice, ${fields.join(", ")}
       FROM ${source} SEMI JOIN ${PARTIAL} USING (invoice)
     ), agreed AS (
       SELECT invoice, ${fields.map((c) => `${agreed(c)} AS ${c}`).join(", ")}
       FROM lines GROUP BY invoice
     )
     ${
      fields.map((c) =>
        `SELECT l.__crm_id, l.row_number, '${c}' AS "column",
           l.${c}::VARCHAR AS old_value, a.${c}::VARCHAR AS new_value
         FROM lines l JOIN agreed a USING (invoice)
         WHERE a.${c} IS NOT NULL AND ${missing(`l.${c}`)}`
      ).join(" UNION ALL ")
    }`,
  );
  const rows = (await db.one<{ n: number }>(
    `SELECT count(DISTINCT __crm_id) AS n FROM ${FILLS}`,
  )).n;
  if (rows === 0) return { source, rows };
  // A plain copy keeps the source's order and its row ids (the cleaning pairs rows by position);
  // the few filled values are then set by row id.
  await db.run(`CREATE OR REPLACE TABLE ${FILLED_SOURCE} AS SELECT * FROM ${source}`);
  for (const c of fields) {
    await db.run(
      `UPDATE ${FILLED_SOURCE} SET ${c} = f.new_value FROM ${FILLS} f
       WHERE ${FILLED_SOURCE}.rowid = f.__crm_id AND f."column" = '${c}'`,
    );
  }
  return { source: FILLED_SOURCE, rows };
}
