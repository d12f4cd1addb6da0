import { checkInputFile } from "./_check_file.ts";
import { csvHead, parquetHeader, preferredDelimiter, xlsxHeader } from "./_source.ts";
import type { Delimiter } from "./detect_dialect.ts";
import { detectFormat } from "./detect_format.ts";

/**
 * Reads the column names of a data file of any supported format, cheaply: the first
 * line of a text file (at most 64 KB read, gzip included; the delimiter detected), a Parquet
 * footer, or the first row of an xlsx's first non-empty sheet. Use it to tell a transaction log
 * from a customer-level table before loading anything.
 *
 * @param path A `.csv`, `.tsv`, `.txt` (each optionally `.gz`), `.parquet` or `.xlsx` file.
 * @param options The delimiter of a text file. @default {detected}
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
export async function readHeader(
  path: string,
  options: { delimiter?: Delimiter } = {},
): Promise<string[]> {
  const format = detectFormat(path);
  await checkInputFile(path);
  if (format === "csv" || format === "csv.gz") {
    const prefer = preferredDelimiter(path);
    return [
      ...(await csvHead(path, format === "csv.gz", {
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        ...(prefer ? { prefer } : {}),
      })).records[0]!,
    ];
  }
  if (format === "parquet") return await parquetHeader(path);
  return await xlsxHeader(path);
}
