/**
 * Report sections in a notebook: the findings and recommendations of a section (from
 * `@crm/sections/mod.ts`, written from the numbers) as Markdown, and the section's evidence
 * blocks (charts, tables, key figures) one at a time, so a notebook shows exactly what the
 * report shows.
 *
 * @module
 */
import type { Block, Section, TableColumn } from "../report/mod.ts";
import { formatInt, formatMoney, formatNumber, formatPercent } from "../report/mod.ts";
import { chartHtml, escapeText, htmlTableBundle } from "./_html.ts";
import { escapeMarkdown, type MimeBundle, showBundle, showMarkdown } from "./display.ts";

/** Options for {@linkcode sectionMarkdown} and {@linkcode showFindings}. */
export interface SectionMarkdownOptions {
  /** Start with the section's title as a heading of this level (0: no title). @default {0} */
  heading?: 0 | 2 | 3;
  /** Include the lead sentence. @default {true} */
  lead?: boolean;
}

/**
 * A section's lead, findings ("What we found") and recommendations ("What to do") as
 * Markdown lists, worded as in the report.
 *
 * @param section A report section.
 * @param options **heading**, **lead**.
 * @returns The Markdown text.
 *
 * @example
 * ```ts
 * import { sectionMarkdown } from "./section.ts";
 * import { equal } from "node:assert/strict";
 * const md = sectionMarkdown({ id: "s", title: "Sales", lead: "Revenue grew.", blocks: [],
 *   findings: ["Revenue £1,200 from 10 orders."], recommendations: ["Email the top 20%."] });
 * equal(md, "**Revenue grew.**\n\n**What we found**\n\n- Revenue £1,200 from 10 orders.\n\n**What to do**\n\n- Email the top 20%.\n");
 * ```
 */
export function sectionMarkdown(section: Section, options: SectionMarkdownOptions = {}): string {
  const { heading = 0, lead = true } = options;
  const parts: string[] = [];
  if (heading > 0) parts.push(`${"#".repeat(heading)} ${escapeMarkdown(section.title)}`);
  if (lead && section.lead !== "") parts.push(`**${escapeMarkdown(section.lead)}**`);
  const list = (items: readonly string[]): string =>
    items.map((item) => `- ${escapeMarkdown(item)}`).join("\n");
  if (section.findings.length > 0) parts.push("**What we found**", list(section.findings));
  if (section.recommendations.length > 0) {
    parts.push("**What to do**", list(section.recommendations));
  }
  return parts.join("\n\n") + "\n";
}

/**
 * Shows a section's findings and recommendations (see {@linkcode sectionMarkdown}).
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showFindings } from "./section.ts";
 * await showFindings({ id: "s", title: "T", lead: "", findings: ["a"], recommendations: [], blocks: [] });
 * ```
 */
export async function showFindings(
  section: Section,
  options: SectionMarkdownOptions = {},
): Promise<void> {
  await showMarkdown(sectionMarkdown(section, options));
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/**
 * The title of a block: a table's title, a chart's title (its first `<h2>`), "Key figures"
 * for KPI tiles, a text block's first paragraph.
 *
 * @example
 * ```ts
 * import { blockTitle } from "./section.ts";
 * import { equal } from "node:assert/strict";
 * equal(blockTitle({ kind: "chart", markup: "<figure><h2>Revenue &amp; orders</h2><svg></svg></figure>" }), "Revenue & orders");
 * equal(blockTitle({ kind: "kpis", items: [] }), "Key figures");
 * ```
 */
export function blockTitle(block: Block): string {
  switch (block.kind) {
    case "table":
      return block.title;
    case "kpis":
      return "Key figures";
    case "text":
      return block.paragraphs[0] ?? "";
    case "chart": {
      const h2 = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(block.markup)?.[1];
      return h2 === undefined ? "chart" : decodeEntities(h2.replace(/<[^>]*>/g, "")).trim();
    }
  }
}

/**
 * The block of a section whose title is `title`, else the first whose title contains it
 * (case-insensitive), e.g. `"products by revenue"` or `"Key figures"`.
 *
 * @param section A report section.
 * @param title Part of the block's title ({@linkcode blockTitle}).
 * @returns The block.
 * @throws {RangeError} If no block matches; the message lists the section's block titles.
 *
 * @example
 * ```ts
 * import { findBlock } from "./section.ts";
 * import { equal, throws } from "node:assert/strict";
 * const section = { id: "s", title: "Sales", lead: "", findings: [], recommendations: [], blocks: [
 *   { kind: "chart" as const, markup: "<figure><h2>Top products by revenue</h2></figure>" },
 *   { kind: "table" as const, title: "Top products", columns: [], rows: [] }] };
 * equal(findBlock(section, "PRODUCTS by").kind, "chart");
 * equal(findBlock(section, "top products").kind, "table");
 * throws(() => findBlock(section, "cohorts"), /Cannot find block "cohorts" in section "Sales": its blocks are "Top products by revenue", "Top products"/);
 * ```
 */
export function findBlock(section: Section, title: string): Block {
  const wanted = title.toLowerCase();
  const block = section.blocks.find((b) => blockTitle(b).toLowerCase() === wanted) ??
    section.blocks.find((b) => blockTitle(b).toLowerCase().includes(wanted));
  if (block === undefined) {
    throw new RangeError(
      `Cannot find block "${title}" in section "${section.title}": its blocks are ${
        section.blocks.map((b) => `"${blockTitle(b)}"`).join(", ")
      }`,
    );
  }
  return block;
}

function formatValue(value: unknown, column: TableColumn, currency: string): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  }
  if (typeof value === "bigint") return formatInt(Number(value));
  if (typeof value !== "number") return String(value);
  switch (column.format) {
    case "int":
      return formatInt(value);
    case "money":
      return formatMoney(value, currency);
    case "percent":
      return formatPercent(value);
    case "number":
      return formatNumber(value);
    default:
      return String(value);
  }
}

