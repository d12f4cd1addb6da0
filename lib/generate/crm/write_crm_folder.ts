import { join } from "node:path";
import { csvField } from "../csv.ts";
import {
  type CrmDataset,
  type CrmFile,
  generateCrm,
  type GenerateCrmOptions,
} from "./generate_crm.ts";

/** Folder of the committed CRM sample, relative to the repository root. */
export const CRM_SAMPLE_DIR = "data/sample_crm";

/**
 * Formats a generated file as CSV text: header, one LF-terminated line per row, empty fields
 * for missing values, RFC 4180 quoting, numbers in JavaScript's shortest form.
 *
 * @example
 * ```ts
 * import { crmFileCsv } from "./write_crm_folder.ts";
 * import { equal } from "node:assert/strict";
 * equal(crmFileCsv({ name: "x.csv", header: ["a", "b"], rows: [["x, y", null], ["z", 1.5]] }), 'a,b\n"x, y",\nz,1.5\n');
 * ```
 */
export function crmFileCsv(file: CrmFile): string {
  const lines = [file.header.map(csvField).join(",")];
  for (const row of file.rows) {
    lines.push(row.map((v) => (v === null ? "" : csvField(String(v)))).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Generates a CRM dataset ({@linkcode generateCrm}) and writes one CSV per table into `dir`
 * (created if missing; files of the same names are replaced).
 *
 * @param dir Output folder.
 * @param options Generator options.
 * @returns The dataset written (files and truth) and the bytes written.
 */
export async function writeCrmFolder(
  dir: string,
  options: GenerateCrmOptions = {},
): Promise<{ dataset: CrmDataset; bytes: number }> {
  const dataset = generateCrm(options);
  await Deno.mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const file of dataset.files) {
    const text = crmFileCsv(file);
    bytes += new TextEncoder().encode(text).length;
    await Deno.writeTextFile(join(dir, file.name), text);
  }
  return { dataset, bytes };
}
