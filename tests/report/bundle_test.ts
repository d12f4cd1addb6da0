/**
 * The page script is bundled once (`deno task bundle`) into a committed file that the report
 * reads; this test runs esbuild for real and fails when the committed bundle is not current.
 *
 * @module
 */
import { doesNotMatch, equal, ok } from "node:assert/strict";
import { bundleReportScript } from "../../scripts/bundle.ts";
import { readReportScript } from "../../lib/report/mod.ts";

Deno.test({
  name:
    "the committed page script is what esbuild builds from lib/report/client (deno task bundle)",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const built = await bundleReportScript();
    const committed = await readReportScript();
    equal(
      committed === built,
      true,
      "lib/report/client/bundle.min.js is stale: run `deno task bundle` and commit it",
    );
  },
});

Deno.test("the page script asks nothing of the network and stays small", async () => {
  const js = await readReportScript();
  ok(js.length > 2000 && js.length < 30_000, `${js.length} bytes`);
  doesNotMatch(js, /fetch\(|XMLHttpRequest|WebSocket|sendBeacon|import\(|https?:\/\//);
  doesNotMatch(js, /<\/script/i);
});

Deno.test("the report path never loads esbuild", async () => {
  const graph = new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "lib/main/run_report.ts"],
    stdout: "piped",
    stderr: "piped",
  });
  const out = await graph.output();
  equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string }[];
  };
  const specifiers = info.modules.map((m) => m.specifier);
  ok(specifiers.some((s) => s.endsWith("lib/report/client_script.ts")));
  ok(specifiers.some((s) => s.startsWith("npm:")), "npm packages appear in the graph");
  ok(!specifiers.some((s) => /esbuild|scripts\/bundle\.ts/.test(s)), "esbuild on the report path");
});
