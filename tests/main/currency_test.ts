import "../_helpers/cache_dir.ts";
import { doesNotMatch, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runReport } from "../../lib/main/mod.ts";
import { parseReportArgs } from "../../lib/options/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

async function report(args: string[]): Promise<string> {
  const out = await Deno.makeTempDir({ prefix: "crm-currency-" });
  try {
    const parsed = parseReportArgs(["--out", out, "--intervals", "none", ...args]);
    if (parsed.help) throw new Error("unexpected help");
    await runReport(parsed.options, { progress: createProgress({ write: () => {} }) });
    return await Deno.readTextFile(join(out, "index.html"));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

Deno.test('--currency "€" leaves no "£" anywhere in the report, charts and tooltips included', async () => {
  const html = await report(["--currency", "€"]);
  doesNotMatch(html, /£/);
  const svg = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]).join("");
  match(svg, /€/, "money inside charts carries the chosen currency");
  match(html, /<div class="kpi-value">€[\d,.]+<\/div><div class="kpi-label">Revenue<\/div>/);
});

Deno.test("without --currency the UCI sample is in pounds, the schema's currency", async () => {
  const html = await report([]);
  match(html, /<div class="kpi-value">£[\d,.]+<\/div><div class="kpi-label">Revenue<\/div>/);
  const svg = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]).join("");
  ok(svg.includes("£"));
});
