/// <reference lib="dom" />
/**
 * The report page's script, bundled once by `deno task bundle` into the committed
 * `report_client.js` that every report inlines: table tools (filter, sort, pages, CSV download)
 * from each table's embedded data, and chart tooltips from the charts' titles. No network, no
 * dependencies beyond the report's own formatter. Without it the page still reads: tables show
 * their first rows and charts keep their native titles.
 *
 * @module
 */
import { enhanceTable } from "./tables.ts";
import { enhanceCharts } from "./tooltips.ts";

enhanceCharts(document);
const tables = Array.from(document.querySelectorAll<HTMLElement>(".table-wrap"));
Promise.all(tables.map((wrap) => enhanceTable(wrap))).finally(() => {
  document.documentElement.dataset.reportReady = "true";
});
