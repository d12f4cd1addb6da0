/**
 * The domain rules of the CLV stage as pure functions: the holdout window, the example customer
 * of the P(alive) history, the interval rule, the options mapping, and the headline data
 * (holdout error, the prior-year window, seasonality).
 */
import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  aliveHistoryCustomer,
  holdoutError,
  holdoutWindow,
  intervalMethod,
  lifetimeValueOptions,
  priorYearWindow,
  seasonality,
} from "@crm/lifetime_value/mod.ts";
import { ValidationError } from "@crm/errors.ts";

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

Deno.test("holdoutWindow(): the last third of the data, at most 26 weeks, at least 28 days", () => {
  // 84 days observed (the day before the analysis date is the last): 28 held out.
  const w = holdoutWindow(day("2024-01-01"), day("2024-03-26"));
  equal(iso(w.observationEnd), "2024-03-25");
  equal(w.holdoutDays, 28);
  equal(iso(w.calibrationEnd), "2024-02-26");
  // A year: ⌊374 / 3⌋ = 124 days; three years: capped at 182.
  equal(holdoutWindow(day("2010-12-01"), day("2011-12-11")).holdoutDays, 124);
  equal(holdoutWindow(day("2008-12-01"), day("2011-12-11")).holdoutDays, 182);
  // An analysis date within a day still counts whole days.
  equal(holdoutWindow(day("2024-01-01"), new Date("2024-03-26T17:30:00Z")).holdoutDays, 28);
  throws(
    () => holdoutWindow(day("2024-01-01"), day("2024-03-25")),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.message ===
        "Cannot check calibration against holdout: the data spans 83 days; at least 84 are needed",
  );
});

Deno.test("aliveHistoryCustomer(): the most valuable likely-lost repeat customer, else the top CLV", () => {
  const summary = { frequency: [1, 3, 2, 6, 2], monetaryValue: [500, 10, 20, 10, 20] };
  // Customer 0 has only one repeat purchase; 1 (30), 2 (40), 3 (60) and 4 (40) qualify if lost.
  deepStrictEqual(
    aliveHistoryCustomer({ p_alive: [0.1, 0.2, 0.3, 0.9, 0.4], clv: [1, 2, 3, 4, 5] }, summary),
    { index: 2, reason: "valuable-likely-lost" }, // 2 and 4 tie at 40: the first wins
  );
  deepStrictEqual(
    aliveHistoryCustomer({ p_alive: [0.1, 0.2, 0.3, 0.4, 0.4], clv: [1, 2, 3, 4, 5] }, summary),
    { index: 3, reason: "valuable-likely-lost" },
  );
  deepStrictEqual(
    aliveHistoryCustomer({ p_alive: [0.1, 0.5, 0.9, 0.6, 0.7], clv: [1, 9, 3, 9, 5] }, summary),
    { index: 1, reason: "highest-clv" }, // nobody qualifies (P(alive) 0.5 is not under ½)
  );
  equal(aliveHistoryCustomer({ p_alive: [], clv: [] }, { frequency: [], monetaryValue: [] }), null);
});

Deno.test("intervalMethod() and lifetimeValueOptions(): the auto rule and the command-line names", () => {
  equal(intervalMethod("auto", 1), "bootstrap");
  equal(intervalMethod("auto", 2500), "bootstrap");
  equal(intervalMethod("auto", 2501), "delta");
  equal(intervalMethod("bootstrap", 1e6), "bootstrap");
  equal(intervalMethod("none", 5), "none");
  const cli = {
    clvConvention: "classic" as const,
    timeUnit: "day" as const,
    horizonMonths: 3,
    discount: 0.02,
    penalizer: undefined,
    seed: 7,
    margin: 0.2,
    intervals: "delta" as const,
    asOf: undefined,
  };
  deepStrictEqual(lifetimeValueOptions(cli), {
    convention: "classic",
    timeUnit: "day",
    horizonMonths: 3,
    discount: 0.02,
    seed: 7,
    margin: 0.2,
    intervals: "delta",
  });
  const o = lifetimeValueOptions({
    ...cli,
    clvModel: "pareto_nbd",
    penalizer: 0.001,
    asOf: day("2011-12-11"),
  });
  equal(o.model, "pareto_nbd");
  equal(o.penalizer, 0.001);
  equal(iso(o.asOf!), "2011-12-11");
});

Deno.test("headline data: holdout error, the prior-year window, seasonality", () => {
  deepStrictEqual(holdoutError({ predictedTotal: 80, actualTotal: 100 }), {
    predicted: 80,
    actual: 100,
    relativeError: -0.2,
  });
  equal(holdoutError({ predictedTotal: 3, actualTotal: 0 }).relativeError, null);
  const w = priorYearWindow(day("2011-12-11"), 6);
  deepStrictEqual([iso(w.start), iso(w.end)], ["2010-12-11", "2011-06-11"]);
  // Month ends: 31 March plus 11 months is 29 February in a leap year.
  const m = priorYearWindow(day("2013-03-31"), 11);
  deepStrictEqual([iso(m.start), iso(m.end)], ["2012-03-31", "2013-02-28"]);
  deepStrictEqual([iso(priorYearWindow(day("2012-03-31"), 11).end)], ["2012-02-29"]);
  // An even year: every share is the even share, no variation.
  const even = seasonality(Array(12).fill(10), 6)!;
  deepStrictEqual([even.monthlyCv, even.windowShare, even.evenShare, even.shareRatio], [
    0,
    0.5,
    0.5,
    1,
  ]);
  // All revenue in the first three months of a 3-month window: share 1, four times even.
  const peak = seasonality([30, 30, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3)!;
  equal(peak.windowShare, 1);
  equal(peak.shareRatio, 4);
  ok(Math.abs(peak.monthlyCv - Math.sqrt(3)) < 1e-12); // mean 7.5, standard deviation 7.5·√3
  equal(seasonality(Array(12).fill(0), 6), null);
  equal(seasonality(Array(12).fill(1), 18)!.windowShare, 1); // a horizon beyond a year
});
