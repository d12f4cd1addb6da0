/**
 * Architecture rules of lib/ (house style B9.6): every public file of an area is re-exported by
 * its mod.ts; no file reaches into another area's private `_` files; chart functions and the
 * model mathematics touch no Deno file APIs; lib/ and the benchmark scripts type-check.
 *
 * @module
 */
import { deepStrictEqual, equal } from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fromFileUrl } from "../lib/util/mod.ts";

const ROOT = fromFileUrl(new URL("../", import.meta.url));
const LIB = join(ROOT, "lib");
const areas = readdirSync(LIB, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) =>
  d.name
).sort();

/** Command-line entry points: run with `deno run`, not imported as a library. */
const ENTRY_POINTS = new Set([
  "main/report_cli.ts",
  "generate/cli.ts",
  "notebook/run_notebooks.ts",
  "notebook/install_kernel.ts",
  "notebook/check_notebooks.ts",
]);

function tsFiles(area: string): string[] {
  return readdirSync(join(LIB, area)).filter((f) => f.endsWith(".ts")).sort();
}

Deno.test("every public file of a lib area is re-exported by its mod.ts", () => {
  const missing: string[] = [];
  for (const area of areas) {
    const files = tsFiles(area);
    if (!files.includes("mod.ts")) {
      missing.push(`${area}/mod.ts (no mod.ts)`);
      continue;
    }
    const mod = readFileSync(join(LIB, area, "mod.ts"), "utf8");
    for (const file of files) {
      if (file === "mod.ts" || file.startsWith("_") || ENTRY_POINTS.has(`${area}/${file}`)) {
        continue;
      }
      if (!mod.includes(`"./${file}"`)) missing.push(`${area}/${file}`);
    }
  }
  deepStrictEqual(missing, [], `not re-exported by their area's mod.ts: ${missing.join(", ")}`);
});

Deno.test("no lib file imports another area's private _ file", () => {
  const offenders: string[] = [];
  for (const area of areas) {
    for (const file of tsFiles(area)) {
      const text = readFileSync(join(LIB, area, file), "utf8");
      for (const m of text.matchAll(/from\s+"\.\.\/([a-z_]+)\/(_[a-z_]+\.ts)"/g)) {
        if (m[1] !== area) offenders.push(`${area}/${file} -> ${m[1]}/${m[2]}`);
      }
    }
  }
  deepStrictEqual(offenders, []);
});

Deno.test("chart functions and model mathematics use no Deno file or process APIs", () => {
  const pure = [
    ...tsFiles("charts").filter((f) => f !== "render.ts" && f !== "_document.ts").map((f) =>
      `charts/${f}`
    ),
    ...tsFiles("clv").map((f) => `clv/${f}`),
    ...tsFiles("sections").map((f) => `sections/${f}`),
    ...tsFiles("format").map((f) => `format/${f}`),
    ...tsFiles("stats").map((f) => `stats/${f}`),
    ...tsFiles("options").map((f) => `options/${f}`),
    "report/report.ts",
    "report/render_block.ts",
    "report/render_html.ts",
    "pipeline/graph.ts",
    "pipeline/run.ts",
  ];
  const offenders = pure.filter((f) =>
    /\bDeno\.(readTextFile|readFile|writeTextFile|writeFile|open|Command|env|mkdir|stat)/.test(
      readFileSync(join(LIB, f), "utf8"),
    )
  );
  deepStrictEqual(offenders, []);
});

/** The areas a lib file imports (`../<area>/...`). */
function importedAreas(area: string): Set<string> {
  const found = new Set<string>();
  for (const file of tsFiles(area)) {
    const text = readFileSync(join(LIB, area, file), "utf8");
    for (const m of text.matchAll(/from\s+"\.\.\/([a-z_]+)\//g)) found.add(m[1]!);
  }
  return found;
}

Deno.test("the layers point one way: sections, charts and report never import the pipeline, the main job or notebooks", () => {
  const upward: Record<string, string[]> = {
    notebook: ["main"],
    pipeline: ["main", "notebook"],
    sections: ["pipeline", "main", "notebook"],
    report: ["pipeline", "main", "notebook", "sections"],
    charts: ["pipeline", "main", "notebook", "sections", "report"],
    format: ["pipeline", "main", "notebook", "sections", "report", "charts"],
    stats: ["pipeline", "main", "notebook", "sections", "report", "charts"],
  };
  const offenders: string[] = [];
  for (const [area, forbidden] of Object.entries(upward)) {
    for (const other of importedAreas(area)) {
      if (forbidden.includes(other)) offenders.push(`${area} imports ${other}`);
    }
  }
  deepStrictEqual(offenders, []);
});

Deno.test("no notebook looks a block up by its title, and notebooks show charts by calling chart functions", () => {
  const dir = join(ROOT, "notebooks");
  const offenders: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      if (/showBlock\(\s*\w+\s*,\s*"/.test(src) || /findBlock|blockTitle/.test(src)) {
        offenders.push(name);
      }
    }
  }
  deepStrictEqual(offenders, []);
});

Deno.test({
  name: "lib/ and the benchmark scripts type-check as a whole (deno check)",
  sanitizeResources: false,
  fn: async () => {
    const bench = readdirSync(join(ROOT, "bench")).filter((f) => f.endsWith(".ts")).map((f) =>
      join("bench", f)
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "lib/", ...bench],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    equal(out.code, 0, new TextDecoder().decode(out.stderr));
  },
});
