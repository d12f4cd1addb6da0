/**
 * Online Retail II (UCI, sheet 2010-2011) through load → classic cleaning → summaries → models:
 * the bootcamp tutorials' published numbers, and the default `repeat` convention reported
 * honestly (its optimum is at or near the no-dropout boundary).
 */
import { equal, ok } from "node:assert/strict";
import { clvAnalysis, fitBgNbd, fitGammaGamma } from "@crm/clv/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import { type Db, openDb } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { customerSummaryColumns } from "@crm/summary/mod.ts";
import { createProgress } from "@crm/util/mod.ts";
import { fitPlainWords } from "../../lib/sections/_clv_words.ts";
import { hasSharedData, sharedDataPath } from "../_helpers/shared_data.ts";
import { assertClose } from "./_data.ts";

const FILE = "online_retail_II_year2010-2011.csv.gz";
const hasRetail = hasSharedData(FILE);
const AS_OF = new Date("2011-12-11");

async function classicDb(): Promise<Db> {
  const db = await openDb({ threads: 2 });
  await loadTransactions(db, {
    path: sharedDataPath(FILE),
    progress: createProgress({ write() {} }),
  });
  await cleanTransactions(db, { preset: "classic" });
  return db;
}

function noNaN(value: unknown): void {
  const text = JSON.stringify(value);
  ok(!/NaN|Infinity/.test(text), "no NaN or Infinity");
}

Deno.test({
  name:
    "Online Retail II, classic cleaning and convention as of 2011-12-11: 2,845 customers, BG/NBD (penalizer 0.001) and Gamma-Gamma (0.01) as the tutorials",
  ignore: !hasRetail,
  async fn() {
    const db = await classicDb();
    const s = await customerSummaryColumns(db, { convention: "classic", asOf: AS_OF });
    db.close();
    equal(s.customerIds.length, 2845);
    const bg = fitBgNbd(s, { penalizer: 0.001 });
    ok(bg.converged, JSON.stringify(bg.report));
    // Published to 2 decimals: r 2.18, alpha 11.41, a 0.12, b 2.49.
    assertClose(bg.params.r, 2.18, 0.005, "r");
    assertClose(bg.params.alpha, 11.41, 0.005, "alpha");
    assertClose(bg.params.a, 0.12, 0.005, "a");
    assertClose(bg.params.b, 2.49, 0.005, "b");
    const gg = fitGammaGamma(s, { penalizer: 0.01 });
    ok(gg.converged, JSON.stringify(gg.report));
    // Published: p 3.79, q 0.34, v 3.73.
    assertClose(gg.params.p, 3.79, 0.005, "p");
    assertClose(gg.params.q, 0.34, 0.005, "q");
    assertClose(gg.params.v, 3.73, 0.005, "v");
    equal(gg.report.populationMean, null); // q ≈ 0.34 ≤ 1: no finite population mean

    // The high-level call uses the tutorials' penalizers by default with the classic convention.
    const r = clvAnalysis(s, { horizonMonths: 6 });
    noNaN(r.params);
    equal(r.params.models.bg_nbd!.params.r, bg.params.r);
    equal(r.params.models.gamma_gamma!.params.q, gg.params.q);
    equal(r.params.spend.status, "fitted-q-le-1");
    equal(r.params.spend.fallbackCustomers, 0); // every classic customer has ≥ 2 invoices
    ok(r.customers.clv.every((v) => Number.isFinite(v) && v >= 0));
    equal(r.diagnostics.clvDistribution.segments.reduce((n, g) => n + g.customers, 0), 2845);
  },
});

Deno.test({
  name:
    "Online Retail II, default repeat convention: runs, and says the optimum is at or near the no-dropout boundary",
  ignore: !hasRetail,
  async fn() {
    const db = await classicDb();
    const daily = await customerSummaryColumns(db, {
      periodUnit: "day",
      timeUnit: "week",
      asOf: AS_OF,
    });
    const weekly = await customerSummaryColumns(db, {
      periodUnit: "week",
      timeUnit: "week",
      asOf: AS_OF,
    });
    db.close();
    equal(daily.customerIds.length, 4338); // every customer, one-time buyers included
    for (const [name, s] of [["day periods", daily], ["week periods", weekly]] as const) {
      const r = clvAnalysis(s, { intervals: true });
      noNaN(r.params);
      noNaN(r.diagnostics);
      const bg = r.params.models.bg_nbd!;
      ok(
        bg.verdict.kind === "no-dropout-boundary" || bg.verdict.kind === "weak-dropout",
        `${name}: ${JSON.stringify(bg.verdict)}`,
      );
      ok(
        /sign of customers leaving/.test(fitPlainWords(bg) ?? ""),
        `${name}: the words say it`,
      );
      for (const column of [r.customers.p_alive, r.customers.clv, r.customers.exp_purchases_3m]) {
        ok(column.every(Number.isFinite), name);
      }
      // Mostly alive, as the words say.
      const alive = [...r.customers.p_alive].filter((p) => p > 0.9).length / s.customerIds.length;
      ok(alive > 0.9, `${name}: share with P(alive) > 0.9 is ${alive}`);
    }
  },
});
