/**
 * Writes a table's data into the page (server side): plain JSON for small tables, the rows
 * gzip-compressed in base64 for large ones (see {@linkcode EmbeddedTableData}). Deterministic:
 * the same data gives the same bytes.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { gzipSync } from "node:zlib";
import type { EmbeddedTableData, TableData } from "./table_data.ts";
import { scriptJson } from "./table_data.ts";

/** JSON rows longer than this (characters) are compressed. */
export const COMPRESS_ABOVE = 32_768;

/**
 * The text of a table's `<script type="application/json" class="table-data">` element.
 *
 * @param data The table's data.
 * @param options **compressAbove**: compress rows whose JSON is longer (characters).
 * @returns JSON safe inside a script element (no `<`, `>` or `&`).
 *
 * @example
 * ```ts
 * import { embedTableData } from "./embed_data.ts";
 * import { gunzipSync } from "node:zlib";
 * import { Buffer } from "node:buffer";
 * import { deepStrictEqual } from "node:assert/strict";
 * const data = { id: "t", title: "T", download: "t.csv", limit: 25, currency: "", total: 2,
 *   columns: [{ key: "a" }], rows: [["x"], ["<y>"]] };
 * deepStrictEqual(JSON.parse(embedTableData(data)), data);
 * const packed = JSON.parse(embedTableData(data, { compressAbove: 0 }));
 * deepStrictEqual(JSON.parse(gunzipSync(Buffer.from(packed.rows.gzip, "base64")).toString()), data.rows);
 * ```
 */
export function embedTableData(
  data: TableData,
  options: { compressAbove?: number } = {},
): string {
  const rows = JSON.stringify(data.rows);
  if (rows.length <= (options.compressAbove ?? COMPRESS_ABOVE)) return scriptJson(data);
  const gzip = Buffer.from(gzipSync(new TextEncoder().encode(rows), { level: 9 }))
    .toString("base64");
  const packed: EmbeddedTableData = { ...data, rows: { gzip } };
  return scriptJson(packed);
}
