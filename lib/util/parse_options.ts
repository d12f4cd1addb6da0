import { parseArgs, type ParseArgsConfig } from "node:util";
import { OptionError } from "../errors.ts";

/**
 * `node:util` `parseArgs` for the workspace's command lines: a mistake on the command line (an
 * unknown option, a missing value) becomes an {@linkcode OptionError} that the CLIs print
 * without a stack trace, with `hint` saying how to get the usage.
 *
 * @param config The `parseArgs` configuration (`args`, `options`, `strict`, …).
 * @param hint What to do, e.g. `"run with --help for usage"`.
 * @returns What `parseArgs` returns.
 * @throws {OptionError} If the arguments do not parse.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./parse_options.ts";
 * import { equal, throws } from "node:assert/strict";
 * const { values } = parseOptions({ args: ["--rows", "5"], options: { rows: { type: "string" } } }, "see --help");
 * equal(values.rows, "5");
 * throws(() => parseOptions({ args: ["--bogus"], options: {} }, "see --help"), /Cannot read options: Unknown option '--bogus'/);
 * ```
 */
export function parseOptions<T extends ParseArgsConfig>(
  config: T,
  hint: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new OptionError("args", `Cannot read options: ${(error as Error).message}`, hint);
  }
}
