/**
 * The report page's script as the report inlines it: the committed bundle
 * `client/bundle.min.js`, built by `deno task bundle` (scripts/bundle.ts) from
 * `client/report_client.ts`. Reading a committed file keeps esbuild off the report's path; a
 * test rebuilds the bundle and checks the committed one is current.
 *
 * @module
 */

/** Where the committed bundle lives. */
export const REPORT_SCRIPT_URL: URL = new URL("./client/bundle.min.js", import.meta.url);

/**
 * Reads the committed page script.
 *
 * @returns The minified script, to pass as `script` to `renderReportHtml`.
 *
 * @example
 * ```ts
 * import { readReportScript } from "./client_script.ts";
 * import { ok } from "node:assert/strict";
 * const js = await readReportScript();
 * ok(js.length > 1000 && !js.includes("</script"));
 * ```
 */
export async function readReportScript(): Promise<string> {
  return await Deno.readTextFile(REPORT_SCRIPT_URL);
}
