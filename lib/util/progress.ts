/**
 * Progress lines on stderr with elapsed time, for long stages of the main job,
 * the benchmarks and the notebook runner. Quiet under `CRM_QUIET=1`.
 *
 * @module
 */

/** A progress reporter. */
export interface Progress {
  /** Starts a stage; returns a function that ends it (printing its duration). */
  stage(name: string): (detail?: string) => number;
  /** Prints an informational line. */
  info(message: string): void;
}

/** Options for {@linkcode createProgress}. */
export interface ProgressOptions {
  /** Where lines go. @default {stderr} */
  write?: (line: string) => void;
  /** Clock in milliseconds. @default {performance.now} */
  now?: () => number;
}

/**
 * Creates a progress reporter printing `[  1.2s] load: 541,910 rows (0.8s)`.
 *
 * @example
 * ```ts
 * import { createProgress } from "./progress.ts";
 * import { match } from "node:assert/strict";
 * const lines: string[] = [];
 * let t = 0;
 * const p = createProgress({ write: (l) => lines.push(l), now: () => t });
 * const done = p.stage("load");
 * t = 1500;
 * done("10 rows");
 * match(lines[1]!, /load: 10 rows \(1\.50 s\)/);
 * ```
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const quiet = options.write === undefined && readEnv("CRM_QUIET") === "1";
  const write = options.write ?? ((line: string) => {
    if (!quiet) console.error(line);
  });
  const start = now();
  const stamp = () => `[${((now() - start) / 1000).toFixed(1).padStart(6)}s]`;
  return {
    stage(name) {
      const t0 = now();
      write(`${stamp()} ${name} …`);
      return (detail) => {
        const seconds = (now() - t0) / 1000;
        write(`${stamp()} ${name}: ${detail ?? "done"} (${seconds.toFixed(2)} s)`);
        return seconds;
      };
    },
    info(message) {
      write(`${stamp()} ${message}`);
    },
  };
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
