import { checkInputFile } from "./_check_file.ts";
import { csvHead, parquetHeader, xlsxHeader } from "./_source.ts";
import { detectFormat } from "./detect_format.ts";

/**
 * Reads the column names of a data file of any supported format, cheaply: the first
 * line of a CSV (at most 64 KB read, gzip included), a Parquet footer, or the first row
 * of an xlsx's first sheet. Use it to tell a transaction log from a customer-level table
 * before loading anything.
 *
 * @param path A `.csv`, `.csv.gz`, `.parquet` or `.xlsx` file.
 * @returns Column names in file order (blank names become `column<N>`).
 * @throws {InputFileError} If the file is missing, empty or of an unknown format.
 *
 * @example
 * ```ts ignore
 * import { readHeader } from "./read_header.ts";
 * const names = await readHeader("data/raw/online_retail_II.csv.gz");
 * // ["Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country"]
 * ```
 */
export async function readHeader(path: string): Promise<string[]> {
  const format = detectFormat(path);
  await checkInputFile(path);
  if (format === "csv" || format === "csv.gz") {
    return [...(await csvHead(path, format === "csv.gz")).records[0]!];
  }
  if (format === "parquet") return await parquetHeader(path);
  return await xlsxHeader(path);
}
