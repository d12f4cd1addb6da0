/**
 * Guards before findings, through the main job: on generated order logs whose edges hold the
 * classic artefacts (a partial last month, a left-censored first cohort, countries with a handful
 * of customers, dates without a time of day), the report must not present the artefacts as
 * findings.
 *
 * @module
 */
import "../_helpers/cache_dir.ts";
import { doesNotMatch, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { writeTransactionsCsv } from "../../lib/generate/mod.ts";
import { runReport } from "../../lib/main/mod.ts";
import { parseReportArgs } from "../../lib/options/mod.ts";
import { createProgress } from "../../lib/util/mod.ts";

const quiet = createProgress({ write: () => {} });

async function reportText(data: string, out: string, extra: string[] = []): Promise<string> {
  const parsed = parseReportArgs(["--data", data, "--out", out, "--intervals", "none", ...extra]);
  if (parsed.help) throw new Error("help");
  await runReport(parsed.options, { progress: quiet });
  const html = await Deno.readTextFile(join(out, "index.html"));
  return html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<style[\s\S]*?<\/style>/g, "");
}

/** The findings and recommendations lists of the page, as text. */
function words(html: string): string {
  return [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]).join("\n");
}

Deno.test({
  name: "a partial last month and a left-censored first cohort are not findings",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "crm-guards-" });
    try {
      const data = join(dir, "orders.csv");
      // The data ends on 9 December: December is partial.
      await writeTransactionsCsv(data, {
        customers: 800,
        start: "2010-12-01",
        end: "2011-12-09",
        seed: 5,
        progress: quiet,
      });
      const html = await reportText(data, join(dir, "out"));
      const said = words(html);
      // The peak and the latest change are about complete months only.
      match(said, /\(December 2011 is partial: data ends on day 9\)/);
      match(said, /The latest complete month, November 2011/);
      doesNotMatch(said, /December 2011 cohort|cohort \(December 2011\)/);
      // The first cohort (December 2010) is never the best or worst in a comparison.
      doesNotMatch(said, /Month-3 retention ranges from [^\n]*December 2010/);
      doesNotMatch(said, /what brought the December 2010 customers/);
      match(html, /Method notes/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "date-only data gets no hour finding, chart or recommendation, and says it has dates only",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "crm-guards-" });
    try {
      const timed = join(dir, "timed.csv");
      await writeTransactionsCsv(timed, { customers: 300, seed: 9, progress: quiet });
      const text = await Deno.readTextFile(timed);
      // Keep the date of every timestamp, drop its time.
      const dateOnly = text.replace(/(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}(:\d{2})?/g, "$1");
      const data = join(dir, "dates.csv");
      await Deno.writeTextFile(data, dateOnly);
      const html = await reportText(data, join(dir, "out"));
      const said = words(html);
      ok(!/\b\d{2}:00\b/.test(said), said.match(/.*\d{2}:00.*/)?.[0]);
      match(said, /dates only \(no time of day\)/);
      doesNotMatch(html, /Orders by weekday and hour|weekday × hour/i);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
