/**
 * The README's generated parts: the option table and the output list, from the declared
 * options and output tables, so the README says what the code does (a test compares them).
 *
 * @module
 */
import { optionsMarkdownTable } from "../options/mod.ts";
import { outputFiles } from "../outputs/mod.ts";
import type { OutputTable } from "../outputs/mod.ts";
import { CRM } from "./crm.ts";
import { CUSTOMER_TABLE } from "./customer_table.ts";
import type { OutputContext } from "./kind.ts";
import { TRANSACTIONS } from "./transactions.ts";

/**
 * The output list of the README: every declared table of every input kind (once), with its
 * files and meaning, as a Markdown table.
 *
 * @example
 * ```ts
 * import { outputsMarkdownTable } from "./docs.ts";
 * import { match } from "node:assert/strict";
 * match(
 *   outputsMarkdownTable(),
 *   /\| `customers.csv`, `customers.parquet` +\| transactions, customers +\| one row per customer/,
 * );
 * match(outputsMarkdownTable(), /\| `crm_checks.csv` +\| crm +\| the CRM data-quality ledger/);
 * ```
 */
export function outputsMarkdownTable(): string {
  const seen = new Set<string>();
  const rows: [string, string, string][] = [];
  const kinds: [string, readonly OutputTable<never, OutputContext>[]][] = [
    ["transactions", TRANSACTIONS.outputs as readonly OutputTable<never, OutputContext>[]],
    ["customers", CUSTOMER_TABLE.outputs as readonly OutputTable<never, OutputContext>[]],
    ["crm", CRM.outputs as readonly OutputTable<never, OutputContext>[]],
  ];
  const inKinds = (name: string) =>
    kinds.filter(([, outs]) => outs.some((o) => o.name === name)).map(([k]) => k).join(", ");
  for (const [, outputs] of kinds) {
    for (const o of outputs) {
      if (seen.has(o.name)) continue;
      seen.add(o.name);
      rows.push([outputFiles(o).map((f) => `\`${f}\``).join(", "), inKinds(o.name), o.description]);
    }
  }
  const header: [string, string, string] = ["file", "input kinds", "what it holds"];
  const widths = [0, 1, 2].map((j) =>
    Math.max(header[j]!.length, ...rows.map((r) => r[j]!.length))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, j) => c.padEnd(widths[j]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)]
    .join("\n");
}

/** The generated blocks of the README, by marker name. */
export function readmeBlocks(): Record<string, string> {
  return { options: optionsMarkdownTable(), outputs: outputsMarkdownTable() };
}

/**
 * The README with every generated block (between `<!-- NAME:begin -->` and
 * `<!-- NAME:end -->`) replaced by its current text.
 *
 * @throws {Error} If a marker is missing.
 */
export function updateReadme(readme: string): string {
  let text = readme;
  for (const [name, block] of Object.entries(readmeBlocks())) {
    const re = new RegExp(`(<!-- ${name}:begin -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(text)) throw new Error(`Cannot update the README: marker "${name}" is missing`);
    text = text.replace(re, (_m, a: string, b: string) => `${a}\n\n${block}\n\n${b}`);
  }
  return text;
}
