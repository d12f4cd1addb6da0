import type { Db } from "../db/mod.ts";
import { quoteIdent, requireColumns } from "../db/mod.ts";

/** Where product sales come from. */
export type ProductSalesSource = "transactions" | "pipeline" | "order_log";

/** Options for {@linkcode createProductSales}. */
export interface ProductSalesOptions {
  /** Name of the view created. @default {"product_sales"} */
  view?: string;
  /** The source table. @default {"crm_transactions", "crm_pipeline" or "clean_transactions"} */
  table?: string;
  /** The products table for categories and list prices (CRM sources). @default {"crm_products"} */
  products?: string;
  /** Pipeline stages that count as sales. @default {["won", "closed won"]} */
  wonStages?: readonly string[];
}

/**
 * Creates one view of product sales, `product, description, category, sale_date, quantity,
 * price, revenue, list_price`, from any source: CRM transactions (joined to the products table
 * by id or name, whichever matches more lines), won pipeline deals (one unit at the close
 * value), or the cleaned order log `clean_transactions` (no categories; Online Retail prices
 * vary over time, which is what price elasticity needs).
 *
 * @param db The analysis database.
 * @param source Which source.
 * @param options View, table and products names.
 * @returns The view's name.
 * @throws {SchemaError} If the source table lacks the columns it needs.
 *
 * @example The order log
 * ```ts
 * import { createProductSales } from "./product_sales.ts";
 * import { openDb } from "../db/mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * const db = await openDb();
 * await db.run(`create table clean_transactions as select '85123A' as stock_code, 'HEART' as description,
 *   timestamp '2011-01-04 10:00' as invoice_date, 6.0 as quantity, 2.55 as price, 15.3 as line_total`);
 * await createProductSales(db, "order_log");
 * deepStrictEqual(await db.all("select product, category, quantity, revenue from product_sales"),
 *   [{ product: "85123A", category: null, quantity: 6, revenue: 15.3 }]);
 * db.close();
 * ```
 */
export async function createProductSales(
  db: Db,
  source: ProductSalesSource,
  options: ProductSalesOptions = {},
): Promise<string> {
  const { view = "product_sales", products = "crm_products", wonStages = ["won", "closed won"] } =
    options;
  const v = quoteIdent(view);
  if (source === "order_log") {
    const table = options.table ?? "clean_transactions";
    await requireColumns(
      db,
      table,
      ["stock_code", "description", "invoice_date", "quantity", "price", "line_total"],
      "compute product sales",
    );
    await db.run(
      `CREATE OR REPLACE TEMP VIEW ${v} AS SELECT stock_code AS product, description,
         CAST(NULL AS VARCHAR) AS category, invoice_date AS sale_date, quantity, price,
         line_total AS revenue, CAST(NULL AS DOUBLE) AS list_price FROM ${quoteIdent(table)}`,
    );
    return view;
  }
  const productCols = await columnsOf(db, products);
  const p = quoteIdent(products);
  const category = productCols.includes("category") ? "p.category" : "CAST(NULL AS VARCHAR)";
  const listPrice = productCols.includes("list_price") ? "p.list_price" : "CAST(NULL AS DOUBLE)";
  const name = productCols.includes("product") ? "p.product" : "CAST(NULL AS VARCHAR)";
  if (source === "transactions") {
    const table = options.table ?? "crm_transactions";
    await requireColumns(
      db,
      table,
      ["stock_code", "description", "invoice_date", "quantity", "price", "amount"],
      "compute product sales",
    );
    const key = await joinKey(db, table, "stock_code", products, productCols);
    const join = key === undefined
      ? `(SELECT NULL AS __k WHERE false) p ON false`
      : `${p} p ON t.stock_code = p.${quoteIdent(key)}`;
    await db.run(
      `CREATE OR REPLACE TEMP VIEW ${v} AS SELECT t.stock_code AS product,
         coalesce(${key === undefined ? "NULL" : name}, t.description) AS description,
         ${
        key === undefined ? "CAST(NULL AS VARCHAR)" : category
      } AS category, t.invoice_date AS sale_date,
         t.quantity, t.price, t.amount AS revenue, ${
        key === undefined ? "CAST(NULL AS DOUBLE)" : listPrice
      } AS list_price
       FROM ${quoteIdent(table)} t LEFT JOIN ${join}`,
    );
    return view;
  }
  const table = options.table ?? "crm_pipeline";
  await requireColumns(
    db,
    table,
    ["product", "stage", "close_date", "close_value"],
    "compute product sales",
  );
  const key = await joinKey(db, table, "product", products, productCols);
  const won = wonStages.map((s) => `'${s.toLowerCase().replaceAll("'", "''")}'`).join(", ");
  await db.run(
    `CREATE OR REPLACE TEMP VIEW ${v} AS SELECT d.product, d.product AS description,
       ${
      key === undefined ? "CAST(NULL AS VARCHAR)" : category
    } AS category, d.close_date AS sale_date,
       1.0 AS quantity, d.close_value AS price, d.close_value AS revenue,
       ${key === undefined ? "CAST(NULL AS DOUBLE)" : listPrice} AS list_price
     FROM ${quoteIdent(table)} d ${
      key === undefined ? "" : `LEFT JOIN ${p} p ON d.product = p.${quoteIdent(key)}`
    }
     WHERE lower(trim(d.stage)) IN (${won}) AND d.product IS NOT NULL AND d.close_value IS NOT NULL`,
  );
  return view;
}

async function columnsOf(db: Db, table: string): Promise<string[]> {
  try {
    return (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(table)}`)).map((r) =>
      r.column_name
    );
  } catch {
    return [];
  }
}

/** The products column (`product_id` or `product`) that matches more of `field`'s values. */
async function joinKey(
  db: Db,
  table: string,
  field: string,
  products: string,
  productCols: readonly string[],
): Promise<string | undefined> {
  let best: string | undefined;
  let bestN = 0;
  for (const key of ["product_id", "product"]) {
    if (!productCols.includes(key)) continue;
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(field)} IN (SELECT ${
        quoteIdent(key)
      } FROM ${quoteIdent(products)})`,
    );
    if (n > bestN) {
      best = key;
      bestN = n;
    }
  }
  return best;
}
