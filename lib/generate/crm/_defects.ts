/**
 * Plants the defects of a generated CRM dataset on distinct rows, so that each check of the
 * validation meets exactly the planted count.
 *
 * @module
 */
import type { Random } from "../../stats/mod.ts";
import type { CrmCell, CrmFile } from "./generate_crm.ts";
import type { CrmDefects } from "./truth.ts";

type Rows = CrmCell[][];

/** Picks `count` untouched row indexes that satisfy `ok`, marks them touched. */
function choose(
  random: Random,
  rows: Rows,
  touched: Set<number>,
  count: number,
  ok: (row: CrmCell[]) => boolean = () => true,
): number[] {
  const candidates = rows.map((_, i) => i).filter((i) => !touched.has(i) && ok(rows[i]!));
  const out: number[] = [];
  while (out.length < count && candidates.length > 0) {
    const k = Math.floor(random.next() * candidates.length);
    out.push(candidates.splice(k, 1)[0]!);
  }
  if (out.length < count) {
    throw new RangeError(`Cannot plant defects: only ${out.length} rows fit, ${count} needed`);
  }
  for (const i of out) touched.add(i);
  return out.sort((a, b) => a - b);
}

/** Inserts copies of untouched rows right after their originals. */
function duplicate(random: Random, rows: Rows, touched: Set<number>, count: number): Rows {
  const picked = new Set(choose(random, rows, touched, count));
  return rows.flatMap((row, i) => (picked.has(i) ? [row, [...row]] : [row]));
}

/** Plants every defect; returns the new files and the exact counts. */
export function plantDefects(
  random: Random,
  files: readonly CrmFile[],
  options: { silentReps: readonly string[] },
): { files: CrmFile[]; defects: CrmDefects } {
  const rows = (name: string): Rows => files.find((f) => f.name === name)!.rows.map((r) => [...r]);
  const customers = rows("customers.csv");
  const transactions = rows("transactions.csv");
  const interactions = rows("interactions.csv");
  const pipeline = rows("sales_pipeline.csv");

  // Transactions: transaction_id, customer_id, product_id, date, quantity, unit_price, amount.
  const tx = new Set<number>();
  choose(random, transactions, tx, 5).forEach((i, k) => transactions[i]![1] = `C99${101 + k}`);
  choose(random, transactions, tx, 3).forEach((i) => transactions[i]![2] = "P999");
  choose(random, transactions, tx, 6).forEach((i) => {
    const row = transactions[i]!;
    row[6] = Math.round((row[6] as number) * 150) / 100 + 1;
  });
  choose(random, transactions, tx, 2).forEach((i) => transactions[i]![3] = "1900-01-01");
  const transactionsOut = duplicate(random, transactions, tx, 5);

  // Interactions: interaction_id, customer_id, created_at, channel, issue_type, status,
  // resolved_at, satisfaction.
  const it = new Set<number>();
  choose(random, interactions, it, 7).forEach((i, k) => interactions[i]![1] = `C99${1 + k}`);
  choose(random, interactions, it, 2, (r) => r[6] !== null).forEach((i) => {
    const created = interactions[i]![2] as string;
    const back = new Date(`${created.replace(" ", "T")}Z`).getTime() - 3 * 3600_000;
    interactions[i]![6] = new Date(back).toISOString().replace("T", " ").slice(0, 19);
  });
  const variants = [
    (s: string) => s.toLowerCase(),
    (s: string) => s.toUpperCase(),
    (s: string) => `${s} `,
    (s: string) => ` ${s}`,
  ];
  choose(random, interactions, it, 10).forEach((i, k) =>
    interactions[i]![3] = variants[k % variants.length]!(interactions[i]![3] as string)
  );
  choose(random, interactions, it, 3).forEach((i) => interactions[i]![3] = null);
  const interactionsOut = duplicate(random, interactions, it, 4);

  // Customers.
  const cu = new Set<number>();
  const customersOut = duplicate(random, customers, cu, 3);

  // Pipeline: opportunity_id, sales_agent, product, account, deal_stage, engage_date,
  // close_date, close_value.
  const pi = new Set<number>();
  let misspelt = 0;
  for (const row of pipeline) {
    if (row[2] === "GTX Pro") {
      row[2] = "GTXPro";
      misspelt++;
    }
  }
  choose(random, pipeline, pi, 4).forEach((i) => pipeline[i]![1] = "Zoe Quill");
  choose(random, pipeline, pi, 3, (r) => r[5] !== null && r[6] !== null).forEach((i) => {
    const engage = new Date(`${pipeline[i]![5]}T00:00:00Z`).getTime();
    pipeline[i]![6] = new Date(engage - 5 * 86400_000).toISOString().slice(0, 10);
  });
  choose(random, pipeline, pi, 5, (r) => r[4] === "Won" || r[4] === "Lost").forEach((i) =>
    pipeline[i]![3] = null
  );
  const pipelineOut = duplicate(random, pipeline, pi, 2);

  const replaced: Record<string, Rows> = {
    "customers.csv": customersOut,
    "transactions.csv": transactionsOut,
    "interactions.csv": interactionsOut,
    "sales_pipeline.csv": pipelineOut,
  };
  return {
    files: files.map((f) => (replaced[f.name] ? { ...f, rows: replaced[f.name]! } : f)),
    defects: {
      duplicateCustomers: 3,
      duplicateInteractions: 4,
      duplicateDeals: 2,
      duplicateTransactionRows: 5,
      brokenInteractionCustomers: 7,
      brokenTransactionCustomers: 5,
      brokenTransactionProducts: 3,
      brokenDealReps: 4,
      nearDuplicateProduct: { wrong: "GTXPro", right: "GTX Pro", rows: misspelt },
      inconsistentAmounts: 6,
      transactionDatesOutOfRange: 2,
      closeBeforeEngage: 3,
      resolutionBeforeCreation: 2,
      channelSpellingVariants: 10,
      missingChannel: 3,
      missingAccounts: 5,
      repsWithoutDeals: [...options.silentReps],
    },
  };
}
