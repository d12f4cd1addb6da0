/**
 * `deno task docs`: rewrites the README's generated blocks (the option table and the output
 * list) from the declared options and output tables. `--check` only says whether they are
 * current (exit 1 when not); the test suite runs the same check.
 *
 * @module
 */
import { updateReadme } from "../lib/pipeline/mod.ts";

const path = new URL("../README.md", import.meta.url);
const readme = await Deno.readTextFile(path);
const updated = updateReadme(readme);
if (Deno.args.includes("--check")) {
  if (updated !== readme) {
    console.error("README.md is out of date: run `deno task docs`");
    Deno.exit(1);
  }
  console.error("README.md is current");
} else if (updated !== readme) {
  await Deno.writeTextFile(path, updated);
  console.error("README.md updated");
} else console.error("README.md is current");
