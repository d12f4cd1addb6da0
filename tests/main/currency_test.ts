import "../_helpers/cache_dir.ts";
import { doesNotMatch, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
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

/** The embedded sample with a currency column: GBP on the UK's lines, EUR on the others. */
async function twoCurrencies(dir: string): Promise<{ mixed: string; gbpOnly: string }> {
  const bytes = await Deno.readFile(
    new URL("../../data/sample_online_retail.csv.gz", import.meta.url),
  );
  const text = new TextDecoder().decode(gunzipSync(bytes));
  const [header, ...lines] = text.trimEnd().split("\n");
  // the sample's Country is its last field and never quoted
  const withCurrency = lines.map((l) => `${l},${l.endsWith(",United Kingdom") ? "GBP" : "EUR"}`);
  const mixed = join(dir, "mixed.csv"), gbpOnly = join(dir, "gbp.csv");
  await Deno.writeTextFile(mixed, [`${header},Currency`, ...withCurrency].join("\n") + "\n");
  await Deno.writeTextFile(
    gbpOnly,
    [`${header},Currency`, ...withCurrency.filter((l) => l.endsWith(",GBP"))].join("\n") + "\n",
  );
  return { mixed, gbpOnly };
}

Deno.test("--only-currency GBP on a file in two currencies gives the tables of its GBP lines alone; without it the file is refused, also after a cached run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "crm-only-currency-" });
  try {
    const { mixed, gbpOnly } = await twoCurrencies(dir);
    const run = async (args: string[], out: string) => {
      const parsed = parseReportArgs(["--out", join(dir, out), "--intervals", "none", ...args]);
      if (parsed.help) throw new Error("unexpected help");
      await runReport(parsed.options, { progress: createProgress({ write: () => {} }) });
      const table = (name: string) => Deno.readTextFile(join(dir, out, "tables", name));
      return {
        customers: await table("customers.csv"),
        kpis: await table("kpis.json"),
        ledger: await table("cleaning_ledger.csv"),
        html: await Deno.readTextFile(join(dir, out, "index.html")),
      };
    };
    const chosen = await run(["--data", mixed, "--only-currency", "gbp"], "chosen");
    const alone = await run(["--data", gbpOnly], "alone");
    equal(chosen.customers, alone.customers);
    equal(chosen.kpis, alone.kpis);
    const eur = (await Deno.readTextFile(mixed)).split("\n").filter((l) => l.endsWith(",EUR"));
    match(chosen.ledger, new RegExp(`^1,other_currency,\\d+,${eur.length},0,`, "m"));
    match(chosen.html, /<div class="kpi-value">GBP\s[\d,.]+<\/div><div class="kpi-label">Revenue/);
    await rejects(() => run(["--data", mixed], "refused"), {
      name: "CsvParseError",
      message: /names 2 currencies \(GBP on [\d,]+ lines, EUR on [\d,]+ lines\)/,
      hint: /--only-currency GBP/,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