const TILE_STYLE =
  "display:inline-block;min-width:130px;margin:0 8px 8px 0;padding:8px 12px;border:1px solid #d1d9e0;border-radius:8px;background:#f6f8fa;font-family:system-ui,sans-serif;vertical-align:top";

/** Options for {@linkcode blockBundle} and {@linkcode showBlock}. */
export interface BlockOptions {
  /** Currency symbol of `money` table cells. @default {"£"} */
  currency?: string;
  /** Table rows shown. @default {the block's limit, else 20} */
  limit?: number;
}

/** Options for {@linkcode showBlock}. */
export interface ShowBlockOptions extends BlockOptions {
  /** The block exists only for some data (for example the holdout check, which needs a long
   * enough period): when it is missing, show a short note instead of throwing. @default {false} */
  optional?: boolean;
}

/**
 * The mimebundle of a report block: a chart's markup as `text/html`; a table formatted by
 * its columns (labels, `int`/`number`/`money`/`percent`), at most **limit** rows; KPI tiles;
 * text as Markdown.
 *
 * @param block A block of a report section.
 * @param options **currency**, **limit**.
 * @returns The mimebundle.
 *
 * @example
 * ```ts
 * import { blockBundle } from "./section.ts";
 * import { match } from "node:assert/strict";
 * const b = blockBundle({ kind: "table", title: "Segments", columns: [{ key: "segment", format: "text" },
 *   { key: "share", label: "share", format: "percent" }, { key: "revenue", format: "money" }],
 *   rows: [{ segment: "champions", share: 0.134, revenue: 161234.5 }] });
 * match(b["text/html"]!, /<td[^>]*text-align:right">13.4%<\/td><td[^>]*>£161,235<\/td>/);
 * match(b["text/plain"]!, /^Segments \(1 row\)\nsegment\tshare\trevenue\nchampions\t13.4%\t£161,235$/);
 * ```
 */
export function blockBundle(block: Block, options: BlockOptions = {}): MimeBundle {
  const { currency = "£" } = options;
  switch (block.kind) {
    case "chart": {
      return {
        "text/html": chartHtml(block.markup, block.caption),
        "text/plain": `[chart] ${blockTitle(block)}`,
      };
    }
    case "table": {
      const limit = options.limit ?? block.limit ?? 20;
      const shown = block.rows.slice(0, Math.max(0, limit));
      return htmlTableBundle({
        headers: block.columns.map((c) => c.label ?? c.key),
        numeric: block.columns.map((c) => c.format !== undefined && c.format !== "text"),
        cells: shown.map((row) => block.columns.map((c) => formatValue(row[c.key], c, currency))),
        total: block.rows.length,
        title: block.title,
      });
    }
    case "kpis": {
      const tiles = block.items.map((k) =>
        `<div style="${TILE_STYLE}"><div style="font-size:20px;font-weight:700">${
          escapeText(k.value)
        }</div><div style="font-size:12px;color:#59636e">${escapeText(k.label)}</div>${
          k.note ? `<div style="font-size:11px;color:#59636e">${escapeText(k.note)}</div>` : ""
        }</div>`
      ).join("");
      return {
        "text/html": `<div class="crm-kpis">${tiles}</div>`,
        "text/plain": block.items.map((k) => `${k.label}: ${k.value}`).join("\n"),
      };
    }
    case "text": {
      const text = block.paragraphs.map(escapeMarkdown).join("\n\n");
      return { "text/markdown": text, "text/plain": block.paragraphs.join("\n\n") };
    }
  }
}

/**
 * Shows the block of `section` whose title contains `title` (see {@linkcode findBlock} and
 * {@linkcode blockBundle}). With **optional**, a missing block shows a one-line note that the
 * section has no such block for this data (the section's notes say why).
 *
 * @throws {RangeError} If no block matches and the block is not **optional**.
 *
 * @example Inert outside the kernel
 * ```ts
 * import { showBlock } from "./section.ts";
 * const section = { id: "s", title: "T", lead: "", findings: [], recommendations: [], blocks: [
 *   { kind: "kpis" as const, items: [{ label: "Revenue", value: "£1,200" }] }] };
 * await showBlock(section, "key figures");
 * await showBlock(section, "Calibration versus holdout", { optional: true });
 * ```
 */
export async function showBlock(
  section: Section,
  title: string,
  options: ShowBlockOptions = {},
): Promise<void> {
  let block: Block;
  try {
    block = findBlock(section, title);
  } catch (error) {
    if (!options.optional || !(error instanceof RangeError)) throw error;
    const note =
      `${title}: not available for this data (the findings of "${section.title}" say why).`;
    await showBundle({ "text/markdown": `*${escapeMarkdown(note)}*`, "text/plain": note });
    return;
  }
  await showBundle(blockBundle(block, options));
}
