/**
 * {@linkcode clvAnalysis} on a worker thread, so that a job's JavaScript thread stays free while
 * the models are fitted: at 445,120 customers the analysis computes for about 7 s without a
 * pause, and every query of the other stages that finishes meanwhile would wait for it to be
 * read.
 *
 * @module
 */
import { type ClvAnalysis, clvAnalysis, type ClvAnalysisInput } from "./clv_analysis.ts";
import type { ClvAnalysisOptions } from "./clv_options.ts";

/** A worker thread that runs one {@linkcode clvAnalysis} (see {@linkcode startClvWorker}). */
export interface ClvWorker {
  /**
   * The analysis of `summary`, the same as `clvAnalysis(summary, options)` (the same function
   * on another thread). When the worker cannot run it, for any reason, the analysis runs on
   * this thread instead, so an error is the very one `clvAnalysis` throws. Closes the worker.
   */
  run(summary: ClvAnalysisInput, options: ClvAnalysisOptions): Promise<ClvAnalysis>;
  /** Stops the worker (when `run` is not called, e.g. after an error). */
  close(): void;
}

/** The analysis as the worker sends it: without the customer ids, which the caller has. */
type Sent = Omit<ClvAnalysis, "customers"> & {
  readonly customers: Omit<ClvAnalysis["customers"], "customer_id">;
};

/** What the worker answers (`_clv_worker.ts`). */
type Answer = { result: Sent } | { failed: string };

/**
 * Starts a worker for one CLV analysis. Start it before the summary is ready: its modules load
 * while the summary is computed.
 *
 * @returns The worker; call `run` once, or `close`.
 *
 * @example The same result as on this thread
 * ```ts
 * import { startClvWorker } from "./off_thread.ts";
 * import { clvAnalysis } from "./clv_analysis.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const summary = {
 *   customerIds: ["a", "b", "c", "d", "e", "f"],
 *   frequency: [0, 1, 3, 0, 2, 6],
 *   recency: [0, 4, 20, 0, 11, 30],
 *   T: [30, 31, 32, 20, 25, 35],
 *   monetaryValue: [0, 20, 35, 0, 15, 50],
 * };
 * const options = { compare: { mbg_nbd: false, pareto_nbd: false } };
 * const result = await startClvWorker().run(summary, options);
 * deepStrictEqual(result, clvAnalysis(summary, options));
 * ```
 */
export function startClvWorker(): ClvWorker {
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./_clv_worker.ts", import.meta.url), { type: "module" });
  } catch {
    worker = undefined; // no workers here: run() computes on this thread
  }
  const close = () => {
    worker?.terminate();
    worker = undefined;
  };
  return {
    close,
    async run(summary, options) {
      const w = worker;
      if (w === undefined) return clvAnalysis(summary, options);
      const answer = await new Promise<Answer | undefined>((resolve) => {
        w.onmessage = (e: MessageEvent<Answer>) => resolve(e.data);
        w.onerror = (e) => {
          e.preventDefault();
          resolve(undefined);
        };
        w.onmessageerror = () => resolve(undefined);
        const message = {
          summary: {
            customerIds: summary.customerIds,
            frequency: summary.frequency,
            recency: summary.recency,
            T: summary.T,
            monetaryValue: summary.monetaryValue,
            ...(summary.convention !== undefined ? { convention: summary.convention } : {}),
            ...(summary.timeUnit !== undefined ? { timeUnit: summary.timeUnit } : {}),
          },
          options,
        };
        try {
          w.postMessage(message);
        } catch {
          resolve(undefined); // not cloneable: computed here
        }
      }).finally(close);
      if (answer === undefined || !("result" in answer)) return clvAnalysis(summary, options);
      const { result } = answer;
      // The ids were not sent back: they are the summary's own, as clvAnalysis returns them.
      return {
        ...result,
        customers: { customer_id: summary.customerIds, ...result.customers },
      };
    },
  };
}
