/**
 * `deno task bundle`: bundles the report page's script (lib/report/client/report_client.ts and
 * what it imports) with esbuild into `lib/report/client/bundle.min.js`, the committed file every
 * report inlines. Run it after changing the client code; a test rebuilds the bundle and fails
 * when the committed file is not current, so CI still runs esbuild for real while the report
 * itself never loads it.
 *
 * @module
 */
import * as esbuild from "esbuild";
import { fromFileUrl } from "../lib/util/paths.ts";
import { REPORT_SCRIPT_URL } from "../lib/report/client_script.ts";

/** The client entry point. */
export const CLIENT_ENTRY: string = fromFileUrl(
  new URL("../lib/report/client/report_client.ts", import.meta.url),
);

/**
 * Bundles and minifies the report's browser script into one string. Deterministic for a given
 * esbuild version and source.
 *
 * @example
 * ```ts ignore
 * const js = await bundleReportScript();
 * ```
 */
export async function bundleReportScript(): Promise<string> {
  try {
    const result = await esbuild.build({
      entryPoints: [CLIENT_ENTRY],
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2020",
      charset: "utf8",
      write: false,
      legalComments: "none",
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  const js = await bundleReportScript();
  const path = fromFileUrl(REPORT_SCRIPT_URL);
  await Deno.writeTextFile(path, js);
  console.error(`wrote ${path} (${js.length.toLocaleString("en-US")} bytes)`);
}
