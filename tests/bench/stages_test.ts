/**
 * Every benchmark stage script runs to its end on the embedded sample and prints the lines
 * `deno task bench` reads (a stage that throws would stop the whole benchmark). Timings are not
 * asserted: speed is measured by `deno task bench`, never by tests.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { ok } from "node:assert/strict";
import { fromFileUrl } from "@crm/util/mod.ts";

const ROOT = fromFileUrl(new URL("../../", import.meta.url));
const SAMPLE = "data/sample_online_retail.csv.gz";

/** Runs a stage script; returns the `stage` fields of the JSON lines it printed. */
async function stages(args: string[]): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  ok(out.success, `${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  return text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).stage);
}

Deno.test("bench stages run on the sample: load+clean, analytics and the report page", async () => {
  ok((await stages(["bench/load_clean_stage.ts", SAMPLE, "classic", "--repeat", "1"]))
    .includes("load+clean"));
  const analytics = await stages(["bench/analytics_stage.ts", SAMPLE, "--repeat", "1"]);
  ok(analytics.includes("analytics: total"), analytics.join(", "));
  ok((await stages(["bench/report_stage.ts", SAMPLE, "--repeat", "1"])).includes("report"));
});
