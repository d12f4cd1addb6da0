/**
 * Helpers for the benchmark stages: wall and CPU time, the process's peak resident memory,
 * repeated measurements (the machine is shared, so one timing says little) and a per-statement
 * SQL profile.
 *
 * @module
 */
import process from "node:process";
import type { Db } from "@crm/db/mod.ts";
import { median } from "@crm/stats/mod.ts";

/** Peak resident set size of this process in MB (Linux VmHWM), or NaN elsewhere. */
export function peakRssMb(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Runs `fn` and returns its result and the seconds it took. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) / 1000];
}

/** Wall and CPU (user + system, all threads) seconds of one run. */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Runs `fn` and returns its result with its wall and CPU seconds. */
export async function timedCpu<T>(fn: () => Promise<T> | T): Promise<[T, Timing]> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return [value, { wall, cpu: (c.user + c.system) / 1e6 }];
}

/** Best (minimum) and median of repeated timings, wall and CPU, in seconds. */
export interface TimingSummary {
  readonly runs: number;
  readonly best: Timing;
  readonly median: Timing;
}

/**
 * Summarises repeated timings: the best run (least disturbed by other work on the machine)
 * and the median.
 *
 * @example
 * ```ts
 * import { summarize } from "./_measure.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(summarize([{ wall: 3, cpu: 5 }, { wall: 1, cpu: 2 }, { wall: 2, cpu: 2.5 }]), {
 *   runs: 3, best: { wall: 1, cpu: 2 }, median: { wall: 2, cpu: 2.5 },
 * });
 * ```
 */
export function summarize(timings: readonly Timing[]): TimingSummary {
  const of = (key: keyof Timing) => timings.map((t) => t[key]);
  return {
    runs: timings.length,
    best: { wall: Math.min(...of("wall")), cpu: Math.min(...of("cpu")) },
    median: { wall: median(of("wall")), cpu: median(of("cpu")) },
  };
}

export { median };

/** Prints one stage result as a JSON line on stdout (read by run_bench.ts). */
export function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...result, peakRssMb: Math.round(peakRssMb()) }));
}

/** One statement of a profiled run. */
export interface StatementTiming {
  readonly seconds: number;
  readonly sql: string;
}

/**
 * Wraps a database so every statement is timed; `take()` returns the statements since the last
 * call. Used by `--profile` to show where a stage spends its time. Statements of a forked
 * connection go to the same log (they may overlap in time with the main connection's).
 */
export function profiledDb(db: Db): { db: Db; take(): StatementTiming[] } {
  let log: StatementTiming[] = [];
  const profile = (inner: Db): Db => {
    const wrap = <K extends "run" | "all" | "one" | "columns">(name: K): Db[K] =>
      (async (sql: string, params?: readonly unknown[]) => {
        const t0 = performance.now();
        // deno-lint-ignore no-explicit-any
        const out = await (inner[name] as any)(sql, params);
        log.push({
          seconds: (performance.now() - t0) / 1000,
          sql: sql.replace(/\s+/g, " ").trim(),
        });
        return out;
      }) as Db[K];
    const forkInner = inner.fork;
    return {
      connection: inner.connection,
      run: wrap("run"),
      all: wrap("all"),
      one: wrap("one"),
      columns: wrap("columns"),
      close: () => inner.close(),
      ...(forkInner === undefined ? {} : { fork: async () => profile(await forkInner()) }),
    };
  };
  return {
    db: profile(db),
    take() {
      const out = log;
      log = [];
      return out;
    },
  };
}
