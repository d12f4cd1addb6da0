import { InputFileError } from "../errors.ts";

/**
 * Input formats the loader reads. `"csv"` is any delimited text (comma, semicolon, tab, pipe or
 * whitespace separated: `.csv`, `.tsv`, `.txt`), `"csv.gz"` the same compressed with gzip.
 */
export type InputFormat = "csv" | "csv.gz" | "parquet" | "xlsx";

/** File name endings per format, in matching order. */
export const INPUT_FORMATS: readonly { readonly format: InputFormat; readonly ending: string }[] = [
  { format: "csv.gz", ending: ".csv.gz" },
  { format: "csv.gz", ending: ".tsv.gz" },
  { format: "csv.gz", ending: ".txt.gz" },
  { format: "csv", ending: ".csv" },
  { format: "csv", ending: ".tsv" },
  { format: "csv", ending: ".txt" },
  { format: "parquet", ending: ".parquet" },
  { format: "xlsx", ending: ".xlsx" },
];

/**
 * Tells the input format from a file name (case-insensitive), without reading the file.
 *
 * @param path File path or name.
 * @returns `"csv"` (also for `.tsv` and `.txt`), `"csv.gz"` (the same with `.gz`), `"parquet"`
 *   or `"xlsx"`.
 * @throws {InputFileError} If the ending is none of those.
 *
 * @example
 * ```ts
 * import { detectFormat } from "./detect_format.ts";
 * import { equal, throws } from "node:assert/strict";
 * equal(detectFormat("data/Online_Retail.CSV.GZ"), "csv.gz");
 * equal(detectFormat("sales.xlsx"), "xlsx");
 * equal(detectFormat("orders.txt"), "csv");
 * throws(() => detectFormat("sales.xls"), /Cannot load "sales.xls": unknown format ".xls"/);
 * ```
 */
export function detectFormat(path: string): InputFormat {
  const lower = path.toLowerCase();
  const hit = INPUT_FORMATS.find((f) => lower.endsWith(f.ending));
  if (hit !== undefined) return hit.format;
  const name = lower.split(/[\\/]/).pop() ?? lower;
  const dot = name.indexOf(".");
  const ending = dot >= 0 ? path.slice(path.length - (name.length - dot)) : "(none)";
  throw new InputFileError(
    path,
    `Cannot load "${path}": unknown format "${ending}"`,
    `Use one of ${
      INPUT_FORMATS.map((f) => f.ending).join(", ")
    } (save an .xls workbook as .xlsx first)`,
  );
}
