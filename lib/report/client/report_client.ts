/// <reference lib="dom" />
/**
 * Browser script bundled into every report by esbuild: click a table header to sort by it.
 * Numeric cells sort by their `data-sort` value. No network, no dependencies.
 */
for (const table of Array.from(document.querySelectorAll<HTMLTableElement>("table.sortable"))) {
  const headers = Array.from(table.querySelectorAll<HTMLTableCellElement>("thead th"));
  headers.forEach((th, index) => {
    th.tabIndex = 0;
    const sort = () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      if (!body) return;
      const rows = Array.from(body.rows);
      const key = (row: HTMLTableRowElement): string | number => {
        const cell = row.cells[index];
        const n = cell?.dataset.sort;
        return n !== undefined ? Number(n) : (cell?.textContent ?? "");
      };
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        const c = typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x).localeCompare(String(y));
        return ascending ? c : -c;
      });
      for (const row of rows) body.appendChild(row);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") sort();
    });
  });
}
document.documentElement.dataset.reportReady = "true";
