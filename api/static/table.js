// Sortable tables: click a column header to sort by it (numbers by value, text by Swedish collation).
// Cells carry their raw value in data-sort, so "3 000 000" sorts as a number.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });
  for (const table of document.querySelectorAll("table.sortable")) {
    const headers = table.querySelectorAll("thead th");
    headers.forEach((th, column) => th.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const key = (row) => {
        const cell = row.cells[column];
        return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : "";
      };
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        const nx = Number(x), ny = Number(y);
        const order = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : collator.compare(x, y);
        return ascending ? order : -order;
      });
      body.append(...rows);
    }));
  }
  for (const area of document.querySelectorAll("textarea")) {
    area.addEventListener("keydown", (event) => {  // Tab indents in the editor instead of leaving it
      if (event.key !== "Tab" || event.shiftKey) return;
      event.preventDefault();
      area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
    });
  }
});
