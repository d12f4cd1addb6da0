/**
 * lifetimeValueStage() on hand-made transaction and customer tables, its SQL results checked
 * against the same numbers computed here from the purchases: the prior-year window's revenue
 * (all customers and those who existed before it), the 12 monthly revenues, past spend, the
 * holdout window, the history's customer, and the skipped steps of data too short to check.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { openDb } from "@crm/db/mod.ts";
import { aliveHistoryCustomer, lifetimeValueStage } from "@crm/lifetime_value/mod.ts";
import { createProgress } from "@crm/util/mod.ts";

const DAY = 86_400_000;
const quiet = createProgress({ write: () => {} });

interface Purchase {
  readonly customer: string;
  readonly date: Date;
  readonly value: number;
}

/** 60 customers from 2022-01-01 for two years: every 7–35 days, half of them stopping early. */
function purchases(): Purchase[] {
  const out: Purchase[] = [];
  const start = Date.UTC(2022, 0, 1);
  for (let c = 0; c < 60; c++) {
    const gap = 7 * (1 + (c % 5));
    const stop = c % 2 === 0 ? Date.UTC(2022, 11, 1) : Date.UTC(2023, 11, 28);
    for (let t = start + (c % 12) * 30 * DAY; t <= stop; t += gap * DAY) {
      out.push({
        customer: `c${String(c).padStart(2, "0")}`,
        date: new Date(t),
        value: 10 + (c % 3),
      });
    }
  }
  return out;
}

async function database(rows: readonly Purchase[]) {
  const db = await openDb();
  const values = rows.map((p, i) =>
    `('${p.customer}', 'i${i}', TIMESTAMP '${
      p.date.toISOString().slice(0, 10)
    }', ${p.value}::DOUBLE)`
  ).join(",");
  await db.run(
    `CREATE TABLE clean_transactions AS SELECT * FROM (VALUES ${values}) t(customer_id, invoice, invoice_date, line_total)`,
  );
  return db;
}

function sum(
  rows: readonly Purchase[],
  from: Date,
  to: Date,
  who?: (c: string) => boolean,
): number {
  return rows.filter((p) => p.date >= from && p.date < to && (who?.(p.customer) ?? true))
    .reduce((s, p) => s + p.value, 0);
}

Deno.test("lifetimeValueStage(): prior-year revenue, seasonality, past spend and holdout from the purchases", async () => {
  const rows = purchases();
  const db = await database(rows);
  const asOf = new Date(Date.UTC(2024, 0, 1));
  const stage = await lifetimeValueStage(db, { asOf, progress: quiet, intervals: "none" });
  db.close();
  equal(stage.summary.customerIds.length, 60);
  deepStrictEqual(stage.skipped, []);
  // Prior-year window 2023-01-01 … 2023-07-01 (6 months).
  const start = new Date(Date.UTC(2023, 0, 1)), end = new Date(Date.UTC(2023, 6, 1));
  const first = new Map<string, Date>();
  for (const p of rows) {
    if (!first.has(p.customer) || p.date < first.get(p.customer)!) first.set(p.customer, p.date);
  }
  const existing = (c: string) => first.get(c)! < start;
  const prior = stage.headline.priorYear!;
  equal(prior.window.start.getTime(), start.getTime());
  equal(prior.window.end.getTime(), end.getTime());
  equal(prior.window.revenueAll, sum(rows, start, end));
  equal(prior.window.revenueExisting, sum(rows, start, end, existing));
  equal(prior.window.customersExisting, [...first.values()].filter((d) => d < start).length);
  equal(prior.window.daysOfDataBefore, 365); // from 2022-01-01
  // Twelve months before the analysis date, oldest first.
  const months = Array.from(
    { length: 12 },
    (_, k) => sum(rows, new Date(Date.UTC(2023, k, 1)), new Date(Date.UTC(2023, k + 1, 1))),
  );
  deepStrictEqual(prior.seasonality!.monthlyRevenue, months);
  const total = months.reduce((s, v) => s + v, 0);
  ok(
    Math.abs(
      prior.seasonality!.windowShare - months.slice(0, 6).reduce((s, v) => s + v, 0) / total,
    ) < 1e-12,
  );
  // Past spend per customer; the headline's totals are the analysis columns summed.
  for (const id of ["c00", "c01", "c37"]) {
    equal(
      stage.pastSpend.get(id),
      rows.filter((p) => p.customer === id).reduce((s, p) => s + p.value, 0),
    );
  }
  const c = stage.analysis.customers;
  ok(Math.abs(stage.headline.predicted.discountedValue - c.clv.reduce((s, v) => s + v, 0)) < 1e-9);
  ok(stage.headline.predicted.value >= stage.headline.predicted.discountedValue);
  // Holdout: data 2022-01-01 … 2023-12-31, 26 weeks held out before the analysis date.
  const h = stage.holdout!;
  equal(h.observationEnd.toISOString().slice(0, 10), "2023-12-31");
  equal(h.calibrationEnd.toISOString().slice(0, 10), "2023-07-02");
  equal(h.model, "bg_nbd");
  deepStrictEqual(stage.headline.holdoutError, {
    predicted: h.predictedTotal,
    actual: h.actualTotal,
    relativeError: (h.predictedTotal - h.actualTotal) / h.actualTotal,
  });
  // The history shows the customer the rule picks.
  const pick = aliveHistoryCustomer(c, stage.summary)!;
  equal(stage.history!.customerId, stage.summary.customerIds[pick.index]);
  equal(stage.history!.reason, pick.reason);
  equal(stage.history!.history.length, 120);
});

