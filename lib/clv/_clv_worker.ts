/**
 * The worker of `clvAnalysisOffThread`: runs {@linkcode clvAnalysis} on the one summary it is
 * sent and answers `{ result }` (the analysis without `customers.customer_id`, which the caller
 * already holds; the per-customer columns' buffers are transferred, not copied), or
 * `{ failed }` with the error's message.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import { clvAnalysis, type ClvAnalysisInput } from "./clv_analysis.ts";
import type { ClvAnalysisOptions } from "./clv_options.ts";

self.onmessage = (e: MessageEvent<{ summary: ClvAnalysisInput; options: ClvAnalysisOptions }>) => {
  try {
    const result = clvAnalysis(e.data.summary, e.data.options);
    const { customer_id: _, ...columns } = result.customers;
    const buffers = new Set<ArrayBuffer>();
    for (const c of Object.values(columns)) {
      if (c instanceof Float64Array && c.buffer instanceof ArrayBuffer) buffers.add(c.buffer);
    }
    self.postMessage({ result: { ...result, customers: columns } }, [...buffers]);
  } catch (error) {
    self.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
};
