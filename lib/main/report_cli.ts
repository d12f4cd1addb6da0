/**
 * Entry point of `deno task report`. Parses options, runs the main job, and turns user mistakes
 * (bad file, bad option, bad data) into a clear message and exit code 2 without a stack trace.
 *
 * The job itself (DuckDB, the analyses, Plot and the report renderer) is imported only once the
 * options are parsed, so `--help` and a mistyped option answer without loading it; and in two
 * steps: the light start (decide the input, start the load) first, then the analyses, imported
 * once DuckDB has started reading the file (so that the load's own steps before that, hashing,
 * cache lookup, dialect and date detection, do not wait for the import).
 *
 * @module
 */
import { isUserError } from "../errors.ts";
import { parseReportArgs, reportHelp } from "../options/mod.ts";
import { createProgress } from "../util/progress.ts";

/**
 * The job's module, as a variable: Deno reads, resolves and prepares the modules of an
 * `import("./literal.ts")` when the program starts (as if it were a static import), so a literal
 * specifier would cost `--help` most of the start-up this saves.
 */
const JOB = "./run_report.ts";

/** The light start of the job (see lib/main/start_report.ts), a variable for the same reason. */
const START = "./start_report.ts";

/** Runs the CLI; returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    const parsed = parseReportArgs(args);
    if (parsed.help) {
      console.log(reportHelp());
      return 0;
    }
    const { startReport }: typeof import("./start_report.ts") = await import(START);
    const progress = createProgress();
    const started = await startReport(parsed.options, progress);
    await started.reading;
    const { runReport }: typeof import("./run_report.ts") = await import(JOB);
    const run = await runReport(parsed.options, { started, progress });
    console.error(`Report written: ${run.outDir}/index.html`);
    console.error(`Tables: ${run.outDir}/tables/`);
    return 0;
  } catch (error) {
    if (isUserError(error)) {
      console.error(`error: ${error.message}`);
      if (error.hint) console.error(`hint: ${error.hint}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
