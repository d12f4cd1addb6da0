import "../_helpers/cache_dir.ts";
import { deepEqual, equal, match, rejects, throws } from "node:assert/strict";
import { OptionError } from "../../lib/errors.ts";
import {
  cleanExportedHtml,
  externalResources,
  parseRunArgs,
  runNotebooks,
  selectNotebooks,
} from "../../lib/notebook/run_notebooks.ts";
import { paramsJson } from "../../lib/notebook/_env.ts";

Deno.test("parseRunArgs() reads --data, repeated --param, --only and --out", () => {
  deepEqual(
    parseRunArgs(["--data", "d.csv", "--param", "a=1", "--param", "b=x=y", "--only", "03"]),
    {
      data: "d.csv",
      params: { a: "1", b: "x=y" },
      only: "03",
      out: "reports/notebooks",
    },
  );
  throws(() => parseRunArgs(["--bogus"]), OptionError);
  throws(() => parseRunArgs(["--param", "novalue"]), /--param must look like name=value/);
});

Deno.test("paramsJson() makes --data absolute (notebooks run in their own folder)", () => {
  equal(
    paramsJson({ data: "data/x.csv", params: { n: "2" }, cwd: "/repo" }),
    '{"data":"/repo/data/x.csv","n":"2"}',
  );
});

Deno.test("selectNotebooks() filters by name and fails clearly when nothing matches", () => {
  deepEqual(selectNotebooks(["/n/01-eda.ipynb", "/n/03-rfm.ipynb"], "rfm"), ["/n/03-rfm.ipynb"]);
  throws(() => selectNotebooks(["/n/01-eda.ipynb"], "zz"), /no notebook name contains "zz"/);
});

Deno.test("exported HTML: empty script tags are dropped and external resources found", () => {
  equal(cleanExportedHtml('<title>x</title><script src=""></script><p>'), "<title>x</title><p>");
  deepEqual(
    externalResources('<link rel="stylesheet" href="https://cdn/x.css"><a href="#x"></a>'),
    ["https://cdn/x.css"],
  );
  deepEqual(externalResources("<script>inline()</script>"), []);
});

Deno.test("runNotebooks() fails with a clear OptionError when Jupyter is missing", async () => {
  Deno.env.set("CRM_JUPYTER", "/nonexistent/jupyter");
  try {
    await rejects(runNotebooks({ notebooks: [] }), (e: unknown) => {
      match((e as Error).message, /Cannot run notebooks: \/nonexistent\/jupyter not found/);
      return e instanceof OptionError;
    });
  } finally {
    Deno.env.delete("CRM_JUPYTER");
  }
});

Deno.test("the CLI exits with code 2 and a message when Jupyter is missing", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../lib/notebook/run_notebooks.ts", import.meta.url).pathname,
      "--out",
      "/tmp/crm-nb-none",
    ],
    env: { CRM_JUPYTER: "/nonexistent/jupyter", CRM_QUIET: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  equal(out.code, 2, stderr);
  match(
    stderr,
    /error: Cannot run notebooks: \/nonexistent\/jupyter not found\nhint: install Debian's Jupyter/,
  );
});

Deno.test("a missing program skips kernel tests with a message, but fails them under CI=true", async () => {
  const { available } = await import("./_synthetic.ts");
  const previous = Deno.env.get("CI");
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  try {
    Deno.env.delete("CI");
    equal(available("/nonexistent/jupyter", "Jupyter"), false);
    match(warnings[0] ?? "", /^SKIPPED: Jupyter not found at \/nonexistent\/jupyter: install it/);
    Deno.env.set("CI", "true");
    throws(() => available("/nonexistent/chromium", "Chromium"), /CI=true: Chromium not found/);
    equal(available(Deno.execPath(), "Chromium"), true);
  } finally {
    console.warn = warn;
    if (previous === undefined) Deno.env.delete("CI");
    else Deno.env.set("CI", previous);
  }
});
