/**
 * Runs a whole process and measures it: wall seconds (this process's clock around the child),
 * CPU seconds (user + system of the child and every descendant it waited for) and peak resident
 * memory, with its stdout and stderr.
 *
 * How peak memory is measured: the kernel's `ru_maxrss` of the finished child, read by
 * `/usr/bin/time -f "%e %U %S %M"` when that program is installed (Debian package `time`), else
 * by a three-line `/usr/bin/python3` wrapper that runs the command and reads
 * `getrusage(RUSAGE_CHILDREN)` (the wrapper's own memory is not counted). Both read the same
 * kernel counter once the process tree has exited, so nothing is sampled and no short peak is
 * missed. `ru_maxrss` is the largest peak of any single process of the tree, which is the tree's
 * peak for the jobs measured here: the workspace's job is one Deno process (DuckDB runs inside
 * it) and the reference is one CPython process. A job that ran several processes at once would
 * need their sum instead.
 *
 * @module
 */
import { existsSync } from "node:fs";

/** What one measured run of a process gave. */
export interface ProcessRun {
  /** Exit code. */
  readonly code: number;
  /** Wall seconds, start to exit. */
  readonly wall: number;
  /** User + system CPU seconds of the process tree. */
  readonly cpu: number;
  /** Peak resident memory in MB (`ru_maxrss`). */
  readonly peakRssMb: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How peak memory is read: `/usr/bin/time` or the Python `getrusage` wrapper. */
export type RssMethod = "/usr/bin/time" | "python3 getrusage";

/** The method this machine offers, or undefined when it has neither program. */
export function rssMethod(): RssMethod | undefined {
  if (existsSync("/usr/bin/time")) return "/usr/bin/time";
  if (existsSync("/usr/bin/python3")) return "python3 getrusage";
  return undefined;
}

const RUSAGE_WRAPPER = [
  "import resource, subprocess, sys",
  "code = subprocess.call(sys.argv[2:])",
  "ru = resource.getrusage(resource.RUSAGE_CHILDREN)",
  "open(sys.argv[1], 'w').write('%f %f %d\\n' % (ru.ru_utime, ru.ru_stime, ru.ru_maxrss))",
  "sys.exit(code)",
].join("\n");

/**
 * Reads the measurement file: `/usr/bin/time`'s `%e %U %S %M` line (after a possible
 * "Command exited with non-zero status" line) or the wrapper's `user system maxrss` line;
 * `ru_maxrss` is in kB on Linux.
 *
 * @example
 * ```ts
 * import { parseUsage } from "./_process.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 * deepStrictEqual(parseUsage("Command exited with non-zero status 2\n1.50 1.20 0.30 204800\n", "/usr/bin/time"), { cpu: 1.5, peakRssMb: 200 });
 * deepStrictEqual(parseUsage("2.000000 0.500000 102400\n", "python3 getrusage"), { cpu: 2.5, peakRssMb: 100 });
 * ```
 */
export function parseUsage(text: string, method: RssMethod): { cpu: number; peakRssMb: number } {
  const last = text.trim().split("\n").pop() ?? "";
  const f = last.trim().split(/\s+/).map(Number);
  const [user, system, kb] = method === "/usr/bin/time" ? f.slice(1) : f;
  if (![user, system, kb].every((x) => Number.isFinite(x))) {
    throw new Error(`cannot read the process measurement (${method}): ${JSON.stringify(text)}`);
  }
  return { cpu: user! + system!, peakRssMb: kb! / 1024 };
}

/**
 * Runs `command args` in `cwd` with `env` added to this process's environment, waits for it
 * and returns its measurements and output.
 */
export async function measureProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<ProcessRun> {
  const method = rssMethod();
  if (method === undefined) {
    throw new Error("cannot measure peak memory: neither /usr/bin/time nor /usr/bin/python3");
  }
  const usage = await Deno.makeTempFile({ prefix: "crm-bench-usage-" });
  const [program, programArgs] = method === "/usr/bin/time"
    ? ["/usr/bin/time", ["-f", "%e %U %S %M", "-o", usage, command, ...args]]
    : ["/usr/bin/python3", ["-c", RUSAGE_WRAPPER, usage, command, ...args]];
  try {
    const t0 = performance.now();
    const out = await new Deno.Command(program, {
      args: programArgs,
      cwd: options.cwd,
      env: options.env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const wall = (performance.now() - t0) / 1000;
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return {
      code: out.code,
      wall,
      ...parseUsage(await Deno.readTextFile(usage), method),
      stdout: decode(out.stdout),
      stderr: decode(out.stderr),
    };
  } finally {
    await Deno.remove(usage).catch(() => {});
  }
}
