import * as esbuild from "esbuild";
import { fromFileUrl } from "../util/paths.ts";

/**
 * Bundles and minifies the report's browser script with esbuild into one string to inline in
 * the page. Deterministic for a given esbuild version.
 *
 * @example
 * ```ts ignore
 * const js = await bundleReportScript();
 * ```
 */
export async function bundleReportScript(): Promise<string> {
  const entry = fromFileUrl(new URL("./client/report_client.ts", import.meta.url));
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2020",
      write: false,
      legalComments: "none",
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}
