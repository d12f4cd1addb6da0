import { equal, throws } from "node:assert/strict";
import { asOfDefault } from "@crm/summary/mod.ts";

Deno.test("asOfDefault() is midnight two days after the last transaction's day", () => {
  equal(asOfDefault(new Date("2011-12-09T12:50:00Z")).toISOString(), "2011-12-11T00:00:00.000Z");
  equal(asOfDefault(new Date("2011-12-09T00:00:00Z")).toISOString(), "2011-12-11T00:00:00.000Z");
  equal(
    asOfDefault(new Date("2011-12-09T23:59:59.999Z")).toISOString(),
    "2011-12-11T00:00:00.000Z",
  );
  equal(asOfDefault(new Date("2020-02-28T08:00:00Z")).toISOString(), "2020-03-01T00:00:00.000Z"); // leap year
  equal(asOfDefault(new Date("1998-12-31T10:00:00Z")).toISOString(), "1999-01-02T00:00:00.000Z");
});

Deno.test("asOfDefault() rejects an invalid date", () => {
  throws(() => asOfDefault(new Date("not a date")), RangeError);
});
