import { equal } from "node:assert/strict";
import fc from "fast-check";
import {
  civilFromDays,
  formatDateTime,
  formatDay,
  parseDay,
  weekday,
} from "../../lib/generate/mod.ts";

// Oracle: the platform Date (independent of the integer arithmetic under test).
const iso = (ms: number): string => new Date(ms).toISOString();

Deno.test("formatDateTime() agrees with Date.toISOString on minutes from 1900 to 2200", () => {
  fc.assert(
    fc.property(fc.integer({ min: -36_816_480, max: 121_409_280 }), (minutes) => {
      const text = iso(minutes * 60_000);
      equal(formatDateTime(minutes), `${text.slice(0, 10)} ${text.slice(11, 19)}`);
    }),
    { seed: 42, numRuns: 2000 },
  );
});

Deno.test("parseDay() inverts formatDay() and weekday() agrees with Date.getUTCDay", () => {
  fc.assert(
    fc.property(fc.integer({ min: -25_000, max: 85_000 }), (days) => {
      equal(parseDay(formatDay(days)), days);
      equal(weekday(days), (new Date(days * 86_400_000).getUTCDay() + 6) % 7);
      const { year, month, day } = civilFromDays(days);
      equal(Date.UTC(year, month - 1, day), days * 86_400_000);
    }),
    { seed: 42, numRuns: 2000 },
  );
});

Deno.test("parseDay() rejects impossible and malformed dates", () => {
  for (
    const text of [
      "2011-02-29",
      "2011-04-31",
      "2011-13-01",
      "2011-00-10",
      "2011-1-01",
      "01/12/2010",
      "",
    ]
  ) {
    equal(parseDay(text), undefined, text);
  }
  equal(parseDay("2012-02-29"), Date.UTC(2012, 1, 29) / 86_400_000);
});
