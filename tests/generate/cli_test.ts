import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { join } from "node:path";
import { OptionError } from "../../lib/errors.ts";
import { parseCliArgs, SAMPLE_FILE, SAMPLE_OPTIONS } from "../../lib/generate/mod.ts";

const CLI = new URL("../../lib/generate/cli.ts", import.meta.url);

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI.href, ...args],
    env: { CRM_QUIET: "1" },
  }).output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

Deno.test("parseCliArgs() reads options, --sample and --help", () => {
  deepStrictEqual(
    parseCliArgs(["--out", "a.csv.gz", "--customers", "1_000", "--start", "2011-01-01"]),
    {
      help: false,
      out: "a.csv.gz",
      options: { customers: 1000, start: "2011-01-01" },
    },
  );
  deepStrictEqual(parseCliArgs(["--sample"]), {
    help: false,
    out: SAMPLE_FILE,
    options: { ...SAMPLE_OPTIONS },
  });
  deepStrictEqual(parseCliArgs(["-h"]), { help: true });
});

Deno.test("parseCliArgs() rejects bad arguments with OptionError", () => {
  throws(() => parseCliArgs([]), /--out is required/);
  throws(
    () => parseCliArgs(["--out", "a.csv", "--seed=-1"]),
    /seed must be a whole number: current value is "-1"/,
  );
  throws(() => parseCliArgs(["--out", "a.csv", "--colour", "red"]), OptionError);
  throws(() => parseCliArgs(["--sample", "--rows", "10"]), /--sample takes no other options/);
});

Deno.test("cli.ts writes a file and exits 2 without a stack trace on bad options", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ok0 = await run(["--customers", "40", "--out", join(dir, "s.csv"), "--seed", "3"]);
    equal(ok0.code, 0, ok0.stderr);
    ok((await Deno.readTextFile(join(dir, "s.csv"))).startsWith("Invoice,StockCode,"));
    const bad = await run(["--rows", "lots", "--out", join(dir, "t.csv")]);
    equal(bad.code, 2);
    ok(bad.stderr.includes('rows must be a whole number: current value is "lots"'), bad.stderr);
    ok(!bad.stderr.includes("    at "), "no stack trace");
    const help = await run(["--help"]);
    equal(help.code, 0);
    ok(help.stdout.includes("--rows"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
