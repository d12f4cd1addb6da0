/**
 * What the CLI loads before it works: `--help` and option mistakes need only lib/options, and
 * the job loads the Excel reader, the bundler and the browser driver only on the paths that use
 * them (lib/main/report_cli.ts, lib/load/_xlsx_cache.ts). Read from Deno's module graph
 * (`deno info --json`), following the static imports that run code: type-only imports load
 * nothing and dynamic `import()` loads on demand.
 *
 * @module
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { fromFileUrl } from "../../lib/util/mod.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));

interface GraphDependency {
  readonly specifier: string;
  readonly code?: { readonly specifier: string };
  readonly isDynamic?: boolean;
}
interface GraphModule {
  readonly specifier: string;
  readonly dependencies?: readonly GraphDependency[];
}

/** The npm packages (name without version) a module loads through static code imports. */
async function staticNpmPackages(entry: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  ok(out.success, new TextDecoder().decode(out.stderr));
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    roots: string[];
    modules: GraphModule[];
  };
  const bySpecifier = new Map(graph.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const npm = new Set<string>();
  const queue = [...graph.roots];
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      const target = dep.code?.specifier;
      if (target === undefined || dep.isDynamic) continue;
      if (target.startsWith("npm:")) {
        npm.add(target.replace(/^npm:\/?/, "").replace(/(.)@.*$/, "$1"));
      } else if (target.startsWith("file:")) queue.push(target);
    }
  }
  return [...npm].sort();
}

Deno.test("report --help and option mistakes load no npm package (no DuckDB, Plot or Excel reader)", async () => {
  deepStrictEqual(await staticNpmPackages("lib/main/report_cli.ts"), []);
  deepStrictEqual(await staticNpmPackages("lib/options/mod.ts"), []);
});

Deno.test("the job loads the Excel reader, bundler and browser driver only on demand", async () => {
  const loaded = await staticNpmPackages("lib/main/run_report.ts");
  // The check has something to look at: the job's engine and charts are static imports.
  ok(loaded.includes("@duckdb/node-api") && loaded.includes("@observablehq/plot"), `${loaded}`);
  deepStrictEqual(
    loaded.filter((p) => ["exceljs", "esbuild", "playwright-core", "fast-check"].includes(p)),
    [],
  );
});

Deno.test("the job's start (decide the input, start the load) loads DuckDB alone, so the analyses import while it loads", async () => {
  // The client library and its native bindings (which the library loads itself, and which
  // lib/db reads result vectors through).
  deepStrictEqual(await staticNpmPackages("lib/main/start_report.ts"), [
    "@duckdb/node-api",
    "@duckdb/node-bindings",
  ]);
});

Deno.test("the job loads no @stdlib package: the distribution functions are lib/stats' own", async () => {
  const loaded = await staticNpmPackages("lib/main/run_report.ts");
  deepStrictEqual(loaded.filter((p) => p.startsWith("@stdlib/")), []);
});