Deno.test("lifetimeValueStage(): the chosen model predicts and is checked on the holdout", async () => {
  const db = await database(purchases());
  const stage = await lifetimeValueStage(db, {
    model: "mbg_nbd",
    asOf: new Date(Date.UTC(2024, 0, 1)),
    progress: quiet,
    intervals: "delta",
  });
  db.close();
  equal(stage.analysis.params.predictionModel, "mbg_nbd");
  equal(stage.analysis.fits.main.model, "mbg_nbd");
  equal(stage.holdout!.model, "mbg_nbd");
  ok(stage.analysis.customers.p_alive.every((p) => p > 0 && p <= 1));
});

Deno.test("lifetimeValueStage(): data too short for a holdout or a prior year says so as data", async () => {
  const rows = purchases().filter((p) => p.date < new Date(Date.UTC(2022, 2, 1)));
  const db = await database(rows);
  const stage = await lifetimeValueStage(db, { progress: quiet });
  db.close();
  equal(stage.holdout, null);
  equal(stage.headline.holdoutError, null);
  equal(stage.headline.priorYear, null);
  equal(stage.skipped.length, 1);
  equal(stage.skipped[0]!.step, "holdout");
  ok(/the data spans \d+ days; at least 84 are needed/.test(stage.skipped[0]!.message));
});

Deno.test("lifetimeValueStage() on a customer table: no transactions, so no holdout or history", async () => {
  const db = await openDb();
  await db.run(`CREATE TABLE customer_orders AS SELECT * FROM (VALUES
    ('a', DATE '2021-01-01', DATE '2021-06-01', 4.0, 120.0),
    ('b', DATE '2021-02-01', DATE '2021-02-01', 1.0, 30.0),
    ('c', DATE '2021-03-01', DATE '2021-05-20', 3.0, 90.0),
    ('d', DATE '2021-01-15', DATE '2021-06-10', 6.0, 300.0))
    t(customer_id, first_order_date, last_order_date, frequency, monetary)`);
  const stage = await lifetimeValueStage(db, {
    source: { kind: "customers" },
    asOf: new Date(Date.UTC(2021, 6, 1)),
    progress: quiet,
  });
  db.close();
  deepStrictEqual(stage.summary.customerIds, ["a", "b", "c", "d"]); // repeat convention: all
  deepStrictEqual([...stage.summary.frequency], [3, 0, 2, 5]); // orders − 1
  equal(stage.holdout, null);
  equal(stage.history, null);
  equal(stage.headline.priorYear, null);
  equal(stage.pastSpend.get("d"), 300);
  equal(stage.ruleBased!.customers, 4);
});

Deno.test("lifetimeValueStage(): with the models on a worker thread (offThread) the stage is the same", async () => {
  const db = await database(purchases());
  try {
    const asOf = new Date(Date.UTC(2024, 0, 1));
    const here = await lifetimeValueStage(db, { asOf, progress: quiet });
    const there = await lifetimeValueStage(db, { asOf, progress: quiet, offThread: true });
    deepStrictEqual(there, here);
  } finally {
    db.close();
  }
});
