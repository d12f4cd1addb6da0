import { type CrmInput, type CrmValidation, readCrmFolder, validateCrm } from "@crm/crm/mod.ts";
import type { ValidateCrmOptions } from "@crm/crm/mod.ts";
import { type Db, openDb } from "@crm/db/mod.ts";
import {
  type CrmDataset,
  crmFileCsv,
  generateCrm,
  type GenerateCrmOptions,
} from "@crm/generate/crm/mod.ts";

/** Sizes that give the recovery tests their power (about 2 s to read and validate). */
export const LARGE: GenerateCrmOptions = {
  customers: 2000,
  transactions: 12000,
  interactions: 6000,
  deals: 4000,
};

/** A generated dataset written to a temporary folder, read and validated. */
export interface Loaded {
  readonly db: Db;
  readonly dataset: CrmDataset;
  readonly dir: string;
  readonly input: CrmInput;
  readonly validation: CrmValidation;
}

/** Generates, writes, reads and validates; close `db` when done. */
export async function loadGenerated(
  options: GenerateCrmOptions = {},
  validate: ValidateCrmOptions = {},
): Promise<Loaded> {
  const dataset = generateCrm(options);
  const dir = await Deno.makeTempDir({ prefix: "crm_test_" });
  for (const file of dataset.files) {
    await Deno.writeTextFile(`${dir}/${file.name}`, crmFileCsv(file));
  }
  const db = await openDb({ threads: 1 });
  const input = await readCrmFolder(db, dir);
  const validation = await validateCrm(db, input, validate);
  return { db, dataset, dir, input, validation };
}
