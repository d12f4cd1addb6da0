import { deepEqual, equal, match, ok } from "node:assert/strict";
import { checkNotebook, formatCheck } from "../../lib/notebook/check_notebooks.ts";
import {
  code,
  demoNotebook,
  md,
  notebook,
  removeDir,
  repoTempDir,
  writeNotebook,
} from "./_synthetic.ts";

const dir = repoTempDir();

Deno.test({
  name: "checkNotebook() type-checks and runs a good notebook with params from env",
  sanitizeResources: false,
  fn: async () => {
    const check = await checkNotebook(writeNotebook(dir, "01-demo", demoNotebook()), {
      paramsJson: '{"months": 2}',
    });
    equal(formatCheck(check).startsWith("01-demo.ipynb: ok"), true, formatCheck(check));
    ok(check.ok);
  },
});

Deno.test({
  name: "checkNotebook() records every display of the run and fails a run that displays less",
  sanitizeResources: false,
  fn: async () => {
    const good = await checkNotebook(writeNotebook(dir, "05-displays", demoNotebook()), {
      paramsJson: '{"months": 2, "title": "Two"}',
    });
    equal(good.expectedDisplays, 3);
    deepEqual(good.displays.map((d) => d.mimeTypes), [
      ["text/html", "text/plain"],
      ["text/html", "text/plain"],
      ["text/markdown", "text/plain"],
    ]);
    match(good.displays[0]!.text, /^Two \(2 rows\)/);
    equal(good.displays[2]!.text, "**2** months shown");
    const nb = notebook([
      md("# 06 · Skips a display"),
      code(
        'import { notebookParams, showMarkdown } from "@crm/notebook/mod.ts";\nconst params = notebookParams({ n: 1 });',
        ["parameters"],
      ),
      code("params.n > 1 && await showMarkdown(`n is ${params.n}`);"),
    ]);
    const path = writeNotebook(dir, "06-skips", nb);
    const short = await checkNotebook(path);
    equal(short.ok, false);
    equal(short.runError, undefined);
    match(formatCheck(short), /displayed 0 outputs for 1 display calls/);
    ok((await checkNotebook(path, { paramsJson: '{"n": 2}' })).ok);
  },
});

Deno.test("checkNotebook() reports a type error at its notebook cell and line", async () => {
  const nb = notebook([
    md("# 02 · Broken types"),
    code(
      'import { notebookParams } from "@crm/notebook/mod.ts";\nconst params = notebookParams({ n: 1 });',
      ["parameters"],
    ),
    code("const total: number = params.n;\nconst label: string = total;"),
  ]);
  const check = await checkNotebook(writeNotebook(dir, "02-types", nb));
  equal(check.ok, false);
  match(check.typeErrors ?? "", /TS2322/);
  match(check.typeErrors ?? "", /02-types\.ipynb cell 3, line 2/);
  equal(check.runError, undefined);
});

Deno.test("checkNotebook() reports a run-time error at its cell, and bad params", async () => {
  const nb = notebook([
    md("# 03 · Throws"),
    code(
      'import { notebookParams } from "@crm/notebook/mod.ts";\nconst params = notebookParams({ n: 1 });',
      ["parameters"],
    ),
    code("const n = params.n;\nif (n > 1) throw new RangeError(`too many: ${n}`);"),
  ]);
  const path = writeNotebook(dir, "03-throws", nb);
  ok((await checkNotebook(path)).ok);
  const failed = await checkNotebook(path, { paramsJson: '{"n": 2}' });
  match(failed.runError ?? "", /RangeError: too many: 2/);
  match(failed.runError ?? "", /03-throws\.ipynb cell 3, line 2/);
  const badParam = await checkNotebook(path, { paramsJson: '{"n": "two"}' });
  match(badParam.runError ?? "", /Cannot read params: n must be a number: current value is "two"/);
});

Deno.test("checkNotebook() reports structure issues without running when run: false", async () => {
  const nb = notebook([code("function f() {}"), code('import { x } from "../lib/x.ts";')]);
  const check = await checkNotebook(writeNotebook(dir, "04-shape", nb), { run: false });
  deepEqual(check.issues.map((i) => i.rule), [
    "title",
    "parameters-cell",
    "no-declarations",
    "barrel-imports",
  ]);
  match(formatCheck(check), /cell 1: declares a function or class/);
});

Deno.test("cleanup synthetic notebooks", () => removeDir(dir));
