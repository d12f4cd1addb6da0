/// <reference lib="dom" />
/**
 * Table tools of the report page, drawn from each table's embedded data (a
 * `<script type="application/json" class="table-data">` beside the table): a filter box, a CSV
 * download of every row, sorting by any column (header buttons, so keyboard users sort with
 * Enter or Space) and pages of the block's size for long tables. Cells are formatted by the
 * report's own cell formatter, so they read exactly as the server drew them. Text goes into
 * the page as text only (`textContent`), never as markup.
 *
 * @module
 */
import { createFormat, type Format } from "../../format/format.ts";
import { formatCell, isNumericColumn } from "../format_cell.ts";
import { type DataValue, type EmbeddedTableData, tableCsv, type TableData } from "../table_data.ts";

interface TableState {
  readonly data: TableData;
  readonly fmt: Format;
  /** Lower-cased text of each row's cells, for the filter. */
  readonly haystack: readonly string[];
  /** Row indices in the current order. */
  order: number[];
  /** Row indices that match the filter, in the current order. */
  shown: number[];
  page: number;
}

/** Sorts nulls last in either direction; numbers as numbers, text in locale order. */
function compareValues(a: DataValue, b: DataValue, ascending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const c = typeof a === "number" && typeof b === "number"
    ? a - b
    : String(a).localeCompare(String(b), "en");
  return ascending ? c : -c;
}

function cellClass(state: TableState, column: number): string {
  const c = state.data.columns[column];
  if (c === undefined) return "";
  return isNumericColumn(c) ? "num" : c.wrap ? "wrap" : "";
}

function renderBody(table: HTMLTableElement, state: TableState): void {
  const body = table.tBodies[0] ?? table.createTBody();
  const { limit } = state.data;
  const start = state.page * limit;
  const rows = state.shown.slice(start, start + limit);
  const fragment = document.createDocumentFragment();
  for (const index of rows) {
    const row = state.data.rows[index] ?? [];
    const tr = document.createElement("tr");
    state.data.columns.forEach((column, j) => {
      const td = document.createElement("td");
      const value = row[j] ?? null;
      td.className = cellClass(state, j);
      if (typeof value === "number") td.dataset.sort = String(value);
      td.textContent = formatCell(value, column, state.fmt);
      tr.appendChild(td);
    });
    fragment.appendChild(tr);
  }
  body.replaceChildren(fragment);
}

/** "Rows 1–25 of 4,334", with the filter's count when one is typed. */
function statusText(state: TableState): string {
  const total = state.data.rows.length;
  const matching = state.shown.length;
  const fmt = state.fmt;
  if (matching === 0) return `No rows match (${fmt.int(total)} in all)`;
  const start = state.page * state.data.limit;
  const end = Math.min(matching, start + state.data.limit);
  const range = `Rows ${fmt.int(start + 1)}–${fmt.int(end)} of ${fmt.int(matching)}`;
  return matching < total ? `${range} matching (${fmt.int(total)} in all)` : range;
}

/** Inflates base64 gzip text with the browser's own `DecompressionStream`. */
async function gunzipText(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

/** A table's embedded data, its rows inflated when they were compressed. */
export async function readTableData(text: string): Promise<TableData> {
  const embedded = JSON.parse(text) as EmbeddedTableData;
  const rows = Array.isArray(embedded.rows)
    ? embedded.rows as TableData["rows"]
    : JSON.parse(await gunzipText((embedded.rows as { gzip: string }).gzip)) as TableData["rows"];
  return { ...embedded, rows };
}

/** Adds the tools to one table wrapper; returns false when it carries no data. */
export async function enhanceTable(wrap: HTMLElement): Promise<boolean> {
  const script = wrap.querySelector("script.table-data");
  const table = wrap.querySelector<HTMLTableElement>("table.data");
  if (script === null || table === null) return false;
  if (typeof DecompressionStream === "undefined" && !/"rows":\[/.test(script.textContent ?? "")) {
    return false; // an old browser: the table keeps its first rows
  }
  const data = await readTableData(script.textContent ?? "null");
  const fmt = createFormat({ currency: data.currency });
  const state: TableState = {
    data,
    fmt,
    haystack: data.rows.map((row) =>
      row.map((v, j) => {
        const column = data.columns[j];
        return column === undefined ? "" : formatCell(v, column, fmt);
      }).join("\u0000").toLowerCase()
    ),
    order: data.rows.map((_, i) => i),
    shown: [],
    page: 0,
  };

  const tools = document.createElement("div");
  tools.className = "table-tools";
  const filter = document.createElement("input");
  filter.type = "search";
  filter.placeholder = "Filter rows";
  filter.setAttribute("aria-label", `Filter the rows of ${data.title}`);
  const download = document.createElement("button");
  download.type = "button";
  download.className = "download";
  const partial = data.rows.length < data.total;
  download.textContent = partial
    ? `Download CSV (first ${fmt.int(data.rows.length)} of ${fmt.int(data.total)} rows)`
    : `Download CSV (${fmt.int(data.rows.length)} rows)`;
  download.title = `Every row of the table as ${data.download}`;
  tools.append(filter, download);
  table.before(tools);

  const pager = document.createElement("div");
  pager.className = "pager";
  const previous = document.createElement("button");
  previous.type = "button";
  previous.textContent = "Previous";
  const status = document.createElement("span");
  status.className = "table-status";
  status.setAttribute("aria-live", "polite");
  const next = document.createElement("button");
  next.type = "button";
  next.textContent = "Next";
  pager.append(previous, status, next);
  table.after(pager);
  // The server's note on a long table says the rest is elsewhere; the pager shows it here.
  if (!partial) wrap.querySelector(".table-note[data-note=partial]")?.remove();

  const update = (): void => {
    const query = filter.value.trim().toLowerCase();
    state.shown = query === ""
      ? state.order
      : state.order.filter((i) => (state.haystack[i] ?? "").includes(query));
    const pages = Math.max(1, Math.ceil(state.shown.length / data.limit));
    state.page = Math.min(state.page, pages - 1);
    renderBody(table, state);
    status.textContent = statusText(state);
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    previous.hidden = next.hidden = data.rows.length <= data.limit;
  };
  filter.addEventListener("input", () => {
    state.page = 0;
    update();
  });
  previous.addEventListener("click", () => {
    state.page = Math.max(0, state.page - 1);
    update();
  });
  next.addEventListener("click", () => {
    state.page += 1;
    update();
  });
  download.addEventListener("click", () => saveCsv(data));

  const headers = Array.from(table.querySelectorAll<HTMLTableCellElement>("thead th"));
  headers.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    button.title = `Sort by ${th.textContent}`;
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      state.order = data.rows.map((_, i) => i).sort((a, b) =>
        compareValues(data.rows[a]?.[column] ?? null, data.rows[b]?.[column] ?? null, ascending) ||
        a - b
      );
      state.page = 0;
      update();
    });
  });
  update();
  return true;
}

/** Saves every row of the table as a CSV file (a download of an in-page blob: no network). */
function saveCsv(data: TableData): void {
  const url = URL.createObjectURL(new Blob([tableCsv(data)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = data.download;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
