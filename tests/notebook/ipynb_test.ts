import { deepEqual, equal, match, throws } from "node:assert/strict";
import {
  checkOutputs,
  expectedOutputs,
  joinCodeCells,
  locateLine,
  mapMessage,
  parseNotebook,
  structureIssues,
} from "../../lib/notebook/_ipynb.ts";
import { code, demoNotebook, md, notebook } from "./_synthetic.ts";

Deno.test("structureIssues() accepts the demo notebook", () => {
  deepEqual(structureIssues(demoNotebook()), []);
});

Deno.test("structureIssues() wants a Markdown H1 first", () => {
  const rules = (cells: Parameters<typeof notebook>[0]) =>
    structureIssues(notebook(cells)).map((i) => i.rule);
  deepEqual(rules([md("Intro without title"), code("const a = 1;", ["parameters"])]), ["title"]);
  deepEqual(rules([code("const a = 1;", ["parameters"])]), ["title"]);
});

Deno.test("structureIssues() wants exactly one parameters cell", () => {
  const none = structureIssues(notebook([md("# T"), code("const a = 1;")]));
  deepEqual(none.map((i) => i.message), [
    'exactly one code cell must be tagged "parameters": found 0',
  ]);
  const two = structureIssues(
    notebook([
      md("# T"),
      code("const a = 1;", ["parameters"]),
      code("const b = 1;", ["parameters"]),
    ]),
  );
  deepEqual(two.map((i) => [i.rule, i.cell]), [["parameters-cell", 3]]);
});

Deno.test("structureIssues() allows only @crm/<area>/mod.ts imports", () => {
  const issues = structureIssues(notebook([
    md("# T"),
    code('import { a } from "@crm/rfm/mod.ts";\nimport { b } from "@crm/rfm/_private.ts";', [
      "parameters",
    ]),
    code(
      'import * as Plot from "@observablehq/plot";\nconst m = await import("../lib/x.ts");\nimport "@crm/eda/mod.ts";',
    ),
  ]));
  deepEqual(issues.map((i) => `${i.cell}: ${i.message}`), [
    '2: imports "@crm/rfm/_private.ts": notebooks import only area barrels "@crm/<area>/mod.ts"',
    '3: imports "@observablehq/plot": notebooks import only area barrels "@crm/<area>/mod.ts"',
    '3: imports "../lib/x.ts": notebooks import only area barrels "@crm/<area>/mod.ts"',
  ]);
});

Deno.test("structureIssues() rejects function and class declarations but not arrow callbacks", () => {
  const issues = structureIssues(notebook([
    md("# T"),
    code("const xs = [1].map((x) => x * 2);", ["parameters"]),
    code("function helper() {\n  return 1;\n}"),
    code("export async function f() {}"),
    code("class Model {}"),
  ]));
  deepEqual(issues.map((i) => [i.cell, i.rule]), [[3, "no-declarations"], [4, "no-declarations"], [
    5,
    "no-declarations",
  ]]);
});

Deno.test("joinCodeCells() joins code cells and maps module lines back to cells", () => {
  const mod = joinCodeCells(demoNotebook());
  match(mod.code, /^\/\/ Generated/);
  match(mod.code, /\/\/ cell 4\nawait showChart/);
  const line = mod.code.split("\n").indexOf("await showChart(monthlyRevenue(rows));") + 1;
  deepEqual(locateLine(mod, line), { cell: 4, line: 1 });
  equal(locateLine(mod, 1), undefined);
  equal(
    mapMessage(`at file:///tmp/x/01.ts:${line}:7`, mod, "/tmp/x/01.ts", "01-demo.ipynb"),
    "at 01-demo.ipynb cell 4, line 1, column 7",
  );
});

Deno.test("expectedOutputs() counts display calls; checkOutputs() finds missing outputs and errors", () => {
  equal(expectedOutputs(code("await showTable(a);\nawait showChart(b);")), 2);
  equal(expectedOutputs(md("showTable(")), 0);
  const nb = notebook([
    md("# T"),
    code("await showTable(a);\nawait showChart(b);"),
    code("await showMarkdown(x);"),
    code("boom();"),
  ]);
  const executed = {
    ...nb,
    cells: nb.cells.map((c, i) => ({
      ...c,
      outputs: i === 1
        ? [{ output_type: "display_data" as const, data: { "text/html": "<table>" } }]
        : i === 2
        ? [{ output_type: "display_data" as const, data: { "text/markdown": "x" } }, {
          output_type: "stream" as const,
          name: "stderr",
          text: "warn\n",
        }]
        : i === 3
        ? [{
          output_type: "error" as const,
          ename: "ReferenceError",
          evalue: "boom is not defined",
        }]
        : [],
    })),
  };
  deepEqual(checkOutputs(executed), {
    codeCells: 3,
    missing: [2],
    errors: ["cell 4: ReferenceError: boom is not defined"],
    stderr: ["cell 3: warn"],
  });
});

Deno.test("parseNotebook() names the file when the JSON is broken", () => {
  throws(
    () => parseNotebook("{", "notebooks/01-x.ipynb"),
    /Cannot read notebook "notebooks\/01-x.ipynb"/,
  );
  throws(() => parseNotebook("{}", "a.ipynb"), /no "cells" list/);
});
