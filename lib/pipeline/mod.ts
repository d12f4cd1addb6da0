/**
 * The pipeline: a declared graph of stages per input kind (transaction log, customer table,
 * CRM tables),
 * dispatched in one place ({@linkcode detectInput}), run with independent stages at the same
 * time ({@linkcode runGraph}), then turned into report sections and the report model. The main
 * job and the notebooks both run it.
 *
 * @example A graph of two stages
 * ```ts
 * import { plan, stage } from "./mod.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * interface R { a: number; b: number; c: number }
 * const s = stage<R, {}>();
 * const stages = [
 *   s({ id: "a", label: "a", needs: [], run: async () => 1 }),
 *   s({ id: "b", label: "b", needs: ["a"], run: async (_ctx, r) => r.a + 1 }),
 *   s({ id: "c", label: "c", needs: [], run: async () => 3 }),
 * ];
 * deepStrictEqual(plan(stages, ["b"]).map((x) => x.id), ["a", "b"]);
 * ```
 *
 * @module
 */
export * from "./graph.ts";
export * from "./kind.ts";
export * from "./input_kinds.ts";
export * from "./transactions.ts";
export * from "./customer_table.ts";
export * from "./crm.ts";
export * from "./product_outputs.ts";
export * from "./shared_outputs.ts";
export * from "./run.ts";
export * from "./docs.ts";
