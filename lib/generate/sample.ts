import { DEFAULT_GENERATE_OPTIONS, type GenerateOptions } from "./options.ts";

/** Path of the committed default dataset, relative to the repository root. */
export const SAMPLE_FILE = "data/sample_online_retail.csv.gz";

/**
 * Options that produced {@linkcode SAMPLE_FILE}: exactly the generator defaults
 * (seed 42, 2,500 customers, 2010-12-01 to 2011-12-09). A test regenerates the sample
 * with these and compares, so the file and the code cannot drift apart.
 */
export const SAMPLE_OPTIONS: Readonly<GenerateOptions> = DEFAULT_GENERATE_OPTIONS;
