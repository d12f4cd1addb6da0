/**
 * Small shared utilities: progress reporting, CSV writing.
 *
 * @module
 */
export * from "./progress.ts";
