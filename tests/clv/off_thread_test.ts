/**
 * startClvWorker(): the CLV analysis on a worker thread is the analysis on this thread, value for
 * value (parameters, columns, intervals, diagnostics), computed while this thread's timers keep
 * firing; a bad summary stops it with the same typed error.
 */
import { deepStrictEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { clvAnalysis, simulateBgNbd, startClvWorker } from "@crm/clv/mod.ts";
import { isUserError, ValidationError } from "@crm/errors.ts";

/** 3,000 simulated BG/NBD customers of 26-52 weeks, with spend for the repeat buyers. */
function summary() {
  const T = Float64Array.from({ length: 3000 }, (_, i) => 26 + (i % 27));
  const s = simulateBgNbd({ r: 0.6, alpha: 4, a: 0.7, b: 2.6 }, T, { seed: 7 });
  return {
    customerIds: Array.from({ length: T.length }, (_, i) => `c${i}`),
    frequency: [...s.frequency],
    recency: [...s.recency],
    T: [...s.T],
    monetaryValue: [...s.frequency].map((x, i) => (x > 0 ? 12 + (i % 23) * 1.7 : 0)),
  };
}

Deno.test("startClvWorker(): the worker's analysis equals clvAnalysis on this thread (bootstrap and delta intervals)", async () => {
  const s = summary();
  for (const method of ["bootstrap", "delta"] as const) {
    const options = { intervals: { method }, seed: 3 };
    const here = clvAnalysis(s, options);
    // This thread stays free meanwhile: a timer keeps firing (it could not, were the models
    // fitted here).
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const there = await startClvWorker().run(s, options).finally(() => clearInterval(timer));
    ok(ticks >= 5, `the timer fired ${ticks} times while the worker ran`);
    deepStrictEqual(there, here);
    equal(there.customers.customer_id, s.customerIds, "the ids are the summary's own array");
    ok(there.customers.clv_param_lower instanceof Float64Array);
  }
});

Deno.test("startClvWorker(): a summary clvAnalysis refuses is refused with the same typed error", async () => {
  const s = summary();
  const bad = { ...s, recency: s.recency.map((r, i) => (i === 5 ? s.T[5]! + 1 : r)) };
  let expected: unknown;
  throws(() => clvAnalysis(bad), (e) => {
    expected = e;
    return true;
  });
  ok(expected instanceof ValidationError && isUserError(expected));
  await rejects(startClvWorker().run(bad, {}), (e: unknown) => {
    ok(e instanceof ValidationError && isUserError(e));
    equal(e.message, (expected as ValidationError).message);
    deepStrictEqual(e.issues, (expected as ValidationError).issues);
    return true;
  });
});

Deno.test("startClvWorker(): a worker closed before it runs anything leaves nothing running", () => {
  const worker = startClvWorker();
  worker.close();
  worker.close(); // closing twice is harmless
});
