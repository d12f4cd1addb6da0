/**
 * Formatting numbers for people: one {@linkcode Format} per report or notebook, carrying the
 * currency, used by tables, sentences, tooltips and charts alike.
 *
 * @example
 * ```ts
 * import { createFormat } from "./mod.ts";
 * import { equal } from "node:assert/strict";
 * const fmt = createFormat({ currency: "£" });
 * equal(`${fmt.money(1234.5)} from ${fmt.int(12000)} orders (${fmt.percent(0.25)})`, "£1,235 from 12,000 orders (25.0%)");
 * ```
 *
 * @module
 */
export * from "./format.ts";
