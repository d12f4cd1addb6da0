import { equal } from "node:assert/strict";
import fc from "fast-check";
import { csvLines, formatNumber, snakeCaseColumns, toCsv } from "@crm/util/mod.ts";

/** The rule as it reads: round to 12 significant digits, then JavaScript's shortest form. */
const roundedForm = (v: number) => String(Number(v.toPrecision(12)));

Deno.test("formatNumber(): the shortest form of the value rounded to 12 significant digits, at every magnitude", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      equal(formatNumber(v), roundedForm(v));
    }),
    { numRuns: 20_000 },
  );
  // Magnitudes around both switches of notation (10^-7 and 10^12 / 10^21) and the rounding up
  // into the next power of ten.
  for (
    const v of [1e-7, 9.99999999999999e-7, 1.5e-6, 999999999999.5, 123456789012.5, 1e12, 1e21]
  ) {
    for (const x of [v, -v, v * (1 + 1e-15)]) equal(formatNumber(x), roundedForm(x));
  }
  equal(formatNumber(0.1 + 0.2), "0.3");
  equal(formatNumber(Infinity), "");
});

/** A CSV field written the slow, obvious way: RFC 4180 quoting after the formula guard. */
function referenceField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let text = typeof v === "number" ? (Number.isFinite(v) ? roundedForm(v) : "") : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

Deno.test("csvLines(): a column table formats as the same rows written one by one, at any chunking", () => {
  const cell = fc.oneof(
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.string(),
    fc.constantFrom(null, undefined, "=SUM(A1)", 'say "hi"', "a,b", "x\ny"),
  );
  fc.assert(
    fc.property(
      fc.array(fc.record({ customerId: cell, total: cell, peakHour: cell }), { maxLength: 30 }),
      fc.integer({ min: 1, max: 7 }),
      (rows, chunk) => {
        const table = snakeCaseColumns(rows, ["customer_id", "total", "peak_hour"]);
        let text = "customer_id,total,peak_hour\n";
        for (let start = 0; start < rows.length; start += chunk) {
          text += csvLines(table, start, Math.min(rows.length, start + chunk));
        }
        const expected = ["customer_id,total,peak_hour"].concat(
          rows.map((r) => [r.customerId, r.total, r.peakHour].map(referenceField).join(",")),
        ).join("\n") + "\n";
        equal(text, expected);
        equal(
          toCsv(rows, ["customerId", "total", "peakHour"]).split("\n").slice(1).join("\n"),
          expected.split("\n").slice(1).join("\n"),
        );
      },
    ),
  );
});

Deno.test("spreadsheetSql() guards the cells the engine writes exactly as spreadsheetText() guards the rest", async () => {
  const { openDb, quoteLiteral } = await import("@crm/db/mod.ts");
  const { spreadsheetSql, spreadsheetText } = await import("@crm/util/mod.ts");
  const db = await openDb();
  try {
    const fixed = [
      "",
      "=1+1",
      "+44",
      "-OUT",
      "@sum",
      "\tx",
      "\rx",
      "RED MUG",
      "é",
      "＝x",
      "😀=",
      "'=x",
    ];
    const values = [
      ...fixed,
      ...fc.sample(fc.string({ unit: "binary", maxLength: 6 }), { numRuns: 300, seed: 7 }),
    ].filter((v) => !v.includes("\u0000") && v.isWellFormed());
    const sql = await db.one<{ out: string[] }>(
      `SELECT list_transform([${values.map(quoteLiteral).join(", ")}]::VARCHAR[], v -> ${
        spreadsheetSql("v")
      }) AS out`,
    );
    equal(JSON.stringify(sql.out), JSON.stringify(values.map(spreadsheetText)));
  } finally {
    db.close();
  }
});
