/**
 * Benchmark stage: the customer analytics on one transactions file. Loads and cleans the file
 * (recommended preset, as the main job does), then times each analytics stage on its own: the
 * shared order table (`orderTable`, built once), RFM + scores + segments, behavioural features +
 * population views, product segments, cohorts, EDA/KPIs. Prints one JSON line per stage, then a total line with the load+clean time and the
 * ratio of all analytics stages to the load.
 *
 * Usage: deno run -A bench/analytics_stage.ts FILE [preset] [--repeat N]
 * (`deno task bench` passes the generated 1M-row file.) With `--repeat N` each stage runs N times
 * and the best time is reported (the machine is shared, so timings are noisy).
 */
import { parseArgs } from "node:util";
import { openDb } from "@crm/db/mod.ts";
import { loadTransactions } from "@crm/load/mod.ts";
import { cleanTransactions } from "@crm/clean/mod.ts";
import type { Preset } from "@crm/clean/mod.ts";
import { orderTable, rfmScoring, rfmTable } from "@crm/rfm/mod.ts";
import {
  assignSegments,
  crossSegments,
  productSegments,
  segmentSummary,
} from "@crm/segment/mod.ts";
import {
  customerFeatures,
  interPurchaseGaps,
  shoppingPeaks,
  weekdayHourHeatmap,
} from "@crm/features/mod.ts";
import { cohortSummary, cohortTable } from "@crm/cohort/mod.ts";
import {
  kpis,
  monthlyTrends,
  revenueConcentration,
  topCountries,
  topProducts,
  valueDistribution,
} from "@crm/eda/mod.ts";
import { report, timed } from "./_measure.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { repeat: { type: "string" } },
});
const [file, preset = "recommended"] = positionals;
if (!file) throw new Error("usage: analytics_stage.ts FILE [preset] [--repeat N]");
const repeat = Math.max(1, Number(values.repeat ?? 1));

const db = await openDb();
const [load, loadSeconds] = await timed(() => loadTransactions(db, { path: file }));
const [clean, cleanSeconds] = await timed(() =>
  cleanTransactions(db, { preset: preset as Preset })
);

/** Runs `fn` `repeat` times and returns the last result and the best time. */
async function best<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let out: [T, number] | undefined;
  for (let i = 0; i < repeat; i++) {
    const run = await timed(fn);
    if (out === undefined || run[1] < out[1]) out = run;
  }
  return out!;
}

// The order table is built once and shared by the order-level analyses; its time is a stage.
const [orders, ordersSeconds] = await best(() => orderTable(db));
report({ stage: "analytics: order table", seconds: ordersSeconds });

const [rfm, rfmSeconds] = await best(async () => {
  const table = await rfmTable(db, { orders });
  const scoring = rfmScoring(table.rows);
  const customers = assignSegments(scoring.rows);
  return { asOf: table.asOf, customers, segments: segmentSummary(customers), scoring };
});
report({
  stage: "analytics: rfm + scores + segments",
  seconds: rfmSeconds,
  customers: rfm.customers.length,
  segments: rfm.segments.length,
  fallbacks: rfm.scoring.fallbacks.map((f) => f.metric).join(",") || "none",
});

const [features, featuresSeconds] = await best(async () => {
  const rows = await customerFeatures(db, { orders, asOf: rfm.asOf });
  const gaps = await interPurchaseGaps(db, { orders });
  const cells = await weekdayHourHeatmap(db, { orders });
  return { rows, gaps, peaks: shoppingPeaks(cells) };
});
report({
  stage: "analytics: features + population views",
  seconds: featuresSeconds,
  customers: features.rows.length,
});

const [products, productsSeconds] = await best(async () => {
  const seg = await productSegments(db);
  return { seg, cross: crossSegments(rfm.customers, seg.customers) };
});
report({
  stage: "analytics: product segments",
  seconds: productsSeconds,
  k: products.seg.k,
  customers: products.seg.customers.length,
});

const [cohorts, cohortsSeconds] = await best(async () => {
  const cells = await cohortTable(db, { orders });
  return { cells, totals: cohortSummary(cells) };
});
report({
  stage: "analytics: cohorts",
  seconds: cohortsSeconds,
  cohorts: cohorts.totals.length,
  cells: cohorts.cells.length,
});

const [eda, edaSeconds] = await best(async () => ({
  kpis: await kpis(db, { orders }),
  monthly: await monthlyTrends(db, { orders }),
  products: [
    await topProducts(db, { by: "revenue" }),
    await topProducts(db, { by: "quantity" }),
  ],
  countries: [
    await topCountries(db, { orders, by: "revenue" }),
    await topCountries(db, { orders, by: "quantity" }),
  ],
  concentration: await revenueConcentration(db, { orders }),
  price: await valueDistribution(db, "price"),
  quantity: await valueDistribution(db, "quantity"),
}));
report({ stage: "analytics: eda + kpis", seconds: edaSeconds, months: eda.monthly.length });

const analyticsSeconds = ordersSeconds + rfmSeconds + featuresSeconds + productsSeconds +
  cohortsSeconds +
  edaSeconds;
report({
  stage: "analytics: total",
  file,
  preset,
  rowsLoaded: load.rowsLoaded,
  rowsClean: clean.rowsClean,
  loadSeconds,
  cleanSeconds,
  loadCleanSeconds: loadSeconds + cleanSeconds,
  analyticsSeconds,
  ratioToLoad: analyticsSeconds / loadSeconds,
  ratioToLoadClean: analyticsSeconds / (loadSeconds + cleanSeconds),
  repeat,
});
db.close();
