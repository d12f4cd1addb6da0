import { deepEqual, doesNotMatch, equal, match } from "node:assert/strict";
import {
  chartBundle,
  inKernel,
  showChart,
  showHtml,
  showMarkdown,
  showTable,
  tableBundle,
} from "../../lib/notebook/mod.ts";
import { monthlyRevenue } from "../../lib/charts/mod.ts";

const ROWS = Array.from({ length: 4338 }, (_, i) => ({
  customerId: `C${i}`,
  revenue: 1234.567 + i,
  orders: 1000 + i,
  firstPurchase: new Date(Date.UTC(2011, 0, 1 + (i % 28))),
  segment: i % 2 === 0 ? "champions" : null,
  big: 12345678901234n,
}));

async function captureLog(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.log = original;
  }
  return lines;
}

async function showAll(): Promise<void> {
  await showChart(monthlyRevenue([{ month: "2011-01", revenue: 1, orders: 1, customers: 1 }]));
  await showTable(ROWS, { limit: 3, title: "Customers" });
  await showMarkdown("**bold**");
  await showHtml("<b>done</b>");
}

Deno.test("show helpers are inert outside the kernel: no output, no throw", async () => {
  equal(inKernel(), false);
  Deno.env.delete("CRM_NB_ECHO");
  deepEqual(await captureLog(showAll), []);
});

Deno.test("show helpers echo a short text form with CRM_NB_ECHO=1", async () => {
  Deno.env.set("CRM_NB_ECHO", "1");
  try {
    const lines = await captureLog(showAll);
    equal(lines.length, 4);
    equal(lines[0], "[chart] Revenue per month, with trend");
    match(lines[1]!, /^Customers \(4,338 rows\)\ncustomer id\trevenue/);
    equal(lines[2], "**bold**");
    equal(lines[3], "done");
  } finally {
    Deno.env.delete("CRM_NB_ECHO");
  }
});

Deno.test("tableBundle() limits rows and says so, formats numbers, dates, nulls and bigints", () => {
  const html = tableBundle(ROWS, { title: "Customers" })["text/html"]!;
  equal(html.match(/<tr>/g)?.length, 1 + 20);
  match(html, /Showing 20 of 4,338 rows/);
  match(html, /<caption[^>]*>Customers<\/caption>/);
  match(html, />1,234.57<\/td>/);
  match(html, /<td class="num" data-sort="1000">1,000<\/td>/);
  match(html, />2011-01-01<\/td>/);
  match(html, />12,345,678,901,234<\/td>/);
  match(html, /<td class=""><\/td>/); // null segment left blank
  doesNotMatch(html, /null|undefined|NaN/);
});

Deno.test("tableBundle() shows all rows of a short table, escapes HTML, honours columns", () => {
  const html = tableBundle([{ a: "<script>", b: 1 }], { columns: ["b", "a"] })["text/html"]!;
  match(html, /<th[^>]*>b<\/th><th[^>]*>a<\/th>/);
  match(html, /&lt;script&gt;/);
  doesNotMatch(html, /Showing/);
});

Deno.test("chartBundle() emits the chart as text/html (not image/svg+xml)", () => {
  const b = chartBundle(
    monthlyRevenue([{ month: "2011-01", revenue: 1, orders: 1, customers: 1 }]),
  );
  deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  match(
    b["text/html"]!,
    /^<div class="crm-output"><style>[^<]*<\/style><figure class="chart"><figure[\s\S]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
});

Deno.test("tableBundle() sorts by a column (stable, missing values last) and leaves out null rows", () => {
  const rows = [
    { id: "a", clv: 10 },
    null,
    { id: "b", clv: null },
    { id: "c", clv: 30 },
    { id: "d", clv: 10 },
    undefined,
  ];
  const ids = (options: Parameters<typeof tableBundle>[1]) =>
    [...tableBundle(rows, options)["text/html"]!.matchAll(/<tr><td[^>]*>(\w)<\/td>/g)].map((m) =>
      m[1]
    ).join("");
  equal(ids({}), "abcd");
  equal(ids({ sortBy: "clv" }), "adcb");
  equal(ids({ sortBy: "clv", descending: true }), "cadb");
  equal(ids({ sortBy: "clv", descending: true, limit: 2 }), "ca");
  match(tableBundle(rows, { limit: 2 })["text/html"]!, /Showing 2 of 4 rows/);
});

Deno.test("tableBundle() keeps three significant digits below 0.1", () => {
  const plain = tableBundle([{ a: 0.004123 }, { a: 8.0344e-8 }, { a: 0.5 }, { a: -0.0123 }])[
    "text/plain"
  ]!;
  equal(plain, "Table (4 rows)\na\n0.00412\n8.03e-8\n0.50\n-0.0123");
});

Deno.test("columnRows() and showColumns() read column-form tables such as typed arrays", async () => {
  const { columnRows, showColumns } = await import("../../lib/notebook/mod.ts");
  deepEqual(
    columnRows({ id: ["x", "y"], p: Float64Array.of(0.5, 1), none: undefined, n: 2, label: "ab" }),
    [
      { id: "x", p: 0.5 },
      { id: "y", p: 1 },
    ],
  );
  deepEqual(columnRows({}), []);
  await showColumns({ id: ["x"] }); // inert outside the kernel
});

Deno.test("listMarkdown() and showList() show computed sentences as an escaped list", async () => {
  const { listMarkdown, showList } = await import("../../lib/notebook/mod.ts");
  equal(
    listMarkdown(["r 0.69 (se 0.03)", "p·v/(q − 1) = 72.09 *"], "What we found"),
    "**What we found**\n\n- r 0.69 (se 0.03)\n- p·v/(q − 1) = 72.09 \\*\n",
  );
  equal(listMarkdown([]), "(none)\n");
  await showList(["a"], { title: "T" });
});
