/** Helpers for the benchmark stages: wall time and the process's peak resident memory. */

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

/** Prints one stage result as a JSON line on stdout (read by run_bench.ts). */
export function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...result, peakRssMb: Math.round(peakRssMb()) }));
}
