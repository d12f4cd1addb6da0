import { equal, throws } from "node:assert/strict";
import fc from "fast-check";
import { OptionError } from "../../lib/errors.ts";
import {
  type Delimiter,
  detectDecimal,
  detectDelimiter,
  parseDecimal,
  parseDelimiter,
} from "../../lib/load/mod.ts";

Deno.test("detectDelimiter() tells the delimiter of ordinary exports", () => {
  const cases: [string, Delimiter][] = [
    ['Invoice,Description,Price\n1,"Pencils; HB, 12",2.5\n2,Mug,3\n', ","],
    ["Invoice;Description;Price\n1;Pencils, HB;2,50\n2;Mug;3,10\n", ";"],
    ["Invoice\tDescription\tPrice\n1\tMug, red\t2.5\n2\t\t3\n", "\t"],
    ["Invoice|Description|Price\n1|Mug, red|2.5\n", "|"],
    [
      "customer   day          amount\n  17  2011-01-02     12.50\n 3   2011-01-03  4\n",
      "whitespace",
    ],
    // a header only: the delimiter that splits it
    ["a;b;c\n", ";"],
  ];
  for (const [text, want] of cases) equal(detectDelimiter(text), want, JSON.stringify(text));
});

Deno.test("detectDelimiter() prefers tab for .tsv when comma and tab both fit", () => {
  const text = "a\tb,c\n1\t2,3\n4\t5,6\n";
  equal(detectDelimiter(text), ",");
  equal(detectDelimiter(text, { prefer: "\t" }), "\t");
});

Deno.test("detectDelimiter() finds the delimiter of any generated table (quoted fields, empty cells)", () => {
  const cell = fc.string({ maxLength: 8 }).map((s) => s.replace(/[\r\n"]/g, ""));
  fc.assert(
    fc.property(
      fc.constantFrom<Delimiter>(",", ";", "\t", "|"),
      fc.integer({ min: 2, max: 6 }),
      fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 30 }),
      (delimiter, width, body) => {
        const quote = (s: string) =>
          /[,;\t| ]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
        const header = Array.from({ length: width }, (_, i) => `col${i + 1}`);
        const rows = [header, ...body.map((r) => r.slice(0, width))];
        const text = rows.map((r) => r.map(quote).join(delimiter)).join("\n") + "\n";
        return detectDelimiter(text) === delimiter;
      },
    ),
    { seed: 20260101, numRuns: 300 },
  );
});

Deno.test("detectDecimal() decides only on unambiguous values", () => {
  const cases: [string[], "." | "," | undefined][] = [
    [["12,50", "3"], ","],
    [["0,5"], ","],
    [["1.234,50"], ","],
    [["12.50", "7"], "."],
    [["1,234.50"], "."],
    [["1e5", "2.5"], "."],
    [["1,250"], undefined], // a thousands separator or three decimals?
    [["1.250"], undefined],
    [["3", "4"], undefined],
    [["12,50", "2.5"], undefined], // mixed
    [["-3,25"], ","],
  ];
  for (const [values, want] of cases) equal(detectDecimal(values), want, values.join(" "));
});

Deno.test("parseDelimiter() and parseDecimal() read the flags and name them in errors", () => {
  equal(parseDelimiter(";"), ";");
  equal(parseDelimiter("\t"), "\t");
  equal(parseDelimiter("\\t"), "\t");
  equal(parseDelimiter("Whitespace"), "whitespace");
  equal(parseDelimiter("|"), "|");
  throws(
    () => parseDelimiter("::"),
    (e: unknown) => e instanceof OptionError && /--delimiter/.test(e.message),
  );
  equal(parseDecimal(","), ",");
  throws(() => parseDecimal(";"), /--decimal must be "\." or ","/);
});
