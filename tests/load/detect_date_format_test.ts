import { deepStrictEqual, equal } from "node:assert/strict";
import { detectDateFormat, detectFormat } from "../../lib/load/mod.ts";

Deno.test("detectDateFormat() recognises ISO, US and day-first dates", () => {
  const cases: [string[], string | undefined][] = [
    [["2010-12-01 08:26:00"], "%Y-%m-%d %H:%M:%S"],
    [["2010-12-01T08:26"], "%Y-%m-%dT%H:%M"],
    [["2010-12-01"], "%Y-%m-%d"],
    [["12/1/2010 8:26", "12/9/2011 12:50"], "%m/%d/%Y %H:%M"],
    [["12/1/10 8:26"], "%m/%d/%y %H:%M"],
    // a first number above 12 proves day-first
    [["1/12/2010 8:26", "25/12/2010 9:00"], "%d/%m/%Y %H:%M"],
    [["01.12.2010 08:26"], "%d.%m.%Y %H:%M"],
    [["Dec 1 2010"], undefined],
    [[], undefined],
  ];
  for (const [sample, want] of cases) equal(detectDateFormat(sample)?.format, want, sample.join());
});

Deno.test("detectDateFormat() picks the format most of the sample matches", () => {
  deepStrictEqual(detectDateFormat(["12/1/10 8:26", "12/2/10 9:00", "2010-12-03 10:00:00"]), {
    format: "%m/%d/%y %H:%M",
    iso: false,
    // no day above 12: the other order reads every value too
    alternative: { format: "%d/%m/%y %H:%M", iso: false },
  });
  deepStrictEqual(detectDateFormat(["12/13/10 8:26", "12/2/10 9:00"]), {
    format: "%m/%d/%y %H:%M",
    iso: false,
  });
});

Deno.test("detectFormat() knows the endings, case-insensitively; .tsv and .txt are delimited text", () => {
  deepStrictEqual(
    ["a.csv", "a.CSV.GZ", "a.parquet", "a.xlsx", "a.tsv", "a.TXT", "a.txt.gz"].map(detectFormat),
    ["csv", "csv.gz", "parquet", "xlsx", "csv", "csv", "csv.gz"],
  );
});

Deno.test("detectDateFormat() reads month names, compact dates and dates written as numbers", () => {
  const cases: [string[], string | undefined][] = [
    [["2010-12-01T09:45:00Z", "2010-12-01T09:45:00.123Z"], "%Y-%m-%dT%H:%M:%S%z"],
    [["2010-12-01T09:45:00+01:00", "2010-12-01 09:45:00-0500"], "%Y-%m-%dT%H:%M:%S%z"],
    [["2023-01-05 10:12:33 UTC", "2023-01-05 10:12:33.123456 UTC"], "%Y-%m-%dT%H:%M:%S%z"],
    [["2023-01-05 10:12:33 -0500", "2023-01-05 10:12:33 +05:30"], "%Y-%m-%d %H:%M:%S %z"],
    [["01 Dec 2010 09:45", "30 jun 2011 18:30"], "%d %b %Y %H:%M"],
    [["01-DEC-10"], "%d-%b-%y"],
    [["1 May 2010", "1 June 2010"], "%d %B %Y"], // "May" is short and long: June decides
    [["Dec 1, 2010"], "%b %d, %Y"],
    [["20101201", "20110630"], "%Y%m%d"],
    [["20101301"], undefined], // no month 13: eight digits but no date
    [["40513.40625", "40724"], "excel-serial"],
    [["1291196700", "1309458600.5"], "unix-seconds"],
    [["1291196700000"], "unix-milliseconds"],
    // mostly serials, one Unix time: the serials' encoding, the other a bad date when loaded
    [["40513", "40514", "1291196700"], "excel-serial"],
    [["7", "12"], undefined], // no encoding gives these a plausible date
    [["12346", "18287"], undefined], // five-digit customer ids would be 1933 to 1950
    [["4915112345678"], undefined], // a phone number would be 2125 in milliseconds
    [["1 Sept 2010"], undefined],
  ];
  for (const [sample, want] of cases) equal(detectDateFormat(sample)?.format, want, sample.join());
});
