import { deepStrictEqual, equal, match, ok, throws } from "node:assert/strict";
import { OptionError } from "../../lib/errors.ts";
import {
  optionsMarkdownTable,
  parseReportArgs,
  readReportOptions,
  REPORT_OPTIONS,
  reportHelp,
} from "../../lib/options/mod.ts";
import { readmeBlocks, updateReadme } from "../../lib/pipeline/mod.ts";

const README = new URL("../../README.md", import.meta.url);

Deno.test("the README's option table and output list are the generated ones (run `deno task docs`)", async () => {
  const readme = await Deno.readTextFile(README);
  equal(updateReadme(readme), readme, "README.md is out of date: run `deno task docs`");
  for (const block of Object.values(readmeBlocks())) ok(readme.includes(block));
});

Deno.test("every declared option is in --help, the parser and the README table", () => {
  const help = reportHelp();
  const table = optionsMarkdownTable();
  for (const o of REPORT_OPTIONS) {
    match(help, new RegExp(`--${o.flag}\\b`));
    ok(table.includes(`\`--${o.flag}`), o.flag);
  }
  const parsed = parseReportArgs([]);
  ok(!parsed.help);
  const defaults = parsed.options as unknown as Record<string, unknown>;
  for (const o of REPORT_OPTIONS) ok(o.param in defaults, o.param);
  equal(Object.keys(defaults).length, REPORT_OPTIONS.length);
});

Deno.test("parseReportArgs() and readReportOptions() apply the same rules, messages name what the user types", () => {
  for (const o of REPORT_OPTIONS) {
    if (o.kind === "choice") {
      throws(
        () => parseReportArgs([`--${o.flag}`, "nonsense"]),
        new RegExp(`--${o.flag} must be one of`),
      );
      throws(
        () => readReportOptions({ [o.param]: "nonsense" }, "notebook"),
        new RegExp(`Cannot read options: ${o.param} must be one of`),
      );
    }
  }
  throws(() => parseReportArgs(["--as-of", "2011-02-30"]), (e: unknown) => {
    ok(e instanceof OptionError);
    equal(
      (e as OptionError).message,
      'Cannot read options: --as-of must be a date YYYY-MM-DD: current value is "2011-02-30"',
    );
    equal((e as OptionError).hint, "for example --as-of 2011-12-11");
    return true;
  });
  throws(() => readReportOptions({ asOf: "2011-02-30" }, "notebook"), (e: unknown) => {
    equal((e as OptionError).hint, 'for example asOf: "2011-12-11"');
    return true;
  });
  throws(
    () => parseReportArgs(["--horizon-months", "0"]),
    /--horizon-months must be a whole number >= 1/,
  );
  throws(() => parseReportArgs(["--discount", "2"]), /--discount must be a number >= 0 <= 1/);
  throws(
    () => parseReportArgs(["--currency", ""]),
    /--currency must be a symbol of 1 to 4 characters/,
  );
  throws(() => parseReportArgs(["--bogus"]), /Unknown option '--bogus'/);
  // No internal field names in messages of the command line.
  for (const args of [["--on-invalid", "skip"], ["--as-of", "x"], ["--seed", "-1"]]) {
    throws(() => parseReportArgs(args), (e: unknown) => {
      ok(!/\b(onInvalid|asOf)\b/.test((e as Error).message + ((e as OptionError).hint ?? "")));
      return true;
    });
  }
});

Deno.test("readReportOptions() gives the command line's options for the same values", () => {
  const cli = parseReportArgs([
    "--preset",
    "classic",
    "--as-of",
    "2011-12-11",
    "--horizon-months",
    "12",
    "--no-removed-rows",
  ]);
  ok(!cli.help);
  deepStrictEqual(
    readReportOptions({
      preset: "classic",
      asOf: "2011-12-11",
      horizonMonths: "12",
      noRemovedRows: true,
    }, "cli"),
    cli.options,
  );
  equal(cli.options.out, "reports/sample_online_retail");
  equal(cli.options.currency, undefined);
  equal(cli.options.clvModel, "bg_nbd");
});
